"""Corpus layer: wire credits, near-duplicates, entities across articles, same-event
clusters and their corroboration, on hand-built records; and (once the events stage
lands) the seed plus two reports of the same meeting through the real pipeline."""
from __future__ import annotations

import json

import pytest
from corpus_helpers import KIM, PYONGYANG, SHOIGU, make_record, meeting_reports

from conftest import ROOT, SEED, need_shared
from dateline.corpus import build_clusters, link_corpus
from dateline.corpus.corroboration import figures
from dateline.corpus.dedup import copies, near_duplicates, wire_credit
from dateline.corpus.linking import link_entities, norm_name
from dateline.store import open_store

FIXTURES = ROOT / "tests" / "fixtures" / "kim_shoigu"


@pytest.mark.parametrize("text,agency", [
    ("PYONGYANG, July 26 (Reuters) - Kim met Shoigu.", "Reuters"),
    ("SEOUL, South Korea (AP) — North Korea fired a missile.", "Associated Press"),
    ("BEIJING, Jan. 3 (Xinhua) -- China said on Tuesday ...", "Xinhua"),
    ("Pyongyang, July 27 (KCNA) -- The respected Comrade ...", "Korean Central News Agency"),
    ("The ministry said the talks would resume.\n\n(c) AFP", "Agence France-Presse"),
    ("Officials declined to comment.\n\nYonhap contributed to this report.", "Yonhap"),
    ("The bill passes to the senate.\n\n(Reporting by A. Writer; Editing by B. Editor)", "Reuters"),
    ("Kim met Shoigu, Reuters reported, citing KCNA.", None),       # a source, not a credit
    ("The AP Stylebook changed its rules on Tuesday.", None),
])
def test_wire_credit(text, agency):
    assert wire_credit(text) == agency


def test_near_duplicates_find_the_copy_not_the_rewrite():
    recs = meeting_reports()
    texts = {r.id: r.text * 3 for r in recs}   # long enough to shingle
    pairs, sigs = near_duplicates(texts)
    wire, copy = recs[1].id, recs[3].id
    assert [(a, b) for a, b, _ in pairs] == [(wire, copy)]
    assert len(sigs) == 4 and all(len(s[2]) == 8 * 128 for s in sigs)


def test_copies_give_one_voice_to_a_syndicated_story():
    recs = meeting_reports()
    rows = [{"id": r.id, "outlet": r.meta.outlet, "published": r.meta.published, "text": r.text * 3} for r in recs]
    per, dups, outlets, _ = copies(rows)
    by = {a: (w, g, v) for a, w, g, v in per}
    assert by[recs[1].id] == ("Reuters", recs[1].id, "wire:Reuters")
    assert by[recs[3].id] == ("Reuters", recs[1].id, "wire:Reuters")     # copy -> group of the earlier wire
    assert by[recs[2].id][2] == "outlet:the harbour ledger"
    assert ("Reuters", "wire", "GBR") in outlets


def test_entities_linked_across_articles():
    recs = [r.to_dict() for r in meeting_reports()]
    ents = link_entities(recs)
    cid = {(a, e): c for (a, e), c in ents.links.items()}
    names = {c["cid"]: c for c in ents.canon}
    shoigu_ids = {cid[(r["id"], e["id"])] for r in recs for e in r["entities"] if "Shoigu" in e["name"]}
    assert len(shoigu_ids) == 1                      # "Shoigu" joins "Sergei Shoigu"
    assert names[shoigu_ids.pop()]["name"] == "Sergei Shoigu"
    kcna = {cid[(r["id"], e["id"])] for r in recs for e in r["entities"] if "KCNA" in e["name"] or "Korean" in e["name"]}
    assert len(kcna) == 1                            # alias KCNA = Korean Central News Agency
    assert norm_name("the Kim Jong-un's") == "kim jong un"


def _link(recs):
    rows = [{"id": r.id, "outlet": r.meta.outlet, "published": r.meta.published, "text": r.text * 3} for r in recs]
    per, *_ = copies(rows)
    info = {r.id: {"outlet": r.meta.outlet, "published": r.meta.published, "title": r.meta.title} for r in recs}
    for a, w, g, v in per:
        info[a].update(wire=w, copy_group=g, voice=v)
    return build_clusters([r.to_dict() for r in recs], info)


def test_same_meeting_from_four_articles_is_one_event_with_three_voices():
    recs = meeting_reports()
    ents, clusters = _link(recs)
    names = {c["cid"]: c["name"] for c in ents.canon}
    shoigu = [c for c in clusters if "Sergei Shoigu" in {names[x] for x in c["actors"] + c["recipients"]}]
    assert len(shoigu) == 1
    c = shoigu[0]
    assert c["type"] == "CONSULT" and c["articles"] == 4
    assert c["outlets"] == 3                        # the copy of the wire story counts once
    corr = c["corroboration"]
    assert corr["earliest"]["article_id"] == recs[1].id          # the wire, 26 July 19:40
    assert {s["source"] for s in corr["sources"]} >= {"Korean Central News Agency", "North Korean state media"}
    kcna = next(s for s in corr["sources"] if s["source"] == "Korean Central News Agency")
    assert kcna["type"] == "state_media" and len(kcna["articles"]) == 3
    dates = next(d for d in corr["disagreements"] if d["field"] == "date")
    assert dates["values"]["2023-07-27"] == [recs[2].id]
    # the second meeting (Kim-Li) is its own event, not chained into the first
    li = [c for c in clusters if "Li Hongzhong" in {names[x] for x in c["actors"] + c["recipients"]}]
    assert len(li) == 1 and li[0]["articles"] == 1 and li[0]["cluster_id"] != c["cluster_id"]


