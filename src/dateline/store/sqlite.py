"""SQLite backend of the store: the embedded default.

WAL journal, one transaction per article (a killed run leaves every article either
fully stored or absent), migrations applied in order from ``migrations/NNNN_*.sql``
and recorded in ``PRAGMA user_version``. Everything SQLite-specific (FTS5 ``MATCH``,
``snippet``, JSON in TEXT columns, row values) stays in this module.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Iterator

from ..record import Record
from . import query as Q
from . import sqlite_read as R
from .base import EventQuery, Store, cluster_summary, read_migrations

TABLES = ["articles", "entities", "mentions", "times", "attributions", "events", "failures",
          "inputs", "outlets", "duplicates", "canon_entities", "entity_links", "event_clusters",
          "cluster_members"]

# Entities in at least this many articles get their page precomputed at link time
# (build_read_cache): on Reuters-21578 (10,000 articles) ~1,800 of 22,800 entities, whose
# pages cost 3-10 ms of CPU each at request time; the rest cost 1-3 ms.
ENTITY_PAGE_MIN_ARTICLES = 5

# Event statuses from strongest to weakest claim: a cluster's status is its strongest member's.
STATUS_ORDER = ["asserted", "reported", "alleged", "planned", "hypothetical", "denied", "negated",
                "historical"]


def migrations() -> list[tuple[int, str]]:
    return read_migrations("migrations")


class SQLiteStore(Store):
    def __init__(self, path: str, *, readonly: bool = False):
        self.path = path
        self._features: dict | None = None
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, isolation_level=None,
                                      check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=60000")
        if not readonly:
            self.migrate()

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        for version, sql in migrations():
            if version > current:
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    if self.db.execute("PRAGMA user_version").fetchone()[0] >= version:
                        self.db.execute("ROLLBACK")  # another process migrated meanwhile
                        continue
                    for stmt in _statements(sql):
                        self.db.execute(stmt)
                    self.db.execute(f"PRAGMA user_version={version}")
                    self.db.execute("COMMIT")
                except Exception:
                    self.db.execute("ROLLBACK")
                    raise

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _tx(self):
        return _Tx(self.db)

    # ------------------------------------------------------------------ ingest
    def has(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def put(self, record: Record) -> bool:
        r = record
        if self.has(r.id):
            return False
        d = r.to_dict()
        with self._tx():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO articles (id, path, url, format, title, published, outlet, language,"
                " text, record, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (r.id, r.source.path, r.source.url, r.source.format, r.meta.title, r.meta.published,
                 r.meta.outlet, r.meta.language, r.text, json.dumps(d, ensure_ascii=False),
                 json.dumps(r.meta.warnings)))
            if cur.rowcount == 0:
                return False
            self._put_facts(r)
            if r.meta.outlet:
                self.db.execute("INSERT OR IGNORE INTO outlets (name) VALUES (?)", (r.meta.outlet,))
        return True

    def _put_facts(self, r: Record) -> None:
        x = self.db.executemany
        x("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?)",
          [(r.id, e.id, e.name, e.type, e.country, e.sector, json.dumps(e.titles),
            e.geo.lat if e.geo else None, e.geo.lon if e.geo else None,
            e.kb.wikidata if e.kb else None) for e in r.entities])
        x('INSERT INTO mentions VALUES (?,?,?,?)',
          [(r.id, e.id, s, t) for e in r.entities for s, t in e.mentions])
        x("INSERT INTO times VALUES (?,?,?,?,?,?,?,?)",
          [(r.id, n, t.text, t.start, t.end, t.type, t.value, t.granularity) for n, t in enumerate(r.times)])
        x("INSERT INTO attributions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
          [(r.id, a.id, a.kind, a.source, a.source_text, a.source_type, json.dumps(a.via), a.addressee,
            a.cue.text, a.content.text, a.content.start, a.content.end, a.date) for a in r.attributions])
        x("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          [(r.id, e.id, e.type, e.mode, json.dumps(e.actor), json.dumps(e.recipient), e.location,
            e.date.value if e.date else None, e.date.granularity if e.date else None, e.status,
            json.dumps(e.sources), e.evidence.start, e.evidence.end, e.confidence) for e in r.events])

    def get(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT record FROM articles WHERE id=?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def find(self, prefix: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ? ORDER BY id LIMIT 10",
                               (prefix.replace("%", "").replace("_", "") + "%",)).fetchall()
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def log_failure(self, location: str, reason: str, message: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO failures (location, reason, message) VALUES (?,?,?)",
                        (location, reason, message))

    def failures(self, limit: int = 100) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT location, reason, message, at FROM failures ORDER BY rowid LIMIT ?", (limit,))]

    def input_done(self, location: str, size: int | None = None, mtime: float | None = None) -> int | None:
        row = self.db.execute("SELECT size, mtime, articles FROM inputs WHERE location=?", (location,)).fetchone()
        if row is None:
            return None
        if size is not None and row["size"] is not None and row["size"] != size:
            return None
        if mtime is not None and row["mtime"] is not None and abs(row["mtime"] - mtime) > 1e-3:
            return None
        return row["articles"]

    def mark_input(self, location: str, status: str, articles: int = 0,
                   size: int | None = None, mtime: float | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs (location, size, mtime, status, articles) VALUES (?,?,?,?,?)",
                        (location, size, mtime, status, articles))

    def iter_records(self) -> Iterator[dict]:
        cur = self.db.cursor()
        for row in cur.execute("SELECT record FROM articles ORDER BY rowid"):
            yield json.loads(row[0])

    # ------------------------------------------------------------------ corpus
    def article_rows(self) -> Iterator[dict]:
        cur = self.db.cursor()
        for row in cur.execute("SELECT id, outlet, published, title, text, path, url FROM articles ORDER BY rowid"):
            yield dict(row)

    def signatures(self) -> dict[str, tuple[int, bytes]]:
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT article_id, num_perm, hashvalues FROM signatures")}

    def put_signatures(self, rows: Iterable[tuple[str, int, bytes]]) -> None:
        with self._tx():
            self.db.executemany("INSERT OR REPLACE INTO signatures VALUES (?,?,?)", list(rows))

    def replace_copies(self, articles, duplicates, outlets) -> None:
        with self._tx():
            self.db.execute("DELETE FROM duplicates")
            self.db.executemany("UPDATE articles SET wire=?, copy_group=?, voice=? WHERE id=?",
                                [(w, g, v, a) for a, w, g, v in articles])
            self.db.executemany("INSERT OR IGNORE INTO duplicates VALUES (?,?,?)", list(duplicates))
            self.db.executemany(
                "INSERT INTO outlets (name, kind, country) VALUES (?,?,?) ON CONFLICT(name) DO UPDATE"
                " SET kind=excluded.kind, country=coalesce(excluded.country, outlets.country)", list(outlets))

    def replace_entity_links(self, canon, links) -> None:
        with self._tx():
            self.db.execute("DELETE FROM entity_pages")
            self.db.execute("DELETE FROM entity_links")
            self.db.execute("DELETE FROM canon_entities")
            self.db.executemany(
                "INSERT INTO canon_entities VALUES (:cid,:name,:type,:country,:wikidata,:aliases,:articles)",
                [{**c, "aliases": json.dumps(c.get("aliases") or [], ensure_ascii=False)} for c in canon])
            self.db.executemany("INSERT OR REPLACE INTO entity_links VALUES (?,?,?)", list(links))
            self.db.execute("DELETE FROM canon_names")
            self.db.execute("INSERT OR IGNORE INTO canon_names SELECT lower(name), cid FROM canon_entities")
            self.db.execute("INSERT OR IGNORE INTO canon_names SELECT lower(j.value), c.cid FROM canon_entities c,"
                            " json_each(c.aliases) j")

    def replace_clusters(self, clusters) -> None:
        cols = ["cluster_id", "type", "mode", "actors", "recipients", "location", "date", "date_end", "status",
                "articles", "outlets", "earliest_article", "earliest_published", "corroboration",
                "sort_date", "sources", "summary"]
        clusters = list(clusters)
        names = self._names_of({c for x in clusters for c in (x.get("actors") or []) + (x.get("recipients") or [])
                                + ([x["location"]] if x.get("location") else [])})
        titles = self._titles_of({x.get("earliest_article") for x in clusters if x.get("earliest_article")})
        with self._tx():
            self.db.execute("DELETE FROM entity_pages")
            self.db.execute("DELETE FROM cluster_actors")
            self.db.execute("DELETE FROM cluster_members")
            self.db.execute("DELETE FROM event_clusters")
            rows, members, roles = [], [], []
            for c in clusters:
                row = {k: c.get(k) for k in cols}
                summary = cluster_summary(c, names, titles)
                row.update(sort_date=c.get("date") or "~", sources=summary["sources"],
                           summary=json.dumps(summary, ensure_ascii=False))
                for k in ("actors", "recipients", "corroboration"):
                    row[k] = json.dumps(row[k] if row[k] is not None else ([] if k != "corroboration" else {}),
                                        ensure_ascii=False)
                rows.append([row[k] for k in cols])
                members += [(c["cluster_id"], a, e) for a, e in c.get("members", [])]
                roles += [(c["cluster_id"], cid, role) for cid, role in c.get("roles", [])]
            self.db.executemany(f"INSERT INTO event_clusters ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                                rows)
            self.db.executemany("INSERT OR REPLACE INTO cluster_members VALUES (?,?,?)", members)
            self.db.executemany("INSERT OR IGNORE INTO cluster_actors VALUES (?,?,?)", roles)

    def build_read_cache(self) -> int:
        """Entity pages of the entities in ENTITY_PAGE_MIN_ARTICLES+ articles (end of the link step)."""
        st = R.corpus_state(self.db)
        if not st["canon"]:
            return 0
        cids = [r[0] for r in self.db.execute("SELECT cid FROM canon_entities WHERE articles >= ?"
                                              " ORDER BY articles DESC, cid", (ENTITY_PAGE_MIN_ARTICLES,))]
        pages = [(cid, json.dumps(R.entity_detail(self.db, st, cid, precomputed=False), ensure_ascii=False,
                                  separators=(",", ":"))) for cid in cids]
        with self._tx():
            self.db.execute("DELETE FROM entity_pages")
            self.db.executemany("INSERT INTO entity_pages VALUES (?,?)", pages)
        self.refresh()
        return len(pages)

    def _names_of(self, cids) -> dict[str, str]:
        cids, out = sorted(cids), {}
        for i in range(0, len(cids), 500):
            chunk = cids[i:i + 500]
            out.update(self.db.execute(f"SELECT cid, name FROM canon_entities WHERE cid IN ({','.join('?' * len(chunk))})",
                                       chunk).fetchall())
        return out

    def _titles_of(self, ids) -> dict[str, tuple]:
        ids, out = sorted(ids), {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.db.execute(f"SELECT id, title, outlet FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                                     chunk):
                out[r[0]] = (r[1], r[2])
        return out

    # ------------------------------------------------------------------ query (query.py)
    def _fts(self, table: str, query: str) -> str:
        """A MATCH expression that parses: the user's when valid, else its words quoted."""
        try:
            self.db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 1", (query,)).fetchall()
            return query
        except sqlite3.OperationalError:
            words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
            return " ".join(f'"{w}"' for w in words) or '""'

    def _fts_condition(self, kind: str, text: str) -> tuple[str, list]:
        """query.Fts: a full-text condition on articles (alias a) or attributions (alias q)."""
        table, alias = {"articles": ("articles_fts", "a"), "quotes": ("quotes_fts", "q")}[kind]
        return f"{alias}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)", [self._fts(table, text)]

    def events(self, q: EventQuery | None = None, **filters) -> list[dict]:
        return Q.events(self.db, self._fts_condition, q or EventQuery(**filters))

    def cluster_page(self, q: EventQuery | None = None, **filters) -> list[dict]:
        return Q.cluster_page(self.db, self._fts_condition, q or EventQuery(**filters))

    def cluster(self, cluster_id: str) -> dict | None:
        return Q.cluster(self.db, cluster_id)

    def quotes(self, speaker: str | None = None, text: str | None = None, limit: int = 100) -> list[dict]:
        return Q.quotes(self.db, self._fts_condition, speaker, text, limit)

    def entities(self, name: str | None = None, limit: int = 50) -> list[dict]:
        return Q.entities(self.db, name, limit)

    def outlets(self, limit: int = 100) -> list[dict]:
        return Q.outlets(self.db, limit)

    def search(self, text: str, limit: int = 20) -> list[dict]:
        sql = ("SELECT a.id, a.title, a.outlet, a.published, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
               " FROM articles_fts JOIN articles a ON a.rowid=articles_fts.rowid WHERE articles_fts MATCH ?"
               " ORDER BY rank LIMIT ?")
        return [dict(r) for r in self.db.execute(sql, (self._fts("articles_fts", text), limit))]

    # ------------------------------------------------------------------ read API (sqlite_read.py)
    def features(self) -> dict[str, bool]:
        if self._features is None:
            self._features = R.corpus_state(self.db)
        return self._features

    def data_version(self) -> int:
        """SQLite's count of commits by other connections to this file (``PRAGMA
        data_version``): a reader compares two readings to learn that the store changed."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def refresh(self) -> None:
        self._features = None
        R.drop_canon_index(self.path)

    def stats(self) -> dict:
        return R.stats(self.db)

    def article_page(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                     until=None, offset: int = 0, limit: int = 20) -> list[dict]:
        return R.article_page(self.db, self.features(), q=q, outlet=outlet, country=country, type_=type,
                              entity_type=entity_type, since=since, until=until, offset=offset, limit=limit)

    def article_facets(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                       until=None) -> dict:
        return R.article_facets(self.db, self.features(), q=q, outlet=outlet, country=country, type_=type,
                                entity_type=entity_type, since=since, until=until)

    def article(self, article_id: str) -> dict | None:
        return R.article(self.db, self.features(), article_id)

    def entity_search(self, *, q=None, type=None, country=None, offset: int = 0, limit: int = 20) -> list[dict]:
        st = self.features()
        index = R.canon_index(self.db, self.path) if st["canon"] else None
        return R.entity_search(self.db, st, q=q, type_=type, country=country, offset=offset, limit=limit,
                               index=index)

    def entity(self, key: str) -> dict | None:
        return R.entity_detail(self.db, self.features(), key)

    def entity_json(self, key: str) -> str | None:
        if not (key.startswith("K") and self.features()["canon"] and self.features().get("entity_pages")):
            return None
        r = self.db.execute("SELECT page FROM entity_pages WHERE cid=?", (key,)).fetchone()
        return r[0] if r else None

    def entity_timeline(self, key: str, *, offset: int = 0, limit: int = 50) -> list[dict] | None:
        return R.entity_timeline(self.db, self.features(), key, offset=offset, limit=limit)

    def event_page(self, *, actor=None, recipient=None, type=None, place=None, since=None, until=None,
                   status=None, min_outlets: int = 0, offset: int = 0, limit: int = 20) -> list[dict]:
        return R.event_page(self.db, self.features(), actor=actor, recipient=recipient, type_=type, place=place,
                            since=since, until=until, status=status, min_outlets=min_outlets, offset=offset,
                            limit=limit)

    def cluster_detail(self, cluster_id: str, *, offset: int = 0, limit: int = 50) -> dict | None:
        if not self.features()["clusters"]:
            return None
        return Q.cluster_detail(self.db, cluster_id, offset, limit)

    def attribution_page(self, *, speaker=None, source_type=None, channel=None, kind=None, q=None,
                         offset: int = 0, limit: int = 20) -> list[dict]:
        return R.attribution_page(self.db, self.features(), speaker=speaker, source_type=source_type,
                                  channel=channel, kind=kind, q=q, offset=offset, limit=limit)

    def close(self) -> None:
        self.db.close()


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _statements(sql: str) -> list[str]:
    """Split a migration file into complete statements (triggers keep their inner ';')."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        chunk = "\n".join(buf)
        if sqlite3.complete_statement(chunk):
            if chunk.strip().strip(";").strip():
                out.append(chunk.strip())
            buf = []
    rest = "\n".join(buf).strip()
    if rest and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf):
        out.append(rest)
    return out
