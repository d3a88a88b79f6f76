"""Plain text and scraped page text -> clean body + metadata.

Scraped page text (a page copied or crawled as text) carries page furniture around the
article: breadcrumb navigation, a "Published/Updated/Issued on" stamp, a reading time,
image captions with photo credits, share buttons and a "Read more"/"Related" tail.
The rules below find these by their shape (short lines, list numbering, separators,
stamp labels, credit marks) in the lines around the body; the patterns are data in
``data/boilerplate.json``. Clean text keeps the body paragraphs, separated by blank
lines; nothing in it is rewritten, so offsets into it are stable.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..errors import InputError
from ..record import Image, Meta, Source
from . import Article
from .dates import parse_stamp

# A paragraph of at least this many words is body text, whatever it looks like
# (calibrated on the seed and the BBC corpus: furniture lines are under 12 words).
BODY_MIN_WORDS = 12
# Furniture is looked for in the first HEAD_LINES lines and the tail markers only after
# TAIL_FRACTION of the document (so a "Related:" line mid-article is not a cut).
HEAD_LINES = 25
TAIL_FRACTION = 0.5


@lru_cache(maxsize=1)
def rules() -> dict:
    raw = json.loads(resources.files("dateline").joinpath("data/boilerplate.json").read_text())
    flags = re.IGNORECASE
    return {
        "stamp": re.compile(
            r"^(%s)\s*[:\-–]?\s*(.+)$" % "|".join(sorted(map(re.escape, raw["stamp_labels"]), key=len, reverse=True)),
            flags),
        "updated": {s.lower() for s in raw["updated_labels"]},
        "nav": [re.compile(r"^(?:%s)$" % p, flags) for p in raw["nav_lines"]],
        "reading": re.compile(r"^%s$" % raw["reading_time"], flags),
        "tail": [re.compile(r"^(?:%s)$" % p, flags) for p in raw["tail_starts"]],
        "credit": re.compile(raw["caption_credit"], flags),
        "credit_suffix": re.compile(raw["credit_suffix"]),
        "paren_credit": re.compile(raw["paren_credit"]),
        "byline": re.compile(raw["byline"], flags),
    }


LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·›»>])\s+")
BREADCRUMB_SEP = re.compile(r"\s*(?:/|›|»|>|\|)\s*")


def _words(s: str) -> int:
    return len(s.split())


SENTENCE_END = ('.', '!', '?', '"', '\u201d', "'", '\u2019', ')', ':')
# A paragraph this long is body even without closing punctuation (a cut-off scrape).
BODY_LONG_WORDS = 30


def _is_sentence(par: str) -> bool:
    return par.rstrip().endswith(SENTENCE_END)


def _is_body(par: str) -> bool:
    n = _words(par)
    return ((n >= BODY_MIN_WORDS and _is_sentence(par)) or n >= BODY_LONG_WORDS) and not (
        rules()["credit"].search(par) or rules()["paren_credit"].search(par))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines (each line of a scraped page is its own block)."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return spans


def _breadcrumb(line: str) -> str | None:
    """'2. / Asia / Pacific' -> 'Asia / Pacific'; None when the line is not a crumb."""
    item = LIST_ITEM.sub("", line).strip()
    item = re.sub(r"^(?:/|›|»|>|\|)\s*", "", item)
    if not item or _words(item) > 8 or item.endswith((".", "?", "!", '"')):
        return None
    return item


def _split_caption(par: str) -> tuple[str, str] | None:
    r = rules()
    m = r["credit"].search(par)
    if not m:
        m = r["paren_credit"].search(par)
        if m:
            return par[: m.start()].strip(), m.group(0).strip().strip("()")
    if not m:
        m = r["credit_suffix"].search(par)
    if not m:
        return None
    credit = m.group(1).strip().rstrip(").")
    caption = par[: m.start()].strip().rstrip("|-–(").strip()
    return caption, credit


def _dedupe_caption(caption: str) -> str:
    """Scraped captions often repeat (alt text + figcaption): keep one copy."""
    half = len(caption) // 2
    for cut in range(half - 2, half + 3):
        a, b = caption[:cut].strip(), caption[cut:].strip()
        if a and a == b:
            return a
    return caption


def read_text(raw: str, *, path: str | None = None, page_text: bool = True) -> Article:
    """Read plain or scraped text. The first body paragraph is the lede.

    ``page_text=False`` is for text an HTML extractor already cleaned: only furniture
    recognised by its pattern (stamps, reading times, bylines, credits, tails) goes;
    the shape rules for the lines above the body (headline, labels) are not applied.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    r = rules()
    meta = Meta()
    spans = _paragraphs(raw)
    if not spans:
        raise InputError("empty", "input has no text")
    first_body = next((i for i, (s, e) in enumerate(spans) if _is_body(raw[s:e])), None)
    keep: list[tuple[int, int]] = []
    crumbs: list[str] = []
    tail_from = len(spans)
    n = len(spans)
    for i, (s, e) in enumerate(spans):
        par = raw[s:e]
        if i >= tail_from:
            break
        in_head = i < HEAD_LINES or (first_body is not None and i <= first_body + 3)
        if i > n * TAIL_FRACTION and i > (first_body or 0) and any(t.match(par) for t in r["tail"]):
            tail_from = i
            break
        m = r["stamp"].match(par)
        if m and _words(par) <= 12:
            label, value = m.group(1).lower(), m.group(2)
            stamp = parse_stamp(value)
            if stamp:
                if label not in r["updated"] or not meta.published:
                    meta.published = stamp
                continue
        if r["reading"].match(par):
            meta.reading_minutes = int(r["reading"].match(par).group(1))
            continue
        if any(nv.match(par) for nv in r["nav"]):
            continue
        cap = _split_caption(par) if _words(par) < 80 else None
        if cap is not None:
            caption, credit = cap
            meta.images.append(Image(caption=_dedupe_caption(caption) or None, credit=credit))
            continue
        if page_text and in_head and (first_body is None or i < first_body) and not _is_body(par):
            if LIST_ITEM.match(par):
                crumb = _breadcrumb(par)
                if crumb:
                    crumbs.append(crumb)
                continue
            b = r["byline"].match(par)
            if b and _words(par) <= 16:
                meta.authors += [a.strip() for a in re.split(r",|\band\b|&", b.group(1)) if a.strip()]
                continue
            if meta.title is None and _words(par) >= 4 and not _is_sentence(par):
                meta.title = par  # the first headline-shaped line above the body
                continue
            if not _is_sentence(par):
                continue  # labels, kickers, stamps we could not read: page furniture
        keep.append((s, e))
    if crumbs:
        real = [c for c in crumbs if not any(nv.match(c) for nv in r["nav"])]
        if real:
            meta.section = real[-1]
    pieces = [raw[s:e] for s, e in keep]
    text = "\n\n".join(pieces)
    if not text.strip():
        raise InputError("no_article", "no article text left after removing page furniture")
    meta.lede = pieces[0] if pieces else None
    if page_text and meta.title is None and len(pieces) > 1 and _words(pieces[0]) < BODY_MIN_WORDS and not pieces[0].endswith("."):
        meta.title = pieces[0]
        text = "\n\n".join(pieces[1:])
        meta.lede = pieces[1]
    from .lang import detect_language

    meta.language, warning = detect_language(text)
    if warning:
        meta.warnings.append(warning)
    meta.outlet = meta.outlet or wire_credit(text)
    return Article(text=text, meta=meta, source=Source(path=path, format="text"))


DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*\.?(?:\s+\d{1,2})?)?\s*\(([A-Z][\w&' ]{1,30})\)\s*[-–—]")


def wire_credit(text: str) -> str | None:
    """'SEOUL, July 27 (Reuters) -' -> 'Reuters': the agency a wire dateline names."""
    m = DATELINE_CREDIT.match(text.lstrip()[:200])
    return m.group(1).strip() if m else None
