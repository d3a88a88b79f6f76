"""Stage dateline_times: every temporal expression of the article, resolved.

Writes ``doc._.times`` (list of ``record.Time``), anchored on ``doc._.published``. The
tagger (``dateline.timex``) reads only ``doc.text``, so it runs the same over a Doc from
the full model or from a bare tokenizer. A dateline at the article start ("SEOUL, July 27
(Reuters) -") gives the anchor's day when no publication date is known.

Helpers for later stages:

- ``times_in(doc, start, end)``: the time expressions inside a character range;
- ``time_for_token(doc, i)``: the time expression that governs token ``i`` in the parse
  (a date attached to the verb, "said Thursday"), else the nearest one in its sentence;
- ``statement_time(doc, i)``: the date a cue word was said, for attribution;
- ``event_date(doc, i, said=None)``: an ``EventDate`` for the event whose trigger is token
  ``i``: the governing time expression, else the statement's date (``said``, a TIMEX
  value) or the publication day, marked ``vague`` (the event happened by then).
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ..extensions import doc_text
from ..record import EventDate, Time
from ..timex import Anchor, parse_anchor, tag
from . import stage

# How far into the text a dateline may start (characters); datelines open the article or
# its first paragraph after a headline.
DATELINE_SCOPE = 400
DATELINE = re.compile(
    r"(?m)^(?:[A-Z][A-Za-z .'-]{1,40}?(?:,\s*[A-Z][A-Za-z .'-]{1,30})?)\s*(?:\(\w[\w .]*\)\s*)?,?\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?))"
    r"\s*(?:\((?:[A-Z][\w ]{1,25})\))?\s*[-–—:]")


def dateline_anchor(text: str, published) -> tuple[Anchor, Optional[tuple[int, int]]]:
    """The anchor, falling back on a dated dateline ("LONDON, 27 July 2023 -") when there is none."""
    anchor = parse_anchor(published)
    m = DATELINE.search(text[:DATELINE_SCOPE])
    span = (m.start("date"), m.end("date")) if m else None
    if anchor.ok or not m:
        return anchor, span
    if re.search(r"\d{4}", m.group("date")):
        from ..readers.dates import parse_stamp

        iso = parse_stamp(m.group("date"), day_first=True)
        if iso:
            return parse_anchor(iso), span
    return anchor, span


# Add the model's DATE/TIME entities that the patterns missed (value parsed by dateparser).
# Measured on TempEval-3 TBAQ-cleaned (`dateline eval time --model`, 256 documents): relaxed
# F1 0.918 and value F1 0.765 with them against 0.941 and 0.802 without (recall 0.967 vs
# 0.946 but precision 0.874 vs 0.937), and the model costs ~45 s of CPU there against
# 0.7 s for the patterns: off by default.
USE_MODEL_ENTITIES = False


def tag_doc(doc: Doc, use_entities: bool | None = None) -> list[Time]:
    text = doc_text(doc)
    anchor, _ = dateline_anchor(text, doc._.published)
    times = tag(text, anchor)
    if (USE_MODEL_ENTITIES if use_entities is None else use_entities) and doc.has_annotation("ENT_IOB"):
        times = sorted(times + _entity_times(doc, times, anchor), key=lambda t: t.start)
    return times


def _entity_times(doc: Doc, have: list[Time], anchor: Anchor) -> list[Time]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start_char, ent.end_char
        if any(t.start < e and s < t.end for t in have):
            continue
        value, gran = _dateparser_value(ent.text, anchor)
        out.append(Time(text=ent.text, start=s, end=e, type=ent.label_, value=value, granularity=gran))
    return out


def _dateparser_value(text: str, anchor: Anchor) -> tuple[Optional[str], str]:
    if anchor.day is None:
        return None, "vague"
    try:
        from datetime import datetime

        from dateparser.date import DateDataParser

        ddp = DateDataParser(languages=["en"], settings={
            "RELATIVE_BASE": datetime(anchor.day.year, anchor.day.month, anchor.day.day),
            "PREFER_DATES_FROM": "past"})
        dd = ddp.get_date_data(text)
    except Exception:  # noqa: BLE001 - a value parser failing leaves the value open
        return None, "vague"
    if dd is None or dd.date_obj is None:
        return None, "vague"
    dt, period = dd.date_obj, dd.period or "day"
    if period == "year":
        return f"{dt.year:04d}", "year"
    if period == "month":
        return f"{dt.year:04d}-{dt.month:02d}", "month"
    if period == "time":
        return dt.strftime("%Y-%m-%dT%H:%M"), "time"
    return dt.strftime("%Y-%m-%d"), "day"


@stage("dateline_times")
def run(doc: Doc) -> None:
    try:
        doc._.times = tag_doc(doc)
    except Exception as exc:  # noqa: BLE001 - a bad input never stops the pipeline
        doc._.times = []
        art = doc._.article
        if art is not None:
            art.meta.warnings.append(f"times: {type(exc).__name__}: {exc}")


# ----------------------------------------------------------------------------- helpers

def times_in(doc: Doc, start: int, end: int) -> list[Time]:
    """Time expressions lying within [start, end) (character offsets)."""
    return [t for t in (doc._.times or []) if t.start >= start and t.end <= end]


def time_at(doc: Doc, char: int) -> Optional[Time]:
    for t in doc._.times or []:
        if t.start <= char < t.end:
            return t
    return None


def time_for_token(doc: Doc, i: int) -> Optional[Time]:
    """The time expression governing token ``i``: a DATE/TIME whose words depend on it in
    the parse (or on its head verb); failing that, the nearest one in its sentence."""
    if not doc._.times or i < 0 or i >= len(doc):
        return None
    tok = doc[i]
    times = [t for t in doc._.times if t.type in ("DATE", "TIME")]
    if not times:
        return None
    has_parse = doc.has_annotation("DEP")
    if has_parse:
        heads = {tok.i}
        if tok.dep_ in ("aux", "auxpass", "xcomp", "ccomp", "advcl") or tok.pos_ not in ("VERB", "AUX"):
            heads.add(tok.head.i)
        for t in times:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            # walk up through prepositions ("on Thursday", "in January")
            h = root.head
            hops = 0
            node = root
            while node.dep_ in ("pobj", "npadvmod", "tmod", "nummod", "compound", "appos") and hops < 3 and node.head.i != node.i:
                node = node.head
                hops += 1
                if node.dep_ == "prep":
                    node = node.head
                    break
            if node.i in heads or h.i in heads or (node.head.i in heads and node.dep_ in ("prep", "npadvmod")):
                return t
        sent = tok.sent
        lo, hi = sent.start_char, sent.end_char
    else:
        lo, hi = _sentence_bounds(doc_text(doc), tok.idx)
    inside = [t for t in times if lo <= t.start < hi]
    if not inside:
        return None
    return min(inside, key=lambda t: abs(t.start - tok.idx))


def statement_time(doc: Doc, i: int) -> Optional[Time]:
    """When the statement cued by token ``i`` was made ("said Thursday" -> that day); None when
    the sentence names no day for it (callers then use the publication date)."""
    t = time_for_token(doc, i)
    if t is None:
        return None
    if t.granularity in ("day", "time") or (t.value or "").startswith("PRESENT"):
        return t
    return None


def event_date(doc: Doc, i: int, said: Optional[str] = None) -> Optional[EventDate]:
    """When the event triggered by token ``i`` happened, as precisely as the text says."""
    t = time_for_token(doc, i)
    if t is not None and t.value and not t.value.endswith("_REF"):
        return EventDate(value=t.value, text=t.text, granularity=t.granularity)
    fallback = said
    if fallback is None:
        anchor = parse_anchor(doc._.published)
        fallback = anchor.day.isoformat() if anchor.day else None
    if fallback is None:
        return None
    return EventDate(value=fallback, text=None, granularity="vague")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    hi_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x >= 0]
    return (lo + 1 if lo >= 0 else 0), (min(hi_candidates) + 1 if hi_candidates else len(text))
