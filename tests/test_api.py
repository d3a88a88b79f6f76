"""The HTTP API over the fixture store (tests/fixtures/server): routes, filters, paging,
errors, and POST /api/articles through the real pipeline."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conftest import validate
from server_live import TOKEN, fixture_store, fresh_copy


@pytest.fixture(scope="module")
def ids():
    return fixture_store()["ids"]


@pytest.fixture(scope="module")
def client():
    from dateline.server.app import create_app

    with TestClient(create_app(fixture_store()["path"], token=None)) as c:
        yield c


@pytest.fixture()
def writer(tmp_path):
    from dateline.server.app import create_app

    with TestClient(create_app(fresh_copy(tmp_path), token=TOKEN, max_body=20_000)) as c:
        yield c


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def test_openapi_document_lists_every_route(client):
    doc = client.get("/api/openapi.json").json()
    paths = doc["paths"]
    for p in ["/api/articles", "/api/articles/{article_id}", "/api/articles/facets", "/api/entities",
              "/api/entities/{key}", "/api/entities/{key}/timeline", "/api/events", "/api/clusters",
              "/api/clusters/{cluster_id}", "/api/attributions"]:
        assert "get" in paths[p], p
    post = paths["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/plain", "text/html"}
    assert {"401", "403", "413"} <= set(post["responses"])
    assert "HTTPBearer" in json.dumps(doc["components"]["securitySchemes"])


def test_articles_paged_with_cursor(client):
    seen, cursor, pages = [], None, 0
    while True:
        r = client.get("/api/articles", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        body = r.json()
        seen += [a["id"] for a in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6 and pages == 3
    published = [a["published"] for a in client.get("/api/articles?limit=10").json()["items"]]
    assert published == sorted(published, reverse=True)  # newest first


def test_search_and_facets(client, ids):
    hits = client.get("/api/articles", params={"q": "salmon tariffs"}).json()["items"]
    assert [h["id"] for h in hits] == [ids["talks-herald"]]
    assert "salmon" in hits[0]["snippet"]
    f = client.get("/api/articles/facets", params={"q": "Geneva"}).json()
    assert f["total"] == 4
    assert {"value": "CONSULT", "count": 4} in f["type"]
    assert {x["value"] for x in f["outlet"]} == {"Harbor Herald", "Capital Courier", "Lakeside Daily", "Valley Gazette"}
    assert f["date"] == [{"value": "2026-03", "count": 4}]
    narrowed = client.get("/api/articles", params={"q": "Geneva", "outlet": "Capital Courier"}).json()["items"]
    assert [h["id"] for h in narrowed] == [ids["talks-courier"]]
    by_type = client.get("/api/articles", params={"type": "protest"}).json()["items"]
    assert [h["id"] for h in by_type] == [ids["port-strike"]]
    by_date = client.get("/api/articles", params={"since": "2026-03-11"}).json()["items"]
    assert [h["id"] for h in by_date] == [ids["talks-courier"]]


def test_one_article_with_its_links(client, ids):
    aid = ids["talks-herald"]
    body = client.get(f"/api/articles/{aid}").json()
    rec = body["record"]
    validate(rec)
    assert rec["id"] == aid and rec["meta"]["outlet"] == "Harbor Herald"
    links = body["links"]
    assert links["entities"]["E1"].startswith("K")  # canonical entity of Alia Renner
    assert links["events"]["V1"]["outlets"] == 3 and links["events"]["V1"]["articles"] == 4
    assert client.get(f"/api/articles/{aid[:8]}").json()["record"]["id"] == aid  # unique prefix
    wire = client.get(f"/api/articles/{ids['talks-wire-valley']}").json()["links"]
    assert wire["wire"] == "Agence France-Presse" and wire["copy_group"] == ids["talks-wire-lakeside"]
    assert [d["id"] for d in wire["duplicates"]] == [ids["talks-wire-lakeside"]]


def test_errors_are_json_with_status(client):
    for url, status in [("/api/articles/ffffffffffffffff", 404), ("/api/entities/Knope", 404),
                        ("/api/clusters/Cnope", 404), ("/api/nope", 404),
                        ("/api/articles?cursor=!!!", 400), ("/api/articles?limit=0", 422),
                        ("/api/articles?limit=101", 422), ("/api/events?since=yesterday", 422),
                        ("/api/events?min_outlets=-1", 422)]:
        r = client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["status"] == status and r.json()["error"]
    assert client.delete("/api/articles").status_code == 405


def entity_key(client, name):
    items = client.get("/api/entities", params={"q": name}).json()["items"]
    return next(e["key"] for e in items if e["name"] == name)


def test_entity_search_detail_timeline(client):
    items = client.get("/api/entities", params={"q": "renner"}).json()["items"]
    assert [e["name"] for e in items] == ["Alia Renner"]
    people = client.get("/api/entities", params={"type": "PERSON", "country": "CHL"}).json()["items"]
    assert {e["name"] for e in people} >= {"Tomas Vek", "Marta Ibsen"}
    key = entity_key(client, "Alia Renner")
    e = client.get(f"/api/entities/{key}").json()
    assert e["type"] == "PERSON" and e["country"] == "NOR" and e["titles"] == ["Foreign Minister"]
    assert "Renner" in e["aliases"]
    assert [q["content"] for q in e["quotes_by"]] == ['"We came to Geneva to open our ports to each other, and we did,"']
    about = {q["content"] for q in e["quotes_about"]}
    assert "Renner had pressed hard for the salmon clause" in about and "Renner had given away too much" in about
    nodes = {n["name"] for n in e["graph"]["nodes"]}
    assert nodes == {"Alia Renner", "Tomas Vek"}
    edge = e["graph"]["edges"][0]
    assert edge["met"] == 2 and edge["types"] == {"CONSULT": 2}  # the Geneva meeting and the planned one
    tl = client.get(f"/api/entities/{key}/timeline").json()["items"]
    assert [(t["type"], t["date"], t["reports"]) for t in tl] == [("CONSULT", "2026-03-10", 4), ("CONSULT", "2026-06-01", 1)]
    vek = entity_key(client, "Tomas Vek")
    tl = client.get(f"/api/entities/{vek}/timeline", params={"limit": 2}).json()
    assert [t["type"] for t in tl["items"]] == ["REQUEST", "CONSULT"]  # the strike is the dockworkers' event
    assert tl["next_cursor"]


def test_event_filters(client):
    def types(**params):
        return sorted((e["type"], e["article_id"][:4]) for e in client.get("/api/events", params=params).json()["items"])

    assert len(types(actor="Alia Renner")) == 4  # Herald V1 and V3, the wire story and its copy
    assert len(types(recipient="alia renner")) == 1  # Courier puts Vek first
    assert {t for t, _ in types(place="Geneva")} == {"CONSULT", "AGREE"}
    assert [t for t, _ in types(type="protest")] == ["PROTEST"]
    assert [t for t, _ in types(status="planned")] == ["CONSULT"]
    assert [t for t, _ in types(since="2026-06-01")] == ["CONSULT"]
    assert {t for t, _ in types(until="2026-02-28")} == {"PROTEST"}  # undated events match no range
    three = client.get("/api/events", params={"min_outlets": 3}).json()["items"]
    assert len(three) == 4 and {e["type"] for e in three} == {"CONSULT"}
    assert all(e["cluster_id"] == three[0]["cluster_id"] for e in three)


def test_clusters_and_corroboration(client, ids):
    multi = client.get("/api/clusters", params={"min_outlets": 2}).json()["items"]
    assert sorted((c["type"], c["outlets"]) for c in multi) == [("AGREE", 2), ("CONSULT", 3)]
    assert [c["type"] for c in client.get("/api/clusters", params={"actor": "Tomas Vek", "type": "REQUEST"}).json()["items"]] == ["REQUEST"]
    consult = next(c for c in multi if c["type"] == "CONSULT")
    c = client.get(f"/api/clusters/{consult['cluster_id']}").json()
    assert c["articles"] == 4 and c["outlets"] == 3
    voices = c["voices"]
    assert voices[0]["voice"] == "wire:Agence France-Presse"  # the earliest report
    assert voices[0]["outlets"] == ["Lakeside Daily", "Valley Gazette"]
    assert [m["article_id"] for m in voices[0]["reports"]] == [ids["talks-wire-lakeside"], ids["talks-wire-valley"]]
    assert {s["source"] for s in c["corroboration"]["sources"]} == {"officials", "Chilean foreign ministry"}
    agree = next(x for x in multi if x["type"] == "AGREE")
    dis = client.get(f"/api/clusters/{agree['cluster_id']}").json()["corroboration"]["disagreements"]
    assert len(dis) == 1 and dis[0]["field"].startswith("figure:")  # the noun counted is the corpus layer's call
    assert dis[0]["values"] == {"10": [ids["talks-courier"]], "12": [ids["talks-herald"]]}


def test_attribution_filters(client):
    def contents(**params):
        return [q["content"] for q in client.get("/api/attributions", params=params).json()["items"]]

    assert contents(source_type="anonymous") == ["Renner had pressed hard for the salmon clause"]
    assert len(contents(speaker="Vek")) == 3
    assert len(contents(channel="AFP")) == 2
    assert contents(kind="mixed") == ['the port was "too important to stand still"']
    assert contents(q="exporters") == ['"This is a good day for our exporters,"']
    q = client.get("/api/attributions", params={"channel": "AFP"}).json()["items"][0]
    assert q["via"][0]["name"] == "AFP" and q["source_text"] == "officials"


ARTICLE = ("The harbour board of Tromso said on Monday that it would build a new ferry terminal, "
           "after months of talks with the city council. \"We need more room for ships,\" the board's chair, "
           "Ingrid Solberg, said.\n\nThe terminal is due to open in 2028.")


def test_post_article_through_the_pipeline(writer):
    r = writer.post("/api/articles", content=ARTICLE.encode(), headers={**auth(), "Content-Type": "text/plain"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] and body["entities"] >= 1
    again = writer.post("/api/articles", content=ARTICLE.encode(), headers={**auth(), "Content-Type": "text/plain"})
    assert again.status_code == 200 and again.json() == {**body, "created": False}
    rec = writer.get(f"/api/articles/{body['id']}").json()["record"]
    validate(rec)
    assert rec["text"].startswith("The harbour board of Tromso")
    assert writer.get("/api/articles", params={"q": "ferry terminal"}).json()["items"][0]["id"] == body["id"]
    page = ("<html><head><title>Ferry news</title></head><body><article><h1>New ferry line for Bodo</h1>"
            "<p>The city of Bodo will open a ferry line to the islands in May, the mayor said on Tuesday.</p>"
            "<p>Tickets will cost less than the bus, according to the transport office.</p></article></body></html>")
    r = writer.post("/api/articles", json={"html": page, "published": "2026-04-01T10:00", "outlet": "Nordic Post"},
                    headers=auth())
    assert r.status_code == 201, r.text
    rec = writer.get(f"/api/articles/{r.json()['id']}").json()["record"]
    assert "ferry line" in rec["text"] and rec["meta"]["outlet"] == "Nordic Post"
    assert rec["meta"]["published"] == "2026-04-01T10:00"


def test_post_refusals(writer, client):
    h = {"Content-Type": "text/plain"}
    assert writer.post("/api/articles", content=ARTICLE, headers=h).status_code == 401
    r = writer.post("/api/articles", content=ARTICLE, headers={**h, **auth("wrong")})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/articles", content=ARTICLE, headers={**h, **auth()}).status_code == 403  # no token set
    assert writer.post("/api/articles", content=b"x" * 20_001, headers={**h, **auth()}).status_code == 413
    assert writer.post("/api/articles", content=b"", headers={**h, **auth()}).status_code == 400
    assert writer.post("/api/articles", content=b"\x00\x01\x02" * 50, headers={**h, **auth()}).status_code == 400
    assert writer.post("/api/articles", content=b"{}", headers={"Content-Type": "application/json", **auth()}).status_code == 422
    assert writer.post("/api/articles", content=b"{nope", headers={"Content-Type": "application/json", **auth()}).status_code == 422
    assert writer.post("/api/articles", content=b"a,b", headers={"Content-Type": "text/csv", **auth()}).status_code == 415
    assert writer.get("/api/stats").json()["articles"] == 6  # nothing was stored


def test_ui_is_served_with_a_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and "/ui/app.js" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "http" not in r.text.split("<body>")[0].replace("http-equiv", "")  # no external resources
    js = client.get("/ui/app.js")
    assert js.status_code == 200 and "innerHTML" not in js.text.replace("No innerHTML anywhere", "")
    assert client.get("/ui/../app.py").status_code == 404
    assert client.get("/ui/secret.txt").status_code == 404


def test_response_cache_and_its_fast_path(tmp_path):
    from dateline.server.app import create_app

    with TestClient(create_app(fresh_copy(tmp_path), token=TOKEN)) as c:
        first = c.get("/api/articles?q=ferry")
        assert first.json()["items"] == [] and first.headers["x-cache"] == "miss"
        again = c.get("/api/articles?q=ferry")
        assert again.headers["x-cache"] == "hit" and again.content == first.content
        assert "script-src 'self'" in again.headers["content-security-policy"]
        assert c.get("/api/articles?q=ferry&limit=0").status_code == 422  # other keys are validated
        r = c.post("/api/articles", content=ARTICLE, headers={"Content-Type": "text/plain", **auth()})
        assert r.status_code == 201
        after = c.get("/api/articles?q=ferry")  # a write drops the cache
        assert after.headers["x-cache"] == "miss" and after.json()["items"][0]["id"] == r.json()["id"]


def _read_queries(client, ids) -> list[str]:
    """GET requests over every read route: valid ones, edge values and ones to reject."""
    from urllib.parse import quote

    art = next(iter(ids.values()))
    qs = ["/api/articles", "/api/articles?q=minister&limit=2", "/api/articles?limit=100", "/api/articles?limit=101",
          "/api/articles?limit=0", "/api/articles?limit=-1", "/api/articles?limit=%2B5", "/api/articles?limit=5.0",
          "/api/articles?limit=", "/api/articles?limit=2&limit=3", "/api/articles?since=2023", "/api/articles?since=2023-07",
          "/api/articles?since=2023-07-28&until=2023-12-31", "/api/articles?since=July", "/api/articles?since=2023%0A",
          "/api/articles?since=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%93", "/api/articles?q=" + "x" * 200,
          "/api/articles?q=" + "x" * 201, "/api/articles?q=%27%3B%20DROP%20TABLE%20articles%3B--",
          "/api/articles?cursor=bad", "/api/articles?cursor=" + "A" * 201, "/api/articles?unknown=1",
          "/api/articles/facets?q=minister", f"/api/articles/{art}", "/api/articles/nope", "/api/articles/" + "a" * 65,
          "/api/entities?q=kim", "/api/entities?type=PERSON&limit=3", "/api/entities?country=PRK",
          "/api/entities/nope", "/api/entities/nope/timeline", "/api/events", "/api/events?type=CONSULT",
          "/api/events?actor=kim&since=2023-07", "/api/events?min_outlets=1", "/api/events?min_outlets=10001",
          "/api/events?min_outlets=x", "/api/events?status=reported&limit=1", "/api/clusters",
          "/api/clusters?min_outlets=2", "/api/clusters/nope", "/api/clusters/nope?limit=0",
          "/api/attributions?speaker=kim", "/api/attributions?source_type=state_media&kind=direct",
          "/api/attributions?channel=%25", "/api/events/", "/api/nothing"]
    for e in client.get("/api/entities?limit=3").json()["items"]:
        qs += [f"/api/entities/{quote(e['key'])}", f"/api/entities/{quote(e['key'])}/timeline?limit=2"]
    clusters = client.get("/api/clusters?limit=2").json()["items"]
    assert clusters and len(qs) > 50
    for c in clusters:
        qs += [f"/api/clusters/{quote(c['cluster_id'])}", f"/api/clusters/{quote(c['cluster_id'])}?limit=1"]
    return qs


@pytest.mark.parametrize("slow_ms", [None, -1.0])
def test_fast_path_answers_exactly_as_fastapi(ids, slow_ms, monkeypatch):
    """Every read request gets the same status and body from the fast path as from the
    FastAPI routes (including the requests to reject, which the fast path hands over),
    whether the query runs in the event loop or (slow_ms -1: every shape is slow) on a
    query thread."""
    from dateline.server import fastpath
    from dateline.server.app import create_app

    if slow_ms is not None:
        monkeypatch.setattr(fastpath, "SLOW_QUERY_MS", slow_ms)
    path = fixture_store()["path"]
    with TestClient(create_app(path, cache=False)) as fast, TestClient(create_app(path, cache=False, fast=False)) as slow:
        direct = 0
        for q in _read_queries(slow, ids):
            a, b = fast.get(q), slow.get(q)
            assert (a.status_code, a.json()) == (b.status_code, b.json()), q
            assert a.headers["content-security-policy"] == b.headers["content-security-policy"], q
            assert a.headers["x-content-type-options"] == "nosniff", q
            direct += a.headers.get("x-cache") == "miss"
        assert direct >= 30  # most requests took the fast path
        assert fast.get("/api/articles?limit=0").json()["error"] == "invalid_request"


def test_serve_command(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app

    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 2
    assert "--token" in CliRunner().invoke(app, ["serve", "--help"]).output


def _stores(tmp_path):
    """A fresh copy of the fixture store (SQLite), then a new PostgreSQL schema when
    DATELINE_TEST_PG names a server (.ci/run starts one)."""
    import os
    import uuid

    yield fresh_copy(tmp_path)
    pg = os.environ.get("DATELINE_TEST_PG")
    if not pg:
        return
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    address = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"
    try:
        yield address
    finally:
        with psycopg.connect(pg, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


def test_a_write_by_another_server_process_drops_this_ones_cache(tmp_path):
    # two Backends on one store stand for two `--workers` processes
    from dateline.pipeline import process
    from dateline.readers import read_bytes
    from dateline.server.app import Backend

    rec = next(process([read_bytes(ARTICLE.encode("utf-8"), url=None, fmt="text", path=None)]))
    for address in _stores(tmp_path):
        a, b = Backend(address), Backend(address)
        key = "/api/articles?q=ferry"
        body, gen = a.cache_get(key)
        assert body is None
        a.cache_put(key, b'{"items":[]}', gen)
        assert a.cache_get(key)[0] == b'{"items":[]}', address
        body, gen = a.cache_get("/api/articles?q=harbour")  # a miss being computed ...
        assert b.writer.put(rec)  # ... when another process writes
        a.cache_put("/api/articles?q=harbour", b'{"old":1}', gen)  # computed before the write: not kept
        assert a.cache_get(key)[0] is None, address  # stale: dropped
        assert a.cache_get("/api/articles?q=harbour")[0] is None, address
        a.close()
        b.close()
