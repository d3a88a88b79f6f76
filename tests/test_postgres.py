"""PostgreSQL store: same interface and same answers as SQLite on the same articles.

Runs against a real server: ``.ci/run`` (through ``.ci/postgres.sh``) installs and
starts PostgreSQL and exports ``DATELINE_TEST_PG=postgresql://...``; without it these
tests skip. Each test works in a schema of its own, dropped at the end.
"""
from __future__ import annotations

import json
import os
import uuid

import pytest

from conftest import EXAMPLES

PG = os.environ.get("DATELINE_TEST_PG")
need_pg = pytest.mark.skipif(not PG, reason="DATELINE_TEST_PG is unset: no PostgreSQL server to test against "
                                               "(.ci/run starts one through .ci/postgres.sh)")

# Three outlets report one event (written for this test); a fourth is a wire copy.
REPORTS = [
    {"url": "https://a.example/1", "outlet": "Harbour Post", "published": "2024-03-05T08:00:00Z",
     "title": "Kenya and Ethiopia sign water-sharing accord",
     "text": "NAIROBI, March 5 - Kenya signed a water-sharing agreement with Ethiopia on Tuesday, the foreign "
             "ministry said.\n\n\"This accord ends a long dispute over the river,\" Foreign Minister Amina Oduya "
             "told reporters in Nairobi.\n\nEthiopia will release more water during the dry season, officials said."},
    {"url": "https://b.example/2", "outlet": "Valley Times", "published": "2024-03-05T11:00:00Z",
     "title": "Ethiopia, Kenya agree on river water",
     "text": "ADDIS ABABA, March 5 - Ethiopia and Kenya signed an agreement on Tuesday to share the waters of the "
             "river, according to the Ethiopian government.\n\nKenyan Foreign Minister Amina Oduya said the deal "
             "would help farmers. Police arrested two protesters outside the ministry, witnesses said."},
    {"url": "https://c.example/3", "outlet": "Coast Daily", "published": "2024-03-06T07:00:00Z",
     "title": "Protesters detained after water deal",
     "text": "NAIROBI, March 6 - Police in Nairobi arrested two protesters on Tuesday after Kenya signed a water "
             "deal with Ethiopia, a police spokesman said.\n\nThe opposition accused the government of giving "
             "away too much, party leader Daniel Mwangi said in a statement."},
]


