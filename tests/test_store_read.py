"""The Store's read API (what ``dateline serve`` calls): cluster summaries written at link
time, entity pages precomputed at link time, per-article events, attributions, one
cluster with a page of its reports, LIKE patterns that treat ``%`` and ``_`` literally.

Hand-built records (tests/corpus_helpers.py: three outlets and one syndicated copy
report one meeting) for exact content; the examples/ folder through the pipeline for
consistency between the list and detail methods."""
from __future__ import annotations

import json

import pytest
from corpus_helpers import meeting_reports

from dateline.corpus import link_corpus
from dateline.store import open_store
from dateline.store import sqlite as sqlite_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("read") / "r.db")
    old = sqlite_store.ENTITY_PAGE_MIN_ARTICLES
    sqlite_store.ENTITY_PAGE_MIN_ARTICLES = 3     # precompute the pages of Kim and Shoigu only
    try:
        with open_store(db) as s:
            s.put_many(meeting_reports())
            info = link_corpus(s)
    finally:
        sqlite_store.ENTITY_PAGE_MIN_ARTICLES = old
    assert info["entity_pages"] >= 2
    with open_store(db) as s:
        yield s


def _kim_shoigu(store):
    return next(c for c in store.cluster_page(type="CONSULT")
                if {"Kim Jong Un", "Sergei Shoigu"} <= set(c["actors"] + c["recipients"]))


def test_cluster_summary_rows_match_the_clusters(store):
    full = {c["cluster_id"]: c for c in store.events(limit=100)}
    summaries = store.cluster_page(limit=100)
    assert [c["cluster_id"] for c in summaries] == list(full)          # same filter, same order
    for s in summaries:
        c = full[s["cluster_id"]]
        for k in ("type", "date", "actors", "recipients", "actor_ids", "location", "status", "articles", "outlets",
                  "earliest_article", "earliest_published"):
            assert s[k] == c[k], k
        assert s["sources"] == len(c["corroboration"]["sources"])
        assert "corroboration" not in s                                 # the list reads one small row
    ks = _kim_shoigu(store)
    assert ks["articles"] == 4 and ks["outlets"] == 3 and ks["location"] == "Pyongyang"
    # the Reuters wire story (19:40 on the 26th) is the first report
    assert ks["first_report"]["title"] == "N.Korea's Kim meets Russia's Shoigu"
    assert ks["first_report"]["outlet"] == "Reuters"
    assert [c["cluster_id"] for c in store.cluster_page(actor="Sergei Shoigu", min_outlets=3)] == [ks["cluster_id"]]
    assert store.cluster_page(type="ASSAULT") == []


def test_cluster_detail_pages_its_reports(store):
    cid = _kim_shoigu(store)["cluster_id"]
    whole = store.cluster_detail(cid)
    assert whole["members_total"] == 4 and len(whole["members"]) == 4 and whole["next_offset"] is None
    assert [m["outlet"] for m in whole["members"]][0] == "Reuters"     # earliest first
    # the wire story and its syndicated copy are one voice
    sizes = sorted(len(v["reports"]) for v in whole["voices"])
    assert sizes == [1, 1, 2]
    first = store.cluster_detail(cid, limit=1)
    assert first["members_total"] == 4 and len(first["members"]) == 1 and first["next_offset"] == 1
    rest = store.cluster_detail(cid, offset=1, limit=10)
    assert [m["article_id"] for m in first["members"] + rest["members"]] == [m["article_id"] for m in whole["members"]]
    assert store.cluster_detail(cid[:8])["cluster_id"] == cid          # a unique prefix
    assert store.cluster_detail("Cnope") is None


def test_entity_search_page_and_precomputed_page(store):
    hits = store.entity_search(q="shoigu")
    assert hits[0]["name"] == "Sergei Shoigu" and hits[0]["type"] == "PERSON" and hits[0]["articles"] == 4
    assert store.entity_search(q="shoigu", type="ORG") == []
    key = hits[0]["key"]
    page = store.entity(key)
    assert page["name"] == "Sergei Shoigu" and page["articles"] == 4
    assert "Shoigu" in page["aliases"]
    assert {n["name"] for n in page["graph"]["nodes"]} >= {"Sergei Shoigu", "Kim Jong Un"}
    kim = store.entity_search(q="Kim Jong Un")[0]["key"]
    edge = next(e for e in page["graph"]["edges"] if {e["source"], e["target"]} == {key, kim})
    assert edge["met"] >= 1 and edge["types"] == {"CONSULT": edge["weight"]}
    # KCNA's quote in the first report names Shoigu: a quote about him
    assert any("Sergei Shoigu" in q["content"] for q in page["quotes_about"])
    # the page written at link time is the page computed now
    from dateline.store import sqlite_read as R

    assert store.db.execute("SELECT count(*) FROM entity_pages WHERE cid=?", (key,)).fetchone()[0] == 1
    assert R.entity_detail(store.db, store.features(), key, precomputed=False) == page
    assert json.loads(store.entity_json(key)) == page                  # the JSON text the API sends as is
    li = store.entity_search(q="Li Hongzhong")[0]["key"]                 # in one article: computed per request
    assert store.entity_json(li) is None and store.entity(li)["name"] == "Li Hongzhong"
    tl = store.entity_timeline(key)
    assert len(tl) == 1 and tl[0]["type"] == "CONSULT" and tl[0]["reports"] == 4
    assert store.entity("Knope") is None


