"""SQLite backend of the store: the embedded default.

WAL journal, one transaction per article (a killed run leaves every article either
fully stored or absent), migrations applied in order from ``migrations/NNNN_*.sql``
and recorded in ``PRAGMA user_version``.
"""
from __future__ import annotations

import json
import sqlite3
from importlib import resources
from typing import Iterator

from ..record import Record
from .base import Store

TABLES = ["articles", "entities", "mentions", "times", "attributions", "events", "failures"]


def migrations() -> list[tuple[int, str]]:
    folder = resources.files("dateline").joinpath("store/migrations")
    out = []
    for f in folder.iterdir():
        if f.name.endswith(".sql") and f.name[:4].isdigit():
            out.append((int(f.name[:4]), f.read_text()))
    return sorted(out)


class SQLiteStore(Store):
    def __init__(self, path: str):
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    def migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        for version, sql in migrations():
            if version > current:
                self.db.execute("BEGIN IMMEDIATE")
                try:
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

    def has(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def put(self, record: Record) -> bool:
        r = record
        if self.has(r.id):
            return False
        d = r.to_dict()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO articles (id, path, url, format, title, published, outlet, language,"
                " text, record, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (r.id, r.source.path, r.source.url, r.source.format, r.meta.title, r.meta.published,
                 r.meta.outlet, r.meta.language, r.text, json.dumps(d, ensure_ascii=False),
                 json.dumps(r.meta.warnings)))
            if cur.rowcount == 0:
                self.db.execute("ROLLBACK")
                return False
            self._put_facts(r)
            self.db.execute("COMMIT")
        except Exception:
            self.db.execute("ROLLBACK")
            raise
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
        self.db.execute("INSERT INTO failures (location, reason, message) VALUES (?,?,?)",
                        (location, reason, message))

    def iter_records(self) -> Iterator[dict]:
        for row in self.db.execute("SELECT record FROM articles ORDER BY rowid"):
            yield json.loads(row[0])

    def close(self) -> None:
        self.db.close()


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (no semicolons inside our literals)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
