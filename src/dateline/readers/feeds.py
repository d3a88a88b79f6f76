"""RSS and Atom feeds -> one Article per entry, through feedparser.

An entry's body is its full content (``content:encoded``, Atom ``content``) when the feed
carries it, else its summary; HTML goes through the HTML reader, plain text through the
text reader. The entry's title, link, published stamp and authors, and the feed's title
as the outlet, are kept as metadata. A bad entry is a Failure with its position
(``path#n``); the other entries go through. Pages are not fetched (no network at ingest).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from . import Article, Failure, looks_like_html, read_bytes

# A feed entry whose body has fewer words than this is only a teaser; it is still read
# (its title + summary) but flagged.
MIN_ENTRY_WORDS = 25


def looks_like_feed(head: bytes) -> bool:
    h = head[:2000].lower()
    return b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h


def _stamp(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return time.strftime("%Y-%m-%dT%H:%M", st) + "+00:00"
    for key in ("published", "updated"):
        if entry.get(key):
            from .dates import parse_stamp

            return parse_stamp(entry[key])
    return None


def entry_article(entry, feed_title: str | None, where: str) -> Article:
    body, html = None, False
    for c in entry.get("content") or []:
        if c.get("value"):
            body, html = c["value"], "html" in (c.get("type") or "html")
            break
    if body is None and entry.get("summary"):
        body = entry["summary"]
        html = looks_like_html(body) or "<p" in body.lower() or "<br" in body.lower()
    if not body or not body.strip():
        raise InputError("empty", "feed entry has no content or summary")
    if html:
        page = f"<html><head><title>{entry.get('title', '')}</title></head><body><article>{body}</article></body></html>"
        art = read_bytes(page.encode("utf-8"), path=where, url=entry.get("link"), fmt="html")
    else:
        art = read_bytes(body.encode("utf-8"), path=where, fmt="text")
    m = art.meta
    if entry.get("title"):
        m.title = entry["title"].strip()
    m.published = _stamp(entry) or m.published
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    if authors:
        m.authors = authors
    if feed_title:  # the feed names its outlet better than a page host name
        m.outlet = feed_title.strip()
    if len(art.text.split()) < MIN_ENTRY_WORDS:
        m.warnings.append("feed: entry carries only a short summary, not the article")
    art.source.format = "rss"
    art.source.url = entry.get("link") or art.source.url
    return art


def iter_feed(path: Path, data: bytes | None = None) -> Iterator[Article | Failure]:
    import feedparser

    data = data if data is not None else path.read_bytes()
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        exc = parsed.get("bozo_exception")
        yield Failure(str(path), "bad_feed", f"{path}: not a readable feed ({exc})")
        return
    title = parsed.feed.get("title") if parsed.get("feed") else None
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{path}#{n}"
        try:
            yield entry_article(entry, title, where)
        except InputError as exc:
            yield Failure(where, exc.reason, f"{where}: {exc}")
        except Exception as exc:  # a bad entry never stops the feed
            yield Failure(where, "error", f"{where}: {type(exc).__name__}: {exc}")