def test_event_and_attribution_pages(store):
    consult = store.event_page(type="consult", limit=50)
    assert len(consult) == 5 and all(e["type"] == "CONSULT" for e in consult)
    by_kim = store.event_page(actor="Kim Jong Un", limit=50)
    assert by_kim and all(any(a["name"] == "Kim Jong Un" for a in e["actors"]) for e in by_kim)
    assert all(e["cluster_id"] for e in by_kim)
    assert len(store.event_page(actor="Kim Jong Un", limit=2)) == 2
    li = store.event_page(recipient="Li Hongzhong")
    assert [e["recipients"][0]["name"] for e in li] == ["Li Hongzhong"]
    kcna = store.attribution_page(source_type="state_media", limit=50)
    assert len(kcna) == 5
    said = store.attribution_page(speaker="Korean Central News Agency", limit=50)
    assert said and all(q["source_type"] == "state_media" for q in said)
    assert [q["content"] for q in store.attribution_page(q="Li Hongzhong")] == ["He also met Li Hongzhong"]


def test_articles_facets_and_one_article(store):
    arts = store.article_page(limit=10)
    assert len(arts) == 4 and arts[0]["published"] >= arts[-1]["published"]   # newest first
    assert [a["title"] for a in store.article_page(q="armistice")] == ["Kim meets Shoigu (wire)",
                                                                     "N.Korea's Kim meets Russia's Shoigu"]
    f = store.article_facets()
    assert f["total"] == 4 and {"value": "CONSULT", "count": 4} in f["type"]
    one = store.article(arts[0]["id"][:8])
    assert one["record"]["id"] == arts[0]["id"] and set(one["links"]["events"]) == {
        e["id"] for e in one["record"]["events"]}
    assert store.article("nope") is None
    st = store.stats()
    assert st["articles"] == 4 and st["events"] == 5 and st["event_clusters"] >= 2


def test_like_wildcards_in_user_input_are_literal(store):
    """A '%' or '_' typed by a user matches only itself (LIKE ... ESCAPE)."""
    assert store.events(actor="Kim Jong Un")                 # a name matches
    assert store.events(actor="%") == [] and store.cluster_page(actor="%") == []
    assert store.events(actor="Kim_Jong_Un") == []
    assert store.quotes(speaker="%") == [] and store.quotes(speaker="_") == []
    assert store.entity_search(q="%") == [] and store.attribution_page(speaker="%") == []
    cid = _kim_shoigu(store)["cluster_id"]
    assert store.cluster("_" + cid[1:8]) is None and store.cluster_detail("_" + cid[1:8]) is None
    assert store.cluster(cid[:8])["cluster_id"] == cid


def test_examples_lists_agree_with_details(tmp_path):
    """Over the examples/ folder through the pipeline: every listed item opens."""
    from conftest import EXAMPLES
    from dateline.ingest import expand
    from dateline.pipeline import process
    from dateline.readers import Article, iter_path

    arts = [a for p in expand([str(EXAMPLES)]) for a in iter_path(p) if isinstance(a, Article)]
    with open_store(str(tmp_path / "ex.db")) as s:
        s.put_many(process(arts))
        link_corpus(s)
        listed = s.article_page(limit=100)
        assert len(listed) == s.stats()["articles"] >= 4
        for a in listed:
            assert s.article(a["id"])["record"]["meta"].get("title") == a["title"]
        for c in s.cluster_page(limit=100):
            d = s.cluster_detail(c["cluster_id"])
            assert d["members_total"] == c["articles"] == len(d["members"])
            assert sum(len(v["reports"]) for v in d["voices"]) == c["articles"]
        for e in s.entity_search(limit=30):
            page = s.entity(e["key"])
            assert page["name"] == e["name"] and page["articles"] == e["articles"]


def test_clusters_linked_before_schema_3_are_summarised_on_the_fly(tmp_path):
    """A store linked before migration 0003 has no summary rows: the list computes them."""
    with open_store(str(tmp_path / "old.db")) as s:
        s.put_many(meeting_reports())
        link_corpus(s)
        fresh = s.cluster_page(limit=100)
        s.db.execute("UPDATE event_clusters SET summary = NULL")
        assert s.cluster_page(limit=100) == fresh
