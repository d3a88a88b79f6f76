"""Security of the server: untrusted article text renders inert in the browser,
injection strings in filters neither error nor leak, writes need the token, and a
schemathesis run over the OpenAPI document finds no server error."""
from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from server_live import (CHROMIUM, CHROMIUM_ARGS, TOKEN, LiveServer, artifacts, chromium_missing,
                         fixture_store, fresh_copy)

XSS_TEXT = ("Officials met in Oslo on Monday. <script>window.__xss = 1</script> The talks went on "
            "<img src=x onerror=\"window.__xss = 2\"> for hours, the ministry said. "
            "\"<svg onload=window.__xss=3>\" was written on a banner, a witness said.\n\n"
            "A second paragraph <a href=\"javascript:window.__xss=4\">click</a> ends here.")
EVIL = '<img src=x onerror="window.__xss=5">'


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory):
    """A copy of the fixture store plus one hostile article: posted through the API
    (real pipeline), then a record whose every field carries markup."""
    from dateline.record import Record
    from dateline.server.app import create_app
    from dateline.store import open_store

    path = fresh_copy(tmp_path_factory.mktemp("evil"))
    with TestClient(create_app(path, token=TOKEN)) as c:
        r = c.post("/api/articles", json={"text": XSS_TEXT, "title": "Talks <script>window.__xss=6</script>",
                                          "outlet": EVIL}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        posted = r.json()["id"]
    text = "Envoy " + EVIL + " met <b>Kim</b> in Oslo and said \"<script>window.__xss=7</script>\" today."
    s_ent, s_kim = text.index(EVIL), text.index("<b>Kim</b>")
    quote = text.index('"<script>')
    rec = Record.model_validate({
        "id": "e111111111111111", "source": {"url": "javascript:window.__xss=8", "format": "text"},
        "meta": {"title": EVIL, "outlet": "Evil <i>Outlet</i>", "published": "2026-05-01T10:00", "authors": [EVIL],
                 "warnings": [EVIL]},
        "text": text,
        "entities": [
            {"id": "E1", "name": EVIL, "type": "PERSON", "titles": [EVIL], "country": "NOR", "mentions": [[s_ent, s_ent + len(EVIL)]]},
            {"id": "E2", "name": "<b>Kim</b>", "type": "PERSON", "mentions": [[s_kim, s_kim + 10]]},
            {"id": "E3", "name": "Oslo", "type": "GPE", "country": "NOR", "mentions": [[text.index("Oslo"), text.index("Oslo") + 4]]}],
        "attributions": [{"id": "A1", "kind": "direct", "source": "E1", "source_text": EVIL, "source_span": None,
                          "source_type": "official", "via": ["E2"], "cue": {"text": "said", "start": text.index("said"), "end": text.index("said") + 4},
                          "content": {"text": text[quote:text.index(" today")], "start": quote, "end": text.index(" today")},
                          "date": EVIL}],
        "events": [{"id": "V1", "type": "CONSULT", "actor": ["E1"], "recipient": ["E2"], "location": "E3", "status": "asserted",
                    "date": {"value": "2026-05-01", "text": EVIL, "granularity": "day"}, "mode": EVIL,
                    "evidence": {"start": 0, "end": len(text)}, "confidence": 0.5,
                    "trigger": {"text": "met", "start": text.index("met"), "end": text.index("met") + 3}}],
    })
    with open_store(path) as store:
        store.put(rec)
        from dateline.corpus import link_corpus

        link_corpus(store)
    return {"path": path, "posted": posted, "crafted": rec.id}


@pytest.mark.browser
@pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
def test_hostile_text_renders_inert(evil_store):
    from playwright.sync_api import sync_playwright

    con = sqlite3.connect(evil_store["path"])
    cid = con.execute("SELECT cid FROM entity_links WHERE article_id=? AND eid='E1'", (evil_store["crafted"],)).fetchone()[0]
    cluster = con.execute("SELECT cluster_id FROM cluster_members WHERE article_id=?", (evil_store["crafted"],)).fetchone()[0]
    con.close()
    pages = [f"/#/article/{evil_store['posted']}", f"/#/article/{evil_store['crafted']}", f"/#/entity/{cid}",
             f"/#/cluster/{cluster}", "/#/search?q=Oslo", "/#/quotes?source_type=official", "/#/entities?q=img",
             "/#/events?type=CONSULT", "/#/search?q=%3Cscript%3Ewindow.__xss%3D9%3C%2Fscript%3E"]
    with LiveServer(evil_store["path"]) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        pg = browser.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in pages:
            pg.goto(server.url + url)
            pg.wait_for_selector("body[data-ready='1']", state="attached")
            pg.wait_for_timeout(150)  # give an injected handler (onerror, onload) its chance to fire
            assert pg.evaluate("() => window.__xss") is None, url
            assert pg.locator("#app script, #app img, #app iframe, #app svg[onload]").count() == 0, url
            assert pg.locator("#app [onerror], #app [onload], #app [onclick]").count() == 0, url
            assert pg.locator("#app a[href^='javascript']").count() == 0, url
            pg.evaluate("() => document.body.removeAttribute('data-ready')")
        # the markup is shown as text, as the article wrote it
        pg.goto(server.url + f"/#/article/{evil_store['posted']}")
        pg.wait_for_selector("#article-text")
        shown = pg.locator("#article-text").inner_text()
        assert "<script>window.__xss = 1</script>" in shown and 'onerror="window.__xss = 2"' in shown
        assert "<script>window.__xss=6</script>" in pg.locator("h1").inner_text()
        pg.screenshot(path=str(artifacts() / "security-article-inert.png"), full_page=True)
        pg.goto(server.url + f"/#/entity/{cid}")
        pg.wait_for_selector(".entity-head")
        assert EVIL in pg.locator(".entity-head h1").inner_text()
        assert pg.evaluate("() => window.__xss") is None
        assert dialogs == []
        browser.close()


INJECTIONS = ["' OR '1'='1", "1; DROP TABLE articles; --", "\" OR \"\"=\"", "%", "_", "*", "NEAR(a b)",
              "title:* OR text:*", "\"unterminated", ") OR (1=1", "\\", "E1' UNION SELECT record FROM articles --",
              "<script>alert(1)</script>", "../../etc/passwd", "{\"$gt\": \"\"}", "K' OR cid LIKE '%", "\x00", "ü' --"]
FILTERS = {
    "/api/articles": ["q", "outlet", "country", "type", "entity_type"],
    "/api/articles/facets": ["q", "outlet", "country", "type"],
    "/api/entities": ["q", "type", "country"],
    "/api/events": ["actor", "recipient", "type", "place", "status"],
    "/api/clusters": ["actor", "recipient", "type", "place", "status"],
    "/api/attributions": ["speaker", "source_type", "channel", "kind", "q"],
}


def test_injection_in_every_filter_neither_errors_nor_leaks(tmp_path):
    from dateline.server.app import create_app

    path = fresh_copy(tmp_path)
    with TestClient(create_app(path)) as c:
        before = c.get("/api/stats").json()
        for route, params in FILTERS.items():
            for param in params:
                for value in INJECTIONS:
                    r = c.get(route, params={param: value})
                    assert r.status_code == 200, (route, param, value, r.text)
                    body = r.json()
                    if "items" in body:
                        assert body["items"] == [], (route, param, value)
                    else:
                        assert body["total"] == 0, (route, param, value)
                    assert "Traceback" not in r.text and "sqlite" not in r.text.lower()
            for bad_date in ["2026-01-01' OR 1=1 --", "' OR 1=1", "2026-13"]:
                if route in ("/api/events", "/api/clusters", "/api/articles"):
                    r = c.get(route, params={"since": bad_date})
                    assert r.status_code in (200, 422) and "sqlite" not in r.text.lower(), bad_date
        for value in INJECTIONS[:12]:
            for url in (f"/api/articles/{value}", f"/api/entities/{value}", f"/api/entities/{value}/timeline",
                        f"/api/clusters/{value}"):
                r = c.get(url.replace("\x00", "%00").replace("%", "%25") if "%" in value else url)
                assert r.status_code in (404, 422), (url, r.status_code)
        assert c.get("/api/stats").json() == before  # nothing changed, nothing dropped


def test_writes_need_the_token(tmp_path):
    from dateline.server.app import create_app

    body = {"text": "The city council of Bergen voted on Monday to build a new bridge, the mayor said."}
    with TestClient(create_app(fresh_copy(tmp_path), token=TOKEN)) as c:
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer "}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Basic " + TOKEN}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN[:-1]}"}).status_code == 401
        for method in ("put", "delete", "patch"):
            assert getattr(c, method)(f"/api/articles/{fixture_store()['ids']['markets']}").status_code == 405
        assert c.get("/api/stats").json()["articles"] == 6
    with TestClient(create_app(fresh_copy(tmp_path / ".."), token=None)) as c:
        r = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403 and "disabled" in r.json()["detail"]


def test_schemathesis_finds_no_server_error():
    """Property-based requests from the OpenAPI document (bounded examples per route)."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error

    from dateline.server.app import create_app

    app = create_app(fixture_store()["path"], token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 12
    calls = []
    for op in ops:
        @settings(max_examples=20, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=op.as_strategy())
        def check(case):
            response = case.call()
            calls.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        check()
    assert len(calls) >= 100 and 500 not in calls
