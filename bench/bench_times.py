"""Benchmark of the time tagger: expressions per second on one core.

    PYTHONPATH=src python bench/bench_times.py [--corpus tempeval|bbc] [--repeat 3] [--json]

Runs ``dateline.timex.tag`` (detection + normalisation, the whole time stage minus the
Doc plumbing) over plain news text, pinned to one CPU, and reports CPU time (process
time, so other load on a shared machine does not count against it) and wall time.
Corpora come from ../shared/data: TempEval-3 TBAQ-cleaned (anchored on each DCT) or the
BBC news articles (anchored on 2005-01-01). Bar: at least 2,000 expressions per second.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"
BAR = 2000


def load(corpus: str) -> list[tuple[str, str]]:
    if corpus == "tempeval":
        from dateline.eval.time import load_docs

        return [(d.text, d.dct) for d in load_docs(DATA / "time" / "tempeval3")]
    files = sorted((DATA / "corpora" / "bbc-news").glob("*/*.txt"))
    return [(f.read_text(encoding="utf-8", errors="replace"), "2005-01-01") for f in files]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["tempeval", "bbc"], default="tempeval")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:
            pass
    from dateline.timex import grammar, tag

    docs = load(args.corpus)
    if not docs:
        print(f"no {args.corpus} data under {DATA}", file=sys.stderr)
        return 2
    grammar()  # compile the patterns once, outside the timing
    best = None
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        n = sum(len(tag(text, anchor)) for text, anchor in docs)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        if best is None or cpu < best[1]:
            best = (n, cpu, wall)
    n, cpu, wall = best
    chars = sum(len(t) for t, _ in docs)
    out = {"corpus": args.corpus, "documents": len(docs), "characters": chars, "expressions": n,
           "cpu_seconds": round(cpu, 3), "wall_seconds": round(wall, 3),
           "expressions_per_cpu_second": round(n / cpu, 1), "documents_per_cpu_second": round(len(docs) / cpu, 1),
           "mb_per_cpu_second": round(chars / cpu / 1e6, 3), "bar": BAR, "ok": n / cpu >= BAR}
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:28s} {v}")
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
