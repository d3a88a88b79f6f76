"""WARC files (plain or gzipped) -> one Article per HTML response, through warcio.

``response`` records (and ``resource`` records) whose HTTP Content-Type is HTML are
read with the HTML reader, the record's target URI as the page URL and its WARC-Date
as a fallback publication stamp. Other records (requests, metadata, images, scripts)
are passed over silently; an HTML record that yields no article is a Failure with its
position (``path@offset``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from . import Article, Failure, MAX_INPUT_BYTES, read_bytes

HTML_TYPES = ("text/html", "application/xhtml")


def looks_like_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def iter_warc(path: Path) -> Iterator[Article | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        n = 0
        try:
            for rec in it:
                if rec.rec_type not in ("response", "resource"):
                    continue
                n += 1
                where = f"{path}@{n}"  # record number (warcio's offset would consume the payload)
                ctype = ""
                if rec.http_headers is not None:
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                    status = rec.http_headers.get_statuscode()
                    if status and not str(status).startswith("2"):
                        continue
                else:
                    ctype = rec.rec_headers.get_header("Content-Type") or ""
                if not any(t in ctype.lower() for t in HTML_TYPES):
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI")
                try:
                    data = rec.content_stream().read(MAX_INPUT_BYTES + 1)
                    art = read_bytes(data, path=where, url=url, fmt="html")
                    if not art.meta.published:
                        wdate = rec.rec_headers.get_header("WARC-Date")
                        if wdate:
                            art.meta.published = wdate[:16]
                            art.meta.warnings.append("published: no date on the page; WARC capture date used")
                    art.source.format = "warc"
                    art.source.url = url
                    yield art
                except InputError as exc:
                    yield Failure(where, exc.reason, f"{where}: {exc}")
                except Exception as exc:  # one bad record never stops the archive
                    yield Failure(where, "error", f"{where}: {type(exc).__name__}: {exc}")
        except Exception as exc:  # a truncated archive: keep what was read
            yield Failure(str(path), "bad_warc", f"{path}: archive unreadable past this point ({type(exc).__name__}: {exc})")
