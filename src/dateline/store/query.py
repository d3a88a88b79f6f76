"""The query API of ``dateline query`` (event clusters, one cluster, quotes, entities,
outlets) for both backends: one implementation over a connection that speaks SQLite's
SQL. ``SQLiteStore`` passes its ``sqlite3`` connection, ``PostgresStore`` a
``postgres_read.PgCon``, which rewrites the few SQLite spellings (``?``, ``rowid``,
``COLLATE BINARY``, ``LIKE``) for PostgreSQL; tests/test_postgres.py compares the
answers of the two.

Text sorts ``COLLATE BINARY`` (PostgreSQL: ``"C"``) so that both backends order names and
dates by code point, whatever the database's locale. Full-text conditions come from the
store (``fts(kind, text)``: SQLite FTS5 ``MATCH`` or a PostgreSQL ``tsquery``).
"""
from __future__ import annotations

import json
from typing import Callable

from .base import EventQuery, cluster_summary, like_escape
from .sqlite_read import add_conditions

# fts(kind, text) -> (SQL condition, args): kind "articles" (alias a) or "quotes" (alias q)
Fts = Callable[[str, str], tuple[str, list]]


def _in(values: list) -> str:
    return ",".join("?" * len(values)) or "NULL"


def cids(con, name: str) -> list[str]:
    """Canonical ids for an id, a name or an alias (exact, else word-contained)."""
    n = name.strip()
    rows = con.execute("SELECT cid FROM canon_entities WHERE cid=?", (n,)).fetchall()
    if rows:
        return [r[0] for r in rows]
    # canon_names: every name and alias, lower-cased
    rows = con.execute("SELECT DISTINCT cid COLLATE BINARY AS cid FROM canon_names WHERE name_lower=lower(?)"
                       " ORDER BY 1", (n,)).fetchall()
    if not rows and n:
        rows = con.execute("SELECT DISTINCT cid COLLATE BINARY AS cid FROM canon_names"
                           " WHERE ' ' || name_lower || ' ' LIKE lower(?) ESCAPE '\\' ORDER BY 1",
                           (f"% {like_escape(n)} %",)).fetchall()
    return [r[0] for r in rows]


def names(con, ids: list[str]) -> list[str]:
    """The canonical names of ``ids``, in order (an unknown id stands for itself)."""
    if not ids:
        return []
    found = {r[0]: r[1] for r in con.execute(f"SELECT cid, name FROM canon_entities WHERE cid IN ({_in(ids)})",
                                             list(ids)).fetchall()}
    return [found.get(c, c) for c in ids]


def event_where(con, fts: Fts, q: EventQuery) -> tuple[list[str], list]:
    where, args = ["1=1"], []
    for role, value in (("actor", q.actor), ("recipient", q.recipient), ("location", q.place)):
        if value:
            ids = cids(con, value)
            where.append(f"c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE role=? AND cid IN ({_in(ids)}))")
            args += [role, *ids]
    if q.participant:
        ids = cids(con, q.participant)
        where.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE role IN ('actor','recipient')"
                     f" AND cid IN ({_in(ids)}))")
        args += ids
    add_conditions(where, args, (
            (q.type and q.type.upper(), "c.type=?"),
            (q.since, "substr(coalesce(c.date_end, c.date), 1, 10) COLLATE BINARY >= ?"),
            (q.until, "c.date IS NOT NULL AND substr(c.date, 1, 10) COLLATE BINARY <= ?"),
            (q.status, "c.cluster_id IN (SELECT m.cluster_id FROM cluster_members m JOIN events e"
                       " ON e.article_id=m.article_id AND e.evid=m.evid WHERE e.status=?)"),
            (q.min_outlets, "c.outlets >= ?"),
            (q.min_articles, "c.articles >= ?")))
    if q.text:
        cond, targs = fts("articles", q.text)
        where.append(f"c.cluster_id IN (SELECT m.cluster_id FROM cluster_members m JOIN articles a"
                     f" ON a.id=m.article_id WHERE {cond})")
        args += targs
    return where, args


