"""`dateline eval events`: PLOVER gold records and WikiEvents dev.

PLOVER (``events/plover/gold_standard_records/PLOVER_GSR_CAMEO.txt``): each record is one
sentence coded with one event. We run the pipeline on the sentence and take the event
mention whose trigger lies in the coded event phrase (``eventText``), else the sentence's
main event (the trigger nearest the root). Scored: event-type accuracy after the README's
draft-0.5 mapping (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT), with
our status folded into PLOVER's single category (``stages.events.plover_category``: future
cooperation -> AGREE, future hostility -> THREATEN); source/target actors as P/R/F1 by
head word (a predicted argument matches a coded actor when either's last content word is
among the other's words). Records sharing a sentence are each scored.

WikiEvents (``events/wikievents/dev.jsonl``): full articles through the pipeline; the KAIROS
types that map to PLOVER (table ``KAIROS`` below, documented in docs/events.md) are scored
for trigger identification and classification (span overlap) and argument identification
and classification (head-word overlap with the gold argument or a mention coreferent with it,
roles mapped to actor / recipient / location). Predicted triggers on gold triggers of
unmapped types (deaths, injuries, movements) are left out of precision.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import typer

from .common import PRF, Report

DRAFT_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "its", "their", "his", "her",
        "from", "by", "with", "some", "more", "than", "about", "up", "...", "..", "'s", "’s"}

# KAIROS event type prefix -> (PLOVER type, {KAIROS role: our role})
KAIROS = {
    "Conflict.Attack": ("ASSAULT", {"Attacker": "actor", "Target": "recipient", "Victim": "recipient", "Place": "location"}),
    "Conflict.Demonstrate": ("PROTEST", {"Demonstrator": "actor", "Target": "recipient", "Place": "location"}),
    "Justice.ArrestJailDetain": ("COERCE", {"Jailer": "actor", "Detainee": "recipient", "Place": "location"}),
    "Contact.ThreatenCoerce": ("THREATEN", {"Communicator": "actor", "Recipient": "recipient", "Place": "location"}),
    "Contact.RequestCommand": ("REQUEST", {"Communicator": "actor", "Recipient": "recipient", "Place": "location"}),
    "Contact.Contact.Meet": ("CONSULT", {"Participant": "any", "Place": "location"}),
    "Justice.ChargeIndict": ("ACCUSE", {"Prosecutor": "actor", "Defendant": "recipient", "JudgeCourt": "actor", "Place": "location"}),
    "Justice.InvestigateCrime": ("ACCUSE", {"Investigator": "actor", "Defendant": "recipient", "Place": "location"}),
    "Justice.TrialHearing": ("ACCUSE", {"Prosecutor": "actor", "Defendant": "recipient", "JudgeCourt": "actor", "Place": "location"}),
    "Justice.Convict": ("SANCTION", {"JudgeCourt": "actor", "Defendant": "recipient", "Place": "location"}),
    "Justice.Sentence": ("SANCTION", {"JudgeCourt": "actor", "Defendant": "recipient", "Place": "location"}),
    "Justice.ReleaseParole": ("RETREAT", {"Jailer": "actor", "Defendant": "recipient", "Place": "location"}),
    "Transaction.Donation": ("AID", {"Giver": "actor", "Recipient": "recipient", "Place": "location"}),
    "Transaction.AidBetweenGovernments": ("AID", {"Giver": "actor", "Recipient": "recipient", "Place": "location"}),
}


def kairos_to_plover(event_type: str):
    for prefix, val in KAIROS.items():
        if event_type.startswith(prefix):
            return val
    return None


def _words(s: str) -> list[str]:
    words = re.findall(r"[\w'’.-]+", (s or "").lower())
    words = [re.sub(r"['’]s?$", "", w) for w in words]
    return [w for w in words if w and w not in STOP]


def head_match(pred: str, gold: str) -> bool:
    pw, gw = _words(pred), _words(gold)
    if not pw or not gw:
        return False
    return pw[-1] in gw or gw[-1] in pw


def _actors(x) -> list[str]:
    if isinstance(x, dict):
        x = [x]
    if isinstance(x, str):
        return [x] if x.strip() else []
    out = []
    for a in x or []:
        t = a.get("actorText", "") if isinstance(a, dict) else str(a)
        if t and t.strip():
            out.append(t.strip())
    return out


def _match_sets(preds: list[str], golds: list[str], prf: PRF) -> None:
    used = set()
    for g in golds:
        hit = next((i for i, p in enumerate(preds) if i not in used and head_match(p, g)), None)
        if hit is None:
            prf.fn += 1
        else:
            used.add(hit)
            prf.tp += 1
    prf.fp += len(preds) - len(used)


def _trigger_hits(m: dict, event_text: str) -> bool:
    words = _words(event_text)
    trig = m["trigger"][0].lower()
    return any(trig == w or (len(trig) > 4 and w.startswith(trig[:5])) or (len(w) > 4 and trig.startswith(w[:5]))
               for w in words)


def choose(mentions: list[dict], event_text: str) -> dict | None:
    if not mentions:
        return None
    hits = [m for m in mentions if _trigger_hits(m, event_text)]
    pool = hits or mentions
    return min(pool, key=lambda m: (m["depth"], -m["confidence"]))


def load_plover(data: Path) -> list[dict]:
    path = data / "plover" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    if not path.exists():
        path = data / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    recs = json.loads(path.read_text())
    return [r for r in recs if r.get("event") != "DOCUMENT" and r.get("text")]


def _docs(texts: list[str]):
    from ..pipeline import load_pipeline, new_doc
    from ..readers import Article
    from ..record import Meta

    nlp = load_pipeline()
    arts = [Article(text=t, meta=Meta()) for t in texts]
    return list(nlp.pipe((new_doc(nlp, a) for a in arts), batch_size=32))


def score_plover(data: Path, limit: int = 0) -> dict:
    recs = load_plover(data)
    if limit:
        recs = recs[:limit]
    texts = sorted({r["text"] for r in recs})
    docs = dict(zip(texts, _docs(texts)))
    acc = Counter()
    confusion = Counter()
    actor, target = PRF(), PRF()
    per_type = {}
    for r in recs:
        gold = DRAFT_MAP.get(r["event"], r["event"])
        doc = docs[r["text"]]
        m = choose(doc.user_data.get("dateline.event_mentions", []), r.get("eventText") or "")
        pred = m["plover"] if m else "NONE"
        acc["n"] += 1
        acc["ok"] += pred == gold
        confusion[(gold, pred)] += 1
        pt = per_type.setdefault(gold, Counter())
        pt["n"] += 1
        pt["ok"] += pred == gold
        _match_sets([a[0] for a in (m["actor"] if m else [])], _actors(r.get("source")), actor)
        # the GSR codes the place as the target when an event has no recipient
        recs_pred = [a[0] for a in (m["recipient"] if m else [])]
        if m and not recs_pred and m["location"]:
            recs_pred = [m["location"][0]]
        _match_sets(recs_pred, _actors(r.get("target")), target)
    return {"n": acc["n"], "type_accuracy": acc["ok"] / acc["n"] if acc["n"] else 0.0,
            "actor": actor, "recipient": target, "confusion": confusion, "per_type": per_type}


# ---------------------------------------------------------------- WikiEvents

def _token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for tok in tokens:
        i = text.find(tok, pos)
        if i < 0 or i - pos > 50:
            out.append((pos, pos))
            continue
        out.append((i, i + len(tok)))
        pos = i + len(tok)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def score_wikievents(data: Path, limit: int = 0) -> dict:
    path = data / "wikievents" / "dev.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    coref_path = data / "wikievents" / "coref" / "dev.jsonlines"
    clusters = {}
    if coref_path.exists():
        for line in coref_path.read_text().splitlines():
            if line.strip():
                c = json.loads(line)
                clusters[c["doc_key"]] = c["clusters"]
    if limit:
        rows = rows[:limit]
    docs = _docs([r["text"] for r in rows])
    trig_id, trig_cls, arg_id, arg_cls = PRF(), PRF(), PRF(), PRF()
    for row, doc in zip(rows, docs):
        offs = _token_offsets(row["text"], row["tokens"])
        ments = {m["id"]: m for m in row["entity_mentions"]}
        same = {}
        for cl in clusters.get(row["doc_id"], []):
            for mid in cl:
                same[mid] = cl

        def span_of(s, e):
            return (offs[s][0], offs[e - 1][1])

        gold, unmapped = [], []
        for ev in row["event_mentions"]:
            tr = ev["trigger"]
            sp = span_of(tr["start"], tr["end"])
            mp = kairos_to_plover(ev["event_type"])
            if mp is None:
                unmapped.append(sp)
                continue
            args = []
            for a in ev["arguments"]:
                role = mp[1].get(a["role"])
                if role is None or a["entity_id"] not in ments:
                    continue
                spans = [span_of(ments[x]["start"], ments[x]["end"]) for x in same.get(a["entity_id"], [a["entity_id"]]) if x in ments]
                args.append((role, spans, a["text"]))
            gold.append({"span": sp, "type": mp[0], "args": args})
        preds = doc.user_data.get("dateline.event_mentions", [])
        used = set()
        for p in preds:
            ps = (p["trigger"][1], p["trigger"][2])
            g = next((i for i, g in enumerate(gold) if i not in used and _overlap(ps, g["span"])), None)
            if g is None:
                if not any(_overlap(ps, u) for u in unmapped):
                    trig_id.fp += 1
                    trig_cls.fp += 1
                continue
            used.add(g)
            trig_id.tp += 1
            G = gold[g]
            if G["type"] == p["type"] or G["type"] == p["plover"]:
                trig_cls.tp += 1
            else:
                trig_cls.fp += 1
                trig_cls.fn += 1
            pargs = [("actor", (a[1], a[2]), a[0]) for a in p["actor"]] + \
                    [("recipient", (a[1], a[2]), a[0]) for a in p["recipient"]]
            if p["location"]:
                pargs.append(("location", (p["location"][1], p["location"][2]), p["location"][0]))
            gused = set()
            for role, sp, text in pargs:
                hit = None
                for j, (grole, gspans, gtext) in enumerate(G["args"]):
                    if j in gused:
                        continue
                    if any(_overlap(sp, s) for s in gspans) or head_match(text, gtext):
                        hit = j
                        break
                if hit is None:
                    arg_id.fp += 1
                    arg_cls.fp += 1
                    continue
                gused.add(hit)
                arg_id.tp += 1
                grole = G["args"][hit][0]
                if grole == role or (grole == "any" and role in ("actor", "recipient")):
                    arg_cls.tp += 1
                else:
                    arg_cls.fp += 1
                    arg_cls.fn += 1
            arg_id.fn += len(G["args"]) - len(gused)
            arg_cls.fn += len(G["args"]) - len(gused)
        missed = len(gold) - len(used)
        trig_id.fn += missed
        trig_cls.fn += missed
        for i in range(len(gold)):
            if i not in used:
                arg_id.fn += len(gold[i]["args"])
                arg_cls.fn += len(gold[i]["args"])
    return {"docs": len(rows), "trigger_id": trig_id, "trigger_cls": trig_cls, "arg_id": arg_id, "arg_cls": arg_cls}


def score_location(data: Path, limit: int = 0) -> dict:
    """Where the event happened (geo/event-location): for each marked verb, the place our
    location rule picks for it, against the annotated LOCATION span (overlap)."""
    import gzip

    from ..stages.events import Cand, location_of

    path = data.parent / "geo" / "event-location" / "labeled_text.dev.json.gz"
    items = json.load(gzip.open(path, "rt", encoding="utf-8"))
    items = [x for x in items if any(sp["label"] == "VERB" for sp in x.get("spans", []))]
    if limit:
        items = items[:limit]
    docs = _docs([x["text"] for x in items])
    prf, acc = PRF(), Counter()
    for x, doc in zip(items, docs):
        verb = next(sp for sp in x["spans"] if sp["label"] == "VERB")
        golds = [(sp["start"], sp["end"]) for sp in x["spans"] if sp["label"] == "LOCATION"]
        span = doc.char_span(verb["start"], verb["end"], alignment_mode="expand")
        pred = None
        if span is not None and len(span):
            t = span.root
            sent = t.sent
            c = Cand("ASSAULT", None, t.i, t.i + 1, sent, 0.5, noun=t.pos_ in ("NOUN", "PROPN"), lemma=t.lemma_.lower())
            loc = location_of(doc, c)
            pred = (loc.start, loc.end) if loc else None
        ok = (pred is None and not golds) or (pred is not None and any(_overlap(pred, g) for g in golds))
        acc["n"] += 1
        acc["ok"] += ok
        if pred is not None:
            prf.tp += ok
            prf.fp += not ok
        if golds and not (pred is not None and ok):
            prf.fn += 1
    return {"n": acc["n"], "accuracy": acc["ok"] / acc["n"] if acc["n"] else 0.0, "prf": prf}


def cli(data: Path = typer.Option(Path("../shared/data/events"), help="folder holding plover/ and wikievents/"),
        split: str = typer.Option("all", help="all | plover | wikievents | location (geo/event-location, "
                                                "where each marked event happened; --limit recommended)"),
        json_out: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
        limit: int = typer.Option(0, help="score only the first N records / documents (0: all)"),
        confusion: int = typer.Option(12, help="how many type confusions to list")):
    """Events: PLOVER gold records (type accuracy, actor/recipient F1) and WikiEvents dev
    (trigger and argument F1 on the KAIROS types that map to PLOVER)."""
    if not data.exists():
        typer.echo(f"no data at {data}", err=True)
        raise typer.Exit(2)
    rep = Report("events")
    if split in ("all", "plover"):
        res = score_plover(data, limit)
        rep.add("plover type accuracy", n=res["n"], accuracy=round(res["type_accuracy"], 4))
        rep.add("plover actor", **res["actor"].as_dict())
        rep.add("plover recipient", **res["recipient"].as_dict())
        rep.extra["plover_per_type"] = {k: f"{v['ok']}/{v['n']}" for k, v in sorted(res["per_type"].items())}
        rep.extra["plover_confusions"] = [f"{g}->{p}: {n}" for (g, p), n in res["confusion"].most_common()
                                          if g != p][:confusion]
    if split in ("all", "wikievents"):
        res = score_wikievents(data, limit)
        for k in ("trigger_id", "trigger_cls", "arg_id", "arg_cls"):
            rep.add(f"wikievents {k}", n=res["docs"], **res[k].as_dict())
    if split == "location":
        res = score_location(data, limit)
        rep.add("event location (geo/event-location)", n=res["n"], accuracy=round(res["accuracy"], 4),
                **res["prf"].as_dict())
    rep.emit(json_out)
