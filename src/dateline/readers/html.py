"""HTML pages -> clean body + metadata, through trafilatura.

trafilatura finds the main text and the page's metadata (title, author, date, site
name); we keep its paragraphs as blank-line separated blocks and run the same
furniture rules as for scraped text over them.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..record import Image, Meta, Source
from . import Article, decode_bytes


def read_html(data: bytes | str, *, path: str | None = None, url: str | None = None) -> Article:
    import trafilatura
    from trafilatura.settings import use_config

    from .lang import detect_language
    from .text import read_text

    warnings: list[str] = []
    html = data if isinstance(data, str) else decode_bytes(data, warnings) if not _declares_charset(data) else data
    cfg = use_config()
    cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                          with_metadata=True, config=cfg)
    except Exception as exc:  # trafilatura raises on some malformed trees
        raise InputError("bad_html", f"HTML could not be parsed: {exc}") from exc
    if doc is None:
        raise InputError("no_article", "no article text found in the HTML")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (d.get("text") or "").strip()
    if not body:
        raise InputError("no_article", "no article text found in the HTML")
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    title = " ".join((d.get("title") or "").split())
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the headline is metadata, not body
    body = "\n\n".join(lines)
    if not body:
        raise InputError("no_article", "no article text found in the HTML")
    try:
        art = read_text(body, path=path, page_text=False)
    except InputError:
        raise InputError("no_article", "no article text found in the HTML")
    m = art.meta
    page = _page_meta(html)
    authors = [a.strip() for a in (d.get("author") or "").split(";") if a.strip()]
    meta = Meta(title=d.get("title") or m.title, lede=m.lede, published=page.get("published") or m.published or d.get("date"),
                section=(d.get("categories") or [None])[0] if d.get("categories") else m.section,
                authors=authors, outlet=d.get("sitename") or m.outlet, language=m.language,
                reading_minutes=m.reading_minutes, images=m.images or page.get("images", []), warnings=warnings + m.warnings)
    if d.get("language") and d["language"] != "en" and meta.language == "en":
        meta.language, _ = detect_language(art.text)
    return Article(text=art.text, meta=meta, source=Source(path=path, url=url or d.get("url"), format="html"))


def _declares_charset(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"charset" in head


PUBLISHED_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|pubdate|"""
    r"""publish[-_]?date|dc\.date\.issued|sailthru\.date|og:published_time)["'][^>]*>""", re.IGNORECASE)
CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)


def _page_meta(html: str | bytes) -> dict:
    """What trafilatura leaves out: the full publication timestamp and image captions."""
    from html import unescape

    from .dates import parse_stamp
    from .text import _split_caption

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    out: dict = {}
    m = PUBLISHED_META.search(html)
    raw = CONTENT.search(m.group(0)).group(1) if m and CONTENT.search(m.group(0)) else None
    if raw is None:
        j = JSONLD_PUBLISHED.search(html)
        raw = j.group(1) if j else None
    if raw:
        out["published"] = parse_stamp(raw)
    images = []
    for cap in FIGCAPTION.findall(html)[:20]:
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", cap)).split())
        if not text:
            continue
        split = _split_caption(text)
        images.append(Image(caption=split[0] or None, credit=split[1]) if split else Image(caption=text))
    out["images"] = images
    return out
