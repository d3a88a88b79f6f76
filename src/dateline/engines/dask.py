"""The Dask engine behind ``dateline ingest --engine dask [--scheduler tcp://HOST:PORT | --workers N]``.

Inputs are cut into **shards** with stable keys:

- up to ``FILES_PER_SHARD`` single-article files (key: their paths, sizes and mtimes);
- up to ``ARTICLES_PER_SHARD`` records of a container (JSONL lines, WARC records, feed
  items), read by this process (key: container path, size, mtime and shard number).

Each shard is one Dask task (``run_shard``). A worker loads the pipeline once (a worker
plugin at start-up, and ``pipeline.load_pipeline``'s per-process cache), analyses the
shard, writes its records as one Parquet file ``<parts>/part-<key>.parquet`` (written
to a temporary name, then renamed: a file that exists is complete) and returns them.
This process is the only writer to the store (one transaction per article), then
ledgers the inputs, as the local engine does.

A rerun skips every input the store's ledger holds; a shard whose Parquet file exists
is loaded from it instead of being analysed again (the store is filled from the
partitions even when the previous run died between the two). A worker lost mid-run
costs only the shards it held: the scheduler hands them to another worker (up to
``distributed.scheduler.allowed-failures`` times, then the shard is logged as failed
and the run goes on). ``--scheduler`` needs ``dateline`` installed on the workers and
the parts folder on a file system they share.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..ingest import Result, Stats, Unit, _stat, expand, run_unit, store_records
from ..readers import Article, Failure, is_container, iter_path
from ..record import Record, record_id

# Shard sizes: a shard is the work a lost worker costs and the grain of a rerun. At
# ~3 articles/s per core (BBC corpus) 8 files or 32 records is a few seconds of work,
# and task overhead (~5 ms each) stays under 1%.
FILES_PER_SHARD = 8
ARTICLES_PER_SHARD = 32
# Shards running or queued per worker: a worker always has its next shard while this
# process writes the last one's records.
INFLIGHT_PER_WORKER = 3
# Finished shards held for writing in shard order, per worker. Results are collected as
# they come but written in the planned order; a slow shard at the head no longer stalls
# the other workers (it could with a window of 3 per worker: the shard holding the longest
# BBC article, 25,000 characters, is ~2.5x an average shard), while memory stays bounded.
BUFFER_PER_WORKER = 16
# Local workers (``--workers N``) each in a session of their own. Linux's autogroup
# scheduler (/proc/sys/kernel/sched_autogroup_enabled = 1 on most desktops and VMs)
# shares the CPU fairly between *sessions*: the workers of one session split one share,
# so on a machine with other busy sessions a second worker added little CPU (0.96-1.38x
# one worker, docs/capacity.md; two CPU spinners beside other jobs got 0.65 cores in one
# session, 0.95 in two); workers in sessions of their own are scheduled like separate
# machines. A worker still exits with this process (distributed's parent pipe).
OWN_SESSION = True
# Housekeeping of a local cluster. At distributed's defaults (event-loop tick every 20 ms,
# the nannies' memory poll every 100 ms, system monitor every 500 ms) an idle 2-worker
# LocalCluster cost this process 4-7% of a core (measured 15 s idle, 05:31 UTC), CPU
# the second worker needs on a 2-core machine; at these intervals 1.2%. A slower
# memory poll only delays the pause/kill at 80-95% of the memory limit by <1 s.
LOCAL_CLUSTER_CONFIG = {"distributed.admin.tick.interval": "1s",
                        "distributed.worker.memory.monitor-interval": "1s",
                        "distributed.admin.system-monitor.interval": "2s"}
# Threads per worker: 1, and BLAS/OpenMP pinned to 1 thread, so N workers use N cores.
WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "BLIS_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}
# Fault injection: when a file of this name is in the parts folder, the first worker to
# start a shard deletes it and dies (a "lost worker", tests/test_dask.py).
CRASH_ONCE_FILE = ".crash-once"
PARQUET_COLUMNS = ["id", "path", "url", "format", "title", "published", "outlet", "language", "text",
                   "entities", "times", "attributions", "events", "record"]


@dataclass
class DaskStats(Stats):
    shards: int = 0
    shards_skipped: int = 0        # every input of the shard ledgered before
    shards_from_parquet: int = 0   # loaded from an earlier run's partition
    shards_failed: int = 0
    workers: int = 0
    busy_s: float = 0.0            # wall seconds workers spent in shards (sum over workers)
    cpu_s: float = 0.0             # CPU seconds workers spent in shards
    write_s: float = 0.0           # wall seconds this process spent writing results to the store
    client_cpu_s: float = 0.0      # CPU seconds of this process over the run (client, store; the
                                   # scheduler too when the cluster is local)


@dataclass
class Shard:
    key: str
    unit: Unit
    done_files: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- worker side
def _preload() -> None:
    from ..pipeline import load_pipeline

    load_pipeline()


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is an optional engine
    WorkerPlugin = object


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline once when a worker starts (and when it is restarted).

    ``own_session``: move the worker process into a session of its own first (see
    ``OWN_SESSION``); for local workers only, a remote worker's session is its owner's.
    """

    name = "dateline-pipeline"

    def __init__(self, own_session: bool = False):
        self.own_session = own_session

    def setup(self, worker=None):
        if self.own_session:
            own_session()
        _preload()


