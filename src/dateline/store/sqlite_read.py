"""The read queries of the HTTP API, SQLite implementation (``SQLiteStore`` exposes them
as methods; ``Store`` in base.py documents the interface, postgres.py has the PostgreSQL
twin).

Every function takes the store's SQLite connection (rows as ``sqlite3.Row``) and the
store's ``features()`` and uses parameterised SQL only: user input never becomes SQL
text (LIKE patterns escape ``%``, ``_`` and ``\\`` and say ``ESCAPE '\\'``). They read
the tables of ``store/migrations`` (0001: articles and their facts; 0002: canonical
entities, copies, event clusters, FTS5; 0003: indexes and per-cluster summary rows) and
degrade when a corpus table is empty (a store whose link step has not run): entities
are then grouped by type and name, clusters are empty.

Entity keys: a canonical id from ``canon_entities`` (``K...``) when the link step has
run, else ``n`` + base64url("TYPE\\tname") for a name-and-type group.
"""
from __future__ import annotations

import base64
import binascii
import bisect
import json
import re
import sqlite3
import threading
from typing import Any, Iterable, Optional

from .base import like_escape

# Pages: at most this many rows per page (the API caps ``limit`` here too).
MAX_LIMIT = 100
# An entity page reads at most this many of the entity's record rows and clusters (a
# very common entity, "U.S." in Reuters, is in 1,500 articles; 200 keep its page near
# 10 ms of CPU, measured with bench/bench_serve.py), and the mentions of this many of
# its articles for the aliases seen.
ENTITY_MAX_ROWS = 200
ENTITY_ALIAS_ARTICLES = 40
# Facet lists keep the most frequent values only.
FACET_SIZE = 15
# Neighbours drawn in the who-met-whom graph.
GRAPH_NEIGHBOURS = 16
WORD = re.compile(r"\w+", re.UNICODE)


# ---------------------------------------------------------------------------- helpers

def has_table(con: sqlite3.Connection, name: str) -> bool:
    if getattr(con, "pg", False):  # postgres_read.PgCon
        return con.execute("SELECT to_regclass(?) AS t", (name,)).fetchone()["t"] is not None
    return con.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone() is not None


def table_rows(con: sqlite3.Connection, name: str) -> bool:
    """True when the table exists and holds at least one row."""
    if not has_table(con, name):
        return False
    return con.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is not None  # name: our constant


def corpus_state(con: sqlite3.Connection) -> dict[str, bool]:
    """Which corpus features this store has (computed once per connection by the caller)."""
    return {"fts": has_table(con, "articles_fts"), "quotes_fts": has_table(con, "quotes_fts"),
            "canon": table_rows(con, "canon_entities"), "clusters": has_table(con, "event_clusters"),
            "copies": has_table(con, "duplicates"), "entity_pages": has_table(con, "entity_pages")}


