"""The HTTP API (mounted at ``/api``); docs/api.md describes every route.

Lists return ``{"items": [...], "next_cursor": str | null}``; pass ``next_cursor`` back
as ``cursor`` for the next page. Filters are plain strings bound as SQL parameters
(the Store's read API, store/base.py); dates are ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field


router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="the token given to `dateline serve --token`")

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Pages: at most this many rows (limit); a cluster page lists this many reports at most.
MAX_LIMIT = 100
CLUSTER_REPORTS = 50
TEXT_MAX = 200
ERRORS = {400: {"description": "bad request (e.g. an invalid cursor)"},
          404: {"description": "not found"}, 422: {"description": "invalid parameter"}}


# ---------------------------------------------------------------------------- paging

def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: Optional[str]) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        o = json.loads(raw)["o"]
        if not isinstance(o, int) or isinstance(o, bool) or not 0 <= o <= 1_000_000:
            raise ValueError
        return o
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise HTTPException(400, "invalid cursor") from None


def page(items: list, offset: int, limit: int, **extra) -> dict:
    """One page: the fetch asked for limit + 1 rows to know whether another page exists."""
    more = len(items) > limit
    return {"items": items[:limit], "next_cursor": encode_cursor(offset + limit) if more else None, **extra}


Cursor = Query(None, max_length=200, description="opaque cursor from a previous page's next_cursor")
Limit = Query(20, ge=1, le=MAX_LIMIT)


def _text(desc: str):
    return Query(None, max_length=TEXT_MAX, description=desc)


def _date(desc: str):
    return Query(None, pattern=DATE, description=desc)


def backend(request: Request):
    return request.app.state.backend


def respond(request: Request, compute) -> Response:
    """JSON of ``compute()``, through the backend's response cache (key: path + query)."""
    b = backend(request)
    key = request.scope["path"] + "?" + request.scope.get("query_string", b"").decode("latin-1")
    body, generation = b.cache_get(key)
    if body is None:
        out = compute()  # JSON-ready data, or a JSON text the store kept ready
        body = out.encode("utf-8") if isinstance(out, str) else json.dumps(
            out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        b.cache_put(key, body, generation)
    return Response(body, media_type="application/json")


# ---------------------------------------------------------------------------- misc

@router.get("/health", tags=["meta"])
def health():
    return {"ok": True}


@router.get("/stats", tags=["meta"])
def stats(request: Request):
    """Rows per table and which corpus features the store has."""
    b = backend(request)
    out: dict[str, Any] = b.store().stats()
    out["features"] = b.state()
    out["writes"] = bool(request.app.state.token)
    return out


# ---------------------------------------------------------------------------- articles

@router.get("/articles", tags=["articles"], responses=ERRORS)
def list_articles(request: Request,
                  q: Optional[str] = _text("full-text search over title and text (all words must occur)"),
                  outlet: Optional[str] = _text("outlet name, exact"),
                  country: Optional[str] = _text("ISO 3166-1 alpha-3 of an entity in the article"),
                  type: Optional[str] = _text("PLOVER type of an event in the article"),
                  entity_type: Optional[str] = _text("type of an entity in the article (PERSON, ORG, ...)"),
                  since: Optional[str] = _date("published on or after"),
                  until: Optional[str] = _date("published on or before"),
                  cursor: Optional[str] = Cursor, limit: int = Limit):
    """Articles, newest first; with ``q``, a full-text search."""
    b = backend(request)
    off = decode_cursor(cursor)
    return respond(request, lambda: page(b.store().article_page(
        q=q, outlet=outlet, country=country, type=type, since=since, until=until,
        entity_type=entity_type, offset=off, limit=limit + 1), off, limit))


@router.get("/articles/facets", tags=["articles"], responses=ERRORS)
def article_facets(request: Request,
                   q: Optional[str] = _text("full-text search"), outlet: Optional[str] = _text("outlet"),
                   country: Optional[str] = _text("entity country (ISO alpha-3)"),
                   type: Optional[str] = _text("event type"), entity_type: Optional[str] = _text("entity type"),
                   since: Optional[str] = _date("published on or after"),
                   until: Optional[str] = _date("published on or before")):
    """Counts of the matching articles by event type, country, outlet and month."""
    b = backend(request)
    return respond(request, lambda: b.store().article_facets(
        q=q, outlet=outlet, country=country, type=type, since=since, until=until,
        entity_type=entity_type))


@router.get("/articles/{article_id}", tags=["articles"], responses=ERRORS)
def get_article(request: Request, article_id: str = Path(..., max_length=64)):
    """One article's full record, with what the corpus layer linked to it: canonical
    entity keys, event clusters, copy group and near-duplicates."""
    b = backend(request)

    def compute():
        out = b.store().article(article_id)
        if out is None:
            raise HTTPException(404, "no such article")
        return out
    return respond(request, compute)


class ArticleIn(BaseModel):
    """One article to extract: ``text`` (plain text) or ``html`` (a page), with optional metadata."""

    text: Optional[str] = Field(None, description="plain article text")
    html: Optional[str] = Field(None, description="an HTML page")
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601; anchors relative dates")
    outlet: Optional[str] = None


POST_DOC = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}}}},
}


