"""The candidate attribution every step of the stage works on, before it becomes a
``record.Attribution``."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cand:
    cue: tuple[int, int]
    cue_tok: int
    kind: str = "indirect"
    content: tuple[int, int] | None = None
    src: tuple[int, int] | None = None     # char span of the source words
    src_head: int | None = None            # token index of the source head
    source: str | None = None
    source_type: str = "unknown"
    addressee: str | None = None
    via: list[str] = field(default_factory=list)
    date: str | None = None
    origin_text: str | None = None
    src_text: str | None = None
    channel_of: int | None = None          # index of the attribution this one is a channel of
    dropped: bool = False
    floating: bool = False
    chained: bool = False
    score: float = 1.0                     # the cue model's probability (1.0: a rule cue)
    poll: bool = False                     # a poll phrase ("In a CNN poll, ...")
