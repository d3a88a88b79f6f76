"""PostgreSQL backend of the store (psycopg 3): the same ``Store`` interface as SQLite.

Selected by ``--db postgresql://user:password@host:port/database`` (``open_store``).
The schema is the SQLite one translated (``migrations_pg/NNNN_*.sql``, one file per
SQLite migration, same version numbers, recorded in ``dateline_schema``); JSON stays
in TEXT columns so both stores hand back the same strings; ``seq`` columns stand for
SQLite's rowid (ingest order). Full-text search uses stored ``tsvector`` columns
('simple' configuration, no stemming, like FTS5's unicode61 tokenizer) with GIN
indexes; FTS5 query syntax (words, "phrases", prefix*, AND/OR/NOT, parentheses) is
translated to ``tsquery``. Text ordering uses ``COLLATE "C"`` (byte order, as SQLite).

Several processes may write at once (one transaction per article, ``ON CONFLICT``
everywhere), so Dask workers or several ingest runs can share one database.

Known differences from SQLite: search ranking (``ts_rank_cd`` instead of bm25) and
snippets (``ts_headline``) differ in detail; accents are not folded (FTS5 removes
diacritics); ``lower()`` folds all of Unicode where SQLite folds ASCII only.
"""
from __future__ import annotations

import json
import re
from typing import Iterable, Iterator

from ..record import Record
from . import query as Q
from .base import EventQuery, Store, cluster_summary, read_migrations

TABLES = ["articles", "entities", "mentions", "times", "attributions", "events", "failures",
          "inputs", "outlets", "duplicates", "canon_entities", "entity_links", "event_clusters",
          "cluster_members"]

# An advisory-lock key so two processes never migrate at the same time.
MIGRATION_LOCK = 0x6461746C


def migrations() -> list[tuple[int, str]]:
    return read_migrations("migrations_pg")


