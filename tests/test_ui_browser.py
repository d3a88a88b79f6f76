"""The web UI in a real browser (Playwright for Python driving Debian's Chromium):
search -> article -> entity -> event cluster, with screenshots in test-artifacts/."""
from __future__ import annotations

import pytest

from server_live import CHROMIUM, CHROMIUM_ARGS, LiveServer, artifacts, chromium_missing, fixture_store

pytestmark = [pytest.mark.browser, pytest.mark.skipif(chromium_missing() is not None,
                                                      reason=chromium_missing() or "")]


@pytest.fixture(scope="module")
def server():
    with LiveServer(fixture_store()["path"]) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=server.url)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # no request may leave the server's origin (the UI works with no internet)
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    pg.errors, pg.outside = errors, outside
    yield pg
    ctx.close()


def wait_ready(pg):
    pg.wait_for_selector("body[data-ready='1']", state="attached")


def test_search_article_entity_cluster(page):
    shots = artifacts()
    page.goto("/")
    wait_ready(page)
    page.fill("#q", "Geneva")
    page.click("#searchform button")
    page.wait_for_selector(".hit")
    titles = page.locator(".hit-title").all_inner_texts()
    assert "Norway and Chile sign trade pact after Geneva talks" in titles
    assert "Dockworkers strike at Valparaiso port" not in titles
    # facets: event type, country, outlet, month
    assert "CONSULT" in page.locator("#facet-type").inner_text()
    assert "NOR" in page.locator("#facet-country").inner_text()
    assert "Capital Courier" in page.locator("#facet-outlet").inner_text()
    assert "2026-03" in page.locator("#facet-date").inner_text()
    assert page.locator(".entity-strip a", has_text="Geneva").count() == 1
    page.screenshot(path=str(shots / "ui-1-search.png"), full_page=True)

    # a facet narrows the results
    page.locator("#facet-outlet a", has_text="Capital Courier").click()
    page.wait_for_selector(".chip:has-text('outlet: Capital Courier')")
    assert page.locator(".hit-title").all_inner_texts() == ["Chile, Norway seal 10 agreements in Geneva"]
    page.go_back()
    page.wait_for_selector(".hit-title:has-text('Norway and Chile sign trade pact')")

    # article: highlighted spans and the record beside them
    page.locator(".hit-title", has_text="Norway and Chile sign trade pact").click()
    page.wait_for_selector("#article-text")
    text = page.locator("#article-text")
    assert text.locator(".seg.hl-ent.ent-PERSON", has_text="Alia Renner").count() >= 1
    assert text.locator(".seg.hl-att.src-government").count() >= 1
    assert text.locator(".seg.hl-att.src-anonymous").count() >= 1
    assert text.locator(".seg.hl-time", has_text="Tuesday").count() == 1
    assert text.locator(".seg.hl-trig", has_text="met").count() == 1
    record = page.locator("aside.record")
    assert "CONSULT" in record.inner_text() and "planned" in record.inner_text()
    # every field links to its evidence: clicking one marks its span in the text
    record.locator("li.att a.ev").first.click()
    focused = "".join(text.locator(".seg.focus").all_inner_texts())
    assert "We came to Geneva" in focused
    page.screenshot(path=str(shots / "ui-2-article.png"), full_page=False)

    # entity page
    record.locator("ul.ents a.ent", has_text="Alia Renner").first.click()
    page.wait_for_selector(".entity-head")
    head = page.locator(".entity-head").inner_text()
    assert "Alia Renner" in head and "Foreign Minister" in head and "NOR" in head
    tl = page.locator("ol.timeline")
    assert tl.locator("li").count() >= 2
    assert "CONSULT" in tl.inner_text()
    assert page.locator("svg.graph circle").count() >= 2
    assert page.locator("svg.graph text", has_text="Tomas Vek").count() == 1
    assert page.locator("svg.graph line.met").count() >= 1
    assert "open our ports" in page.locator("section.panel", has_text="Quotes by").inner_text()
    assert "pressed hard" in page.locator("section.panel", has_text="Quotes about").inner_text()
    page.screenshot(path=str(shots / "ui-3-entity.png"), full_page=True)

    # event cluster: the Geneva meeting, reported by four articles from three voices
    tl.locator("li", has_text="CONSULT").locator("a.cluster-link", has_text="report").first.click()
    page.wait_for_selector(".cluster-head")
    head = page.locator(".cluster-head").inner_text()
    assert "CONSULT" in head and "Alia Renner" in head and "Tomas Vek" in head
    assert "4" in page.locator(".stat", has_text="reports").inner_text()
    assert "3" in page.locator(".stat", has_text="independent outlets").inner_text()
    voices = page.locator("li.voice")
    assert voices.count() == 3
    wire = voices.filter(has_text="Agence France-Presse")
    assert "2 copies" in wire.inner_text() and "Lakeside Daily" in wire.inner_text()
    assert "Valley Gazette" in wire.inner_text()
    # reports in order: the wire story came first
    firsts = page.locator("li.voice .voice-head strong").all_inner_texts()
    assert "Agence France-Presse" in firsts[0]
    sources = page.locator("section.panel", has_text="Original sources").inner_text()
    assert "Chilean foreign ministry" in sources
    page.screenshot(path=str(shots / "ui-4-cluster.png"), full_page=True)

    assert page.errors == []
    assert page.outside == []


def test_cluster_disagreement_and_lists(page):
    page.goto("/#/events?type=AGREE")
    wait_ready(page)
    page.wait_for_selector("table.grid a.cluster-link")
    page.locator("table.grid a.cluster-link").first.click()
    page.wait_for_selector(".cluster-head")
    dis = page.locator("section.panel", has_text="Disagreements").inner_text()
    assert "agreements" in dis and "12" in dis and "10" in dis
    page.screenshot(path=str(artifacts() / "ui-5-cluster-disagreement.png"), full_page=True)
    page.goto("/#/quotes?source_type=anonymous")
    page.wait_for_selector("ul.quotes li")
    assert "pressed hard" in page.locator("ul.quotes").inner_text()
    page.goto("/#/article/0000000000000000")
    page.wait_for_selector(".error")
    assert "Not found" in page.locator(".error").inner_text()
    assert page.outside == []
