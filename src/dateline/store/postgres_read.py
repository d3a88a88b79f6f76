"""The read API of ``dateline serve`` on PostgreSQL (``PostgresStore`` exposes it).

The queries are those of ``sqlite_read.py``, run through ``PgCon``: a connection
wrapper that rewrites the few SQLite spellings they use into PostgreSQL ones, so the
two backends cannot drift apart (tests/test_postgres.py compares their answers):

- ``?`` placeholders -> ``%s``;
- ``x=? COLLATE NOCASE`` -> ``lower(x)=lower(%s)``;
- ``json_each(col) j`` (``j.value``) -> ``jsonb_array_elements_text(col::jsonb) j(value)``;
- ``rowid`` -> ``seq`` (the ingest-order column of the PostgreSQL schema);
- ``min(a, b)`` on two values -> ``LEAST(a, b)``;
- ``COLLATE BINARY`` -> ``COLLATE "C"`` (code-point order, whatever the locale);
- ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores ASCII case).

Full-text conditions are built with ``postgres.tsquery`` (``state["pg"]``), and the
table checks use ``to_regclass``. Rows answer both ``row["name"]`` and ``row[0]``.
"""
from __future__ import annotations

import re

NOCASE = re.compile(r"([\w.]+)=\? COLLATE NOCASE")
JSON_EACH = re.compile(r"json_each\(([\w.]+)\) j\b")
ROWID = re.compile(r"(?<!AS )\browid\b")
MIN2 = re.compile(r"\bmin\(([^(),]+(?:\([^()]*\))?[^(),]*), (\d+)\)")
BINARY = re.compile(r"\bCOLLATE BINARY\b")
LIKE = re.compile(r"\bLIKE\b")


def translate(sql: str) -> str:
    sql = NOCASE.sub(r"lower(\1)=lower(?)", sql)
    sql = JSON_EACH.sub(r"jsonb_array_elements_text(\1::jsonb) j(value)", sql)
    sql = ROWID.sub("seq", sql)
    sql = MIN2.sub(r"LEAST(\1, \2)", sql)
    sql = BINARY.sub('COLLATE "C"', sql)
    sql = LIKE.sub("ILIKE", sql)
    return sql.replace("%", "%%").replace("?", "%s")


class Row(dict):
    """A dict row that also answers by position (as sqlite3.Row does)."""

    __slots__ = ("_values",)

    def __init__(self, names, values):
        super().__init__(zip(names, values))
        self._values = values

    def __getitem__(self, k):
        if isinstance(k, int):
            return self._values[k]
        return dict.__getitem__(self, k)


def row_factory(cursor):
    names = [c.name for c in cursor.description] if cursor.description else []
    return lambda values: Row(names, values)


class PgCon:
    """What sqlite_read needs of a connection: ``execute(sql, args)`` returning a cursor."""

    pg = True

    def __init__(self, db):
        self.db = db

    def execute(self, sql: str, args=()):
        cur = self.db.cursor(row_factory=row_factory)
        cur.execute(translate(sql), list(args))
        return cur


def corpus_state(con: PgCon) -> dict:
    from .postgres import tsquery

    def rows(t: str) -> bool:
        return con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is not None  # t: our constant

    def fts(text: str) -> tuple[str, list]:
        sql, args = tsquery(text)
        return sql.replace("%s", "?"), args

    return {"fts": True, "quotes_fts": True, "canon": rows("canon_entities"), "clusters": True, "copies": True,
            "entity_pages": True, "pg": fts}