def test_no_merge_across_type_participants_or_dates():
    base = "Kim Jong Un met Sergei Shoigu in Pyongyang."
    ev = {"type": "CONSULT", "actor": ["Kim Jong Un"], "recipient": ["Sergei Shoigu"], "location": "Pyongyang"}
    recs = [
        make_record(base, outlet="A", published="2023-07-26", entities=[KIM, SHOIGU, PYONGYANG],
                    events=[{**ev, "date": "2023-07-26"}]),
        make_record(base + " ", outlet="B", published="2023-07-26", entities=[KIM, SHOIGU, PYONGYANG],
                    events=[{**ev, "type": "ACCUSE", "date": "2023-07-26"}]),             # other type
        make_record(base + "  ", outlet="C", published="2023-09-13", entities=[KIM, SHOIGU, PYONGYANG],
                    events=[{**ev, "date": "2023-09-13"}]),                               # weeks later
        make_record("Kim Jong Un met Li Hongzhong in Pyongyang.", outlet="D", published="2023-07-26",
                    entities=[KIM, ("Li Hongzhong", "PERSON"), PYONGYANG],
                    events=[{**ev, "recipient": ["Li Hongzhong"], "date": "2023-07-26"}]),  # other guest
    ]
    _, clusters = _link(recs)
    assert len(clusters) == 4 and all(c["articles"] == 1 for c in clusters)


def test_figures_read_counts_not_years():
    assert figures("Police said 12 people were killed in 2023 and 1,200 homes destroyed.") == \
        {"people": "12", "homes": "1200"}
    assert figures("at least three soldiers died") == {"soldiers": "3"}


def test_link_corpus_through_the_store_is_repeatable(tmp_path):
    db = tmp_path / "c.db"
    with open_store(str(db)) as store:
        for r in meeting_reports():
            store.put(r)
        first = link_corpus(store)
        rows1 = store.events(limit=50)
        second = link_corpus(store)
        rows2 = store.events(limit=50)
        assert first == second and rows1 == rows2
        assert first["copies"] == 0 or first["copies"] == 1
        ev = store.events(actor="Shoigu", type="CONSULT")
        assert len(ev) == 1 and ev[0]["articles"] == 4 and ev[0]["outlets"] == 3
        assert store.events(actor="Shoigu", min_outlets=4) == []
        assert len(store.events(participant="Kim Jong Un")) == 2
        assert store.events(since="2023-08-01") == []
        assert len(store.events(until="2023-07-26", type="CONSULT")) == 2
        detail = store.cluster(ev[0]["cluster_id"][:8])
        assert len(detail["members"]) == 4 and detail["members"][0]["evidence"].startswith("PYONGYANG")


# ---------------------------------------------------------------------------------------
# PIPELINE TEST, waits for the events stage: the seed + two reports we wrote of the same
# meeting (tests/fixtures/kim_shoigu) through the real pipeline and `dateline ingest`.
# Skipped while the events stage is the stub (the seed yields no events); the lead merges.
# ---------------------------------------------------------------------------------------
def test_seed_meeting_three_reports_one_event(tmp_path, seed_record):
    need_shared(SEED)
    if not seed_record.events:
        pytest.skip("events stage not merged yet: the seed yields no events (stub)")
    from dateline.ingest import Ingest

    db = str(tmp_path / "k.db")
    with open_store(db) as store:
        Ingest(store, jobs=1, log=lambda m: None).run(
            [str(SEED), str(FIXTURES / "wire_reuters_style.txt"), str(FIXTURES / "harbour_ledger.html")])
        assert store.counts()["articles"] == 3
        link_corpus(store)
        hits = [e for e in store.events(participant="Shoigu", type="CONSULT")
                if any("Kim" in n for n in e["actors"] + e["recipients"])]
        assert len(hits) == 1, json.dumps(hits, indent=1)[:3000]
        ev = hits[0]
        assert ev["articles"] == 3 and ev["outlets"] == 3
        sources = {s["source"] for s in ev["corroboration"]["sources"]}
        assert any("KCNA" in s or "Korean Central News Agency" in s or "state media" in s for s in sources), sources


# ------------------------------------------------------------------ eval crossdoc
def test_coref_metrics_on_a_known_case():
    from dateline.eval.crossdoc import score

    gold = ["a", "a", "a", "b", "b", "c"]
    assert score(gold, gold)["conll_f1"] == pytest.approx(1.0)
    one = score(gold, ["x"] * 6)
    # B3 of everything-in-one: P = (3*3/6 + 2*2/6 + 1/6)/6 = 14/36, R = 1
    assert one["b3_p"] == pytest.approx(14 / 36) and one["b3_r"] == pytest.approx(1.0)
    assert one["muc_f1"] == pytest.approx(2 * 0.6 * 1 / 1.6)     # MUC P = 3/5, R = 3/3
    single = score(gold, list("uvwxyz"))
    assert single["muc_f1"] == 0 and single["b3_p"] == pytest.approx(1.0)


def test_crossdoc_beats_the_type_day_baseline_on_one_topic():
    from dateline.eval.crossdoc import annotate, b_cubed, baseline_type_day, doc_vectors, load, ours, _clusters

    data = need_shared(ROOT.parent / "shared" / "data" / "events" / "crossdoc")
    docs, mentions = load(data, limit=1)
    assert len({d.topic for d in docs}) == 1 and len(mentions) > 50
    annotate(docs, mentions)
    gold = _clusters([m.gold for m in mentions])
    dmap = {d.name: d for d in docs}
    base = b_cubed(gold, _clusters(baseline_type_day(mentions, dmap, True)))[2]
    pred, _ = ours(mentions, docs, doc_vectors(docs), True)
    mine = b_cubed(gold, _clusters(pred))[2]
    assert mine > base + 0.1, (mine, base)
