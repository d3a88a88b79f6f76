"""The streaming ingest engine behind ``dateline ingest``.

Inputs (files, folders, globs; text, HTML, JSONL, RSS/Atom, WARC, gzip/bzip2/xz) are
expanded lazily and cut into small work units:

- a unit of up to ``FILES_PER_UNIT`` single-article files, read *and* analysed by a worker;
- a unit of up to ``ARTICLES_PER_UNIT`` articles read from a container (JSONL, feed,
  WARC) by the main process, analysed by a worker.

``--jobs N`` runs N worker processes (spawned, each loading the spaCy pipeline once);
``--jobs 1`` runs everything in this process. At most ``INFLIGHT_PER_JOB`` units per
worker are in flight, so memory stays flat however large the input.

Only the main process writes to the store: one transaction per article, then the
input is entered in the ``inputs`` ledger. A run killed at any moment (SIGKILL
included) and started again skips the ledgered inputs and every article whose id
(a digest of its clean text) is stored, so it loses nothing and duplicates nothing.
A bad input or record becomes a row in ``failures`` (once per location and reason)
and a line on stderr; the run goes on.
"""
from __future__ import annotations

import glob
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .readers import Article, Failure, is_container, iter_path
from .record import Record, record_id

# Work-unit sizes: small enough that a killed run redoes little, large enough that
# inter-process traffic stays under 5% of the time (measured on the BBC corpus).
FILES_PER_UNIT = 8
ARTICLES_PER_UNIT = 16
INFLIGHT_PER_JOB = 3


@dataclass
class Unit:
    kind: str                                   # "files" | "articles"
    items: list                                 # paths | Articles
    container: str | None = None


@dataclass
class Result:
    records: list[Record] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (path, articles, failures)


