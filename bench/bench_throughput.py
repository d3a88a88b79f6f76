"""Throughput of the full dateline pipeline against bare spaCy, on the same articles.

    PYTHONPATH=src python bench/bench_throughput.py [--limit 300] [--batch 32] [--json]
                                                    [--profile out.prof] [--only full|bare]
                                                    [--stages] [--check]
    PYTHONPATH=src python bench/bench_throughput.py --dask 1,2 --limit 0 --rounds 4  # whole corpus, Dask

In one process, over the BBC news corpus (../shared/data/corpora/bbc-news, read with
the text reader so both runs see the same clean text):

1. bare spaCy: ``spacy.load(MODEL).pipe(texts)`` with every component of the model on;
2. the full dateline pipeline: ``pipeline.process(articles)`` (spaCy + our stages +
   ``doc_to_record``), i.e. everything ``dateline ingest`` does per article except the
   store write.

Prints words per second, articles per second per core, the ratio full/bare, the share
of each dateline stage, and peak memory (``resource.getrusage`` maxrss, after each run).
Speeds are from CPU time of this process (``time.process_time``), so other jobs on a
shared machine do not count against the pipeline; wall time and the load average are
printed too. The process is pinned to one CPU and BLAS/OpenMP threads are set to 1, so
"per core" means one core.

Bar (issue 9): full >= 0.8 x bare words/s; peak memory <= 1.2 GB per worker.
"""
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BBC = ROOT.parent / "shared" / "data" / "corpora" / "bbc-news"
RATIO_BAR = 0.8
MEMORY_BAR_MB = 1200