def own_session() -> bool:
    """``os.setsid()`` in this process: True when it now leads a session of its own."""
    try:
        os.setsid()
    except (AttributeError, OSError):  # not POSIX, or already a process-group leader
        return False
    return True


def run_shard(key: str, unit: Unit, parts: str) -> Result:
    """Analyse one shard on a worker; write its Parquet partition; return the result."""
    marker = os.path.join(parts, CRASH_ONCE_FILE)
    if os.path.exists(marker):
        try:
            os.remove(marker)
        except FileNotFoundError:
            pass
        else:
            os._exit(17)  # simulated loss of this worker (tests)
    t0, c0 = time.perf_counter(), time.process_time()
    res = _run_files(unit) if unit.kind == "files" else run_unit(unit)
    write_partition(Path(parts) / f"part-{key}.parquet", res.records)
    res.busy = (time.perf_counter() - t0, time.process_time() - c0)  # wall, CPU seconds on the worker
    return res


def _run_files(unit: Unit) -> Result:
    """Like ``ingest.run_unit`` for files, but the shard's articles go through
    ``nlp.pipe`` together (one batch per shard, not one batch of one per file)."""
    from ..ingest import _analyse

    res = Result()
    arts: list[Article] = []
    where: list[str] = []
    bad: dict[str, int] = {}
    for path in unit.items:
        try:
            for item in iter_path(path):
                if isinstance(item, Failure):
                    res.failures.append(item)
                    bad[path] = bad.get(path, 0) + 1
                else:
                    arts.append(item)
                    where.append(path)
        except Exception as exc:  # one bad file never stops a shard
            res.failures.append(Failure(path, "error", f"{path}: {type(exc).__name__}: {exc}"))
            bad[path] = bad.get(path, 0) + 1
    if arts:
        res.records, fails = _analyse(arts, [a.source.path or w for a, w in zip(arts, where)])
        res.failures += fails
        for f in fails:
            bad[f.where] = bad.get(f.where, 0) + 1
    ok: dict[str, int] = {}
    by_path = {a.source.path or w: w for a, w in zip(arts, where)}
    for r in res.records:
        w = by_path.get(r.source.path, r.source.path)
        ok[w] = ok.get(w, 0) + 1
    res.files = [(p, ok.get(p, 0), bad.get(p, 0)) for p in unit.items]
    return res


