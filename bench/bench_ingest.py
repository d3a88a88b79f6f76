"""Ingest benchmark: the BBC corpus (2,225 articles) through `dateline ingest --jobs N`.

Runs the real CLI in a subprocess into a fresh SQLite file and samples the resident
memory of the whole process tree (the main process and its workers) every 0.2 s.
Reports articles per second (ingest only, and with the link step), per core (divided
by the worker count), MB of text per second, peak RSS of the tree and of the largest
process, the store's row counts and failures.

    python bench/bench_ingest.py [--data ../shared/data/corpora/bbc-news] [--jobs 2] [--limit N]
        [--out bench/out/ingest.json]

Long: several minutes on two cores. Run it in the background with output to a file.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "corpora" / "bbc-news"


CPU: dict[int, float] = {}   # pid -> latest user+system CPU seconds seen


def tree_rss(pid: int) -> tuple[int, int]:
    """(sum, max) RSS in bytes of a process and its descendants; records their CPU time."""
    try:
        import psutil

        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
        rss = []
        for q in procs:
            try:
                rss.append(q.memory_info().rss)
                t = q.cpu_times()
                CPU[q.pid] = t.user + t.system
            except psutil.Error:
                pass
        return sum(rss), max(rss or [0])
    except Exception:
        return 0, 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="ingest only the first N files")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "ingest.json"))
    args = ap.parse_args()

    files = sorted(str(p) for p in Path(args.data).rglob("*.txt") if p.name != "README.TXT")
    if args.limit:
        files = files[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    inputs = work / "in"
    inputs.mkdir()
    for f in files:  # a flat copy keeps the command line short
        rel = Path(f).relative_to(args.data)
        dst = inputs / "_".join(rel.parts)
        shutil.copyfile(f, dst)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    db = work / "bench.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-c", "from dateline.cli import app; app()", "ingest", str(inputs), "--db", str(db),
           "--jobs", str(args.jobs), "-q"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    peak_sum = peak_max = 0
    while proc.poll() is None:
        s, m = tree_rss(proc.pid)
        peak_sum, peak_max = max(peak_sum, s), max(peak_max, m)
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read()
    con = sqlite3.connect(db)
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("articles", "entities", "mentions", "times", "attributions", "events", "failures",
                        "canon_entities", "event_clusters", "duplicates")}
    ingest_s = None
    for line in stderr.splitlines():
        if " new, " in line and " in " in line:
            try:
                ingest_s = float(line.split(" in ")[1].split("s")[0])
            except (IndexError, ValueError):
                pass
    n = counts["articles"]
    report = {
        "corpus": args.data, "files": len(files), "mb": round(mb, 2), "jobs": args.jobs,
        "exit_code": proc.returncode, "wall_seconds": round(wall, 1), "ingest_seconds": ingest_s,
        "articles_per_second": round(n / wall, 2),
        "articles_per_second_ingest_only": round(n / ingest_s, 2) if ingest_s else None,
        "articles_per_second_per_core": round(n / wall / args.jobs, 2),
        # CPU seconds of the whole process tree (sampled): independent of other load on the machine
        "cpu_seconds": round(sum(CPU.values()), 1),
        "articles_per_cpu_second": round(n / sum(CPU.values()), 2) if CPU else None,
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "mb_per_second": round(mb / wall, 3),
        "peak_rss_tree_mb": round(peak_sum / 1e6, 1), "peak_rss_largest_process_mb": round(peak_max / 1e6, 1),
        "cpu_count": os.cpu_count(), "counts": counts, "stderr_tail": stderr.strip().splitlines()[-4:],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