def fts_query(text: str) -> str:
    """A safe FTS5 MATCH expression: every word of the input quoted (all must occur)."""
    words = WORD.findall(text or "")[:12]
    return " ".join(f'"{w}"' for w in words)


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (``%``/``_`` in the input are literal)."""
    return f"%{like_escape(text)}%"


def entity_key(type_: str, name: str) -> str:
    raw = f"{type_}\t{name}".encode("utf-8")
    return "n" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def parse_entity_key(key: str) -> Optional[tuple[str, str]]:
    if not key.startswith("n") or len(key) > 800:
        return None
    body = key[1:]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if "\t" not in raw:
        return None
    t, n = raw.split("\t", 1)
    return t, n


def add_conditions(where: list, args: list, pairs) -> None:
    """Append each (value, SQL condition with one ``?``) whose value is set."""
    for value, cond in pairs:
        if value:
            where.append(cond)
            args.append(value)


def _in(n: int) -> str:
    return ",".join("?" * n) or "NULL"


def _j(s: Optional[str], default: Any = None) -> Any:
    if s is None:
        return default
    try:
        return json.loads(s)
    except (TypeError, ValueError):
        return default


def snippet(text: str, query: Optional[str], width: int = 220) -> str:
    """Plain-text window of ``text`` around the first query word (the UI marks words)."""
    text = text or ""
    pos = 0
    if query:
        low = text.lower()
        hits = [low.find(w.lower()) for w in WORD.findall(query)]
        hits = [h for h in hits if h >= 0]
        if hits:
            pos = max(0, min(hits) - width // 3)
            if pos:  # start at a word
                sp = text.find(" ", pos, min(hits))
                pos = sp + 1 if sp >= 0 else pos
    out = " ".join(text[pos:pos + width].split())
    return ("…" if pos else "") + out + ("…" if pos + width < len(text) else "")


# ---------------------------------------------------------------------------- names

def name_map(con: sqlite3.Connection, article_ids: Iterable[str], canon: bool,
             eids: Optional[Iterable[str]] = None) -> dict[tuple[str, str], dict]:
    """(article_id, eid) -> {name, type, key} for every entity of these articles (only
    those whose eid is in ``eids`` when given)."""
    ids = sorted(set(article_ids))
    only = sorted(set(eids)) if eids is not None else None
    out: dict[tuple[str, str], dict] = {}
    if only == []:
        return out
    extra = f" AND e.eid IN ({_in(len(only))})" if only else ""
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        if canon:
            rows = con.execute(
                "SELECT e.article_id, e.eid, e.name, e.type, l.cid FROM entities e LEFT JOIN entity_links l"
                f" ON l.article_id=e.article_id AND l.eid=e.eid WHERE e.article_id IN ({_in(len(chunk))}){extra}",
                [*chunk, *(only or [])])
        else:
            rows = con.execute("SELECT e.article_id, e.eid, e.name, e.type, NULL AS cid FROM entities e"
                               f" WHERE e.article_id IN ({_in(len(chunk))}){extra}", [*chunk, *(only or [])])
        for r in rows:
            out[(r["article_id"], r["eid"])] = {"name": r["name"], "type": r["type"],
                                                 "key": r["cid"] or entity_key(r["type"], r["name"])}
    return out


def _refs(names: dict, article_id: str, eids: Iterable[str]) -> list[dict]:
    out = []
    for e in eids or []:
        n = names.get((article_id, e))
        out.append({"eid": e, "name": n["name"] if n else e, "key": n["key"] if n else None,
                    "type": n["type"] if n else None})
    return out


# ---------------------------------------------------------------------------- articles

def _article_where(state: dict, q: Optional[str], outlet: Optional[str], country: Optional[str],
                   type_: Optional[str], since: Optional[str], until: Optional[str],
                   entity_type: Optional[str] = None) -> tuple[list[str], list]:
    where, args = [], []
    if q and q.strip():
        if state["fts"] and fts_query(q) and state.get("pg"):
            tsq, targs = state["pg"](fts_query(q))
            where.append(f"a.fts @@ {tsq}")
            args += targs
        elif state["fts"] and fts_query(q):
            where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            args.append(fts_query(q))
        else:
            where.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
            args += [like(q.strip()), like(q.strip())]
    add_conditions(where, args, (
        (outlet, "a.outlet = ?"),
        (country and country.upper(), "a.id IN (SELECT article_id FROM entities WHERE country = ?)"),
        (type_ and type_.upper(), "a.id IN (SELECT article_id FROM events WHERE type = ?)"),
        (entity_type and entity_type.upper(), "a.id IN (SELECT article_id FROM entities WHERE type = ?)"),
        (since, "substr(a.published, 1, 10) >= ?"),
        (until, "a.published IS NOT NULL AND substr(a.published, 1, 10) <= ?")))
    return where, args


def article_page(con: sqlite3.Connection, state: dict, *, q=None, outlet=None, country=None, type_=None,
                 since=None, until=None, entity_type=None, offset: int = 0, limit: int = 20) -> list[dict]:
    """Articles matching the filters, newest first. Two steps: the page's rowids from
    narrow rows (index on published), then the page's fields."""
    where, args = _article_where(state, q, outlet, country, type_, since, until, entity_type)
    ids = [r[0] for r in con.execute(
        f"SELECT a.rowid FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''}"
        " ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?", [*args, limit, offset])]
    if not ids:
        return []
    rows = {r["rowid"]: r for r in con.execute(
        "SELECT rowid AS rowid, id, title, outlet, published, url, substr(text, 1, 4000) AS head FROM articles"
        f" WHERE rowid IN ({_in(len(ids))})", ids)}
    return [{"id": r["id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
             "url": r["url"], "snippet": snippet(r["head"], q)} for r in (rows[i] for i in ids)]


def article_facets(con: sqlite3.Connection, state: dict, *, q=None, outlet=None, country=None, type_=None,
                   since=None, until=None, entity_type=None) -> dict:
    """Counts of matching articles per event type, entity country, outlet and month."""
    where, args = _article_where(state, q, outlet, country, type_, since, until, entity_type)
    base = f"SELECT a.id FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''}"
    total = con.execute(f"SELECT count(*) FROM ({base}) AS sub", args).fetchone()[0]

    def facet(sql: str) -> list[dict]:
        return [{"value": r[0], "count": r[1]} for r in con.execute(sql, [*args, FACET_SIZE]) if r[0] is not None]

    return {
        "total": total,
        "type": facet(f"SELECT type, count(DISTINCT article_id) FROM events WHERE article_id IN ({base})"
                      " GROUP BY type ORDER BY 2 DESC, 1 LIMIT ?"),
        "country": facet(f"SELECT country, count(DISTINCT article_id) FROM entities WHERE country IS NOT NULL"
                         f" AND article_id IN ({base}) GROUP BY country ORDER BY 2 DESC, 1 LIMIT ?"),
        "outlet": facet(f"SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL AND id IN ({base})"
                        " GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT ?"),
        "date": facet(f"SELECT substr(published, 1, 7), count(*) FROM articles WHERE published IS NOT NULL"
                      f" AND id IN ({base}) GROUP BY 1 ORDER BY 1 DESC LIMIT ?"),
    }


def article_links(con: sqlite3.Connection, state: dict, article_id: str) -> dict:
    """What the corpus layer knows about one article: canonical ids of its entities,
    clusters of its events, its copy group and near-duplicates."""
    out: dict[str, Any] = {"entities": {}, "events": {}, "copy_group": None, "wire": None, "voice": None,
                           "duplicates": []}
    for r in con.execute("SELECT eid, name, type FROM entities WHERE article_id=?", (article_id,)):
        out["entities"][r["eid"]] = entity_key(r["type"], r["name"])
    if state["canon"]:
        for r in con.execute("SELECT eid, cid FROM entity_links WHERE article_id=?", (article_id,)):
            out["entities"][r["eid"]] = r["cid"]
    if state["clusters"]:
        for r in con.execute("SELECT m.evid, m.cluster_id, c.outlets, c.articles FROM cluster_members m"
                             " JOIN event_clusters c ON c.cluster_id=m.cluster_id WHERE m.article_id=?", (article_id,)):
            out["events"][r["evid"]] = {"cluster_id": r["cluster_id"], "outlets": r["outlets"],
                                        "articles": r["articles"]}
    if state["copies"]:
        r = con.execute("SELECT wire, copy_group, voice FROM articles WHERE id=?", (article_id,)).fetchone()
        if r:
            out.update(wire=r["wire"], copy_group=r["copy_group"], voice=r["voice"])
        out["duplicates"] = [dict(x) for x in con.execute(
            "SELECT d.dup_of AS id, d.similarity, a.outlet, a.title, a.published FROM duplicates d JOIN articles a"
            " ON a.id=d.dup_of WHERE d.article_id=? UNION SELECT d.article_id, d.similarity, a.outlet, a.title,"
            " a.published FROM duplicates d JOIN articles a ON a.id=d.article_id WHERE d.dup_of=?",
            (article_id, article_id))]
    return out


# ---------------------------------------------------------------------------- entities

class CanonIndex:
    """Canonical entities in memory, most reported first, for substring search by name or
    alias: every entity's names in one string searched with ``str.find`` (C speed), a
    scan that stops once the page is full (SQLite would scan every row with LIKE and
    sort). Shared by the threads of a process; rebuilt when the store changes."""

    def __init__(self, con: sqlite3.Connection):
        self.rows, hays = [], []
        for r in con.execute("SELECT cid, name, type, country, aliases, articles FROM canon_entities"
                             " ORDER BY articles DESC, name"):
            aliases = _j(r["aliases"], []) or []
            hays.append("\n".join([r["name"], *aliases]).lower().replace("\x00", " "))
            self.rows.append((r["type"], r["country"], {
                "key": r["cid"], "name": r["name"], "type": r["type"], "country": r["country"],
                "aliases": aliases, "articles": r["articles"]}))
        self.starts, pos = [], 0
        for h in hays:
            self.starts.append(pos)
            pos += len(h) + 1
        self.text = "\x00".join(hays) + "\x00"

    def _hits(self, q: str):
        """Indexes of the rows whose names contain ``q``, in order."""
        if not q:
            yield from range(len(self.rows))
            return
        pos, n = 0, len(self.starts)
        while True:
            i = self.text.find(q, pos)
            if i < 0:
                return
            k = bisect.bisect_right(self.starts, i) - 1
            yield k
            pos = self.starts[k + 1] if k + 1 < n else len(self.text)

    def search(self, q: Optional[str], type_: Optional[str], country: Optional[str], offset: int, limit: int) -> list[dict]:
        q = (q or "").lower()
        if "\x00" in q:
            return []
        t, c = (type_ or "").upper() or None, (country or "").upper() or None
        out, skip = [], offset
        for k in self._hits(q):
            rt, rc, item = self.rows[k]
            if (t and rt != t) or (c and rc != c):
                continue
            if skip:
                skip -= 1
                continue
            out.append(item)
            if len(out) >= limit:
                break
        return out


_CANON: dict[str, CanonIndex] = {}
_CANON_LOCK = threading.Lock()


def canon_index(con: sqlite3.Connection, path: Optional[str]) -> CanonIndex:
    """The CanonIndex of the store at ``path``, shared by every connection of this process."""
    with _CANON_LOCK:
        idx = _CANON.get(path) if path else None
        if idx is None:
            idx = CanonIndex(con)
            if path:
                _CANON[path] = idx
        return idx


def drop_canon_index(path: Optional[str]) -> None:
    with _CANON_LOCK:
        _CANON.pop(path, None)


def entity_search(con: sqlite3.Connection, state: dict, *, q=None, type_=None, country=None,
                  offset: int = 0, limit: int = 20, index: Optional[CanonIndex] = None) -> list[dict]:
    """Entities whose name (or, once linked, an alias) contains ``q``; most reported first."""
    if state["canon"] and index is not None:
        return index.search(q, type_, country, offset, limit)
    if state["canon"]:
        where, args = [], []
        if q:
            where.append("(name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
            args += [like(q), like(json.dumps(q, ensure_ascii=False)[1:-1])]
        if type_:
            where.append("type = ?")
            args.append(type_.upper())
        if country:
            where.append("country = ?")
            args.append(country.upper())
        sql = (f"SELECT cid, name, type, country, aliases, articles FROM canon_entities"
               f" {'WHERE ' + ' AND '.join(where) if where else ''}"
               " ORDER BY articles DESC, name LIMIT ? OFFSET ?")
        return [{"key": r["cid"], "name": r["name"], "type": r["type"], "country": r["country"],
                 "aliases": _j(r["aliases"], []), "articles": r["articles"]}
                for r in con.execute(sql, [*args, limit, offset])]
    where, args = [], []
    if q:
        where.append("name LIKE ? ESCAPE '\\'")
        args.append(like(q))
    if type_:
        where.append("type = ?")
        args.append(type_.upper())
    if country:
        where.append("country = ?")
        args.append(country.upper())
    group = "lower(name)" if state.get("pg") else "name COLLATE NOCASE"
    sql = (f"SELECT min(name) AS name, type, max(country) AS country, count(DISTINCT article_id) AS n FROM entities"
           f" {'WHERE ' + ' AND '.join(where) if where else ''}"
           f" GROUP BY {group}, type ORDER BY n DESC, name LIMIT ? OFFSET ?")
    return [{"key": entity_key(r["type"], r["name"]), "name": r["name"], "type": r["type"],
             "country": r["country"], "aliases": [], "articles": r["n"]}
            for r in con.execute(sql, [*args, limit, offset])]


def _pairs(con: sqlite3.Connection, state: dict, key: str) -> Optional[tuple[str, list, dict]]:
    """SQL selecting the entity's (article_id, eid) rows, its args, and its head fields."""
    if state["canon"]:
        r = con.execute("SELECT * FROM canon_entities WHERE cid=?", (key,)).fetchone()
        if r:
            return ("SELECT article_id, eid FROM entity_links WHERE cid=? ORDER BY article_id, eid", [key],
                    {"key": key, "name": r["name"], "type": r["type"], "country": r["country"],
                     "aliases": _j(r["aliases"], []), "wikidata": r["wikidata"], "_articles": r["articles"]})
    parsed = parse_entity_key(key)
    if not parsed:
        return None
    t, n = parsed
    if not con.execute("SELECT 1 FROM entities WHERE name=? COLLATE NOCASE AND type=? LIMIT 1", (n, t)).fetchone():
        return None
    return ("SELECT article_id, eid FROM entities WHERE name=? COLLATE NOCASE AND type=? ORDER BY article_id, eid", [n, t],
            {"key": key, "name": n, "type": t, "country": None, "aliases": [], "wikidata": None})


def entity_detail(con: sqlite3.Connection, state: dict, key: str, precomputed: bool = True) -> Optional[dict]:
    """One entity: names, titles, country, aliases seen, counts, quotes by and about it,
    and its who-met-whom graph (the page written at link time when there is one)."""
    if precomputed and state["canon"] and key.startswith("K") and state.get("entity_pages"):
        r = con.execute("SELECT page FROM entity_pages WHERE cid=?", (key,)).fetchone()
        if r is not None:
            return json.loads(r[0])
    p = _pairs(con, state, key)
    if p is None:
        return None
    psql, pargs, head = p
    # a sample of its record rows is enough for titles, country, sector
    rows = con.execute(
        f"WITH p AS ({psql} LIMIT {ENTITY_MAX_ROWS}) SELECT e.article_id, e.eid, e.name, e.country, e.titles,"
        " e.sector, e.lat, e.lon, e.wikidata FROM p JOIN entities e ON e.article_id=p.article_id AND e.eid=p.eid"
        " ORDER BY e.article_id, e.eid",
        pargs).fetchall()
    titles: dict[str, int] = {}
    countries: dict[str, int] = {}
    sectors: dict[str, int] = {}
    for r in rows:
        for t in _j(r["titles"], []) or []:
            titles[t] = titles.get(t, 0) + 1
        if r["country"]:
            countries[r["country"]] = countries.get(r["country"], 0) + 1
        if r["sector"]:
            sectors[r["sector"]] = sectors.get(r["sector"], 0) + 1
        head["wikidata"] = head.get("wikidata") or r["wikidata"]
        if r["lat"] is not None and "geo" not in head:
            head["geo"] = {"lat": r["lat"], "lon": r["lon"]}
    aliases = set(head.get("aliases") or [])
    for r in con.execute(
            f"WITH p AS ({psql} LIMIT {ENTITY_ALIAS_ARTICLES}) SELECT DISTINCT substr(a.text, m.start + 1, m.\"end\" - m.start) AS s"
            " FROM p JOIN mentions m ON m.article_id=p.article_id AND m.eid=p.eid JOIN articles a ON a.id=p.article_id",
            pargs):
        if r["s"] and r["s"].strip():
            aliases.add(" ".join(r["s"].split()))
    aliases.discard(head["name"])
    n_articles = head.pop("_articles", None)
    if n_articles is None:
        n_articles = con.execute(f"SELECT count(DISTINCT article_id) FROM ({psql}) AS sub", pargs).fetchone()[0]
    head.update(
        articles=n_articles,
        titles=[t for t, _ in sorted(titles.items(), key=lambda x: (-x[1], x[0]))][:20],
        country=head.get("country") or (max(countries, key=countries.get) if countries else None),
        sector=max(sectors, key=sectors.get) if sectors else None,
        aliases=sorted(aliases, key=str.lower)[:40],
    )
    head["quotes_by"] = entity_quotes(con, state, psql, pargs, about=False)
    head["quotes_about"] = entity_quotes(con, state, psql, pargs, about=True)
    head["graph"] = entity_graph(con, state, psql, pargs, head)
    return head


def entity_quotes(con, state, psql: str, pargs: list, *, about: bool, limit: int = 50) -> list[dict]:
    if about:
        sql = (f"WITH p AS ({psql} LIMIT {ENTITY_MAX_ROWS // 2}) SELECT q.*, a.title, a.outlet, a.published FROM p"
               " JOIN attributions q ON q.article_id=p.article_id AND coalesce(q.source_eid, '')<>p.eid"
               " JOIN articles a ON a.id=q.article_id WHERE EXISTS (SELECT 1 FROM mentions m WHERE"
               " m.article_id=p.article_id AND m.eid=p.eid AND m.start>=q.content_start AND m.\"end\"<=q.content_end)"
               " ORDER BY coalesce(q.date, a.published) DESC LIMIT ?")
    else:
        sql = (f"WITH p AS ({psql} LIMIT {ENTITY_MAX_ROWS}) SELECT * FROM (SELECT DISTINCT q.*, a.title, a.outlet,"
               " a.published, coalesce(q.date, a.published) AS sort_key,"
               " CASE WHEN q.source_eid=p.eid THEN 'source' ELSE 'channel' END AS role FROM p"
               " JOIN attributions q ON q.article_id=p.article_id AND (q.source_eid=p.eid OR EXISTS"
               " (SELECT 1 FROM json_each(q.via) j WHERE j.value=p.eid))"
               " JOIN articles a ON a.id=q.article_id) AS sub ORDER BY sort_key DESC LIMIT ?")
    rows = con.execute(sql, [*pargs, limit]).fetchall()
    names = name_map(con, [r["article_id"] for r in rows], state["canon"])
    return [_quote(r, names) for r in rows]


def _quote(r: sqlite3.Row, names: dict) -> dict:
    keys = r.keys()
    src = names.get((r["article_id"], r["source_eid"])) if r["source_eid"] else None
    return {
        "article_id": r["article_id"], "aid": r["aid"], "kind": r["kind"],
        "source": {"eid": r["source_eid"], "name": src["name"] if src else None, "key": src["key"] if src else None},
        "source_text": r["source_text"], "source_type": r["source_type"],
        "via": _refs(names, r["article_id"], _j(r["via"], [])),
        "addressee": (_refs(names, r["article_id"], [r["addressee_eid"]]) or [None])[0] if r["addressee_eid"] else None,
        "cue": r["cue"], "content": r["content"], "content_start": r["content_start"],
        "content_end": r["content_end"], "date": r["date"],
        "title": r["title"] if "title" in keys else None, "outlet": r["outlet"] if "outlet" in keys else None,
        "published": r["published"] if "published" in keys else None,
        **({"role": r["role"]} if "role" in keys else {}),
    }


def _entity_events(con, state, psql: str, pargs: list, limit: int) -> list[sqlite3.Row]:
    cl = ("(SELECT cluster_id FROM cluster_members cm WHERE cm.article_id=e.article_id AND cm.evid=e.evid)"
          if state["clusters"] else "NULL")
    return con.execute(
        f"WITH p AS ({psql}) SELECT e.*, p.eid AS self, a.title, a.outlet, a.published, {cl} AS cluster_id,"
        " substr(a.text, e.ev_start + 1, min(e.ev_end - e.ev_start, 600)) AS evidence"
        " FROM p JOIN events e ON e.article_id=p.article_id JOIN articles a ON a.id=e.article_id"
        " WHERE EXISTS (SELECT 1 FROM json_each(e.actors) j WHERE j.value=p.eid)"
        " OR EXISTS (SELECT 1 FROM json_each(e.recipients) j WHERE j.value=p.eid) OR e.location=p.eid"
        " ORDER BY coalesce(e.date, substr(a.published, 1, 10)), a.published, e.evid LIMIT ?",
        [*pargs, limit]).fetchall()


def entity_timeline(con: sqlite3.Connection, state: dict, key: str, *, offset: int = 0,
                    limit: int = 50) -> Optional[list[dict]]:
    """The entity's events, oldest first; reports of one cluster come once, with a count."""
    p = _pairs(con, state, key)
    if p is None:
        return None
    psql, pargs, _ = p
    if state["canon"] and state["clusters"] and key.startswith("K"):
        return _cluster_timeline(con, key, offset, limit)
    rows = _entity_events(con, state, psql, pargs, ENTITY_MAX_ROWS)
    names = name_map(con, {r["article_id"] for r in rows}, state["canon"])
    items: list[dict] = []
    seen: dict[str, dict] = {}
    for r in rows:
        cid = r["cluster_id"]
        if cid and cid in seen:
            seen[cid]["reports"] += 1
            continue
        item = _event(r, names)
        item["role"] = ("actor" if r["self"] in (_j(r["actors"], []) or []) else
                        "recipient" if r["self"] in (_j(r["recipients"], []) or []) else "location")
        item["reports"] = 1
        if cid:
            seen[cid] = item
        items.append(item)
    return items[offset:offset + limit]


def _cluster_rows(con: sqlite3.Connection, cid: str, limit: int, offset: int = 0,
                  newest: bool = False) -> list[sqlite3.Row]:
    """The clusters a canonical entity takes part in (index cluster_actors(cid)), oldest first."""
    order = "c.date IS NULL, c.date DESC" if newest else "c.date IS NULL, c.date"
    return con.execute(
        "SELECT c.cluster_id, c.type, c.mode, c.actors, c.recipients, c.location, c.date, c.status, c.articles,"
        " c.outlets, c.earliest_article, c.earliest_published, min(ca.role) AS role FROM cluster_actors ca"
        " JOIN event_clusters c ON c.cluster_id=ca.cluster_id WHERE ca.cid=? GROUP BY c.cluster_id"
        f" ORDER BY {order}, c.cluster_id LIMIT ? OFFSET ?", (cid, limit, offset)).fetchall()


def _canon_refs(con: sqlite3.Connection, cids: Iterable[str]) -> dict[str, dict]:
    cids = sorted({c for c in cids if c})
    out: dict[str, dict] = {}
    for i in range(0, len(cids), 500):
        chunk = cids[i:i + 500]
        for r in con.execute(f"SELECT cid, name, type FROM canon_entities WHERE cid IN ({_in(len(chunk))})", chunk):
            out[r["cid"]] = {"eid": None, "key": r["cid"], "name": r["name"], "type": r["type"]}
    return out


def _cluster_timeline(con: sqlite3.Connection, cid: str, offset: int, limit: int) -> list[dict]:
    rows = _cluster_rows(con, cid, limit, offset)
    refs = _canon_refs(con, [c for r in rows for c in (_j(r["actors"], []) + _j(r["recipients"], []) + [r["location"]])])
    ref = lambda c: refs.get(c, {"eid": None, "key": c, "name": c, "type": None})  # noqa: E731
    arts = {r["id"]: r for r in con.execute(
        f"SELECT id, title, outlet FROM articles WHERE id IN ({_in(len(rows))})", [r["earliest_article"] for r in rows])}
    out = []
    for r in rows:
        a = arts.get(r["earliest_article"])
        out.append({"article_id": r["earliest_article"], "evid": None, "type": r["type"], "mode": r["mode"],
                    "actors": [ref(c) for c in _j(r["actors"], [])], "recipients": [ref(c) for c in _j(r["recipients"], [])],
                    "location": ref(r["location"]) if r["location"] else None, "date": r["date"], "status": r["status"],
                    "title": a["title"] if a else None, "outlet": a["outlet"] if a else None,
                    "published": r["earliest_published"], "cluster_id": r["cluster_id"], "reports": r["articles"],
                    "outlets": r["outlets"], "role": r["role"]})
    return out


def _event(r: sqlite3.Row, names: dict) -> dict:
    keys = r.keys()
    loc = r["location"]
    return {
        "article_id": r["article_id"], "evid": r["evid"], "type": r["type"], "mode": r["mode"],
        "actors": _refs(names, r["article_id"], _j(r["actors"], [])),
        "recipients": _refs(names, r["article_id"], _j(r["recipients"], [])),
        "location": (_refs(names, r["article_id"], [loc]) or [None])[0] if loc else None,
        "date": r["date"], "granularity": r["granularity"], "status": r["status"],
        "sources": _j(r["sources"], []), "evidence": {"start": r["ev_start"], "end": r["ev_end"],
                                                      "text": r["evidence"] if "evidence" in keys else None},
        "confidence": r["confidence"],
        "title": r["title"] if "title" in keys else None, "outlet": r["outlet"] if "outlet" in keys else None,
        "published": r["published"] if "published" in keys else None,
        "cluster_id": r["cluster_id"] if "cluster_id" in keys else None,
        **({"cluster_outlets": r["cluster_outlets"]} if "cluster_outlets" in keys else {}),
    }


def entity_graph(con, state, psql: str, pargs: list, head: dict) -> dict:
    """Who met whom: the entity, the entities it shares events with (as actor/recipient),
    edges weighted by shared events; ``met`` counts CONSULT events (meetings, talks)."""
    me = head["key"]
    if state["canon"] and state["clusters"] and me.startswith("K"):
        return _cluster_graph(con, head)
    rows = _entity_events(con, state, psql, pargs, ENTITY_MAX_ROWS)
    names = name_map(con, {r["article_id"] for r in rows}, state["canon"])
    nodes: dict[str, dict] = {me: {"key": me, "name": head["name"], "type": head["type"], "weight": 0}}
    edges: dict[tuple[str, str], dict] = {}
    seen_clusters: set = set()
    for r in rows:
        if r["cluster_id"]:
            if r["cluster_id"] in seen_clusters:
                continue
            seen_clusters.add(r["cluster_id"])
        parts = []
        for e in (_j(r["actors"], []) or []) + (_j(r["recipients"], []) or []):
            n = names.get((r["article_id"], e))
            if n and n["key"] not in parts:
                parts.append(n["key"])
                nodes.setdefault(n["key"], {"key": n["key"], "name": n["name"], "type": n["type"], "weight": 0})
        if me not in parts:
            parts.append(me)
        for i, a in enumerate(parts):
            for b in parts[i + 1:]:
                k = tuple(sorted((a, b)))
                ed = edges.setdefault(k, {"source": k[0], "target": k[1], "weight": 0, "met": 0, "types": {}})
                ed["weight"] += 1
                ed["met"] += r["type"] == "CONSULT"
                ed["types"][r["type"]] = ed["types"].get(r["type"], 0) + 1
                nodes[a]["weight"] += 1
                nodes[b]["weight"] += 1
    ego = sorted((n for k, n in nodes.items() if k != me), key=lambda n: -n["weight"])[:GRAPH_NEIGHBOURS]
    keep = {me} | {n["key"] for n in ego}
    return {"nodes": [nodes[me]] + ego,
            "edges": [e for e in edges.values() if e["source"] in keep and e["target"] in keep]}


def _cluster_graph(con: sqlite3.Connection, head: dict) -> dict:
    """Who met whom from the event clusters the entity takes part in."""
    me = head["key"]
    rows = _cluster_rows(con, me, ENTITY_MAX_ROWS, newest=True)
    nodes: dict[str, dict] = {me: {"key": me, "name": head["name"], "type": head["type"], "weight": 0}}
    edges: dict[tuple[str, str], dict] = {}
    for r in rows:
        parts = list(dict.fromkeys(_j(r["actors"], []) + _j(r["recipients"], [])))
        if me not in parts:
            parts.append(me)
        for i, a in enumerate(parts):
            for b in parts[i + 1:]:
                k = tuple(sorted((a, b)))
                ed = edges.setdefault(k, {"source": k[0], "target": k[1], "weight": 0, "met": 0, "types": {}})
                ed["weight"] += 1
                ed["met"] += r["type"] == "CONSULT"
                ed["types"][r["type"]] = ed["types"].get(r["type"], 0) + 1
                for x in (a, b):
                    nodes.setdefault(x, {"key": x, "name": x, "type": None, "weight": 0})["weight"] += 1
    ego = sorted((n for k, n in nodes.items() if k != me), key=lambda n: (-n["weight"], n["key"]))[:GRAPH_NEIGHBOURS]
    refs = _canon_refs(con, [n["key"] for n in ego])
    for n in ego:
        if n["key"] in refs:
            n.update(name=refs[n["key"]]["name"], type=refs[n["key"]]["type"])
    keep = {me} | {n["key"] for n in ego}
    return {"nodes": [nodes[me]] + ego,
            "edges": [e for e in edges.values() if e["source"] in keep and e["target"] in keep]}


# ---------------------------------------------------------------------------- events

def _entity_filter(con, state, value: str, role: str) -> tuple[str, list]:
    """A WHERE clause on events ``e`` keeping those whose ``role`` (actors, recipients,
    location) names the entity ``value``: an entity key, or a name/alias (case-insensitive)."""
    if state["canon"] and state["clusters"] and not parse_entity_key(value):
        # canonical ids for the value (an id, a canonical name, or a name as an article
        # wrote it), then the member events of their clusters in that role (all indexed)
        cids = [r[0] for r in con.execute(
            "SELECT cid FROM canon_entities WHERE cid=? UNION SELECT cid FROM canon_entities WHERE name=? COLLATE NOCASE"
            " UNION SELECT cid FROM canon_names WHERE name_lower=lower(?)",
            (value, value, value))] or [r[0] for r in con.execute(
            "SELECT DISTINCT l.cid FROM entities n JOIN entity_links l ON l.article_id=n.article_id AND l.eid=n.eid"
            " WHERE n.name=? COLLATE NOCASE", (value,))]
        # a cluster lists a participant once (as actor when any report has it so): candidates
        # by participation, the exact role checked on each article's event below
        crole = "location" if role == "location" else "participant"
        member = (f"(e.article_id, e.evid) IN (SELECT cm.article_id, cm.evid FROM cluster_actors ca JOIN cluster_members"
                  f" cm ON cm.cluster_id=ca.cluster_id WHERE (ca.role=? OR (? = 'participant' AND ca.role IN"
                  f" ('actor', 'recipient'))) AND ca.cid IN ({_in(len(cids))}))")
        links = f"SELECT article_id, eid FROM entity_links WHERE cid IN ({_in(len(cids))})"
        if role == "location":
            return f"{member} AND (e.article_id, e.location) IN ({links})", [crole, crole, *cids, *cids]
        return (f"{member} AND EXISTS (SELECT 1 FROM json_each(e.{role}) j WHERE (e.article_id, j.value) IN ({links}))",
                [crole, crole, *cids, *cids])
    if state["canon"] and con.execute("SELECT 1 FROM canon_entities WHERE cid=?", (value,)).fetchone():
        src, args = "SELECT article_id, eid FROM entity_links WHERE cid=?", [value]
    elif parse_entity_key(value):
        t, n = parse_entity_key(value)
        src, args = "SELECT article_id, eid FROM entities WHERE name=? COLLATE NOCASE AND type=?", [n, t]
    elif state["canon"]:
        src = ("SELECT article_id, eid FROM entities WHERE name=? COLLATE NOCASE UNION SELECT l.article_id, l.eid"
               " FROM canon_entities c JOIN entity_links l ON l.cid=c.cid WHERE c.name=? COLLATE NOCASE")
        args = [value, value]
    else:
        src, args = "SELECT article_id, eid FROM entities WHERE name=? COLLATE NOCASE", [value]
    # the first condition lets SQLite drive from the entity's articles (events' primary key)
    first = f"e.article_id IN (SELECT article_id FROM ({src}) AS sub)"
    if role == "location":
        return f"{first} AND (e.article_id, e.location) IN ({src})", args + args
    return (f"{first} AND EXISTS (SELECT 1 FROM json_each(e.{role}) j WHERE (e.article_id, j.value) IN ({src}))",
            args + args)


def event_page(con: sqlite3.Connection, state: dict, *, actor=None, recipient=None, type_=None, place=None,
               since=None, until=None, status=None, min_outlets: int = 0, article_id=None,
               offset: int = 0, limit: int = 20) -> list[dict]:
    """Events as reported by single articles, filtered; newest event date first (undated
    last). Two steps: the page's rowids from the narrow events rows (index on type,
    date), then the page's fields, names and clusters."""
    where, args = [], []
    for value, role in ((actor, "actors"), (recipient, "recipients"), (place, "location")):
        if value:
            clause, a = _entity_filter(con, state, value, role)
            where.append(clause)
            args += a
    add_conditions(where, args, (
        (type_ and type_.upper(), "e.type = ?"),
        (status and status.lower(), "e.status = ?"),
        (until, "e.date <= ? || '~'"),
        (article_id, "e.article_id = ?")))
    if min_outlets and min_outlets > 1:
        if state["clusters"]:
            where.append("(e.article_id, e.evid) IN (SELECT cm.article_id, cm.evid FROM event_clusters c"
                         " JOIN cluster_members cm ON cm.cluster_id=c.cluster_id WHERE c.outlets >= ?)")
            args.append(min_outlets)
        else:
            where.append("0")
    order = " ORDER BY e.date DESC NULLS LAST, e.rowid DESC LIMIT ? OFFSET ?"  # index order (type, date)
    if since:
        # a day date in the range (an index range), or a month or year date whose prefix
        # the range starts in (overlap): two indexed queries merged, not one OR and a sort
        ids = []
        for cond, cargs in (("e.date >= ?", [since]), ("e.date IN (?, ?)", [since[:7], since[:4]])):
            w = [*where, cond]
            ids += [(r[1], r[0]) for r in con.execute(
                f"SELECT e.rowid, e.date FROM events e WHERE {' AND '.join(w)}" + order,
                [*args, *cargs, offset + limit, 0])]
        ids = [i for _, i in sorted(set(ids), key=lambda x: (x[0], x[1]), reverse=True)][offset:offset + limit]
    else:
        ids = [r[0] for r in con.execute(
            f"SELECT e.rowid FROM events e {'WHERE ' + ' AND '.join(where) if where else ''}" + order,
            [*args, limit, offset])]
    if not ids:
        return []
    cl = (", c.cluster_id, c.outlets AS cluster_outlets" if state["clusters"]
          else ", NULL AS cluster_id, 1 AS cluster_outlets")
    join = (" LEFT JOIN cluster_members cm ON cm.article_id=e.article_id AND cm.evid=e.evid"
            " LEFT JOIN event_clusters c ON c.cluster_id=cm.cluster_id") if state["clusters"] else ""
    rows = {r["rowid"]: r for r in con.execute(
        f"SELECT e.rowid AS rowid, e.*, a.title, a.outlet, a.published{cl},"
        " substr(a.text, e.ev_start + 1, min(e.ev_end - e.ev_start, 600)) AS evidence"
        f" FROM events e JOIN articles a ON a.id=e.article_id{join} WHERE e.rowid IN ({_in(len(ids))})", ids)}
    rows = [rows[i] for i in ids]
    eids = {x for r in rows for x in (_j(r["actors"], []) or []) + (_j(r["recipients"], []) or [])
            + ([r["location"]] if r["location"] else [])}
    names = name_map(con, {r["article_id"] for r in rows}, state["canon"], eids)
    return [_event(r, names) for r in rows]


# ---------------------------------------------------------------------------- attributions

def attribution_page(con: sqlite3.Connection, state: dict, *, speaker=None, source_type=None, channel=None,
                     kind=None, q=None, article_id=None, offset: int = 0, limit: int = 20) -> list[dict]:
    """Attributions (quotes and reported speech) filtered by speaker (a name or entity key),
    source type, channel (an entity the quote came through) and words of the content."""
    where, args = [], []
    if speaker:
        key = parse_entity_key(speaker)
        if state["canon"] and con.execute("SELECT 1 FROM canon_entities WHERE cid=?", (speaker,)).fetchone():
            where.append("(q.article_id, q.source_eid) IN (SELECT article_id, eid FROM entity_links WHERE cid=?)")
            args.append(speaker)
        elif key:
            where.append("(q.article_id, q.source_eid) IN (SELECT article_id, eid FROM entities"
                         " WHERE name=? COLLATE NOCASE AND type=?)")
            args += [key[1], key[0]]
        else:
            cids = [r[0] for r in con.execute(
                "SELECT cid FROM canon_entities WHERE name=? COLLATE NOCASE UNION SELECT l.cid FROM entities n"
                " JOIN entity_links l ON l.article_id=n.article_id AND l.eid=n.eid WHERE n.name=? COLLATE NOCASE",
                (speaker, speaker))] if state["canon"] else []
            if cids:  # a full name: its canonical entities (indexed), whatever the article called it
                links = f"SELECT article_id, eid FROM entity_links WHERE cid IN ({_in(len(cids))})"
                where.append(f"q.article_id IN (SELECT article_id FROM ({links}) AS sub) AND (q.article_id, q.source_eid) IN ({links})")
                args += cids + cids
            else:  # part of a name, or of the words naming the source (a scan)
                where.append("((q.article_id, q.source_eid) IN (SELECT article_id, eid FROM entities"
                             " WHERE name LIKE ? ESCAPE '\\') OR q.source_text LIKE ? ESCAPE '\\')")
                args += [like(speaker), like(speaker)]
    if source_type:
        where.append("q.source_type = ?")
        args.append(source_type.lower())
    if kind:
        where.append("q.kind = ?")
        args.append(kind.lower())
    if channel:
        where.append("EXISTS (SELECT 1 FROM json_each(q.via) j JOIN entities n ON n.article_id=q.article_id"
                     " AND n.eid=j.value WHERE n.name LIKE ? ESCAPE '\\')")
        args.append(like(channel))
    if q and q.strip():
        if state["quotes_fts"] and fts_query(q) and state.get("pg"):
            tsq, targs = state["pg"](fts_query(q))
            where.append(f"q.fts @@ {tsq}")
            args += targs
        elif state["quotes_fts"] and fts_query(q):
            where.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(fts_query(q))
        else:
            where.append("q.content LIKE ? ESCAPE '\\'")
            args.append(like(q.strip()))
    if article_id:
        where.append("q.article_id = ?")
        args.append(article_id)
    sql = ("SELECT q.*, a.title, a.outlet, a.published FROM attributions q JOIN articles a ON a.id=q.article_id"
           f" {'WHERE ' + ' AND '.join(where) if where else ''}"
           " ORDER BY coalesce(q.date, a.published) DESC, a.rowid, q.aid LIMIT ? OFFSET ?")
    rows = con.execute(sql, [*args, limit, offset]).fetchall()
    names = name_map(con, {r["article_id"] for r in rows}, state["canon"])
    return [_quote(r, names) for r in rows]


# ---------------------------------------------------------------------------- clusters

def cluster_reports(con: sqlite3.Connection, cluster: dict) -> dict:
    """Regroup a cluster's member reports for reading: by voice (syndicated copies of one
    wire or copy group together), earliest first, with each report's sources named."""
    members = cluster.get("members") or []
    ids = sorted({m["article_id"] for m in members})
    extra: dict[str, dict] = {}
    if ids and has_table(con, "duplicates"):
        for r in con.execute(f"SELECT id, wire, copy_group, voice, url FROM articles WHERE id IN ({_in(len(ids))})", ids):
            extra[r["id"]] = dict(r)
    srcs: dict[tuple[str, str], dict] = {}
    if ids:
        for r in con.execute(
                "SELECT q.article_id, q.aid, q.source_text, q.source_type, q.kind, q.cue, q.content,"
                " (SELECT name FROM entities n WHERE n.article_id=q.article_id AND n.eid=q.source_eid) AS name"
                f" FROM attributions q WHERE q.article_id IN ({_in(len(ids))})", ids):
            srcs[(r["article_id"], r["aid"])] = {"aid": r["aid"], "name": r["name"] or r["source_text"],
                                                  "source_type": r["source_type"], "kind": r["kind"],
                                                  "content": r["content"]}
    groups: dict[str, dict] = {}
    for m in members:
        x = extra.get(m["article_id"], {})
        m = {**m, "wire": x.get("wire"), "copy_group": x.get("copy_group"),
             "sources_named": [srcs[(m["article_id"], s)] for s in m.get("sources") or [] if (m["article_id"], s) in srcs]}
        voice = x.get("voice") or m.get("outlet") or m["article_id"]
        g = groups.setdefault(voice, {"voice": voice, "outlets": [], "reports": []})
        if m.get("outlet") and m["outlet"] not in g["outlets"]:
            g["outlets"].append(m["outlet"])
        g["reports"].append(m)
    ordered = sorted(groups.values(), key=lambda g: (g["reports"][0].get("published") or "~"))
    return {"voices": ordered}


# ---------------------------------------------------------------------------- more read API

STAT_TABLES = ("articles", "entities", "attributions", "events", "canon_entities", "event_clusters")
# A cluster page lists at most this many of a source's (or the corroboration's) articles;
# the counts say how many there are (a heavy cluster has hundreds).
CLUSTER_LIST_CAP = 50


def stats(con: sqlite3.Connection) -> dict:
    out: dict[str, Any] = {}
    for t in STAT_TABLES:
        if has_table(con, t):
            out[t] = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # t: our constant
    return out


def article(con: sqlite3.Connection, state: dict, article_id: str) -> Optional[dict]:
    row = con.execute("SELECT id, record FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None and len(article_id) >= 6 and article_id.isalnum():
        rows = con.execute("SELECT id, record FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                           (article_id, article_id + "\uffff")).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        return None
    return {"record": json.loads(row["record"]), "links": article_links(con, state, row["id"])}


def cap_corroboration(corr: dict) -> dict:
    """The corroboration of a cluster page with long article lists cut (counts kept)."""
    corr = dict(corr or {})
    arts = corr.get("articles")
    if isinstance(arts, list) and len(arts) > CLUSTER_LIST_CAP:
        corr["articles"], corr["articles_total"] = arts[:CLUSTER_LIST_CAP], len(arts)
    srcs = []
    for s in corr.get("sources") or []:
        if isinstance(s, dict) and isinstance(s.get("articles"), list) and len(s["articles"]) > CLUSTER_LIST_CAP:
            s = {**s, "articles": s["articles"][:CLUSTER_LIST_CAP], "articles_total": len(s["articles"])}
        srcs.append(s)
    if "sources" in corr:
        corr["sources"] = srcs
    return corr


def cluster_members(con: sqlite3.Connection, cluster_id: str, offset: int, limit: int) -> tuple[list[dict], int]:
    """One page of a cluster's member reports, earliest first, and how many there are."""
    total = con.execute("SELECT count(*) FROM cluster_members WHERE cluster_id=?", (cluster_id,)).fetchone()[0]
    members = []
    for m in con.execute(
            "SELECT e.article_id, e.evid, e.status, e.date, e.sources, a.outlet, a.published, a.title,"
            " substr(a.text, e.ev_start + 1, min(e.ev_end - e.ev_start, 600)) AS evidence FROM cluster_members m"
            " JOIN events e ON e.article_id=m.article_id AND e.evid=m.evid JOIN articles a ON a.id=m.article_id"
            " WHERE m.cluster_id=? ORDER BY a.published, a.rowid LIMIT ? OFFSET ?", (cluster_id, limit, offset)):
        members.append({"article_id": m["article_id"], "evid": m["evid"], "outlet": m["outlet"],
                        "published": m["published"], "title": m["title"], "status": m["status"],
                        "date": m["date"], "sources": _j(m["sources"], []), "evidence": m["evidence"]})
    return members, total