def _clusters(con, fts: Fts, q: EventQuery):
    where, args = event_where(con, fts, q)
    # sort_date = coalesce(date, '~'): the order of (date IS NULL, date), from an index
    return con.execute(f"SELECT c.* FROM event_clusters c WHERE {' AND '.join(where)}"
                       " ORDER BY c.sort_date COLLATE BINARY, c.cluster_id COLLATE BINARY LIMIT ? OFFSET ?",
                       [*args, q.limit, q.offset]).fetchall()


def events(con, fts: Fts, q: EventQuery) -> list[dict]:
    """Event clusters matching ``q``, earliest first (undated last)."""
    return [cluster_row(con, r) for r in _clusters(con, fts, q)]


def cluster_page(con, fts: Fts, q: EventQuery) -> list[dict]:
    """The clusters of ``events`` as the API lists them (their summaries)."""
    out = []
    for r in _clusters(con, fts, q):
        if r["summary"]:
            out.append(json.loads(r["summary"]))
            continue
        # linked before schema 3: summarise now
        c = {**dict(r), "actors": json.loads(r["actors"] or "[]"), "recipients": json.loads(r["recipients"] or "[]"),
             "corroboration": json.loads(r["corroboration"] or "{}")}
        ids = c["actors"] + c["recipients"] + ([c["location"]] if c["location"] else [])
        t = con.execute("SELECT title, outlet FROM articles WHERE id=?", (c["earliest_article"],)).fetchone()
        out.append(cluster_summary(c, dict(zip(ids, names(con, ids))),
                                   {c["earliest_article"]: (t[0], t[1])} if t else {}))
    return out


def cluster_row(con, r) -> dict:
    actors, recipients = json.loads(r["actors"] or "[]"), json.loads(r["recipients"] or "[]")
    return {
        "cluster_id": r["cluster_id"], "type": r["type"], "mode": r["mode"],
        "date": r["date"], "date_end": r["date_end"],
        "actors": names(con, actors), "recipients": names(con, recipients),
        "actor_ids": actors, "recipient_ids": recipients,
        "location": names(con, [r["location"]])[0] if r["location"] else None,
        "location_id": r["location"], "status": r["status"],
        "articles": r["articles"], "outlets": r["outlets"],
        "earliest_article": r["earliest_article"], "earliest_published": r["earliest_published"],
        "corroboration": json.loads(r["corroboration"] or "{}"),
    }


def cluster_by_id(con, cluster_id: str):
    """The event_clusters row of an id or of a unique id prefix, or None."""
    r = con.execute("SELECT * FROM event_clusters WHERE cluster_id=?", (cluster_id,)).fetchone()
    if r is None:
        rows = con.execute("SELECT * FROM event_clusters WHERE cluster_id LIKE ? ESCAPE '\\' LIMIT 2",
                           (like_escape(cluster_id) + "%",)).fetchall()
        r = rows[0] if len(rows) == 1 else None
    return r


def cluster(con, cluster_id: str) -> dict | None:
    """One cluster with every report of it, earliest published first."""
    r = cluster_by_id(con, cluster_id)
    if r is None:
        return None
    out = cluster_row(con, r)
    out["members"] = [
        {"article_id": m["article_id"], "evid": m["evid"], "outlet": m["outlet"], "published": m["published"],
         "title": m["title"], "status": m["status"], "date": m["date"],
         "sources": json.loads(m["sources"] or "[]"), "evidence": m["evidence"]}
        for m in con.execute(
            "SELECT e.*, a.outlet, a.published, a.title, substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start)"
            " AS evidence FROM cluster_members m JOIN events e ON e.article_id=m.article_id AND e.evid=m.evid"
            " JOIN articles a ON a.id=m.article_id WHERE m.cluster_id=?"
            " ORDER BY a.published COLLATE BINARY NULLS FIRST, a.rowid, m.rowid", (r["cluster_id"],)).fetchall()]
    return out