@pytest.fixture()
def pg_address():
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG else "?"
    yield f"{PG}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(PG, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """The records of the test articles and the examples, made once for every store."""
    from dateline.ingest import expand
    from dateline.pipeline import process
    from dateline.readers import Article, iter_path

    d = tmp_path_factory.mktemp("pgin")
    with open(d / "reports.jsonl", "w") as f:
        for r in REPORTS:
            f.write(json.dumps(r) + "\n")
    arts = [a for p in expand([str(d / "reports.jsonl"), str(EXAMPLES)]) for a in iter_path(p)
            if isinstance(a, Article)]
    return list(process(arts))


def _fill(store, records):
    from dateline.corpus import link_corpus

    new, old = store.put_many(records)
    store.mark_input(str(EXAMPLES / "wire_ap_style.txt"), "done", 1, 10, 1.0)
    link_corpus(store)
    return new, old


def _answers(store) -> dict:
    """Every query method, with the arguments a user would give, as JSON-ready data."""
    ids = sorted(r["id"] for r in store.article_rows())
    ents = store.entities(limit=200)
    out = {
        "counts": store.counts(),
        "records": sorted(json.dumps(r, sort_keys=True) for r in store.iter_records()),
        "get": [store.get(i) for i in ids],
        "find": store.find(ids[0][:3]),
        "events": store.events(limit=500),
        "events_kenya": store.events(participant="Kenya"),
        "events_type": store.events(type="agree"),
        "events_since": store.events(since="2024-03-06"),
        "events_outlets": store.events(min_outlets=2),
        "events_text": store.events(text="water"),
        "clusters": [store.cluster(c["cluster_id"]) for c in store.events(limit=500)],
        "quotes": store.quotes(limit=500),
        "quotes_speaker": store.quotes(speaker="Oduya"),
        "quotes_text": store.quotes(text="accord OR farmers"),
        "timeline": store.timeline("Kenya"),
        "outlets": store.outlets(),
        "entities": ents,
        "entities_kenya": store.entities("kenya"),
        "search_ids": sorted(r["id"] for r in store.search("water")),
        "search_phrase": sorted(r["id"] for r in store.search('"water deal"')),
        "search_bad": sorted(r["id"] for r in store.search('"unbalanced (')),
        "search_prefix": sorted(r["id"] for r in store.search("protest*")),
        "search_not": sorted(r["id"] for r in store.search("water NOT police")),
        "inputs_done": [store.input_done(str(EXAMPLES / "wire_ap_style.txt"), 10, 1.0),
                        store.input_done(str(EXAMPLES / "wire_ap_style.txt"), 11, 1.0)],
    }
    return out


@need_pg
def test_postgres_and_sqlite_give_identical_answers(tmp_path, pg_address, records):
    from dateline.store import open_store

    with open_store(str(tmp_path / "t.db")) as lite:
        s1 = _fill(lite, records)
        a = _answers(lite)
    with open_store(pg_address) as pg:
        assert type(pg).__name__ == "PostgresStore"
        s2 = _fill(pg, records)
        b = _answers(pg)
    n = len(records)                    # 3 reports + the examples
    assert n >= 7 and s1 == s2 == (n, 0)
    assert a["counts"]["articles"] == n and a["counts"]["events"] > 0 and a["counts"]["event_clusters"] > 0
    assert a["quotes_speaker"] and a["events_kenya"] and a["search_ids"] and a["search_prefix"]
    for key in a:
        assert a[key] == b[key], key


@need_pg
def test_postgres_rerun_duplicates_nothing_and_failures_once(pg_address, records):
    from dateline.store import open_store

    with open_store(pg_address) as pg:
        _fill(pg, records)
        first = pg.counts()
        assert _fill(pg, records) == (0, len(records)) and pg.counts() == first     # linked again from cached signatures
        pg.log_failure("x.txt", "empty", "x.txt: no text")
        pg.log_failure("x.txt", "empty", "x.txt: no text")
        assert [f["location"] for f in pg.failures()] == ["x.txt"]
        # a second connection sees the schema migrated and the data
    with open_store(pg_address) as again:
        from dateline.store.postgres import migrations

        assert again.version == migrations()[-1][0] >= 3 and {**again.counts(), "failures": 0} == first


def test_fts_query_translation():
    from dateline.store.postgres import tsquery

    sql, args = tsquery('"water deal" OR protest* NOT police')
    assert sql.count("phraseto_tsquery") == 2 and "to_tsquery" in sql and "||" in sql and "!!" in sql
    assert args == ["water deal", "protest:*", "police"]
    sql, args = tsquery('"unbalanced (')           # does not parse: its words, ANDed
    assert args == ["unbalanced"]


def test_both_backends_have_the_same_migrations():
    """Every SQLite migration has its PostgreSQL translation, same version number."""
    from dateline.store import postgres, sqlite

    assert [v for v, _ in postgres.migrations()] == [v for v, _ in sqlite.migrations()]


def _read_answers(store) -> dict:
    """Every read-API method (what `dateline serve` calls), with typical filters."""
    ents = store.entity_search(limit=100)
    keys = [e["key"] for e in ents]
    clusters = store.cluster_page(limit=100)
    arts = store.article_page(limit=100)
    return {
        "stats": store.stats(),
        "articles": arts, "articles_q": store.article_page(q="water"),
        "articles_type": store.article_page(type="AGREE"), "facets": store.article_facets(),
        "article": [store.article(a["id"]) for a in arts],
        "entities": ents, "entities_q": store.entity_search(q="ken"), "entities_pct": store.entity_search(q="%"),
        "entity": [store.entity(k) for k in keys], "entity_json": [store.entity_json(k) for k in keys],
        "timeline": [store.entity_timeline(k) for k in keys],
        "events": store.event_page(limit=100), "events_actor": store.event_page(actor="Kenya"),
        "events_type": store.event_page(type="agree"), "events_pct": store.event_page(actor="%"),
        "clusters": clusters, "clusters_kenya": store.cluster_page(participant="Kenya"),
        "cluster": [store.cluster_detail(c["cluster_id"]) for c in clusters],
        "quotes": store.attribution_page(limit=100), "quotes_speaker": store.attribution_page(speaker="Oduya"),
        "quotes_q": store.attribution_page(q="accord"), "quotes_pct": store.attribution_page(speaker="%"),
    }


@need_pg
def test_postgres_read_api_gives_the_sqlite_answers(tmp_path, pg_address, records):
    from dateline.store import open_store

    with open_store(str(tmp_path / "t.db")) as lite:
        _fill(lite, records)
        a = _read_answers(lite)
    with open_store(pg_address) as pg:
        _fill(pg, records)
        b = _read_answers(pg)
    assert a["articles"] and a["clusters"] and a["entity"] and a["quotes_speaker"] and a["events_actor"]
    assert a["entities_pct"] == a["events_pct"] == a["quotes_pct"] == []
    for key in a:
        assert a[key] == b[key], key
