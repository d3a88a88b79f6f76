"""The SQLite store: schema and migrations, atomic idempotent puts, the input ledger,
failures once, FTS5 search over text and quotes, query methods, export formats."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

from corpus_helpers import meeting_reports

from dateline.corpus import link_corpus
from dateline.export import POLECAT_COLUMNS, export
from dateline.store import EventQuery, open_store
from dateline.store.sqlite import _statements, migrations


def test_migrations_reach_the_latest_version_and_are_idempotent(tmp_path):
    db = str(tmp_path / "s.db")
    latest = migrations()[-1][0]
    with open_store(db) as s:
        assert s.version == latest >= 2
    with open_store(db) as s:           # opening again applies nothing twice
        assert s.version == latest
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("select name from sqlite_master")}
    assert {"articles", "entities", "mentions", "times", "attributions", "events", "event_clusters",
            "cluster_members", "canon_entities", "entity_links", "outlets", "duplicates", "inputs",
            "articles_fts", "quotes_fts"} <= names


def test_migration_from_version_1_keeps_rows(tmp_path):
    db = str(tmp_path / "old.db")
    con = sqlite3.connect(db)
    v1 = dict(migrations())[1]
    for stmt in _statements(v1):
        con.execute(stmt)
    con.execute("insert into articles (id, text, record, title) values ('a1', 'Kim met Shoigu in Pyongyang.', '{}', 't')")
    con.execute("pragma user_version=1")
    con.commit()
    con.close()
    with open_store(db) as s:
        assert s.version >= 2 and s.counts()["articles"] == 1
        assert [r["id"] for r in s.search("Shoigu")] == ["a1"]      # FTS rebuilt over old rows


def test_trigger_statements_are_split_whole():
    sql = "CREATE TABLE t (a);\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n-- c\n"
    assert len(_statements(sql)) == 2


def test_put_is_atomic_and_idempotent(tmp_path):
    recs = meeting_reports()
    with open_store(str(tmp_path / "p.db")) as s:
        assert s.put_many(recs) == (4, 0)
        assert s.put_many(recs) == (0, 4)
        c = s.counts()
        assert c["articles"] == 4 and c["events"] == 5 and c["attributions"] == 5
        assert s.get(recs[0].id)["text"] == recs[0].text
        assert s.find(recs[0].id[:6]) == [recs[0].id]


def test_input_ledger_and_failures_once(tmp_path):
    with open_store(str(tmp_path / "l.db")) as s:
        assert s.input_done("x.txt", 10, 1.0) is None
        s.mark_input("x.txt", "done", 3, 10, 1.0)
        assert s.input_done("x.txt", 10, 1.0) == 3
        assert s.input_done("x.txt", 11, 1.0) is None       # changed file: read again
        s.log_failure("bad.bin", "binary", "bad.bin: input looks binary")
        s.log_failure("bad.bin", "binary", "bad.bin: input looks binary")
        assert [f["reason"] for f in s.failures()] == ["binary"]


def test_search_and_quotes(tmp_path):
    recs = meeting_reports()
    with open_store(str(tmp_path / "q.db")) as s:
        s.put_many(recs)
        link_corpus(s)
        hits = s.search("armistice")
        assert {h["id"] for h in hits} == {recs[1].id, recs[3].id} and "[armistice]" in hits[0]["snippet"]
        assert s.search("Kim-Shoigu (") == [] or isinstance(s.search("Kim-Shoigu ("), list)   # bad syntax: no crash
        q = s.quotes(speaker="KCNA")
        assert len(q) == 4 and all(x["source_type"] == "state_media" for x in q)
        q = s.quotes(speaker="Korean Central News Agency", text="Li Hongzhong")
        assert [x["content"] for x in q] == ["He also met Li Hongzhong"]
        tl = s.timeline("Sergei Shoigu")
        assert [t["kind"] for t in tl] == ["event"] and tl[0]["outlets"] == 3
        assert s.entities("Shoigu")[0]["name"] == "Sergei Shoigu"
        outlets = {o["name"]: o for o in s.outlets()}
        assert outlets["Reuters"]["kind"] == "wire" and outlets["Reuters"]["credited"] == 2
        assert outlets["The Harbour Ledger"]["kind"] == "outlet"
        ev = s.events(EventQuery(text="armistice"))
        assert len(ev) == 1 and ev[0]["articles"] == 4


def test_export_plover_and_polecat(tmp_path):
    with open_store(str(tmp_path / "e.db")) as s:
        s.put_many(meeting_reports())
        link_corpus(s)
        buf = io.StringIO()
        assert export(s, "plover", buf) == 2
        rows = json.loads(buf.getvalue())
        main = next(r for r in rows if r["dateline"]["articles"] == 4)
        assert main["event_type"] == "CONSULT" and main["date"] == "2023-07-26"
        assert main["location"]["placename"] == "Pyongyang"
        assert main["dateline"]["independent_outlets"] == 3
        assert any(x["source"] == "Korean Central News Agency" for x in main["dateline"]["sources"])
        buf = io.StringIO()
        assert export(s, "polecat", buf, EventQuery(min_outlets=2, limit=100)) == 1
        table = list(csv.reader(io.StringIO(buf.getvalue()), delimiter="\t"))
        assert table[0] == POLECAT_COLUMNS and len(table) == 2
        row = dict(zip(table[0], table[1]))
        assert row["Event Type"] == "CONSULT" and row["Independent Outlets"] == "3"
        assert "state_media" in row["Source Types"] and row["Status"] == "reported"


def test_query_cli_formats(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app

    db = str(tmp_path / "c.db")
    with open_store(db) as s:
        s.put_many(meeting_reports())
        link_corpus(s)
    run = CliRunner().invoke
    res = run(app, ["query", "events", "--db", db, "--actor", "Shoigu", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 1 and rows[0]["outlets"] == 3
    res = run(app, ["query", "quotes", "--db", db, "--speaker", "KCNA", "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0].startswith("published,speaker")
    pq = tmp_path / "t.parquet"
    res = run(app, ["query", "timeline", "Kim Jong Un", "--db", db, "-f", "parquet", "-o", str(pq)])
    assert res.exit_code == 0, res.output
    import pyarrow.parquet as pqr

    assert pqr.read_table(pq).num_rows == 2
    res = run(app, ["export", "--db", db, "--format", "polecat", "-o", str(tmp_path / "p.tsv")])
    assert res.exit_code == 0 and (tmp_path / "p.tsv").read_text().count("\n") == 3