def cluster_detail(con, cluster_id: str, offset: int = 0, limit: int = 50) -> dict | None:
    """One cluster as the API shows it: a page of its reports grouped by voice, the
    sources they cite and where they disagree (sqlite_read does the reading)."""
    from . import sqlite_read as R

    r = cluster_by_id(con, cluster_id)
    if r is None:
        return None
    out = cluster_row(con, r)
    out["corroboration"] = R.cap_corroboration(out["corroboration"])
    out["members"], out["members_total"] = R.cluster_members(con, r["cluster_id"], offset, limit)
    out["next_offset"] = offset + limit if offset + limit < out["members_total"] else None
    out.update(R.cluster_reports(con, out))
    return out


def _speaker_clause(con, speaker: str) -> tuple[str, list]:
    ids = cids(con, speaker)
    low = f"%{like_escape(speaker.lower())}%"
    clause = ("(EXISTS (SELECT 1 FROM entities e WHERE e.article_id=q.article_id AND e.eid=q.source_eid"
              " AND lower(e.name) LIKE ? ESCAPE '\\') OR lower(q.source_text) LIKE ? ESCAPE '\\'")
    args: list = [low, low]
    if ids:
        clause += (" OR EXISTS (SELECT 1 FROM entity_links l WHERE l.article_id=q.article_id"
                   f" AND l.eid=q.source_eid AND l.cid IN ({_in(ids)}))")
        args += ids
    return clause + ")", args


def quotes(con, fts: Fts, speaker: str | None = None, text: str | None = None, limit: int = 100) -> list[dict]:
    """Attributions by a speaker (name, alias or canonical id) and/or with words of the content."""
    where, args = ["1=1"], []
    if speaker:
        clause, a = _speaker_clause(con, speaker)
        where.append(clause)
        args += a
    if text:
        cond, targs = fts("quotes", text)
        where.append(cond)
        args += targs
    sql = ("SELECT q.*, a.outlet, a.published, a.title, (SELECT name FROM entities e WHERE"
           " e.article_id=q.article_id AND e.eid=q.source_eid) AS source_name FROM attributions q"
           f" JOIN articles a ON a.id=q.article_id WHERE {' AND '.join(where)}"
           " ORDER BY coalesce(q.date, a.published) COLLATE BINARY NULLS FIRST, a.rowid, q.rowid LIMIT ?")
    out = []
    known: dict[str, dict] = {}
    for r in con.execute(sql, [*args, limit]).fetchall():
        aid = r["article_id"]
        if aid not in known:
            known[aid] = {x[0]: x[1] for x in con.execute("SELECT eid, name FROM entities WHERE article_id=?",
                                                          (aid,)).fetchall()}
        out.append({"article_id": aid, "aid": r["aid"], "kind": r["kind"],
                    "speaker": r["source_name"] or r["source_text"], "source_type": r["source_type"],
                    "via": [known[aid].get(v, v) for v in json.loads(r["via"] or "[]")], "cue": r["cue"],
                    "content": r["content"], "date": r["date"], "outlet": r["outlet"], "published": r["published"],
                    "title": r["title"]})
    return out


def entities(con, name: str | None = None, limit: int = 50) -> list[dict]:
    """Canonical entities, most reported first; with ``name``, those it names."""
    if name:
        ids = cids(con, name)
        rows = con.execute(f"SELECT * FROM canon_entities WHERE cid IN ({_in(ids)})"
                           " ORDER BY articles DESC, rowid LIMIT ?", [*ids, limit]).fetchall()
    else:
        rows = con.execute("SELECT * FROM canon_entities ORDER BY articles DESC, rowid LIMIT ?", (limit,)).fetchall()
    return [{**{k: r[k] for k in r.keys() if k != "seq"}, "aliases": json.loads(r["aliases"] or "[]")} for r in rows]


def outlets(con, limit: int = 100) -> list[dict]:
    """Outlets with the articles they published and the articles credited to them as a wire."""
    sql = ("SELECT * FROM (SELECT o.name, o.kind, o.country,"
           " (SELECT count(*) FROM articles a WHERE a.outlet=o.name) AS articles,"
           " (SELECT count(*) FROM articles a WHERE a.wire=o.name) AS credited"
           " FROM outlets o) x ORDER BY articles + credited DESC, name COLLATE BINARY LIMIT ?")
    return [{k: r[k] for k in r.keys()} for r in con.execute(sql, (limit,)).fetchall()]
