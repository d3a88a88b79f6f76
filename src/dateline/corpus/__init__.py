"""The corpus layer: copies and syndication (``dedup``), entities and events linked
across articles (``linking``), and the corroboration of each event (``corroboration``).

``link_corpus(store)`` is the link step: it reads the stored records through the
``Store`` interface, computes everything afresh (deterministically) and replaces the
previous results. ``dateline ingest`` runs it at the end; ``dateline link`` runs it alone.
``build_clusters`` is the same computation on records in memory (tests, the server).
"""
from __future__ import annotations

from .corroboration import corroborate, strongest_status
from .dedup import copies, wire_credit
from .linking import EntityLinks, cluster_id, cluster_mentions, link_entities, mentions_from_records

__all__ = ["link_corpus", "build_clusters", "copies", "wire_credit", "link_entities"]


def build_clusters(records: list[dict], articles: dict[str, dict]) -> tuple[EntityLinks, list[dict]]:
    """Entity links and cluster rows (the ``event_clusters`` columns + members + roles).

    ``articles``: article id -> {outlet, published, title, wire, copy_group, voice}."""
    ents = link_entities(records)
    by_id = {r["id"]: r for r in records}
    clusters = []
    for members in cluster_mentions(mentions_from_records(records, ents)):
        first = members[0]
        corr = corroborate(members, ents, articles, by_id)
        # each participant takes the role most reports give it (reports of a meeting
        # differ on who met whom); ties go to the actor side
        votes: dict[str, int] = {}
        for m in members:
            for a in m.actors:
                votes[a] = votes.get(a, 0) + 1
            for r in m.recipients:
                votes[r] = votes.get(r, 0) - 1
        actors = sorted(c for c, v in votes.items() if v >= 0)
        recipients = sorted(c for c, v in votes.items() if v < 0)
        locs = [m.location for m in members if m.location]
        days = sorted(m.day.isoformat() for m in members if m.day and not m.day_from_published) or \
            sorted(m.day.isoformat() for m in members if m.day)
        modes = [m.mode for m in members if m.mode]
        clusters.append({
            "cluster_id": cluster_id(first), "type": first.type,
            "mode": max(set(modes), key=modes.count) if modes else None,
            "actors": actors, "recipients": recipients,
            "location": max(set(locs), key=locs.count) if locs else None,
            "date": days[0] if days else None, "date_end": days[-1] if days else None,
            "status": strongest_status(members),
            "articles": len(corr["articles"]), "outlets": corr["outlets"],
            "earliest_article": corr["earliest"]["article_id"],
            "earliest_published": corr["earliest"]["published"],
            "corroboration": corr,
            "members": [(m.article_id, m.evid) for m in members],
            "roles": [(a, "actor") for a in actors] + [(r, "recipient") for r in recipients]
                     + [(loc, "location") for loc in sorted(set(locs))],
        })
    return ents, clusters


def _slim(rec: dict) -> dict:
    """What the link step needs of a record: entities (without mention offsets),
    attributions, events, the publication stamp; the text only when it has events
    (figures are read from event evidence). Keeps memory at a fraction of the store."""
    ents = [{k: v for k, v in e.items() if k != "mentions"} for e in rec.get("entities", [])]
    out = {"id": rec["id"], "meta": {"published": (rec.get("meta") or {}).get("published")},
           "entities": ents, "attributions": rec.get("attributions", []), "events": rec.get("events", [])}
    if out["events"]:
        out["text"] = rec.get("text", "")
    return out


def link_corpus(store) -> dict:
    """The link step over a whole store; returns counts."""
    rows = list(store.article_rows())
    per_article, dups, outlets, new_sigs = copies(rows, store.signatures())
    if new_sigs:
        store.put_signatures(new_sigs)
    store.replace_copies(per_article, dups, outlets)
    info = {r["id"]: {"outlet": r["outlet"], "published": r["published"], "title": r["title"]} for r in rows}
    for aid, wire, group, voice in per_article:
        info[aid].update(wire=wire, copy_group=group, voice=voice)
    del rows
    records = [_slim(r) for r in store.iter_records()]
    ents, clusters = build_clusters(records, info)
    store.replace_entity_links(ents.canon, [(a, e, c) for (a, e), c in ents.links.items()])
    store.replace_clusters(clusters)
    pages = store.build_read_cache()
    return {"articles": len(info), "copies": len(dups), "wire_credited": sum(1 for x in per_article if x[1]),
            "canon_entities": len(ents.canon), "clusters": len(clusters),
            "multi_article_clusters": sum(1 for c in clusters if c["articles"] > 1), "entity_pages": pages}
