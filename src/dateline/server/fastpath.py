"""The hot path of the read API: GET /api requests answered without FastAPI's routing.

FastAPI resolves each request through its middleware stack, router and dependency
solver, then hands the endpoint to a worker thread: 1-2 ms per request on the bench
machine, as much as the query itself (bench/bench_serve.py, no cache: ~4 ms a request).
``FastPath`` wraps the application and, for a GET under ``/api``:

1. answers from the response cache when the exact path and query were answered before;
2. else, when the route is one of the plain read routes and every parameter is present
   in a form it can check for certain (the checks are read off the route's own
   declaration: types, max lengths, patterns, bounds), calls the endpoint function
   itself: in the event loop, or on a query thread for query shapes that proved slow;
3. else (a parameter to reject, a POST, the UI, anything unusual) passes the request on
   to FastAPI, which answers or gives its 422.

So validation stays FastAPI's: the fast path only ever takes requests FastAPI would
accept, and tests compare both paths response by response (tests/test_api.py).
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional, Union, get_args, get_origin

from fastapi import HTTPException
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from .app import ERROR_NAMES, JSON_HEADERS, QUERY_THREADS  # app.py imports this module in create_app

# Integers the fast path parses itself: plain ASCII digits (anything else goes to FastAPI).
INT = re.compile(r"[0-9]{1,9}")
# Routes left to FastAPI (they write, or return what needs FastAPI's encoder).
SLOW = {"post_article", "stats", "health"}
# A query shape (route and which parameters are given) whose recent answers took longer
# than this many ms runs on a query thread, where SQLite lets go of the GIL, so that it does
# not hold up the event loop (facets over the whole store: ~100 ms); faster shapes run in
# the loop. Under load a thread hand-off costs more than a fast query: bench_serve, cold
# cache, 2 workers, p99 44-69 ms with every query in the loop, 170-315 ms on threads.
SLOW_QUERY_MS = 20.0
SLOW_EWMA = 0.3   # weight of the newest timing in a shape's running average


class Param:
    """One query, path or dependency parameter and the checks its declaration implies."""

    def __init__(self, field, where: str):
        self.name, self.alias, self.where = field.name, field.alias, where
        self.default = field.default
        ann = field.field_info.annotation
        if get_origin(ann) is Union:
            args = [a for a in get_args(ann) if a is not type(None)]
            ann = args[0] if len(args) == 1 else None
        if ann not in (str, int):
            raise TypeError(f"{self.name}: no fast check for {ann!r}")
        self.kind = ann
        self.max_len = self.pattern = self.ge = self.le = None
        for m in field.field_info.metadata:
            if hasattr(m, "max_length"):
                self.max_len = m.max_length
            elif getattr(m, "pattern", None):
                self.pattern = re.compile(m.pattern)
            elif hasattr(m, "ge"):
                self.ge = m.ge
            elif hasattr(m, "le"):
                self.le = m.le
            else:
                raise TypeError(f"{self.name}: no fast check for {m!r}")

    def value(self, raw: Optional[str]):
        """The checked value, or raise ``LookupError`` to leave the request to FastAPI."""
        if raw is None:
            if self.default is ... or self.where == "path":
                raise LookupError(self.name)
            return self.default
        if self.kind is int:
            if not INT.fullmatch(raw):
                raise LookupError(self.name)
            v = int(raw)
            if (self.ge is not None and v < self.ge) or (self.le is not None and v > self.le):
                raise LookupError(self.name)
            return v
        if self.max_len is not None and len(raw) > self.max_len:
            raise LookupError(self.name)
        if self.pattern is not None and not (raw.isascii() and "\n" not in raw and self.pattern.search(raw)):
            raise LookupError(self.name)
        return raw


class Plan:
    """How to call one read route's endpoint straight from a request."""

    def __init__(self, route: APIRoute, regex: re.Pattern):
        d = route.dependant
        if d.header_params or d.cookie_params or d.body_params or not d.request_param_name:
            raise TypeError("not a plain read route")
        self.regex = regex
        self.endpoint = route.endpoint
        self.request_name = d.request_param_name
        self.query = [Param(f, "query") for f in d.query_params]
        self.path = [Param(f, "path") for f in d.path_params]
        self.deps = []
        for sub in d.dependencies:
            if sub.dependencies or sub.path_params or sub.header_params or sub.body_params or sub.request_param_name:
                raise TypeError("a dependency the fast path cannot call")
            self.deps.append((sub.name, sub.call, [Param(f, "query") for f in sub.query_params],
                              inspect.iscoroutinefunction(sub.call)))
        self.known = {p.alias for p in self.query} | {p.alias for _, _, ps, _ in self.deps for p in ps}

    async def kwargs(self, m: re.Match, qs: QueryParams) -> dict:
        out: dict[str, Any] = {p.name: p.value(m.groupdict().get(p.alias)) for p in self.path}
        out.update({p.name: p.value(qs.get(p.alias)) for p in self.query})
        for name, call, params, is_async in self.deps:
            args = {p.name: p.value(qs.get(p.alias)) for p in params}
            out[name] = (await call(**args)) if is_async else call(**args)
        return out


