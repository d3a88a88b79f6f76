"""`dateline eval html`: the HTML reader on html/trafilatura-eval and html/htmldate-default.

Body extraction is scored the upstream way (whitespace-normalised `with` snippets found =
TP, missing = FN; `without` snippets found = FP); metadata by exact match (title, author
after whitespace normalisation; date on the day). Bare ``trafilatura.extract`` runs on the
same pages as the baseline, so the effect of our furniture rules is visible.
"""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import typer

from .common import PRF, Report


def _norm(s: str | list | None) -> str:
    """Whitespace-normalised text; a list (four trafilatura-eval pages give several gold
    authors) is joined the way trafilatura joins authors, with "; "."""
    if isinstance(s, (list, tuple)):
        s = "; ".join(str(x) for x in s)
    return " ".join((s or "").split())


def _load(folder: Path, name: str) -> bytes | None:
    for sub in ("html", "eval", "cache"):
        p = folder / sub / (name + ".gz")
        if p.exists():
            return gzip.open(p).read()
    return None


def _ours(data: bytes, url: str) -> tuple[str, dict]:
    from ..errors import InputError
    from ..readers.html import read_html

    try:
        art = read_html(data, url=url)
    except InputError:
        return "", {}
    m = art.meta
    return art.text, {"title": m.title, "author": "; ".join(m.authors) or None, "date": m.published}


def _bare(data: bytes, url: str) -> tuple[str, dict]:
    import trafilatura

    try:
        d = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    except Exception:
        return "", {}
    if d is None:
        return "", {}
    d = d.as_dict() if hasattr(d, "as_dict") else dict(d)
    return d.get("text") or "", {"title": d.get("title"), "author": d.get("author"), "date": d.get("date")}


def score_bodies(folder: Path, limit: int | None) -> dict:
    gold = json.loads((folder / "evaldata.json").read_text())
    systems = {"dateline": _ours, "trafilatura": _bare}
    body = {s: PRF() for s in systems}
    meta = {s: {f: [0, 0] for f in ("title", "author", "date")} for s in systems}
    secs = {s: 0.0 for s in systems}
    for n, (url, g) in enumerate(gold.items()):
        if limit and n >= limit:
            break
        data = _load(folder, g["file"])
        if data is None:
            continue
        for name, fn in systems.items():
            t0 = time.perf_counter()
            text, md = fn(data, url)
            secs[name] += time.perf_counter() - t0
            out = _norm(text)
            for snip in g.get("with", []):
                if _norm(snip) in out:
                    body[name].tp += 1
                else:
                    body[name].fn += 1
            for snip in g.get("without", []):
                if out and _norm(snip) in out:
                    body[name].fp += 1
            for field in ("title", "author", "date"):
                if g.get(field):
                    meta[name][field][1] += 1
                    got = md.get(field)
                    ok = (str(got or "")[:10] == g[field][:10]) if field == "date" else _norm(got) == _norm(g[field])
                    meta[name][field][0] += ok
    return {"body": body, "meta": meta, "seconds": secs}


def score_dates(folder: Path, limit: int | None) -> dict:
    gold = json.loads((folder / "eval_default.json").read_text())
    out = {}
    for name, fn in {"dateline": _ours, "trafilatura": _bare}.items():
        prf = PRF()
        for n, (url, g) in enumerate(gold.items()):
            if limit and n >= limit:
                break
            data = _load(folder, g["file"].removesuffix(".gz"))
            if data is None:
                continue
            got = fn(data, url)[1].get("date")
            if not got:
                prf.fn += 1
            elif str(got)[:10] == g["date"]:
                prf.tp += 1
            else:
                prf.fp += 1
        out[name] = prf
    return out


def cli(data: Path = typer.Option(Path("../shared/data/html"), help="the html/ folder of the data"),
        limit: int = typer.Option(0, help="pages per set (0: all)"),
        json_out: bool = typer.Option(False, "--json")):
    """HTML reader: body extraction and metadata on trafilatura-eval and htmldate-default."""
    lim = limit or None
    res = score_bodies(data / "trafilatura-eval", lim)
    report = Report("HTML reader (trafilatura-eval body and metadata; htmldate-default dates)")
    dates = score_dates(data / "htmldate-default", lim)
    for name in ("dateline", "trafilatura"):
        b, m = res["body"][name], res["meta"][name]
        row = {"body_P": b.p, "body_R": b.r, "body_F1": b.f1}
        for f, (ok, of) in m.items():
            row[f"{f}_acc"] = ok / of if of else None
        row["htmldate_acc"] = dates[name].tp / (dates[name].tp + dates[name].fp + dates[name].fn or 1)
        row["sec_per_page"] = res["seconds"][name] / max(1, (lim or 990))
        report.add(name, **row)
    report.emit(json_out)
