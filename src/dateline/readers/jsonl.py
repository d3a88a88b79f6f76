"""JSON Lines: one article a line, ``text`` or ``html`` plus optional metadata.

Recognised fields: text, html, url, title, published (or date), authors (list or
string), outlet (or source), section, language, id. A bad line is reported as a
Failure with its line number; the other lines go through.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from . import Article, Failure, read_bytes


def article_from_obj(obj: dict, where: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError("bad_jsonl", "line is not a JSON object")
    if obj.get("html"):
        art = read_bytes(str(obj["html"]).encode("utf-8"), path=where, url=obj.get("url"), fmt="html")
    elif obj.get("text"):
        art = read_bytes(str(obj["text"]).encode("utf-8"), path=where, fmt="text")
    else:
        raise InputError("empty", "line has neither 'text' nor 'html'")
    m = art.meta
    if obj.get("title"):
        m.title = str(obj["title"])
    if obj.get("published") or obj.get("date"):
        m.published = str(obj.get("published") or obj.get("date"))
    authors = obj.get("authors") or obj.get("author")
    if authors:
        m.authors = [authors] if isinstance(authors, str) else [str(a) for a in authors]
    if obj.get("outlet") or obj.get("source"):
        m.outlet = str(obj.get("outlet") or obj.get("source"))
    if obj.get("section"):
        m.section = str(obj["section"])
    art.source.format = "jsonl"
    art.source.url = obj.get("url") or art.source.url
    return art


def iter_jsonl(path: Path) -> Iterator[Article | Failure]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8", errors="replace"))
                yield article_from_obj(obj, where)
            except json.JSONDecodeError as exc:
                yield Failure(where, "bad_jsonl", f"{where}: not JSON ({exc.msg})")
            except InputError as exc:
                yield Failure(where, exc.reason, f"{where}: {exc}")
