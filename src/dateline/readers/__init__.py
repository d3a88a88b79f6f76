"""Readers: one input (a file, a line, a feed entry, a WARC record) -> ``Article``.

A reader never sees spaCy. It returns the clean body text and the metadata the page
states; ``read_path`` picks the reader from the file's name and first bytes.
"""
from __future__ import annotations

import gzip
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..record import Meta, Source

# An article body of more than this many bytes is refused (a 2 MB article is already
# ten times the longest piece in the BBC and Reuters corpora).
MAX_INPUT_BYTES = 10 * 1024 * 1024


# Typographic spaces become plain ones in the clean text, one character for one so that
# offsets into the original hold: spaCy's tokenizer splits on " " only and gives any other
# space a token of its own inside the sentence, which its parser seldom saw in training
# (PolNeAR train: 1,479 no-break spaces in 840 articles; with them plain, attribution
# triple F1 on held-out train 0.7452 -> 0.7457 before refitting the cue model).
TYPOGRAPHIC_SPACES = str.maketrans({c: " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"})


@dataclass
class Article:
    """One article's clean text (typographic spaces made plain), its metadata and source."""

    text: str
    meta: Meta = field(default_factory=Meta)
    source: Source = field(default_factory=Source)

    def __post_init__(self):
        if isinstance(self.text, str):
            self.text = self.text.translate(TYPOGRAPHIC_SPACES)


@dataclass
class Failure:
    """An input that could not become an article, kept so a batch can report it."""

    where: str
    reason: str
    message: str


def decode_bytes(data: bytes, meta_warnings: list[str] | None = None) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else the detected charset, flagged."""
    check_bytes(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        enc = best.encoding if best else "cp1252"
    except Exception:  # pragma: no cover - charset_normalizer ships with trafilatura's deps
        enc = "cp1252"
    if meta_warnings is not None:
        meta_warnings.append(f"encoding: not valid UTF-8, decoded as {enc}")
    return data.decode(enc, errors="replace")


def check_bytes(data: bytes) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError("too_large", f"input is {len(data):,} bytes, over the limit of {MAX_INPUT_BYTES:,}")
    if not data.strip():
        raise InputError("empty", "input is empty")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise InputError("binary", "input looks binary (NUL bytes), not text or HTML")
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if control > len(head) * 0.05:
        raise InputError("binary", "input looks binary (control bytes), not text or HTML")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        head.count("<p") + head.count("<div") >= 3)


def read_bytes(data: bytes, *, path: str | None = None, url: str | None = None,
               fmt: str | None = None) -> Article:
    """One article from raw bytes; ``fmt`` is 'text' or 'html' (guessed when None)."""
    from . import html, text

    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    check_bytes(data)
    if fmt is None:
        probe = data[:4000].decode("utf-8", errors="replace")
        fmt = "html" if looks_like_html(probe) else "text"
    if fmt == "html":
        return html.read_html(data, path=path, url=url)
    warnings: list[str] = []
    decoded = decode_bytes(data, warnings)
    art = text.read_text(decoded, path=path)
    art.meta.warnings[:0] = warnings
    return art


CONTAINERS = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".warc", ".warc.gz", ".arc.gz",
              ".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")


def is_container(path: str) -> bool:
    """Inputs that hold many articles (JSONL, feeds, WARC): read as a stream of records."""
    return str(path).lower().endswith(CONTAINERS)


def decompress(data: bytes) -> bytes:
    """gzip, bzip2 or xz by magic bytes; other data unchanged."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:3] == b"BZh":
        import bz2

        return bz2.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00":
        import lzma

        return lzma.decompress(data)
    return data


def iter_path(path: str | os.PathLike) -> Iterator[Article | Failure]:
    """Every article in one input path: a text or HTML file (optionally .gz/.bz2/.xz),
    a JSONL file, an RSS/Atom feed, a WARC file, or ``-`` for stdin."""
    import sys

    from . import jsonl

    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read()
        try:
            yield read_bytes(data, path="-")
        except InputError as exc:
            yield Failure("-", exc.reason, str(exc))
        return
    p = Path(name)
    lower = p.name.lower()
    is_jsonl = lower.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"))
    is_warc = lower.endswith((".warc", ".warc.gz", ".arc.gz"))
    try:
        if not p.exists():
            raise InputError("not_found", f"no such file: {name}")
        if p.is_dir():
            raise InputError("is_directory", f"{name} is a directory (use `dateline ingest` for folders)")
        size = p.stat().st_size
        if not (is_jsonl or is_warc) and size > MAX_INPUT_BYTES * (
                1 if not lower.endswith((".gz", ".bz2", ".xz")) else 0.2) and not lower.endswith(
                (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")):
            raise InputError("too_large", f"{name} is {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,}")
    except InputError as exc:
        yield Failure(name, exc.reason, str(exc))
        return
    if is_jsonl:
        yield from jsonl.iter_jsonl(p)
        return
    if is_warc:
        from .warc import iter_warc

        yield from iter_warc(p)
        return
    try:
        data = decompress(p.read_bytes())
        from .feeds import iter_feed, looks_like_feed
        from .warc import looks_like_warc

        if looks_like_feed(data[:2000]):
            yield from iter_feed(p, data)
            return
        if looks_like_warc(data[:8]):
            raise InputError("bad_warc", f"{name} is a WARC file: name it .warc or .warc.gz")
        fmt = "html" if lower.endswith((".html", ".htm", ".html.gz", ".htm.gz")) else None
        yield read_bytes(data, path=name, fmt=fmt)
    except InputError as exc:
        yield Failure(name, exc.reason, f"{name}: {exc}")
    except (OSError, EOFError, ValueError) as exc:  # a corrupt archive
        yield Failure(name, "bad_compressed", f"{name}: {type(exc).__name__}: {exc}")
