"""``dateline serve``: the HTTP API (``/api``) and the web UI (``/``) over one store.

``create_app(db, token=..., max_body=...)`` builds the FastAPI application. Reads go
through one read-only connection per worker thread; writes (``POST /api/articles``) go
through one writer store, one at a time. The UI is static files in ``ui/`` (plain
HTML, CSS and JavaScript written here, no third-party code, no network) that call the
API; every string from the store is put into the page as text, never as markup, and
the Content-Security-Policy allows scripts from this origin only.
"""
from __future__ import annotations

import gc
import os
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from importlib import resources
from typing import Optional

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import open_store

# Bodies of POST /api/articles over this many bytes get 413 (the longest article in the
# BBC and Reuters corpora is under 200 kB; the HTML of a news page rarely passes 1 MB).
DEFAULT_MAX_BODY = 2 * 1024 * 1024
VERSION = "1"
# Response cache of the read routes: entries, and the largest body kept (bytes). A store
# is read-mostly (ingest runs offline; POST drops the cache).
CACHE_ENTRIES = 4096
CACHE_MAX_BODY = 256 * 1024
# SQLite page cache per read connection and memory-mapped reads: a 10,000-article store
# is ~150 MB; its indexes and hot pages then stay in memory (measured with bench_serve).
READ_CACHE_KIB = 64 * 1024
READ_MMAP_BYTES = 512 * 1024 * 1024
# Threads running queries (and POST extraction) at once, per server process.
QUERY_THREADS = int(os.environ.get("DATELINE_THREADS", "4"))

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
UI_FILES = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8",
            "index.html": "text/html; charset=utf-8", "favicon.svg": "image/svg+xml"}


class Backend:
    """The store behind the app: a writer (migrates at start) and one read-only store per
    worker thread; the API calls ``Store`` methods only (no SQL here)."""

    def __init__(self, address: str, cache: bool = True):
        self.address = address
        self.cache_on = cache
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._cache_gen = 0
        self._cache_lock = threading.Lock()
        self.writer = open_store(address)
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._path = getattr(self.writer, "path", None)
        self.generation = 0  # bumped on every write: readers forget what they cached
        self._seen_version = None  # the store's data_version() when this process last looked

    def store(self):
        """This thread's read-only store (SQLite: its own connection with a large page cache)."""
        st = getattr(self._local, "store", None)
        if st is None:
            if self._path:
                from ..store.sqlite import SQLiteStore

                st = SQLiteStore(self._path, readonly=True)
                st.db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
                st.db.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
            else:
                from ..store.postgres import PostgresStore

                st = PostgresStore(self.address, readonly=True)
            self._local.store = st
            self._local.gen = self.generation
        elif self._local.gen != self.generation:
            st.refresh()
            self._local.gen = self.generation
        return st

    def state(self) -> dict:
        return self.store().features()

    def warm(self) -> None:
        """Build the per-process read structures before the first request."""
        try:
            self.store().entity_search(q="", limit=1)
        except NotImplementedError:  # pragma: no cover - a backend without the read API
            pass

    def _notice_other_writers(self) -> None:
        """Bump ``generation`` when another process committed to the store since this one
        last looked (a second ``--workers`` process taking a POST, an ingest into the same
        file). The store tells by a number that moves on every commit by another
        connection, read through this process's writer connection (SQLite: ``PRAGMA
        data_version``; PostgreSQL: a version row its triggers bump, migration 0004).
        This process's own writes bump ``generation`` where they happen."""
        with self.write_lock:
            v = self.writer.data_version()
        if v is None:  # a store that cannot tell: in-process writes only
            return
        with self._cache_lock:
            if self._seen_version is not None and v != self._seen_version:
                self.generation += 1
            self._seen_version = v

    # Responses of GET /api routes, by path and query string; dropped on every write.
    def cache_get(self, key: str) -> tuple[Optional[bytes], int]:
        """The cached body (or None) and the generation to hand back to ``cache_put``."""
        if not self.cache_on:
            return None, 0
        self._notice_other_writers()
        with self._cache_lock:
            if self._cache_gen != self.generation:
                self._cache.clear()
                self._cache_gen = self.generation
            body = self._cache.get(key)
            if body is not None:
                self._cache.move_to_end(key)
            return body, self.generation

    def cache_put(self, key: str, body: bytes, generation: int) -> None:
        """Keep ``body`` unless the store changed since its lookup (``generation``): an
        answer computed from before a write is never cached after it."""
        if not self.cache_on or len(body) > CACHE_MAX_BODY:
            return
        with self._cache_lock:
            if generation != self.generation or self._cache_gen != self.generation:
                return
            self._cache[key] = body
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)

    def close(self) -> None:
        self.writer.close()