def _authorise(request: Request, cred: Optional[HTTPAuthorizationCredentials]) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "writes are disabled: start the server with --token or DATELINE_TOKEN")
    if cred is None or cred.scheme.lower() != "bearer" or not hmac.compare_digest(
            cred.credentials.encode("utf-8", "replace"), token.encode("utf-8")):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over the limit of {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"body over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/articles", tags=["articles"], status_code=201, openapi_extra=POST_DOC,
             responses={200: {"description": "already stored"}, 201: {"description": "extracted and stored"},
                        400: {"description": "unreadable input"}, 401: {"description": "no or wrong token"},
                        403: {"description": "writes disabled"}, 413: {"description": "body too large"},
                        415: {"description": "unsupported content type"}, 422: {"description": "invalid body"}})
async def post_article(request: Request, cred: Optional[HTTPAuthorizationCredentials] = Depends(bearer)):
    """Extract one article (plain text or HTML) through the pipeline and store it."""
    _authorise(request, cred)
    body = await _read_body(request, request.app.state.max_body)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    meta: dict[str, Any] = {}
    if ctype == "application/json":
        try:
            data = ArticleIn.model_validate_json(body)
        except ValueError as exc:
            raise HTTPException(422, f"invalid JSON body: {str(exc)[:300]}") from None
        if bool(data.text) == bool(data.html):
            raise HTTPException(422, "give exactly one of text or html")
        raw, fmt = (data.text or data.html or "").encode("utf-8"), ("text" if data.text else "html")
        meta = {k: v for k, v in data.model_dump().items() if k in ("url", "title", "published", "outlet") and v}
    elif ctype in ("text/plain", "text/html", ""):
        raw, fmt = body, ("html" if ctype == "text/html" else None)
    else:
        raise HTTPException(415, "send application/json, text/plain or text/html")
    result = await run_in_threadpool(_extract_and_store, request.app.state.backend, raw, fmt, meta)
    return JSONResponse(result, status_code=201 if result["created"] else 200)


def _extract_and_store(b, raw: bytes, fmt: Optional[str], meta: dict) -> dict:
    from ..errors import InputError
    from ..pipeline import process
    from ..readers import read_bytes

    try:
        art = read_bytes(raw, url=meta.get("url"), fmt=fmt, path=None)
    except InputError as exc:
        raise HTTPException(400, f"{exc.reason}: {exc}") from None
    except Exception as exc:  # bad input never crashes the server
        raise HTTPException(400, f"unreadable input: {type(exc).__name__}") from None
    if not art.text.strip():
        raise HTTPException(400, "no article text found")
    for k in ("title", "published", "outlet"):
        if meta.get(k):
            setattr(art.meta, k, meta[k])
    if meta.get("url"):
        art.source.url = meta["url"]
    rec = next(process([art]))
    with b.write_lock:
        created = b.writer.put(rec)
        b.generation += 1
    return {"id": rec.id, "created": created, "title": rec.meta.title, "entities": len(rec.entities),
            "attributions": len(rec.attributions), "events": len(rec.events), "warnings": rec.meta.warnings}


# ---------------------------------------------------------------------------- entities

@router.get("/entities", tags=["entities"], responses=ERRORS)
def list_entities(request: Request, q: Optional[str] = _text("part of a name or alias"),
                  type: Optional[str] = _text("PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, OTHER"),
                  country: Optional[str] = _text("ISO 3166-1 alpha-3"),
                  cursor: Optional[str] = Cursor, limit: int = Limit):
    """Entities across the corpus, most reported first. ``key`` identifies one."""
    b = backend(request)
    off = decode_cursor(cursor)
    return respond(request, lambda: page(b.store().entity_search(
        q=q, type=type, country=country, offset=off, limit=limit + 1), off, limit))


@router.get("/entities/{key}", tags=["entities"], responses=ERRORS)
def get_entity(request: Request, key: str = Path(..., max_length=800)):
    """One entity: name, type, titles, aliases, country; quotes by it (as source or
    channel) and about it; its who-met-whom graph."""
    b = backend(request)

    def compute():
        out = b.store().entity_json(key) or b.store().entity(key)
        if out is None:
            raise HTTPException(404, "no such entity")
        return out
    return respond(request, compute)