@dataclass
class Stats:
    new: int = 0
    old: int = 0
    skipped_inputs: int = 0
    failed: int = 0
    inputs: int = 0
    seconds: float = 0.0
    chars: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files, folders (recursively) and globs -> file paths, sorted within each argument."""
    for p in paths:
        if p == "-":
            yield p
        elif any(c in p for c in "*?["):
            yield from sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
        elif Path(p).is_dir():
            yield from sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            yield p


# ---------------------------------------------------------------- worker side
def _init_worker() -> None:
    from .pipeline import load_pipeline

    load_pipeline()


def _analyse(articles: list[Article], where: list[str]) -> tuple[list[Record], list[Failure]]:
    """Records for a batch; when the batch fails, article by article, flagging the bad one."""
    from .pipeline import process

    try:
        return list(process(articles)), []
    except Exception:
        pass
    records, failures = [], []
    for art, loc in zip(articles, where):
        try:
            records.extend(process([art]))
        except Exception as exc:  # a stage crashed on this article: skip it, flag it
            failures.append(Failure(loc, "pipeline_error", f"{loc}: {type(exc).__name__}: {exc}"))
    return records, failures


# Tests only: a worker given an input whose name contains this mark dies at once (os._exit),
# as a native crash would.
CRASH_MARK = os.environ.get("DATELINE_TEST_WORKER_CRASH_MARK")


def run_unit(unit: Unit) -> Result:
    if CRASH_MARK and unit.kind == "files" and any(CRASH_MARK in p for p in unit.items):
        os._exit(70)
    res = Result()
    if unit.kind == "articles":
        res.records, res.failures = _analyse(unit.items, [a.source.path or "?" for a in unit.items])
        return res
    for path in unit.items:
        arts, fails = [], []
        try:
            for item in iter_path(path):
                (fails if isinstance(item, Failure) else arts).append(item)
        except Exception as exc:  # one bad file never stops a batch
            fails.append(Failure(path, "error", f"{path}: {type(exc).__name__}: {exc}"))
        recs, bad = _analyse(arts, [a.source.path or path for a in arts]) if arts else ([], [])
        res.records += recs
        res.failures += fails + bad
        res.files.append((path, len(recs), len(fails) + len(bad)))
    return res


class _Inline:
    """An executor that runs each unit at once in this process (--jobs 1)."""

    def __init__(self):
        _init_worker()

    def submit(self, fn, *args) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - surfaced through the future
            fut.set_exception(exc)
        return fut

    def shutdown(self, **_):
        pass


# ---------------------------------------------------------------- main side

def store_records(store, stats, records: Iterable[Record]) -> None:
    """Put records in the store, counting new and already-stored ones in ``stats``."""
    for rec in records:
        if store.put(rec):
            stats.new += 1
            stats.chars += len(rec.text)
        else:
            stats.old += 1

class Ingest:
    """One ingest run into a store. ``on_progress(n_inputs_done)`` drives a progress bar."""

    def __init__(self, store, *, jobs: int = 1, log: Callable[[str], None] | None = None,
                 on_progress: Callable[[int], None] | None = None):
        self.store = store
        self.jobs = max(1, jobs)
        self.log = log or (lambda msg: print(msg, file=sys.stderr))
        self.on_progress = on_progress or (lambda n: None)
        self.stats = Stats()
        self.pending: dict[Future, Unit] = {}
        self.container_left: dict[str, int] = {}     # units not yet written, per container
        self.container_read: set[str] = set()        # containers fully read
        self.container_counts: dict[str, list[int]] = {}

    def _executor(self, workers: int | None = None):
        if self.jobs == 1:
            return _Inline()
        import multiprocessing as mp

        return ProcessPoolExecutor(max_workers=workers or self.jobs, mp_context=mp.get_context("spawn"),
                                   initializer=_init_worker)

    def _fail(self, f: Failure) -> None:
        self.stats.failed += 1
        self.store.log_failure(f.where, f.reason, f.message)
        self.log(f"skipped {f.message}")

    def _write(self, unit: Unit, res: Result) -> None:
        store_records(self.store, self.stats, res.records)
        for f in res.failures:
            self._fail(f)
        for path, n_ok, n_bad in res.files:
            if path == "-":
                self.on_progress(1)
                continue
            st = _stat(path)
            self.store.mark_input(path, "done" if n_ok or not n_bad else "failed", n_ok, *st)
            self.on_progress(1)
        if unit.kind == "articles" and unit.container:
            c = unit.container
            self.container_left[c] -= 1
            self.container_counts[c][0] += len(res.records)
            self._maybe_close(c)

    def _maybe_close(self, c: str) -> None:
        if c in self.container_read and self.container_left.get(c, 0) == 0:
            n_ok, n_bad = self.container_counts.get(c, [0, 0])
            if c == "-":
                self.on_progress(1)
                return
            self.store.mark_input(c, "done" if n_ok or not n_bad else "failed", n_ok, *_stat(c))
            self.on_progress(1)

    def _drain(self, ex, block_until: int):
        """Write finished units until fewer than ``block_until`` are in flight."""
        while len(self.pending) >= block_until and self.pending:
            done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for fut in done:
                unit = self.pending.pop(fut)
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    self._crashed(unit)
                    continue
                except Exception as exc:  # the unit crashed outside the guarded parts
                    res = Result(failures=[Failure(_where(unit), "worker_error",
                                                   f"{_where(unit)}: {type(exc).__name__}: {exc}")])
                    res.files = [(p, 0, 1) for p in unit.items] if unit.kind == "files" else []
                self._write(unit, res)

    def _crashed(self, unit: Unit) -> None:
        """A worker died (native crash, out of memory): the pool is broken. Units in flight
        are retried alone in a new pool; a unit that kills a worker again is failed."""
        self.broken.append(unit)

    def _recover(self) -> None:
        if not self.broken or self.jobs == 1:
            return
        units, self.broken = self.broken + list(self.pending.values()), []
        self.pending.clear()
        self.log(f"a worker process died; retrying {len(units)} work unit(s) one by one")
        self.ex.shutdown(wait=False, cancel_futures=True)
        self.ex = self._executor(1)
        for unit in units:
            fut = self.ex.submit(run_unit, unit)
            try:
                res = fut.result()
            except BrokenProcessPool:
                self.ex.shutdown(wait=False, cancel_futures=True)
                self.ex = self._executor(1)
                res = Result(failures=[Failure(_where(unit), "worker_crashed",
                                               f"{_where(unit)}: the worker analysing it died")])
                res.files = [(p, 0, 1) for p in unit.items] if unit.kind == "files" else []
            except Exception as exc:
                res = Result(failures=[Failure(_where(unit), "worker_error", f"{_where(unit)}: {exc}")])
                res.files = [(p, 0, 1) for p in unit.items] if unit.kind == "files" else []
            self._write(unit, res)
        self.ex.shutdown(wait=True)
        self.ex = self._executor()

    def _submit(self, unit: Unit):
        self._recover()
        self.pending[self.ex.submit(run_unit, unit)] = unit
        self._drain(self.ex, 1 if isinstance(self.ex, _Inline) else self.jobs * INFLIGHT_PER_JOB)

    def run(self, paths: Iterable[str]) -> Stats:
        t0 = time.perf_counter()
        self.ex = self._executor()
        self.broken: list[Unit] = []
        try:
            self._run(paths)
            self._drain(self.ex, 1)
            self._recover()
        finally:
            if not isinstance(self.ex, _Inline):
                self.ex.shutdown(wait=True, cancel_futures=True)
            self.stats.seconds = time.perf_counter() - t0
        return self.stats

    def _run(self, paths: Iterable[str]) -> None:
        files: list[str] = []
        for path in expand(paths):
            self.stats.inputs += 1
            done = self.store.input_done(path, *_stat(path)) if path != "-" else None  # stdin: always read
            if done is not None:
                self.stats.skipped_inputs += 1
                self.stats.old += done
                self.on_progress(1)
                continue
            if not is_container(path) and path != "-":  # stdin is read here, never in a worker
                files.append(path)
                if len(files) >= FILES_PER_UNIT:
                    self._submit(Unit("files", files))
                    files = []
                continue
            self._container(path)
        if files:
            self._submit(Unit("files", files))

    def _container(self, path: str) -> None:
        self.container_left[path] = 0
        self.container_counts[path] = [0, 0]
        batch: list[Article] = []
        try:
            for item in iter_path(path):
                if isinstance(item, Failure):
                    self.container_counts[path][1] += 1
                    self._fail(item)
                    continue
                if self.store.has(record_id(item.text)):
                    self.stats.old += 1
                    self.container_counts[path][0] += 1
                    continue
                batch.append(item)
                if len(batch) >= ARTICLES_PER_UNIT:
                    self.container_left[path] += 1
                    self._submit(Unit("articles", batch, path))
                    batch = []
        except Exception as exc:  # a container unreadable past some point: keep what was read
            self.container_counts[path][1] += 1
            self._fail(Failure(path, "error", f"{path}: {type(exc).__name__}: {exc}"))
        if batch:
            self.container_left[path] += 1
            self._submit(Unit("articles", batch, path))
        self.container_read.add(path)
        self._maybe_close(path)


def _stat(path: str) -> tuple[int | None, float | None]:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime
    except OSError:
        return None, None


def _where(unit: Unit) -> str:
    if unit.kind == "files":
        return ",".join(unit.items[:3]) + ("..." if len(unit.items) > 3 else "")
    return unit.container or "?"


def count_inputs(paths: Iterable[str]) -> int:
    return sum(1 for _ in expand(paths))