ERROR_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
               422: "invalid_request", 500: "internal_error", 503: "unavailable"}


def _error(status: int, detail, headers: Optional[dict] = None) -> JSONResponse:
    return JSONResponse({"error": ERROR_NAMES.get(status, "error"), "status": status, "detail": detail},
                        status_code=status, headers=headers)


def create_app(db: str, *, token: Optional[str] = None, max_body: int = DEFAULT_MAX_BODY,
               cache: bool = True, freeze_gc: bool = False, fast: bool = True):
    """The application: FastAPI behind ``FastPath`` (fastpath.py), which answers the read
    routes from the response cache or straight from their endpoints; ``fast=False`` gives
    the bare FastAPI app (tests compare the two)."""
    from .api import router
    from .fastpath import FastPath

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # few query threads: with 40 (anyio's default) the threads and the event loop
        # fight for the GIL and even cached answers wait (measured with bench_serve)
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = QUERY_THREADS
        # build what the first requests would otherwise build while others wait (the
        # in-memory name index: ~0.3 s on 22,000 entities, holding the GIL)
        await anyio.to_thread.run_sync(app.state.backend.warm)
        if app.state.freeze_gc:
            # move what start-up built (~170,000 objects: the name index, FastAPI, pydantic)
            # out of the collector's reach: a full collection over them took 0.2-0.3 s on
            # the shared machine, a stall every request in flight would wait for
            gc.collect()
            gc.freeze()
        yield
        app.state.backend.close()

    app = FastAPI(lifespan=lifespan,
        title="dateline API", version=VERSION,
        description=("Articles, entities, events, event clusters and attributions extracted by dateline. "
                     "Lists are paged with an opaque `cursor` (pass `next_cursor` back). Errors are JSON: "
                     "`{error, status, detail}`. Writes need `Authorization: Bearer TOKEN`."),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.backend = Backend(db, cache=cache)
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.freeze_gc = freeze_gc
    app.include_router(router, prefix="/api")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errs = [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]
        return _error(422, errs)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):  # never leak internals
        return _error(500, "internal error")

    app.add_middleware(SecurityHeaders)

    ui = resources.files("dateline").joinpath("server/ui")

    @app.get("/", include_in_schema=False)
    @app.get("/index.html", include_in_schema=False)
    def index():
        return FileResponse(str(ui.joinpath("index.html")), media_type=UI_FILES["index.html"],
                            headers={"Cache-Control": "no-cache"})

    @app.get("/ui/{name}", include_in_schema=False)
    def ui_file(name: str):
        if name not in UI_FILES:
            raise HTTPException(404, "no such file")
        return FileResponse(str(ui.joinpath(name)), media_type=UI_FILES[name],
                            headers={"Cache-Control": "no-cache"})

    return FastPath(app, router, "/api") if fast else app


# Headers of a JSON answer given by the fast path (SecurityHeaders adds the same elsewhere).
JSON_HEADERS = [(b"content-type", b"application/json"), (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """Pure ASGI middleware: security headers and Server-Timing on every response
    (Starlette's ``@app.middleware("http")`` costs a task group and a stream per request)."""

    OWN = {b"server-timing", b"x-content-type-options", b"referrer-policy", b"x-frame-options"}

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                old = list(message.get("headers") or [])
                headers = [(k, v) for k, v in old if k.lower() not in self.OWN]
                if not any(k.lower() == b"content-security-policy" for k, _ in old):
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [(b"server-timing", f"app;dur={(time.perf_counter() - t0) * 1000:.2f}".encode()),
                            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(os.environ.get("DATELINE_DB", "dateline.db"),
                      token=os.environ.get("DATELINE_TOKEN") or None,
                      max_body=int(os.environ.get("DATELINE_MAX_BODY", DEFAULT_MAX_BODY)),
                      cache=os.environ.get("DATELINE_CACHE", "1") != "0", freeze_gc=True)
