"""Ingest: every input kind (folders, globs, feeds, WARC, JSONL, compressed), bad records
logged and skipped, and a run killed with SIGKILL then resumed = an uninterrupted run."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT, need_shared
from dateline.readers import Failure, iter_path
from dateline.record import record_id

STORY = ("The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
         "found cracks in two of its supports, the mayor said in a statement.")


def _rss(path: Path) -> None:
    items = "".join(
        f"""<item><title>Story {n}</title><link>https://example.org/{n}</link>
        <pubDate>Tue, 0{n} Mar 2024 10:00:00 GMT</pubDate>
        <description><![CDATA[<p>{STORY} Item {n}.</p><p>{STORY}</p>]]></description></item>"""
        for n in (1, 2))
    bad = "<item><title>Empty</title><link>https://example.org/e</link></item>"
    path.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
    {items}{bad}</channel></rss>""")


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        page = f"<html><head><title>Bridge closed</title></head><body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>"
        for url, body, ctype in (("https://example.org/a", page.encode(), "text/html; charset=utf-8"),
                                 ("https://example.org/logo.png", b"\x89PNG....", "image/png"),
                                 ("https://example.org/empty", b"<html><body></body></html>", "text/html")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            w.write_record(rec)


def test_feed_entries_are_articles(tmp_path):
    _rss(tmp_path / "f.rss")
    items = list(iter_path(tmp_path / "f.rss"))
    arts = [i for i in items if not isinstance(i, Failure)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(arts) == 2 and len(fails) == 1 and fails[0].where.endswith("#3")
    a = arts[0]
    assert a.source.format == "rss" and a.source.url == "https://example.org/1"
    assert a.meta.title == "Story 1" and a.meta.outlet == "Harbour Gazette"
    assert a.meta.published.startswith("2024-03-01T10:00") and a.text.startswith("The city council")


def test_warc_html_responses_are_articles(tmp_path):
    _warc(tmp_path / "c.warc.gz")
    items = list(iter_path(tmp_path / "c.warc.gz"))
    arts = [i for i in items if not isinstance(i, Failure)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(arts) == 1 and arts[0].source.format == "warc"
    assert arts[0].source.url == "https://example.org/a" and "harbour bridge" in arts[0].text
    assert len(fails) == 1 and fails[0].reason == "no_article"     # the empty page; the PNG is passed over


def test_compressed_text_and_jsonl(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"text": STORY, "outlet": "X"}) + "\nnot json\n").encode()))
    a = list(iter_path(tmp_path / "a.txt.gz"))
    assert len(a) == 1 and a[0].text == STORY
    b = list(iter_path(tmp_path / "b.jsonl.gz"))
    assert b[0].meta.outlet == "X" and isinstance(b[1], Failure) and b[1].reason == "bad_jsonl"
    (tmp_path / "c.txt.gz").write_bytes(b"\x1f\x8bnot really gzip")
    c = list(iter_path(tmp_path / "c.txt.gz"))
    assert isinstance(c[0], Failure) and c[0].reason == "bad_compressed"


def test_ingest_everything_logs_bad_records_and_goes_on(tmp_path):
    from dateline.ingest import Ingest
    from dateline.store import open_store

    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    _rss(src / "feed.rss")
    _warc(src / "crawl.warc.gz")
    (src / "sub" / "one.txt").write_text("Harbour bridge closed\n\n" + STORY.replace("Tuesday", "Monday"))
    (src / "sub" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "lines.jsonl").write_text(json.dumps({"text": STORY.replace("council", "assembly")}) + "\n{bad\n")
    logged = []
    with open_store(str(tmp_path / "i.db")) as store:
        stats = Ingest(store, jobs=1, log=logged.append).run([str(src)])
        assert stats.new == 5 and stats.failed == 4, (stats, logged)
        reasons = {f["reason"] for f in store.failures()}
        assert reasons >= {"binary", "bad_jsonl", "empty", "no_article"}
        assert any("binary.txt" in m for m in logged)
        assert store.counts()["inputs"] == 5
        again = Ingest(store, jobs=1, log=logged.append).run([str(src)])
        assert again.new == 0 and again.skipped_inputs == 5 and store.counts()["failures"] == 4


def _counts(db: Path) -> dict:
    con = sqlite3.connect(db)
    out = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
           for t in ("articles", "entities", "mentions", "times", "attributions", "events", "failures", "inputs",
                     "canon_entities", "entity_links", "event_clusters", "cluster_members")}
    out["ids"] = sorted(r[0] for r in con.execute("select id from articles"))
    con.close()
    return out


def _ingest_cmd(src: Path, db: Path, jobs: int = 1) -> list[str]:
    # one file per work unit, so a kill can fall between two stored articles
    return [sys.executable, "-c", "import dateline.ingest as i; i.FILES_PER_UNIT = 1; "
            "from dateline.cli import app; app()", "ingest", str(src), "--db", str(db), "-q", "--jobs", str(jobs)]


def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path):
    bbc = need_shared(DATA / "corpora" / "bbc-news" / "politics")
    src = tmp_path / "slice"
    src.mkdir()
    seen = set()
    for f in sorted(bbc.glob("*.txt"), key=lambda f: (f.stat().st_size, f.name)):   # the shortest six texts
        rid = record_id(next(iter_path(f)).text)
        if rid not in seen and len(seen) < 6:       # (the corpus repeats a few stories)
            seen.add(rid)
            (src / f.name).write_bytes(f.read_bytes())
    (src / "zz_bad.txt").write_bytes(b"\x00" * 50)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    whole, cut = tmp_path / "whole.db", tmp_path / "cut.db"
    # a run killed with SIGKILL once some articles are stored
    proc = subprocess.Popen(_ingest_cmd(src, cut), env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
        try:
            con = sqlite3.connect(cut, timeout=1)
            stored = con.execute("select count(*) from articles").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            stored = 0
        if stored >= 2:
            break
    if proc.poll() is not None:
        pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 2 <= _counts(cut)["articles"] < 6
    # started again: finishes the job
    res = subprocess.run(_ingest_cmd(src, cut), env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 3, res.stderr          # 3: some inputs failed (the binary file), the rest went in
    # the same inputs in one uninterrupted run, on two workers
    res = subprocess.run(_ingest_cmd(src, whole, jobs=2), env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 3, res.stderr
    a, b = _counts(cut), _counts(whole)
    assert a == b and a["articles"] == 6 and a["failures"] == 1 and a["inputs"] == 7


def test_a_worker_crash_fails_its_input_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"ok{n}.txt").write_text(STORY.replace("Tuesday", ["Monday", "Friday", "Sunday"][n]))
    (src / "kill-me.txt").write_text(STORY)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATELINE_TEST_WORKER_CRASH_MARK": "kill-me"}
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-c", "import dateline.ingest as i; i.FILES_PER_UNIT = 1; "
           "from dateline.cli import app; app()", "ingest", str(src), "--db", str(db), "-q", "--jobs", "2", "--no-link"]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 3, res.stderr
    assert "worker process died" in res.stderr
    c = _counts(db)
    assert c["articles"] == 3 and c["failures"] == 1 and c["inputs"] == 4
    con = sqlite3.connect(db)
    assert con.execute("select reason from failures").fetchone()[0] == "worker_crashed"