class PostgresStore(Store):
    def __init__(self, address: str, *, readonly: bool = False):
        import psycopg
        from psycopg.rows import dict_row

        self.address = address
        self.db = psycopg.connect(address, autocommit=True, row_factory=dict_row)
        if readonly:
            self.db.execute("SET default_transaction_read_only = on")
        else:
            self.migrate()

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.db.execute("CREATE TABLE IF NOT EXISTS dateline_schema (version INTEGER NOT NULL)")
            row = self.db.execute("SELECT max(version) AS v FROM dateline_schema").fetchone()
            current = row["v"] or 0
            for version, sql in migrations():
                if version > current:
                    self.db.execute(sql)
                    self.db.execute("INSERT INTO dateline_schema VALUES (%s)", (version,))

    @property
    def version(self) -> int:
        return self.db.execute("SELECT max(version) AS v FROM dateline_schema").fetchone()["v"] or 0

    def _one(self, sql: str, args=()):
        return self.db.execute(sql, args).fetchone()

    def _all(self, sql: str, args=()) -> list[dict]:
        return self.db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ ingest
    def has(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id=%s", (article_id,)) is not None

    def put(self, record: Record) -> bool:
        r = record
        if self.has(r.id):
            return False
        d = r.to_dict()
        with self.db.transaction():
            row = self._one(
                "INSERT INTO articles (id, path, url, format, title, published, outlet, language, text, record,"
                " warnings) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO NOTHING RETURNING seq",
                (r.id, r.source.path, r.source.url, r.source.format, r.meta.title, r.meta.published,
                 r.meta.outlet, r.meta.language, _clean(r.text), json.dumps(d, ensure_ascii=False).replace("\\u0000", ""),
                 json.dumps(r.meta.warnings)))
            if row is None:
                return False
            self._put_facts(r)
            if r.meta.outlet:
                self.db.execute("INSERT INTO outlets (name) VALUES (%s) ON CONFLICT DO NOTHING", (r.meta.outlet,))
        return True

    def _put_facts(self, r: Record) -> None:
        with self.db.cursor() as cur:
            x = cur.executemany
            x("INSERT INTO entities (article_id, eid, name, type, country, sector, titles, lat, lon, wikidata)"
              " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
              [(r.id, e.id, e.name, e.type, e.country, e.sector, json.dumps(e.titles),
                e.geo.lat if e.geo else None, e.geo.lon if e.geo else None,
                e.kb.wikidata if e.kb else None) for e in r.entities])
            x('INSERT INTO mentions (article_id, eid, start, "end") VALUES (%s,%s,%s,%s)',
              [(r.id, e.id, s, t) for e in r.entities for s, t in e.mentions])
            x('INSERT INTO times (article_id, n, text, start, "end", type, value, granularity)'
              " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
              [(r.id, n, t.text, t.start, t.end, t.type, t.value, t.granularity) for n, t in enumerate(r.times)])
            x("INSERT INTO attributions (article_id, aid, kind, source_eid, source_text, source_type, via,"
              " addressee_eid, cue, content, content_start, content_end, date)"
              " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
              [(r.id, a.id, a.kind, a.source, a.source_text, a.source_type, json.dumps(a.via), a.addressee,
                a.cue.text, a.content.text, a.content.start, a.content.end, a.date) for a in r.attributions])
            x("INSERT INTO events (article_id, evid, type, mode, actors, recipients, location, date, granularity,"
              " status, sources, ev_start, ev_end, confidence) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
              [(r.id, e.id, e.type, e.mode, json.dumps(e.actor), json.dumps(e.recipient), e.location,
                e.date.value if e.date else None, e.date.granularity if e.date else None, e.status,
                json.dumps(e.sources), e.evidence.start, e.evidence.end, e.confidence) for e in r.events])

    def get(self, article_id: str) -> dict | None:
        row = self._one("SELECT record FROM articles WHERE id=%s", (article_id,))
        return json.loads(row["record"]) if row else None

    def find(self, prefix: str) -> list[str]:
        rows = self._all('SELECT id FROM articles WHERE id ILIKE %s ORDER BY id COLLATE "C" LIMIT 10',
                         (prefix.replace("%", "").replace("_", "") + "%",))
        return [r["id"] for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self._one(f"SELECT count(*) AS n FROM {t}")["n"] for t in TABLES}

    def log_failure(self, location: str, reason: str, message: str) -> None:
        self.db.execute("INSERT INTO failures (location, reason, message) VALUES (%s,%s,%s)"
                        " ON CONFLICT (location, reason) DO NOTHING", (location, reason, _clean(message)))

    def failures(self, limit: int = 100) -> list[dict]:
        return self._all("SELECT location, reason, message, at FROM failures ORDER BY seq LIMIT %s", (limit,))

    def input_done(self, location: str, size: int | None = None, mtime: float | None = None) -> int | None:
        row = self._one("SELECT size, mtime, articles FROM inputs WHERE location=%s", (location,))
        if row is None:
            return None
        if size is not None and row["size"] is not None and row["size"] != size:
            return None
        if mtime is not None and row["mtime"] is not None and abs(row["mtime"] - mtime) > 1e-3:
            return None
        return row["articles"]

    def mark_input(self, location: str, status: str, articles: int = 0,
                   size: int | None = None, mtime: float | None = None) -> None:
        self.db.execute(
            "INSERT INTO inputs (location, size, mtime, status, articles) VALUES (%s,%s,%s,%s,%s)"
            " ON CONFLICT (location) DO UPDATE SET size=excluded.size, mtime=excluded.mtime,"
            " status=excluded.status, articles=excluded.articles, at=excluded.at",
            (location, size, mtime, status, articles))

    def iter_records(self) -> Iterator[dict]:
        with self.db.transaction(), self.db.cursor(name="dateline_records") as cur:
            cur.itersize = 200
            cur.execute("SELECT record FROM articles ORDER BY seq")
            for row in cur:
                yield json.loads(row["record"])

    # ------------------------------------------------------------------ corpus
    def article_rows(self) -> Iterator[dict]:
        with self.db.transaction(), self.db.cursor(name="dateline_rows") as cur:
            cur.itersize = 200
            cur.execute("SELECT id, outlet, published, title, text, path, url FROM articles ORDER BY seq")
            for row in cur:
                yield dict(row)

    def signatures(self) -> dict[str, tuple[int, bytes]]:
        return {r["article_id"]: (r["num_perm"], bytes(r["hashvalues"]))
                for r in self._all("SELECT article_id, num_perm, hashvalues FROM signatures")}

    def put_signatures(self, rows: Iterable[tuple[str, int, bytes]]) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.executemany("INSERT INTO signatures VALUES (%s,%s,%s) ON CONFLICT (article_id) DO UPDATE"
                            " SET num_perm=excluded.num_perm, hashvalues=excluded.hashvalues", list(rows))

    def replace_copies(self, articles, duplicates, outlets) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM duplicates")
            cur.executemany("UPDATE articles SET wire=%s, copy_group=%s, voice=%s WHERE id=%s",
                            [(w, g, v, a) for a, w, g, v in articles])
            cur.executemany("INSERT INTO duplicates VALUES (%s,%s,%s) ON CONFLICT DO NOTHING", list(duplicates))
            cur.executemany(
                "INSERT INTO outlets (name, kind, country) VALUES (%s,%s,%s) ON CONFLICT (name) DO UPDATE"
                " SET kind=excluded.kind, country=coalesce(excluded.country, outlets.country)", list(outlets))

    def replace_entity_links(self, canon, links) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM entity_pages")
            cur.execute("DELETE FROM entity_links")
            cur.execute("DELETE FROM canon_entities")
            cur.executemany(
                "INSERT INTO canon_entities (cid, name, type, country, wikidata, aliases, articles)"
                " VALUES (%(cid)s,%(name)s,%(type)s,%(country)s,%(wikidata)s,%(aliases)s,%(articles)s)",
                [{**c, "aliases": json.dumps(c.get("aliases") or [], ensure_ascii=False)} for c in canon])
            cur.executemany("INSERT INTO entity_links (article_id, eid, cid) VALUES (%s,%s,%s) ON CONFLICT (article_id, eid)"
                            " DO UPDATE SET cid=excluded.cid", list(links))
            cur.execute("DELETE FROM canon_names")
            cur.execute("INSERT INTO canon_names SELECT lower(name), cid FROM canon_entities ON CONFLICT DO NOTHING")
            cur.execute("INSERT INTO canon_names SELECT lower(j), c.cid FROM canon_entities c,"
                        " jsonb_array_elements_text(coalesce(c.aliases, '[]')::jsonb) j ON CONFLICT DO NOTHING")

    def replace_clusters(self, clusters) -> None:
        cols = ["cluster_id", "type", "mode", "actors", "recipients", "location", "date", "date_end", "status",
                "articles", "outlets", "earliest_article", "earliest_published", "corroboration",
                "sort_date", "sources", "summary"]
        clusters = list(clusters)
        cids = sorted({c for x in clusters for c in (x.get("actors") or []) + (x.get("recipients") or [])
                       + ([x["location"]] if x.get("location") else [])})
        names = {r["cid"]: r["name"] for r in self._all("SELECT cid, name FROM canon_entities WHERE cid = ANY(%s)",
                                                        (cids,))}
        firsts = sorted({x["earliest_article"] for x in clusters if x.get("earliest_article")})
        titles = {r["id"]: (r["title"], r["outlet"]) for r in self._all(
            "SELECT id, title, outlet FROM articles WHERE id = ANY(%s)", (firsts,))}
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM entity_pages")
            cur.execute("DELETE FROM cluster_actors")
            cur.execute("DELETE FROM cluster_members")
            cur.execute("DELETE FROM event_clusters")
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
            cur.executemany(f"INSERT INTO event_clusters ({','.join(cols)}) VALUES ({','.join(['%s'] * len(cols))})",
                            rows)
            cur.executemany("INSERT INTO cluster_members (cluster_id, article_id, evid) VALUES (%s,%s,%s) ON CONFLICT (article_id, evid)"
                            " DO UPDATE SET cluster_id=excluded.cluster_id", members)
            cur.executemany("INSERT INTO cluster_actors VALUES (%s,%s,%s) ON CONFLICT DO NOTHING", roles)

    # ------------------------------------------------------------------ query (query.py)
    def _fts_condition(self, kind: str, text: str) -> tuple[str, list]:
        """query.Fts: a full-text condition on articles (alias a) or attributions (alias q)."""
        tsq, targs = tsquery(text)
        return f"{'a' if kind == 'articles' else 'q'}.fts @@ {tsq.replace('%s', '?')}", targs

    def events(self, q: EventQuery | None = None, **filters) -> list[dict]:
        return Q.events(self._rc(), self._fts_condition, q or EventQuery(**filters))

    def cluster_page(self, q: EventQuery | None = None, **filters) -> list[dict]:
        return Q.cluster_page(self._rc(), self._fts_condition, q or EventQuery(**filters))

    def cluster(self, cluster_id: str) -> dict | None:
        return Q.cluster(self._rc(), cluster_id)

    def quotes(self, speaker: str | None = None, text: str | None = None, limit: int = 100) -> list[dict]:
        return Q.quotes(self._rc(), self._fts_condition, speaker, text, limit)

    def entities(self, name: str | None = None, limit: int = 50) -> list[dict]:
        return Q.entities(self._rc(), name, limit)

    def outlets(self, limit: int = 100) -> list[dict]:
        return Q.outlets(self._rc(), limit)

    def search(self, text: str, limit: int = 20) -> list[dict]:
        tsq, targs = tsquery(text)
        sql = (f"WITH hits AS (SELECT a.id, a.title, a.outlet, a.published, a.text, a.seq,"
               f" ts_rank_cd(a.fts, {tsq}) AS rank FROM articles a WHERE a.fts @@ {tsq}"
               " ORDER BY rank DESC, a.seq LIMIT %s)"
               f" SELECT id, title, outlet, published, ts_headline('simple', text, {tsq},"
               " 'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1, FragmentDelimiter=…')"
               " AS snippet FROM hits ORDER BY rank DESC, seq")
        return self._all(sql, [*targs, *targs, limit, *targs])

    # ------------------------------------------------------------------ read API (postgres_read.py)
    def _rc(self):
        if getattr(self, "_pgcon", None) is None:
            from .postgres_read import PgCon

            self._pgcon = PgCon(self.db)
        return self._pgcon

    def features(self) -> dict:
        if getattr(self, "_features", None) is None:
            from .postgres_read import corpus_state

            self._features = corpus_state(self._rc())
        return self._features

    def data_version(self) -> int:
        """A number that moves on every committed write to the store, by any process (the
        row migration 0004's triggers bump): a reader compares two readings."""
        return self._one("SELECT version FROM store_version WHERE id = 1")["version"]

    def refresh(self) -> None:
        self._features = None
        from . import sqlite_read as R

        R.drop_canon_index(self.address)

    def stats(self) -> dict:
        from . import sqlite_read as R

        return R.stats(self._rc())

    def article_page(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                     until=None, offset: int = 0, limit: int = 20) -> list[dict]:
        from . import sqlite_read as R

        return R.article_page(self._rc(), self.features(), q=q, outlet=outlet, country=country, type_=type,
                              entity_type=entity_type, since=since, until=until, offset=offset, limit=limit)

    def article_facets(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                       until=None) -> dict:
        from . import sqlite_read as R

        return R.article_facets(self._rc(), self.features(), q=q, outlet=outlet, country=country, type_=type,
                                entity_type=entity_type, since=since, until=until)

    def article(self, article_id: str) -> dict | None:
        from . import sqlite_read as R

        return R.article(self._rc(), self.features(), article_id)

    def entity_search(self, *, q=None, type=None, country=None, offset: int = 0, limit: int = 20) -> list[dict]:
        from . import sqlite_read as R

        st = self.features()
        index = R.canon_index(self._rc(), self.address) if st["canon"] else None
        return R.entity_search(self._rc(), st, q=q, type_=type, country=country, offset=offset, limit=limit,
                               index=index)

    def entity(self, key: str) -> dict | None:
        from . import sqlite_read as R

        return R.entity_detail(self._rc(), self.features(), key)

    def entity_json(self, key: str) -> str | None:
        if not (key.startswith("K") and self.features()["canon"] and self.features().get("entity_pages")):
            return None
        r = self._rc().execute("SELECT page FROM entity_pages WHERE cid=?", (key,)).fetchone()
        return r[0] if r else None

    def entity_timeline(self, key: str, *, offset: int = 0, limit: int = 50) -> list[dict] | None:
        from . import sqlite_read as R

        return R.entity_timeline(self._rc(), self.features(), key, offset=offset, limit=limit)

    def event_page(self, *, actor=None, recipient=None, type=None, place=None, since=None, until=None,
                   status=None, min_outlets: int = 0, offset: int = 0, limit: int = 20) -> list[dict]:
        from . import sqlite_read as R

        return R.event_page(self._rc(), self.features(), actor=actor, recipient=recipient, type_=type, place=place,
                            since=since, until=until, status=status, min_outlets=min_outlets, offset=offset,
                            limit=limit)

    def cluster_detail(self, cluster_id: str, *, offset: int = 0, limit: int = 50) -> dict | None:
        return Q.cluster_detail(self._rc(), cluster_id, offset, limit)

    def attribution_page(self, *, speaker=None, source_type=None, channel=None, kind=None, q=None,
                         offset: int = 0, limit: int = 20) -> list[dict]:
        from . import sqlite_read as R

        return R.attribution_page(self._rc(), self.features(), speaker=speaker, source_type=source_type,
                                  channel=channel, kind=kind, q=q, offset=offset, limit=limit)

    def build_read_cache(self) -> int:
        from . import sqlite_read as R
        from .sqlite import ENTITY_PAGE_MIN_ARTICLES

        self._features = None
        st = self.features()
        if not st["canon"]:
            return 0
        cids = [r["cid"] for r in self._all("SELECT cid FROM canon_entities WHERE articles >= %s"
                                            ' ORDER BY articles DESC, cid COLLATE "C"', (ENTITY_PAGE_MIN_ARTICLES,))]
        pages = [(cid, json.dumps(R.entity_detail(self._rc(), st, cid, precomputed=False), ensure_ascii=False,
                                  separators=(",", ":"))) for cid in cids]
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM entity_pages")
            cur.executemany("INSERT INTO entity_pages VALUES (%s,%s)", pages)
        self.refresh()
        return len(pages)

    def close(self) -> None:
        self.db.close()


def _clean(s):
    """PostgreSQL text cannot hold NUL characters (SQLite can): drop them."""
    return s.replace("\x00", "") if isinstance(s, str) else s


# ---------------------------------------------------------------- FTS5 query -> tsquery
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"\w+", re.UNICODE)


