"""``dateline export``: the store's events as PLOVER JSON or POLECAT-style TSV.

One output row per *event cluster* (the same event reported by several articles is
one event, as in POLECAT), with our attribution fields added: the status of the claim,
the articles and independent outlets that carry it, the original sources behind it
(who, what kind of source, through which channels), the earliest report and the
disagreements between reports.

PLOVER JSON follows the field names of the PLOVER manual's record format (``id``,
``date``, ``event_type``, ``mode``, ``context``, ``actor``, ``actor_country``,
``actor_sector``, ``recipient``..., ``location``); POLECAT TSV follows the column
names of the POLECAT codebook for the fields we have, then ours.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import IO

from .store.base import EventQuery, Store

POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Contexts",
    "Actor Name", "Actor Country", "Actor Sector", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient Sector", "Wikipedia Recipient ID",
    "Placename", "Country", "Latitude", "Longitude",
    "Story IDs", "Publication Date", "Source", "Headline", "Text",
    # ours: attribution and corroboration
    "Status", "Articles", "Independent Outlets", "Outlets", "Original Sources", "Source Types", "Via",
    "Asserted By", "Earliest Report", "Disagreements",
]


class _Entities:
    def __init__(self, store: Store):
        self.store, self.cache = store, {}

    def get(self, cid: str | None) -> dict:
        if not cid:
            return {}
        if cid not in self.cache:
            rows = self.store.entities(cid, limit=1)
            self.cache[cid] = rows[0] if rows else {}
        return self.cache[cid]


def plover_events(store: Store, q: EventQuery | None = None) -> list[dict]:
    ents = _Entities(store)
    out = []
    for ev in store.events(q or EventQuery(limit=10 ** 9)):
        detail = store.cluster(ev["cluster_id"]) or ev
        corr = ev["corroboration"]
        actors = [ents.get(c) for c in ev["actor_ids"]]
        recips = [ents.get(c) for c in ev["recipient_ids"]]
        loc = ents.get(ev["location_id"])
        first = (detail.get("members") or [{}])[0]
        out.append({
            "id": ev["cluster_id"],
            "date": ev["date"],
            "event_type": ev["type"],
            "mode": ev["mode"] or "",
            "context": [],
            "actor": "; ".join(a.get("name", "") for a in actors),
            "actor_country": "; ".join(a.get("country") or "" for a in actors).strip("; "),
            "actor_sector": "",
            "actor_wikidata": [a.get("wikidata") for a in actors if a.get("wikidata")],
            "recipient": "; ".join(a.get("name", "") for a in recips),
            "recipient_country": "; ".join(a.get("country") or "" for a in recips).strip("; "),
            "recipient_sector": "",
            "recipient_wikidata": [a.get("wikidata") for a in recips if a.get("wikidata")],
            "location": {"placename": loc.get("name"), "country": loc.get("country")} if loc else None,
            "story_ids": [a["article_id"] for a in corr.get("articles", [])],
            "publication_date": ev["earliest_published"],
            "source": "; ".join(sorted({a["outlet"] for a in corr.get("articles", []) if a.get("outlet")})),
            "headline": first.get("title"),
            "text": first.get("evidence"),
            "dateline": {
                "status": ev["status"],
                "articles": ev["articles"],
                "independent_outlets": ev["outlets"],
                "voices": corr.get("voices", []),
                "sources": corr.get("sources", []),
                "asserted_by": corr.get("asserted_by", []),
                "earliest": corr.get("earliest"),
                "disagreements": corr.get("disagreements", []),
            },
        })
    return out


def write_plover(store: Store, out: IO, q: EventQuery | None = None) -> int:
    rows = plover_events(store, q)
    out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    return len(rows)


def write_polecat(store: Store, out: IO, q: EventQuery | None = None) -> int:
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(POLECAT_COLUMNS)
    n = 0
    for e in plover_events(store, q):
        d = e["dateline"]
        loc = e["location"] or {}
        srcs = d["sources"]
        w.writerow([_clean(x) for x in [
            e["id"], e["date"], e["event_type"], e["mode"], "",
            e["actor"], e["actor_country"], e["actor_sector"], ";".join(e["actor_wikidata"]),
            e["recipient"], e["recipient_country"], e["recipient_sector"], ";".join(e["recipient_wikidata"]),
            loc.get("placename"), loc.get("country"), "", "",
            ";".join(e["story_ids"]), e["publication_date"], e["source"], e["headline"], e["text"],
            d["status"], d["articles"], d["independent_outlets"], ";".join(v.split(":", 1)[-1] for v in d["voices"]),
            ";".join(s["source"] for s in srcs), ";".join(s.get("type") or "" for s in srcs),
            ";".join(",".join(s.get("via") or []) for s in srcs),
            ";".join(d["asserted_by"]),
            (d["earliest"] or {}).get("article_id"),
            json.dumps(d["disagreements"], ensure_ascii=False) if d["disagreements"] else "",
        ]])
        n += 1
    return n


def _clean(v) -> str:
    if v is None:
        return ""
    return " ".join(str(v).split())  # no tabs or newlines inside a TSV cell


def export(store: Store, fmt: str, out: IO | None = None, q: EventQuery | None = None) -> int:
    out = out or sys.stdout
    if fmt == "plover":
        return write_plover(store, out, q)
    if fmt == "polecat":
        return write_polecat(store, out, q)
    raise ValueError(f"unknown export format {fmt!r} (plover, polecat)")