def read_plans(router, prefix: str) -> list[tuple[re.Pattern, Optional[Plan]]]:
    """Every GET route in the router's order, with its plan, or None where FastAPI must
    answer (a request matching such a route never takes a later route's plan)."""
    out: list[tuple[re.Pattern, Optional[Plan]]] = []
    for route in router.routes:
        if not (isinstance(route, APIRoute) and "GET" in route.methods):
            continue
        regex = re.compile("^" + re.escape(prefix) + route.path_regex.pattern.lstrip("^"))
        plan = None
        if route.methods == {"GET"} and route.endpoint.__name__ not in SLOW:
            try:
                plan = Plan(route, regex)
            except TypeError:
                plan = None
        out.append((regex, plan))
    return out


class FastPath:
    """ASGI wrapper: the response cache and the direct read routes in front of FastAPI."""

    def __init__(self, app, router, prefix: str = "/api"):
        self.app = app
        self.prefix = prefix + "/"
        self.plans = read_plans(router, prefix)
        self.pool = ThreadPoolExecutor(QUERY_THREADS, thread_name_prefix="dateline-query")
        self.shape_ms: dict[tuple, float] = {}  # running average of each query shape's time

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(self.prefix):
            t0 = time.perf_counter()
            key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
            body, _ = self.app.state.backend.cache_get(key)
            if body is not None:
                await _send(send, 200, body, b"hit", t0)
                return
            if await self._direct(scope, receive, send, t0):
                return
        await self.app(scope, receive, send)

    async def _direct(self, scope, receive, send, t0: float) -> bool:
        """Answer a read route straight from its endpoint; False leaves it to FastAPI."""
        path = scope["path"]
        for regex, plan in self.plans:
            m = regex.match(path)
            if m is None:
                continue
            if plan is None:
                return False
            qs = QueryParams(scope.get("query_string", b""))
            try:
                kwargs = await plan.kwargs(m, qs)
            except LookupError:
                return False  # a parameter to reject: FastAPI gives its 422
            kwargs[plan.request_name] = Request({**scope, "app": self.app}, receive)
            shape = (regex.pattern, frozenset(k for k in qs.keys() if k in plan.known))  # bounded
            call = functools.partial(self._timed, shape, plan.endpoint, kwargs)
            try:
                if self.shape_ms.get(shape, 0.0) > SLOW_QUERY_MS:
                    out = await asyncio.get_running_loop().run_in_executor(self.pool, call)
                else:
                    out = call()
            except HTTPException as exc:
                await _send(send, exc.status_code, _json({"error": ERROR_NAMES.get(exc.status_code, "error"),
                                                          "status": exc.status_code, "detail": exc.detail}), b"miss", t0)
                return True
            except Exception:  # never leak internals (as the app's own handler)
                await _send(send, 500, _json({"error": "internal_error", "status": 500,
                                              "detail": "internal error"}), b"miss", t0)
                return True
            if isinstance(out, Response):
                if out.media_type != "application/json":
                    return False  # pragma: no cover - the read routes answer JSON
                await _send(send, out.status_code, out.body, b"miss", t0)
            else:
                await _send(send, 200, _json(out), b"miss", t0)
            return True
        return False

    def _timed(self, shape: tuple, endpoint, kwargs: dict):
        """Call the endpoint and fold its time into the shape's running average."""
        q0 = time.perf_counter()
        try:
            return endpoint(**kwargs)
        finally:
            ms = (time.perf_counter() - q0) * 1000
            self.shape_ms[shape] = SLOW_EWMA * ms + (1 - SLOW_EWMA) * self.shape_ms.get(shape, ms)

    def __getattr__(self, name):  # TestClient, uvicorn and tests look at app attributes
        return getattr(self.app, name)


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


async def _send(send, status: int, body: bytes, cache: bytes, t0: float) -> None:
    timing = f"app;dur={(time.perf_counter() - t0) * 1000:.2f}".encode()
    await send({"type": "http.response.start", "status": status, "headers": JSON_HEADERS + [
        (b"content-length", str(len(body)).encode()), (b"server-timing", timing), (b"x-cache", cache)]})
    await send({"type": "http.response.body", "body": body})