def tsquery(query: str) -> tuple[str, list]:
    """An SQL ``tsquery`` expression (and its parameters) for an FTS5-style query.

    Words are ANDed; "quoted phrases" keep word order; ``word*`` is a prefix; ``OR``,
    ``AND``, ``NOT`` (binary, as in FTS5) and parentheses group. A query that does not
    parse falls back to all its words ANDed (as the SQLite store does).
    """
    toks = _TOKEN.findall(query)
    try:
        p = _Parser(toks)
        sql, args = p.expr()
        if p.i != len(toks):
            raise ValueError("trailing tokens")
        return sql, args
    except (ValueError, IndexError):
        words = _WORD.findall(query)
        if not words:
            return "''::tsquery", []
        return "phraseto_tsquery('simple', %s)" if len(words) == 1 else \
            "(" + " && ".join(["phraseto_tsquery('simple', %s)"] * len(words)) + ")", words


class _Parser:
    def __init__(self, toks: list[str]):
        self.toks, self.i = toks, 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expr(self) -> tuple[str, list]:
        sql, args = self.and_expr()
        while self.peek() == "OR":
            self.i += 1
            s2, a2 = self.and_expr()
            sql, args = f"({sql} || {s2})", args + a2
        return sql, args

    def and_expr(self) -> tuple[str, list]:
        sql, args = self.unary()
        while self.peek() not in (None, ")", "OR"):
            op = "&&"
            if self.peek() in ("AND", "NOT"):
                op = "&& !!" if self.peek() == "NOT" else "&&"
                self.i += 1
            s2, a2 = self.unary()
            sql, args = f"({sql} {op} {s2})", args + a2
        return sql, args

    def unary(self) -> tuple[str, list]:
        t = self.peek()
        if t is None or t in (")", "OR", "AND", "NOT"):
            raise ValueError(f"unexpected {t!r}")
        self.i += 1
        if t == "(":
            sql, args = self.expr()
            if self.peek() != ")":
                raise ValueError("unclosed (")
            self.i += 1
            return sql, args
        if t.startswith('"'):
            if len(t) < 2 or not t.endswith('"'):
                raise ValueError("unclosed quote")
            return "phraseto_tsquery('simple', %s)", [t.strip('"')]
        if t.endswith("*"):
            words = _WORD.findall(t[:-1].lower())
            if not words:
                raise ValueError("bad prefix")
            # the last word is the prefix; earlier ones (a hyphenated token) form a phrase
            return "to_tsquery('simple', %s)", [" <-> ".join(words[:-1] + [words[-1] + ":*"])]
        if not _WORD.search(t):
            raise ValueError(f"no word in {t!r}")
        return "phraseto_tsquery('simple', %s)", [t]
