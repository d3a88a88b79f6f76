"""Corroboration of one event cluster: who reported it, how independently, on whose word.

For a cluster of event mentions (``linking.cluster_mentions``) this builds:
- ``articles``: every member article (id, outlet, published, title, wire, copy group, voice);
- ``voices`` / ``outlets``: the independent outlets, syndicated copies counted once
  (an article's *voice* comes from ``dedup.copies``: the wire, the copy group, the outlet);
- ``sources``: the original sources behind the claim, read from each member event's
  ``sources`` -> the article's attributions: who (canonical entity, else the words),
  what kind of source (state media, official, anonymous, ...), through which channels
  (``via``), and in how many articles; outlets asserting it in their own voice are
  listed under ``asserted_by``;
- ``earliest``: the first report (publication stamp, then ingest order);
- ``disagreements``: different dates, places or figures for the same event across
  articles, each value with the articles that give it.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .linking import EntityLinks, Mention

STATUS_ORDER = ["asserted", "reported", "alleged", "planned", "hypothetical", "denied", "negated", "historical"]

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100}
# A figure: a number followed (within two words) by the noun it counts ("12 people",
# "at least 30 civilians", "two-day visit" is skipped: a hyphenated compound is not a count).
FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) +
                    r")(?:\s+(?:million|billion|thousand))?\s+(?:(?:more|other|new|additional|civilian|foreign)\s+)?"
                    r"([a-z]{3,})\b", re.IGNORECASE)
SKIP_NOUNS = {"years", "year", "days", "day", "months", "month", "weeks", "week", "hours", "hour", "minutes",
              "percent", "per", "and", "the", "of", "to", "in", "am", "pm", "a.m", "p.m"}


def figures(text: str) -> dict[str, str]:
    """noun -> figure for the counts in a sentence ('killed 12 people' -> {'people': '12'})."""
    out = {}
    for m in FIGURE.finditer(text):
        num, noun = m.group(1).lower(), m.group(2).lower()
        if noun in SKIP_NOUNS or text[m.end(1):m.end(1) + 1] == "-":
            continue
        if re.fullmatch(r"(19|20)\d\d", num):
            continue  # a year, not a count
        out.setdefault(noun, str(NUMBER_WORDS.get(num, num)).replace(",", ""))
    return out


def corroborate(members: list[Mention], ents: EntityLinks, articles: dict[str, dict],
                records: dict[str, dict]) -> dict:
    art_rows, voices, seen = [], {}, set()
    for m in members:
        if m.article_id in seen:
            continue
        seen.add(m.article_id)
        a = articles.get(m.article_id, {})
        art_rows.append({"article_id": m.article_id, "outlet": a.get("outlet"), "published": a.get("published"),
                         "title": a.get("title"), "wire": a.get("wire"), "copy_group": a.get("copy_group"),
                         "voice": a.get("voice") or f"article:{m.article_id}"})
        voices.setdefault(art_rows[-1]["voice"], []).append(m.article_id)
    sources: dict[tuple, dict] = {}
    asserted_by = []
    for m in members:
        rec = records.get(m.article_id, {})
        atts = {a["id"]: a for a in rec.get("attributions", [])}
        if not m.sources and m.status == "asserted":
            outlet = articles.get(m.article_id, {}).get("outlet") or m.article_id
            if outlet not in asserted_by:
                asserted_by.append(outlet)
        for aid in m.sources:
            a = atts.get(aid)
            if not a:
                continue
            cid = ents.cid(m.article_id, a.get("source"))
            name = ents.name(cid) or a.get("source_text") or a.get("origin_text") or "unknown"
            via = [ents.name(ents.cid(m.article_id, v)) or v for v in a.get("via", [])]
            key = (cid or name.lower(), tuple(via))
            s = sources.setdefault(key, {"source": name, "source_id": cid, "type": a.get("source_type"),
                                         "via": via, "origin": a.get("origin_text"), "articles": []})
            if m.article_id not in s["articles"]:
                s["articles"].append(m.article_id)
    earliest = min(art_rows, key=lambda r: (r["published"] or "9999", [x["article_id"] for x in art_rows]
                                            .index(r["article_id"])))
    return {
        "articles": art_rows,
        "voices": sorted(voices),
        "outlets": len(voices),
        "sources": sorted(sources.values(), key=lambda s: (-len(s["articles"]), s["source"])),
        "asserted_by": asserted_by,
        "earliest": {"article_id": earliest["article_id"], "outlet": earliest["outlet"],
                     "published": earliest["published"]},
        "disagreements": disagreements(members, ents, records),
    }


def disagreements(members: list[Mention], ents: EntityLinks, records: dict[str, dict]) -> list[dict]:
    out = []
    dates: dict[str, list] = defaultdict(list)
    for m in members:
        if m.date_value and not m.day_from_published and m.granularity == "day" and m.article_id not in dates[m.date_value[:10]]:
            dates[m.date_value[:10]].append(m.article_id)
    if len(dates) > 1:
        out.append({"field": "date", "values": dict(sorted(dates.items()))})
    places: dict[str, list] = defaultdict(list)
    for m in members:
        if m.location:
            name = ents.name(m.location) or m.location
            if m.article_id not in places[name]:
                places[name].append(m.article_id)
    if len(places) > 1:
        out.append({"field": "place", "values": dict(sorted(places.items()))})
    figs: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in members:
        text = records.get(m.article_id, {}).get("text", "")[m.evidence[0]:m.evidence[1]]
        for noun, value in figures(text).items():
            if m.article_id not in figs[noun][value]:
                figs[noun][value].append(m.article_id)
    for noun, values in sorted(figs.items()):
        if len(values) > 1:
            out.append({"field": f"figure:{noun}", "values": dict(sorted(values.items()))})
    return out


def strongest_status(members: list[Mention]) -> str:
    return min((m.status for m in members), key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 99)
