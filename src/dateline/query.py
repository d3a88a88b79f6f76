"""Rendering query results (``dateline query ...``): a table, JSON, CSV or Parquet.

The queries themselves are ``Store`` methods (events, quotes, timeline, cluster,
entities, search); this module only flattens their dict rows for tabular formats and
writes them out. Nested values (lists of names, the corroboration) become ``; ``-joined
text in a table or CSV, JSON text in Parquet, and stay nested in JSON.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import IO, Iterable

# Columns shown per kind of row in a table and in CSV/Parquet (JSON keeps everything).
COLUMNS = {
    "events": ["cluster_id", "date", "type", "actors", "recipients", "location", "status", "articles", "outlets",
               "sources", "earliest_published", "disagreements"],
    "quotes": ["published", "speaker", "source_type", "via", "kind", "content", "outlet", "article_id"],
    "timeline": ["date", "kind", "type", "actors", "recipients", "speaker", "content", "location", "outlets"],
    "entities": ["cid", "name", "type", "country", "wikidata", "articles", "aliases"],
    "search": ["id", "published", "outlet", "title", "snippet"],
    "members": ["article_id", "outlet", "published", "status", "date", "evidence"],
}


def flatten(row: dict, kind: str) -> dict:
    out = {}
    corr = row.get("corroboration") or {}
    for col in COLUMNS[kind]:
        if col == "sources" and kind == "events":
            v = [s["source"] + (f" via {', '.join(s['via'])}" if s.get("via") else "") + f" ({s.get('type')})"
                 for s in corr.get("sources", [])]
        elif col == "disagreements":
            v = [f"{d['field']}: " + " vs ".join(d["values"]) for d in corr.get("disagreements", [])]
        else:
            v = row.get(col)
        out[col] = v
    return out


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


# Narrower column sets for the terminal table.
TABLE_COLUMNS = {
    "events": ["cluster_id", "date", "type", "actors", "recipients", "location", "status", "articles", "outlets",
               "sources"],
    "quotes": ["published", "speaker", "source_type", "via", "content", "outlet"],
}


def render(rows: list[dict], kind: str, fmt: str = "table", out: IO | None = None, path: str | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
        if path:
            open(path, "w", encoding="utf-8").write(text)
        else:
            out.write(text)
        return
    flat = [flatten(r, kind) for r in rows]
    if fmt == "csv":
        fh = open(path, "w", newline="", encoding="utf-8") if path else out
        w = csv.DictWriter(fh, fieldnames=COLUMNS[kind])
        w.writeheader()
        for r in flat:
            w.writerow({k: _cell(v) for k, v in r.items()})
        if path:
            fh.close()
        return
    if fmt == "parquet":
        write_parquet(flat, COLUMNS[kind], path or "query.parquet")
        return
    cols = TABLE_COLUMNS.get(kind, COLUMNS[kind])
    table(flat, cols, title=f"{len(rows)} {kind}")


def table(rows: Iterable[dict], cols: list[str], title: str = "") -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(*cols, title=title, show_lines=False)
    for r in rows:
        t.add_row(*[_cell(r.get(c))[:160] for c in cols])
    Console().print(t)


def write_parquet(rows: list[dict], cols: list[str], path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {}
    for c in cols:
        vals = [r.get(c) for r in rows]
        if all(v is None or isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            data[c] = vals
        elif all(v is None or isinstance(v, list) and all(isinstance(x, str) for x in v) for v in vals):
            data[c] = pa.array(vals, type=pa.list_(pa.string()))
        else:
            data[c] = [None if v is None else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                       for v in vals]
    pq.write_table(pa.table(data), path)