def load_articles(limit: int | None):
    from dateline.readers.text import read_text

    files = sorted(BBC.glob("*/*.txt"))
    if limit:
        # an even spread over the five topics, not the first folder only
        step = max(1, len(files) // limit)
        files = files[::step][:limit]
    arts = []
    for f in files:
        arts.append(read_text(f.read_text(encoding="utf-8", errors="replace"), path=str(f)))
    return arts


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def run_bare(texts: list[str], batch: int) -> tuple[float, float]:
    import spacy

    from dateline.pipeline import MAX_TEXT_CHARS, MODEL

    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_TEXT_CHARS + 1000
    list(nlp.pipe(texts[:4]))  # warm up
    _, cpu, wall = timed(lambda: [len(d) for d in nlp.pipe(texts, batch_size=batch)])
    return cpu, wall


def run_full(articles, batch: int, profile: str | None) -> tuple[float, float, dict, int]:
    import copy

    articles = copy.deepcopy(articles)  # process() may cut texts; keep the caller's intact
    from dateline.pipeline import load_pipeline, process

    load_pipeline()
    list(process(copy.deepcopy(articles[:4]), batch_size=batch))  # warm up (lazy tables)
    stage_time: dict[str, float] = {}
    records = []

    def go():
        for rec in process(articles, batch_size=batch):
            records.append(rec)

    _, cpu, wall = timed(go)
    if profile:  # a second, profiled run: cProfile's overhead never enters the figures
        import copy as _copy
        import cProfile

        again = _copy.deepcopy(articles)
        prof = cProfile.Profile(time.process_time)
        prof.runcall(lambda: list(process(again, batch_size=batch)))
        prof.dump_stats(profile)
    facts = sum(len(r.entities) + len(r.times) + len(r.attributions) + len(r.events) for r in records)
    return cpu, wall, stage_time, facts


def run_interleaved(articles, batch: int, rounds: int) -> dict:
    """Bare and full alternately on slices of the articles, so that both see the same
    neighbours' load (on a shared VM, CPU time per instruction rises with the load)."""
    import copy

    import spacy

    from dateline.pipeline import MAX_TEXT_CHARS, MODEL, load_pipeline, process

    bare = spacy.load(MODEL)
    bare.max_length = MAX_TEXT_CHARS + 1000
    load_pipeline()
    warm = copy.deepcopy(articles[:4])
    list(bare.pipe([a.text for a in warm]))
    list(process(warm, batch_size=batch))
    n = len(articles)
    out = {"bare": [0.0, 0.0], "full": [0.0, 0.0], "rounds": []}
    for r in range(rounds):
        part = copy.deepcopy(articles[r * n // rounds:(r + 1) * n // rounds])
        texts = [a.text for a in part]
        _, cb, wb = timed(lambda: [len(d) for d in bare.pipe(texts, batch_size=batch)])
        _, cf, wf = timed(lambda: list(process(part, batch_size=batch)))
        out["bare"][0] += cb
        out["bare"][1] += wb
        out["full"][0] += cf
        out["full"][1] += wf
        out["rounds"].append({"bare_cpu": round(cb, 2), "full_cpu": round(cf, 2), "ratio": round(cb / cf, 3),
                              "load": round(os.getloadavg()[0], 1)})
    return out


def stage_shares(articles, batch: int) -> dict[str, float]:
    """Seconds per component over the articles (spaCy's own components and ours)."""
    from dateline.pipeline import load_pipeline, new_doc

    nlp = load_pipeline()
    docs = [new_doc(nlp, a) for a in articles]
    out: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch))
        else:
            docs = [proc(d) for d in docs]
        out[name] = time.process_time() - t0
    return out


def check(articles, batch: int) -> int:
    """The speed-ups change no output: records with them equal records without them."""
    import copy

    from dateline import extensions, knowledge, pipeline

    fast = [r.to_json() for r in pipeline.process(copy.deepcopy(articles), batch_size=batch)]
    pipeline.FAST_ATTRIBUTE_RULER = False
    extensions.TEXT_CACHE = False
    knowledge.norm = knowledge.norm.__wrapped__
    pipeline.load_pipeline.cache_clear()
    nlp = pipeline.load_pipeline()
    nlp.remove_pipe(pipeline.SENTS_CACHE)
    plain = [r.to_json() for r in pipeline.process(copy.deepcopy(articles), batch_size=batch)]
    diff = sum(a != b for a, b in zip(fast, plain))
    print(f"check: {len(fast) - diff} of {len(fast)} records identical with and without the speed-ups")
    return 1 if diff else 0


class _SessionWorkers:
    """N ``dask worker`` processes, each in a session of its own (``setsid``).

    Linux's autogroup scheduler (``/proc/sys/kernel/sched_autogroup_enabled``) shares
    the CPU fairly between *sessions*: on a busy shared machine, worker processes of one
    session (LocalCluster's) split one session's share, so adding a worker adds no CPU.
    Separate sessions behave as separate machines or containers would.
    """

    def __init__(self, n: int):
        import subprocess

        from distributed import LocalCluster

        self.cluster = LocalCluster(n_workers=0, processes=True, dashboard_address=":0")
        self.scheduler_address = self.cluster.scheduler_address
        self.procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", self.scheduler_address,
                                        "--nthreads", "1", "--no-dashboard", "--name", f"w{i}"],
                                       start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                      for i in range(n)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except Exception:
                p.kill()
        self.cluster.close()