def write_partition(path: Path, records: list[Record]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {c: [] for c in PARQUET_COLUMNS}
    for r in records:
        for c, v in (("id", r.id), ("path", r.source.path), ("url", r.source.url), ("format", r.source.format),
                     ("title", r.meta.title), ("published", r.meta.published), ("outlet", r.meta.outlet),
                     ("language", r.meta.language), ("text", r.text), ("entities", len(r.entities)),
                     ("times", len(r.times)), ("attributions", len(r.attributions)), ("events", len(r.events)),
                     ("record", r.to_json())):
            rows[c].append(v)
    schema = pa.schema([(c, pa.int32() if c in ("entities", "times", "attributions", "events") else pa.string())
                        for c in PARQUET_COLUMNS])
    table = pa.table(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_partition(path: Path) -> list[Record]:
    import pyarrow.parquet as pq

    return [Record.model_validate_json(s) for s in pq.read_table(path, columns=["record"]).column("record").to_pylist()]


# ---------------------------------------------------------------- client side
def local_cluster(n_workers: int):
    """The cluster ``--workers N`` starts: N worker processes of one thread each, the
    scheduler in this process, its housekeeping slowed (``LOCAL_CLUSTER_CONFIG``)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read when the scheduler, nannies and workers start
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                            env=dict(WORKER_ENV))


def default_parts(db: str) -> str:
    """Where the Parquet partitions go: beside a SQLite file, else ./dateline-parts."""
    if db.startswith(("postgresql://", "postgres://")):
        return "dateline-parts"
    return (db[len("sqlite:///"):] if db.startswith("sqlite:///") else db) + ".parts"


def _key(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


class DaskIngest:
    """One ingest run on a Dask cluster; the same contract as ``ingest.Ingest``."""

    def __init__(self, store, *, scheduler: str | None = None, workers: int = 2, parts: str = "dateline-parts",
                 log: Callable[[str], None] | None = None, on_progress: Callable[[int], None] | None = None,
                 files_per_shard: int = FILES_PER_SHARD, articles_per_shard: int = ARTICLES_PER_SHARD,
                 own_session: bool | None = None):
        self.store = store
        # workers each in a session of their own: by default for the local cluster only
        self.own_session = own_session
        self.scheduler = scheduler
        self.n_workers = max(1, workers)
        self.parts = Path(parts)
        self.log = log or (lambda msg: print(msg, file=sys.stderr))
        self.on_progress = on_progress or (lambda n: None)
        self.files_per_shard = files_per_shard
        self.articles_per_shard = articles_per_shard
        self.stats = DaskStats()
        self.container_left: dict[str, int] = {}
        self.container_count: dict[str, list[int]] = {}
        self.container_read: set[str] = set()      # containers fully read
        self.container_lost: set[str] = set()      # containers with a shard that failed

    # -------------------------------------------------------------- planning
    def shards(self, paths: Iterable[str]) -> Iterator[Shard]:
        files: list[str] = []
        for path in expand(paths):
            self.stats.inputs += 1
            if path == "-":  # stdin: read here like a container, never ledgered
                yield from self._container_shards(path)
                continue
            done = self.store.input_done(path, *_stat(path))
            if not is_container(path):
                files.append(path)
                if len(files) >= self.files_per_shard:
                    yield self._file_shard(files)
                    files = []
                continue
            if done is not None:
                self.stats.skipped_inputs += 1
                self.stats.old += done
                self.on_progress(1)
                continue
            yield from self._container_shards(path)
        if files:
            yield self._file_shard(files)

    def _file_shard(self, files: list[str]) -> Shard:
        key = _key("files", *[f"{p}:{_stat(p)}" for p in files])
        return Shard(key, Unit("files", list(files)),
                     done_files=[p for p in files if self.store.input_done(p, *_stat(p)) is not None])

    @staticmethod
    def _ckey(path: str, size, mtime, n: int, batch: list[Article]) -> str:
        if path == "-":  # stdin has no size or mtime: key by content
            return _key("stdin", *[record_id(a.text) for a in batch])
        return _key("container", path, size, mtime, n)

    def _container_shards(self, path: str) -> Iterator[Shard]:
        self.container_left[path] = 0
        self.container_count[path] = [0, 0]
        size, mtime = _stat(path)
        batch: list[Article] = []
        n = 0
        try:
            for item in iter_path(path):
                if isinstance(item, Failure):
                    self.container_count[path][1] += 1
                    self._fail(item)
                    continue
                batch.append(item)
                if len(batch) >= self.articles_per_shard:
                    self.container_left[path] += 1
                    yield Shard(self._ckey(path, size, mtime, n, batch), Unit("articles", batch, path))
                    n, batch = n + 1, []
        except Exception as exc:  # a container unreadable past some point: keep what was read
            self.container_count[path][1] += 1
            self._fail(Failure(path, "error", f"{path}: {type(exc).__name__}: {exc}"))
        if batch:
            self.container_left[path] += 1
            yield Shard(self._ckey(path, size, mtime, n, batch), Unit("articles", batch, path))
        self.container_read.add(path)
        self._maybe_close(path)

    # -------------------------------------------------------------- writing
    def _fail(self, f: Failure) -> None:
        self.stats.failed += 1
        self.store.log_failure(f.where, f.reason, f.message)
        self.log(f"skipped {f.message}")

    def _write(self, shard: Shard, res: Result) -> None:
        store_records(self.store, self.stats, res.records)
        for f in res.failures:
            self._fail(f)
        unit = shard.unit
        if unit.kind == "files":
            per_file = {p: (n, b) for p, n, b in res.files}
            if not res.files:  # from a partition: count records per file
                for rec in res.records:
                    n, b = per_file.get(rec.source.path, (0, 0))
                    per_file[rec.source.path] = (n + 1, b)
            for p in unit.items:
                if p in shard.done_files:
                    continue
                n_ok, n_bad = per_file.get(p, (0, 0))
                self.store.mark_input(p, "done" if n_ok or not n_bad else "failed", n_ok, *_stat(p))
                self.on_progress(1)
        elif unit.container:
            c = unit.container
            self.container_left[c] -= 1
            self.container_count[c][0] += len(res.records)
            self._maybe_close(c)

    def _maybe_close(self, c: str) -> None:
        if c in self.container_read and self.container_left.get(c, 0) == 0 and c not in self.container_lost:
            n_ok, n_bad = self.container_count.get(c, [0, 0])
            if c != "-":
                self.store.mark_input(c, "done" if n_ok or not n_bad else "failed", n_ok, *_stat(c))
            self.on_progress(1)

    def _skip_or_load(self, shard: Shard) -> bool:
        """True when the shard needs no task: all its inputs ledgered, or its partition exists."""
        unit = shard.unit
        if unit.kind == "files" and len(shard.done_files) == len(unit.items):
            self.stats.shards_skipped += 1
            for p in unit.items:
                self.stats.old += self.store.input_done(p, *_stat(p)) or 0
                self.stats.skipped_inputs += 1
                self.on_progress(1)
            return True
        part = self.parts / f"part-{shard.key}.parquet"
        if part.exists():
            try:
                recs = read_partition(part)
            except Exception as exc:  # a damaged partition: analyse the shard again
                self.log(f"partition {part} unreadable ({type(exc).__name__}: {exc}); redoing it")
                return False
            self.stats.shards_from_parquet += 1
            self._write(shard, Result(records=recs))
            return True
        if unit.kind == "articles":
            left = [a for a in unit.items if not self.store.has(record_id(a.text))]
            if not left:  # every article stored by an earlier run
                self.stats.shards_skipped += 1
                self.stats.old += len(unit.items)
                self.container_count[unit.container][0] += len(unit.items)
                self._write(shard, Result())
                return True
        return False

    # -------------------------------------------------------------- running
    def _client(self):
        from distributed import Client

        if self.scheduler:
            return Client(self.scheduler), None
        cluster = local_cluster(self.n_workers)
        return Client(cluster), cluster

    def run(self, paths: Iterable[str]) -> DaskStats:
        t0, c0 = time.perf_counter(), time.process_time()
        self.parts.mkdir(parents=True, exist_ok=True)
        client, cluster = self._client()
        try:
            own = (cluster is not None and OWN_SESSION) if self.own_session is None else self.own_session
            client.register_plugin(PipelinePlugin(own_session=own))
            self.stats.workers = len(client.scheduler_info()["workers"])
            n = max(1, self.stats.workers)
            running_max = max(2, INFLIGHT_PER_WORKER * n)
            held_max = running_max + BUFFER_PER_WORKER * n
            # Results are written in shard order (the oldest first), so the store ends the
            # same whatever the number of workers (of two copies of one text, the first
            # input's record is kept). Shards finish in any order: a finished one waits in
            # ``pending`` until those before it are written; at most ``running_max`` shards
            # are unfinished (workers busy, a next shard queued) and ``held_max`` held.
            pending: deque = deque()
            # set by a shard's future when it finishes (distributed calls back from its own
            # thread; ``distributed.wait`` would use the process's default client, which is
            # not ours when the caller holds another Client)
            finished = threading.Event()

            def drain() -> None:
                while pending and pending[0][0].done():
                    self._collect(*pending.popleft())

            def make_room() -> None:
                while True:
                    drain()
                    if len(pending) >= held_max:
                        self._collect(*pending.popleft())  # wait for the head itself
                        continue
                    if sum(not f.done() for f, _ in pending) < running_max:
                        return
                    finished.wait(timeout=1.0)
                    finished.clear()  # then count again: nothing finished before this is missed

            for shard in self.shards(paths):
                self.stats.shards += 1
                if self._skip_or_load(shard):
                    continue
                make_room()
                fut = client.submit(run_shard, shard.key, shard.unit, str(self.parts.resolve()),
                                    key=f"dateline-shard-{shard.key}", pure=False)
                fut.add_done_callback(lambda _f: finished.set())
                pending.append((fut, shard))
                drain()
            while pending:
                self._collect(*pending.popleft())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
            self.stats.seconds = time.perf_counter() - t0
            self.stats.client_cpu_s = time.process_time() - c0
        return self.stats

    def _collect(self, fut, shard: Shard) -> None:
        try:
            res = fut.result()
        except Exception as exc:  # the shard killed its workers (KilledWorker) or crashed outside guards
            # Logged, not ledgered: a rerun tries the shard's inputs again.
            self.stats.shards_failed += 1
            unit = shard.unit
            where = unit.container or ",".join(unit.items[:3]) + ("..." if len(unit.items) > 3 else "")
            self._fail(Failure(where, "worker_error", f"{where}: {type(exc).__name__}: {exc}"))
            if unit.container:
                self.container_lost.add(unit.container)
                self.container_left[unit.container] -= 1
            else:
                self.on_progress(len(unit.items))
            return
        finally:
            fut.release()
        wall, cpu = getattr(res, "busy", (0.0, 0.0))
        self.stats.busy_s += wall
        self.stats.cpu_s += cpu
        t0 = time.perf_counter()
        self._write(shard, res)
        self.stats.write_s += time.perf_counter() - t0
