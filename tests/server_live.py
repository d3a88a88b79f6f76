"""Helpers shared by the server tests: the fixture store, a live server, the browser.

The fixture store (tests/fixtures/server/store.py) is built once per test session;
``live_server`` runs uvicorn in a thread of the test process on a free loopback port;
``browser`` launches Debian's Chromium by its path (never a downloaded browser).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import threading
import time
from functools import lru_cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ARTIFACTS = TESTS.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TOKEN = "test-token-0123456789"


@lru_cache(maxsize=1)
def fixture_store() -> dict:
    spec = importlib.util.spec_from_file_location("server_fixture_store", TESTS / "fixtures" / "server" / "store.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build()


def fresh_copy(tmp: Path) -> str:
    """A private copy of the fixture store (for tests that write)."""
    import sqlite3

    src = sqlite3.connect(fixture_store()["path"])
    dst_path = str(tmp / "copy.db")
    dst = sqlite3.connect(dst_path)
    src.backup(dst)
    src.close()
    dst.close()
    return dst_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, db: str, token: str | None = TOKEN, max_body: int = 64 * 1024):
        import uvicorn

        from dateline.server.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(db, token=token, max_body=max_body)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


def chromium_missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is absent (CI installs Debian's chromium in .ci/run)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright (Python) is not installed"
    return None


def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def which(cmd: str) -> str | None:
    return shutil.which(cmd)
