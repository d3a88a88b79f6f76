"""The Dask engine on a real LocalCluster (2 worker processes): shards, Parquet parts,
the store, reruns that skip finished shards, and a worker lost mid-run.

One cluster serves every step (starting workers and loading spaCy is most of the cost).
"""
from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES

pytest.importorskip("distributed")

# Short articles written for this test (two per shard with files_per_shard=2).
TEXTS = [
    ("Ministers agree budget", "LONDON, May 2 - Ministers agreed a new budget on Monday, the Treasury said."),
    ("Port strike ends", "ROTTERDAM, May 3 - Dock workers ended a strike on Tuesday after unions accepted a pay offer."),
    ("Rain floods valley", "Heavy rain flooded the valley on Wednesday, police said, and 40 families left their homes."),
    ("Court rejects appeal", "The Supreme Court rejected an appeal by the mining company on Thursday, its lawyers said."),
    ("Talks resume", "GENEVA, May 6 - Negotiators resumed talks on Friday, the United Nations said in a statement."),
]


@pytest.fixture(scope="module")
def cluster():
    from dateline.engines.dask import local_cluster

    c = local_cluster(2)  # what `--workers 2` starts
    yield c
    c.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("daskin")
    for n, (title, body) in enumerate(TEXTS):
        (d / f"a{n}.txt").write_text(f"{title}\n\n{body}\n")
    return [str(d), str(EXAMPLES / "feed_items.jsonl"), str(EXAMPLES / "wire_ap_style.txt")]


def _run(db, parts, inputs, cluster):
    from dateline.engines.dask import DaskIngest
    from dateline.store import open_store

    with open_store(str(db)) as store:
        run = DaskIngest(store, scheduler=cluster.scheduler_address, parts=str(parts), log=lambda m: None,
                         files_per_shard=2, articles_per_shard=1)
        stats = run.run(inputs)
        records = {r["id"]: r for r in store.iter_records()}
    return stats, records


def _local_records(inputs) -> dict:
    from dateline.ingest import expand
    from dateline.pipeline import process
    from dateline.readers import Article, iter_path

    arts = [a for p in expand(inputs) for a in iter_path(p) if isinstance(a, Article)]
    return {r.id: json.loads(r.to_json()) for r in process(arts)}


def test_dask_ingest_shards_parts_rerun_and_lost_worker(tmp_path, inputs, cluster):
    from dateline.engines.dask import CRASH_ONCE_FILE, read_partition

    parts = tmp_path / "parts"
    # 1. a first run: 3 file shards (5 texts + the wire file, 2 per shard) + 2 JSONL shards (1 line each)
    stats, recs = _run(tmp_path / "a.db", parts, inputs, cluster)
    assert stats.workers == 2 and stats.shards == 5 and stats.new == 8 and stats.failed == 0
    files = sorted(parts.glob("part-*.parquet"))
    assert len(files) == 5
    from_parts = {r.id for f in files for r in read_partition(f)}
    assert from_parts == set(recs)
    # the same records as the one-process pipeline
    assert recs == _local_records(inputs)
    assert any(r["events"] for r in recs.values()) and any(r["entities"] for r in recs.values())

    # 2. a rerun skips every finished shard (the JSONL file as one ledgered input): no task, nothing new
    stats2, recs2 = _run(tmp_path / "a.db", parts, inputs, cluster)
    assert stats2.new == 0 and stats2.shards_skipped == 3 and stats2.skipped_inputs == 7 and recs2 == recs

    # 3. a new store beside the old parts: filled from the partitions, nothing analysed
    stats3, recs3 = _run(tmp_path / "b.db", parts, inputs, cluster)
    assert stats3.shards_from_parquet == 5 and stats3.new == 8 and recs3 == recs

    # 4. a worker dies in the middle of a shard: only that shard is redone elsewhere
    parts4 = tmp_path / "parts4"
    parts4.mkdir()
    (parts4 / CRASH_ONCE_FILE).write_text("x")
    stats4, recs4 = _run(tmp_path / "c.db", parts4, inputs, cluster)
    assert not (parts4 / CRASH_ONCE_FILE).exists(), "no worker crashed"
    assert stats4.new == 8 and stats4.shards_failed == 0 and recs4 == recs
    assert len(list(parts4.glob("part-*.parquet"))) == 5


def _worker_setup() -> tuple:
    import os

    return os.getsid(0) == os.getpid(), os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS")


def test_local_workers_own_sessions_and_one_thread(cluster):
    """``--workers N``: each worker in a session of its own (Linux autogroup shares the CPU
    per session), one thread, BLAS/OpenMP pinned to one thread."""
    import os

    from distributed import Client

    from dateline.engines.dask import PipelinePlugin

    with Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=120)  # the worker killed above is back
        info = client.scheduler_info()["workers"]
        assert len(info) == 2 and all(w["nthreads"] == 1 for w in info.values())
        client.register_plugin(PipelinePlugin(own_session=True))  # as DaskIngest does for a local cluster
        seen = client.run(_worker_setup)
        sids = client.run(os.getsid, 0)
    assert all(v == (True, "1", "1") for v in seen.values()), seen
    assert len(set(sids.values())) == 2 and os.getsid(0) not in sids.values()