@router.get("/entities/{key}/timeline", tags=["entities"], responses=ERRORS)
def entity_timeline(request: Request, key: str = Path(..., max_length=800),
                    cursor: Optional[str] = Cursor, limit: int = Query(50, ge=1, le=MAX_LIMIT)):
    """The entity's events, oldest first; a cluster's reports come once, counted."""
    b = backend(request)
    off = decode_cursor(cursor)

    def compute():
        items = b.store().entity_timeline(key, offset=off, limit=limit + 1)
        if items is None:
            raise HTTPException(404, "no such entity")
        return page(items, off, limit)
    return respond(request, compute)


# ---------------------------------------------------------------------------- events

async def _event_filters(actor: Optional[str] = _text("actor: entity key or name (case-insensitive)"),
                   recipient: Optional[str] = _text("recipient: entity key or name"),
                   type: Optional[str] = _text("PLOVER event type"),
                   place: Optional[str] = _text("location: entity key or name"),
                   since: Optional[str] = _date("on or after (event date, else publication)"),
                   until: Optional[str] = _date("on or before"),
                   status: Optional[str] = _text("asserted, reported, alleged, denied, planned, ..."),
                   min_outlets: int = Query(0, ge=0, le=10_000, description="minimum independent outlets")):
    return dict(actor=actor, recipient=recipient, type=type, place=place, since=since, until=until,
                status=status, min_outlets=min_outlets)


@router.get("/events", tags=["events"], responses=ERRORS)
def list_events(request: Request, f: dict = Depends(_event_filters),
                cursor: Optional[str] = Cursor, limit: int = Limit):
    """Events as single articles report them, oldest first, each with its cluster."""
    b = backend(request)
    off = decode_cursor(cursor)
    return respond(request, lambda: page(b.store().event_page(
        actor=f["actor"], recipient=f["recipient"], type=f["type"], place=f["place"],
        since=f["since"], until=f["until"], status=f["status"], min_outlets=f["min_outlets"], offset=off,
        limit=limit + 1), off, limit))


@router.get("/clusters", tags=["events"], responses=ERRORS)
def list_clusters(request: Request, f: dict = Depends(_event_filters),
                  cursor: Optional[str] = Cursor, limit: int = Limit):
    """Event clusters (reports of one event across articles) with their corroboration:
    articles, independent outlets (syndicated copies count once), sources."""
    b = backend(request)
    off = decode_cursor(cursor)
    if not b.state()["clusters"]:
        return page([], off, limit)
    return respond(request, lambda: page(b.store().cluster_page(
        actor=f["actor"], recipient=f["recipient"], type=f["type"], place=f["place"], since=f["since"],
        until=f["until"], status=f["status"], min_outlets=f["min_outlets"], limit=limit + 1, offset=off), off, limit))


@router.get("/clusters/{cluster_id}", tags=["events"], responses=ERRORS)
def get_cluster(request: Request, cluster_id: str = Path(..., max_length=64),
                cursor: Optional[str] = Cursor,
                limit: int = Query(CLUSTER_REPORTS, ge=1, le=MAX_LIMIT, description="reports per page")):
    """One cluster: a page of its reports in order (earliest first), grouped by voice
    (copies of one wire together), the sources they cite, and where they disagree.
    ``members_total`` counts every report; ``next_cursor`` pages through the rest."""
    b = backend(request)
    if not b.state()["clusters"]:
        raise HTTPException(404, "no such cluster (the store has no clusters)")
    off = decode_cursor(cursor)

    def compute():
        c = b.store().cluster_detail(cluster_id, offset=off, limit=limit)
        if c is None:
            raise HTTPException(404, "no such cluster")
        nxt = c.pop("next_offset", None)
        c["next_cursor"] = encode_cursor(nxt) if nxt is not None else None
        return c
    return respond(request, compute)


# ---------------------------------------------------------------------------- attributions

@router.get("/attributions", tags=["attributions"], responses=ERRORS)
def list_attributions(request: Request,
                      speaker: Optional[str] = _text("speaker: entity key, or part of its name or of the words naming it"),
                      source_type: Optional[str] = _text("state_media, media, government, official, person, ..."),
                      channel: Optional[str] = _text("part of the name of a channel the quote came through"),
                      kind: Optional[str] = _text("direct, mixed, indirect, according_to, evidential"),
                      q: Optional[str] = _text("words of the quoted content"),
                      cursor: Optional[str] = Cursor, limit: int = Limit):
    """Who said what through whom: attributions, newest first."""
    b = backend(request)
    off = decode_cursor(cursor)
    return respond(request, lambda: page(b.store().attribution_page(
        speaker=speaker, source_type=source_type, channel=channel, kind=kind, q=q,
        offset=off, limit=limit + 1), off, limit))