def _uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def run_dask(limit: int | None, workers_list: list[int], mode: str = "local", rounds: int = 1,
             log=print) -> dict:
    """Wall time of ``DaskIngest`` on the BBC files with N local workers (clusters started
    and pipeline loaded before the clock starts); every N must give the same records.

    mode ``local``: the cluster ``--workers N`` starts (``engines.dask.local_cluster``, each
    worker in a session of its own); ``one-session``: the same with every worker left in
    this process's session (what ``--workers N`` did before); ``sessions``: ``dask worker``
    processes started apart, each in its own session (like separate machines).

    ``rounds`` > 1: the files are dealt into that many slices and every cluster ingests
    each slice in turn (the order of the clusters alternating), so that on a shared
    machine the 1-worker and the 2-worker runs see the same neighbours; the totals are
    compared. With 1 round, each cluster ingests all files, one cluster after the other.
    """
    import contextlib
    import tempfile

    from distributed import Client

    from dateline.engines.dask import DaskIngest, DaskStats, PipelinePlugin, local_cluster
    from dateline.store import open_store

    files = sorted(BBC.glob("*/*.txt"))
    if limit:
        step = max(1, len(files) // limit)
        files = files[::step][:limit]
    rounds = max(1, rounds)
    slices = [[str(f) for f in files[r::rounds]] for r in range(rounds)]
    own = mode == "local"
    out: dict = {}
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        clusters, clients, stores, totals, cpus = {}, {}, {}, {}, {}
        for n in workers_list:  # all clusters up and loaded before any clock starts
            clusters[n] = stack.enter_context(_SessionWorkers(n) if mode == "sessions" else local_cluster(n))
            clients[n] = stack.enter_context(Client(clusters[n].scheduler_address))
            clients[n].wait_for_workers(n, timeout=600)
            clients[n].register_plugin(PipelinePlugin(own_session=own))
            stores[n] = stack.enter_context(open_store(f"{tmp}/d{n}.db"))
            totals[n] = DaskStats()
            cpus[n] = 0.0
        loads = {n: [] for n in workers_list}
        for r, part in enumerate(slices):
            for n in (workers_list if r % 2 == 0 else workers_list[::-1]):
                cpu0 = sum(clients[n].run(time.process_time).values())
                load0 = os.getloadavg()
                log(f"[{n} worker(s), {mode}, round {r + 1}/{rounds}] {len(part)} BBC files; before: {_uptime()}")
                st = DaskIngest(stores[n], scheduler=clusters[n].scheduler_address, parts=f"{tmp}/parts{n}",
                                log=lambda m: log(f"  {m[:300]}"), own_session=own).run(part)
                cpus[n] += sum(clients[n].run(time.process_time).values()) - cpu0
                load1 = os.getloadavg()
                loads[n].append([round(load0[0], 2), round(load1[0], 2)])
                log(f"[{n} worker(s), {mode}, round {r + 1}/{rounds}] {st.new} articles in {st.seconds:.1f} s "
                    f"wall ({st.new / st.seconds:.2f} articles/s); after: {_uptime()}")
                t = totals[n]
                for k in ("new", "old", "failed", "shards", "shards_failed", "seconds", "busy_s", "cpu_s",
                          "write_s", "client_cpu_s"):
                    setattr(t, k, getattr(t, k) + getattr(st, k))
        records = {n: {r["id"]: r for r in stores[n].iter_records()} for n in workers_list}
    for n in workers_list:
        t = totals[n]
        out[n] = {"articles": t.new, "wall_s": round(t.seconds, 1), "workers_cpu_s": round(cpus[n], 1),
                  "shard_cpu_s": round(t.cpu_s, 1), "shard_wall_s": round(t.busy_s, 1),
                  # share of the run each worker spent inside a shard (1.0: never waiting for work)
                  "busy": round(t.busy_s / (n * t.seconds), 3),
                  "articles_per_s": round(t.new / t.seconds, 2), "old": t.old,
                  "failed": t.failed, "shards": t.shards, "shards_failed": t.shards_failed,
                  "articles_per_cpu_s": round(t.new / max(t.cpu_s, 1e-9), 2),
                  # this process: client, store writes and (local cluster) the scheduler
                  "client_cpu_s": round(t.client_cpu_s, 1), "store_write_s": round(t.write_s, 1),
                  "load_before_after": loads[n]}
    first = records[workers_list[0]]
    out["same_records"] = all(r == first for r in records.values())
    out["rounds"] = rounds
    if len(workers_list) > 1:
        a, b = workers_list[0], workers_list[-1]
        out["speedup"] = round(out[a]["wall_s"] / out[b]["wall_s"], 2)
        log(f"{len(files)} BBC files: {a} worker(s) {out[a]['wall_s']} s ({out[a]['articles_per_s']} articles/s), "
            f"{b} worker(s) {out[b]['wall_s']} s ({out[b]['articles_per_s']} articles/s)")
        log(f"speed-up {b} vs {a} worker(s): {out['speedup']}x (bar 1.7x); "
            f"records identical: {out['same_records']} ({len(first)} records)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=300, help="articles (0: the whole corpus)")
    ap.add_argument("--batch", type=int, default=None, help="nlp.pipe batch size (default: the pipeline's)")
    ap.add_argument("--profile", default=None, help="write a cProfile of the full run here")
    ap.add_argument("--only", choices=["bare", "full", "both"], default="both")
    ap.add_argument("--rounds", type=int, default=0,
                    help="alternate bare and full (or, with --dask, the worker counts) on this many slices "
                         "(fairer on a shared machine)")
    ap.add_argument("--stages", action="store_true", help="also time each component separately")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true",
                    help="only compare records with and without the speed-ups (pipeline.py, speed.py)")
    ap.add_argument("--dask", default=None, help="worker counts to compare with the Dask engine, e.g. 1,2")
    ap.add_argument("--sessions", action="store_true",
                    help="--dask: each worker a `dask worker` process in its own session (see _SessionWorkers)")
    ap.add_argument("--mode", choices=["local", "one-session", "sessions"], default="local",
                    help="--dask: how workers start (see run_dask); --sessions = --mode sessions")
    args = ap.parse_args()
    if args.dask:
        mode = "sessions" if args.sessions else args.mode
        res = run_dask(args.limit or None, [int(x) for x in args.dask.split(",")], mode, args.rounds or 1,
                       log=lambda m: print(m, file=sys.stderr, flush=True))
        res["mode"] = mode
        print(json.dumps(res, indent=1))
        return 0 if res.get("same_records", True) else 1
        return 0
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass

    from dateline.pipeline import BATCH_SIZE

    batch = args.batch or BATCH_SIZE
    load0 = os.getloadavg()[0]
    arts = load_articles(args.limit or None)
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    if args.check:
        return check(arts, batch)
    out: dict = {"articles": len(arts), "words": words, "chars": sum(map(len, texts)), "batch": batch,
                 "load_before": round(load0, 2)}
    if args.rounds:
        res = run_interleaved(arts, batch, args.rounds)
        for k in ("bare", "full"):
            cpu, wall = res[k]
            out[k] = {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "words_per_s": round(words / cpu),
                      "articles_per_s": round(len(arts) / cpu, 2), "maxrss_mb": round(maxrss_mb())}
        out["rounds"] = res["rounds"]
    elif args.only in ("bare", "both"):
        cpu, wall = run_bare(texts, batch)
        out["bare"] = {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "words_per_s": round(words / cpu),
                       "articles_per_s": round(len(arts) / cpu, 2), "maxrss_mb": round(maxrss_mb())}
    if args.only in ("full", "both") and not args.rounds:
        cpu, wall, _, facts = run_full(arts, batch, args.profile)
        out["full"] = {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "words_per_s": round(words / cpu),
                       "articles_per_s": round(len(arts) / cpu, 2), "maxrss_mb": round(maxrss_mb()),
                       "facts": facts}
        if args.stages:
            out["components_cpu_s"] = {k: round(v, 2) for k, v in stage_shares(arts, batch).items()}
    if "bare" in out and "full" in out:
        out["ratio"] = round(out["full"]["words_per_s"] / out["bare"]["words_per_s"], 3)
    out["load_after"] = round(os.getloadavg()[0], 2)
    out["peak_mb"] = round(maxrss_mb())
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{out['articles']} BBC articles, {words:,} words, batch {batch}, "
          f"load average {out['load_before']} -> {out['load_after']} (2 cores)")
    for k in ("bare", "full"):
        if k in out:
            r = out[k]
            print(f"{k:5s} {r['words_per_s']:>8,} words/s  {r['articles_per_s']:>7.2f} articles/s/core"
                  f"  cpu {r['cpu_s']}s wall {r['wall_s']}s  maxrss {r['maxrss_mb']} MB")
    if "ratio" in out:
        ok = "ok" if out["ratio"] >= RATIO_BAR else "BELOW BAR"
        print(f"ratio full/bare {out['ratio']:.3f} (bar {RATIO_BAR}: {ok})")
    mem_ok = "ok" if out["peak_mb"] <= MEMORY_BAR_MB else "ABOVE BAR"
    print(f"peak memory {out['peak_mb']} MB (bar {MEMORY_BAR_MB} MB: {mem_ok})")
    for r in out.get("rounds", []):
        print(f"  round: bare {r['bare_cpu']}s full {r['full_cpu']}s ratio {r['ratio']} load {r['load']}")
    if "components_cpu_s" in out:
        tot = sum(out["components_cpu_s"].values())
        for k, v in out["components_cpu_s"].items():
            print(f"  {k:22s} {v:7.2f}s {100 * v / tot:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
