"""`dateline eval time`: TIMEX3 tagging and normalisation on TempEval-3 (TBAQ-cleaned).

Reads the TimeML ``.tml`` files (TimeBank + AQUAINT; the ``testpipeline`` copy is skipped),
strips the inline tags of ``<TEXT>`` to get the plain text and the gold offsets, runs the
time tagger on that text with the document creation time (DCT) as the anchor and scores
with the TempEval-3 conventions:

- strict span P/R/F1: same extent; relaxed span P/R/F1: any overlap (one-to-one);
- value (type) accuracy: share of relaxed matches whose value (type) is right;
- value (type) F1: relaxed matches with the right value count as true positives
  (= relaxed F1 x value accuracy).

The GUM news dates (``../gum-news``, 24 Wikinews articles; its errors were read once, after
the TempEval-3 tuning, and only general rules came of it) are
scored in the same run as a second check: dates only, a value is right when it
equals ``when`` or lies within ``from``/``to``.

In the same run a dateparser-only baseline (``dateparser.search.search_dates`` with the
DCT as ``RELATIVE_BASE``; the value at the precision dateparser reports) is scored on the
same documents.
"""
from __future__ import annotations

import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import typer

from .common import PRF, Report

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "time" / "tempeval3"

_TAG = re.compile(r"<(/?)(\w+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: Optional[str] = None


@dataclass
class TmlDoc:
    name: str
    text: str
    dct: str
    timexes: list[Gold] = field(default_factory=list)


def read_tml(path: Path) -> TmlDoc:
    raw = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    dct = m.group(1) if m else None
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    body = body.group(1) if body else ""
    parts, golds, stack, pos, n = [], [], [], 0, 0
    for t in _TAG.finditer(body):
        seg = html.unescape(body[pos:t.start()])
        parts.append(seg)
        n += len(seg)
        pos = t.end()
        close, name, attrs, selfclose = t.groups()
        if name != "TIMEX3" or selfclose:
            continue
        if not close:
            stack.append((n, dict(_ATTR.findall(attrs))))
        elif stack:
            s, a = stack.pop()
            golds.append((s, n, a))
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    return TmlDoc(path.stem, text, dct, [Gold(s, e, text[s:e], a.get("type", "DATE"), a.get("value", ""),
                                              a.get("mod")) for s, e, a in golds])


def load_docs(data: Path, split: str = "all") -> list[TmlDoc]:
    root = data / "TBAQ-cleaned" if (data / "TBAQ-cleaned").exists() else data
    folders = {"all": ["TimeBank", "AQUAINT"], "timebank": ["TimeBank"], "aquaint": ["AQUAINT"]}[split]
    files = []
    for f in folders:
        files += sorted((root / f).glob("*.tml"))
    return [read_tml(p) for p in files]


# ----------------------------------------------------------------------------- systems

def ours(doc: TmlDoc) -> list[dict]:
    from ..timex import tag

    return [t.model_dump() for t in tag(doc.text, doc.dct, day_first=False)]


def ours_spacy_factory(nlp) -> Callable[[TmlDoc], list[dict]]:
    """The stage over a Doc from the spaCy model (tagger/parser/NER, no dateline stages),
    adding the model's DATE/TIME entities the patterns missed."""
    from ..stages.times import tag_doc

    names = [n for n in nlp.pipe_names if not n.startswith("dateline_")]

    def run(doc: TmlDoc) -> list[dict]:
        with nlp.select_pipes(enable=names):
            d = nlp(doc.text)
        d._.published = doc.dct
        return [t.model_dump() for t in tag_doc(d, use_entities=True)]
    return run


def baseline(doc: TmlDoc) -> list[dict]:
    """dateparser alone: search_dates finds the spans, its period gives the precision."""
    import warnings
    from datetime import datetime

    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.dct[:10])
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    ddp = DateDataParser(languages=["en"], settings=settings)
    out, pos = [], 0
    for para_m in re.finditer(r"[^\n]+", doc.text):
        para, off = para_m.group(), para_m.start()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = search_dates(para, languages=["en"], settings=settings) or []
        except Exception:  # noqa: BLE001 - a baseline must not stop the run
            found = []
        local = 0
        for sub, dt in found:
            i = para.find(sub, local)
            if i < 0:
                continue
            local = i + len(sub)
            period = "day"
            try:
                dd = ddp.get_date_data(sub)
                period = dd.period or "day"
            except Exception:  # noqa: BLE001
                pass
            if period == "year":
                val = f"{dt.year:04d}"
            elif period == "month":
                val = f"{dt.year:04d}-{dt.month:02d}"
            elif period == "week":
                y, w, _ = dt.isocalendar()
                val = f"{y:04d}-W{w:02d}"
            elif period == "time":
                val = dt.strftime("%Y-%m-%dT%H:%M")
            else:
                val = dt.strftime("%Y-%m-%d")
            out.append({"start": off + i, "end": off + i + len(sub), "text": sub,
                        "type": "TIME" if period == "time" else "DATE", "value": val})
    return out


# ----------------------------------------------------------------------------- scoring

@dataclass
class Score:
    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    value_ok: int = 0
    type_ok: int = 0
    n_sys: int = 0
    n_gold: int = 0
    errors: list = field(default_factory=list)

    def add(self, gold: list[Gold], sys_: list[dict], doc: TmlDoc, keep_errors: bool = False) -> None:
        self.n_sys += len(sys_)
        self.n_gold += len(gold)
        used = set()
        strict_tp = 0
        for g in gold:
            best, best_ov = None, 0
            for j, s in enumerate(sys_):
                if j in used:
                    continue
                ov = min(g.end, s["end"]) - max(g.start, s["start"])
                if ov > best_ov:
                    best, best_ov = j, ov
            if best is None:
                if keep_errors:
                    self.errors.append(("FN", doc.name, doc.dct, g.text, g.value, None, _ctx(doc.text, g.start, g.end)))
                continue
            used.add(best)
            s = sys_[best]
            if s["start"] == g.start and s["end"] == g.end:
                strict_tp += 1
            elif keep_errors:
                self.errors.append(("SPAN", doc.name, doc.dct, g.text, g.value, s["text"], _ctx(doc.text, g.start, g.end)))
            if str(s.get("value")) == g.value:
                self.value_ok += 1
            elif keep_errors:
                self.errors.append(("VAL", doc.name, doc.dct, g.text, g.value, s.get("value"), _ctx(doc.text, g.start, g.end)))
            self.type_ok += s.get("type") == g.type
        if keep_errors:
            for j, s in enumerate(sys_):
                if j not in used:
                    self.errors.append(("FP", doc.name, doc.dct, s["text"], None, s.get("value"), _ctx(doc.text, s["start"], s["end"])))
        matched = len(used)
        self.relaxed.tp += matched
        self.relaxed.fp += len(sys_) - matched
        self.relaxed.fn += len(gold) - matched
        self.strict.tp += strict_tp
        self.strict.fp += len(sys_) - strict_tp
        self.strict.fn += len(gold) - strict_tp

    def row(self) -> dict:
        matched = self.relaxed.tp
        vp = self.value_ok / self.n_sys if self.n_sys else 0.0
        vr = self.value_ok / self.n_gold if self.n_gold else 0.0
        tp_ = self.type_ok / self.n_sys if self.n_sys else 0.0
        tr_ = self.type_ok / self.n_gold if self.n_gold else 0.0
        return {
            "strict_p": round(self.strict.p, 4), "strict_r": round(self.strict.r, 4), "strict_f1": round(self.strict.f1, 4),
            "relaxed_p": round(self.relaxed.p, 4), "relaxed_r": round(self.relaxed.r, 4), "relaxed_f1": round(self.relaxed.f1, 4),
            "value_acc": round(self.value_ok / matched, 4) if matched else 0.0,
            "value_f1": round(2 * vp * vr / (vp + vr), 4) if vp + vr else 0.0,
            "type_f1": round(2 * tp_ * tr_ / (tp_ + tr_), 4) if tp_ + tr_ else 0.0,
            "gold": self.n_gold, "sys": self.n_sys,
        }


def _ctx(text: str, s: int, e: int) -> str:
    return (text[max(0, s - 40):s] + "[" + text[s:e] + "]" + text[e:e + 30]).replace("\n", " ")


def evaluate(docs: list[TmlDoc], system: Callable[[TmlDoc], list[dict]], keep_errors: bool = False) -> tuple[Score, float, int]:
    """Score ``system`` on ``docs``; returns the score, the CPU seconds the system took and
    the number of expressions it produced."""
    sc = Score()
    n, cpu = 0, 0.0
    for d in docs:
        t0 = time.process_time()
        out = system(d)
        cpu += time.process_time() - t0
        n += len(out)
        sc.add(d.timexes, out, d, keep_errors)
    return sc, cpu, n


def cli(
    data: Path = typer.Option(DEFAULT_DATA, help="folder holding TBAQ-cleaned/ (TempEval-3 training data)"),
    split: str = typer.Option("all", help="all | timebank | aquaint"),
    json_out: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
    limit: int = typer.Option(0, help="score only the first N documents (0 = all)"),
    baseline_on: bool = typer.Option(True, "--baseline/--no-baseline", help="also score dateparser alone"),
    model: bool = typer.Option(False, "--model", help="run the full spaCy pipeline's tokenisation and entities too"),
    errors: Optional[Path] = typer.Option(None, help="write our errors (TSV) to this file"),
    gum: bool = typer.Option(True, "--gum/--no-gum", help="also score the GUM news dates (../gum-news), untuned"),
):
    """Score the time tagger on TempEval-3 (strict/relaxed span F1, value accuracy and F1)."""
    if not data.exists():
        typer.echo(f"no data at {data}", err=True)
        raise typer.Exit(2)
    docs = load_docs(data, split)
    if limit:
        docs = docs[:limit]
    system = ours
    if model:
        from ..pipeline import load_pipeline

        system = ours_spacy_factory(load_pipeline())
    from ..timex import grammar

    grammar()  # compile the patterns outside the timing
    rep = Report(f"TempEval-3 TBAQ-cleaned ({split}, {len(docs)} documents, DCT as anchor)")
    sc, secs, n = evaluate(docs, system, keep_errors=errors is not None)
    rep.add("dateline" + (" + model entities" if model else ""), **sc.row(), cpu_secs=round(secs, 2))
    if errors is not None:
        with open(errors, "w") as fh:
            for e in sc.errors:
                fh.write("\t".join("" if x is None else str(x) for x in e) + "\n")
    if baseline_on:
        bsc, bsecs, _ = evaluate(docs, baseline)
        rep.add("dateparser baseline", **bsc.row(), cpu_secs=round(bsecs, 2))
    rep.extra["dateline_expressions_per_cpu_second"] = round(n / secs, 1) if secs else None
    gum_dir = data.parent / "gum-news" / "xml"
    if gum and gum_dir.exists() and not model:
        gdocs = [read_gum(p) for p in sorted(gum_dir.glob("*.xml"))]
        if limit:
            gdocs = gdocs[:limit]
        rep.extra["gum_news_dates_dateline"] = score_gum(gdocs, ours)
        if baseline_on:
            rep.extra["gum_news_dates_dateparser"] = score_gum(gdocs, baseline)
    if json_out:
        rep.emit(True)
        return
    # one column per system keeps the table readable in a narrow terminal
    table = Report(rep.title, extra=rep.extra)
    for key in rep.rows[0]:
        if key != "name":
            table.add(key, **{r["name"]: r.get(key) for r in rep.rows})
    table.emit(False)


# ----------------------------------------------------------------------------- GUM news (second set)

_GUM_TAG = re.compile(r"^<(/?)(\w+)([^>]*)>$")
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?)\]}%]|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.I)


def read_gum(path: Path) -> TmlDoc:
    """A GUM news article: tokens re-joined with news spacing, <date> spans as gold with
    their ``when`` value or a ``from/to`` (``notBefore/notAfter``) interval."""
    parts: list[str] = []
    n = 0
    dct = None
    stack: list[tuple[int, dict]] = []
    golds: list[Gold] = []
    in_w = False
    prev = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _GUM_TAG.match(line.strip())
        if m:
            close, name, attrs = m.groups()
            a = dict(_ATTR.findall(attrs))
            if name == "text" and not close:
                dct = a.get("dateCreated")
            elif name == "w":
                in_w = not close
                if not close:
                    prev = "<w>"
            elif name == "date":
                if not close:
                    stack.append((-1, a))
                elif stack:
                    s, a0 = stack.pop()
                    if s >= 0:
                        val = a0.get("when") or f"{a0.get('from') or a0.get('notBefore') or ''}/{a0.get('to') or a0.get('notAfter') or ''}"
                        golds.append(Gold(s, n, "".join(parts)[s:n], "DATE", val))
            elif name in ("s", "p", "head") and close:
                pass
            continue
        tok = line.split("\t")[0]
        if not tok:
            continue
        glue = (in_w and prev != "<w>") or _NO_SPACE_BEFORE.match(tok) or prev in ("(", "$", "``", "<w>-")
        if parts and not glue:
            parts.append(" ")
            n += 1
        # a <date> opened before this token starts here
        stack = [(n if s < 0 else s, a) for s, a in stack]
        parts.append(tok)
        n += len(tok)
        prev = tok if not (in_w and prev == "<w>") else tok
    return TmlDoc(path.stem, "".join(parts), dct or "", golds)


def _interval(value: str):
    """[first day, last day] a TIMEX date value covers, or None."""
    from datetime import date, timedelta

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
            d = date.fromisoformat(value[:10])
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), nxt - timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        m = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", value)
        if m:
            d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6 if m.group(3) else 1)
            return d, d + timedelta(days=1 if m.group(3) else 6)
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:
            y = int(m.group(1))
            lo, hi = {"SP": ((y, 3, 1), (y, 5, 31)), "SU": ((y, 6, 1), (y, 8, 31)), "FA": ((y, 9, 1), (y, 11, 30)),
                      "WI": ((y - 1, 12, 1), (y, 3, 1))}[m.group(2)]
            end = date(*hi) - timedelta(days=1) if m.group(2) == "WI" else date(*hi)
            return date(*lo), end
        m = re.fullmatch(r"(\d{3})X", value)
        if m:
            return date(int(m.group(1)) * 10, 1, 1), date(int(m.group(1)) * 10 + 9, 12, 31)
        m = re.fullmatch(r"(\d{2})XX", value)
        if m:
            return date(int(m.group(1)) * 100, 1, 1), date(int(m.group(1)) * 100 + 99, 12, 31)
        m = re.fullmatch(r"(\d{4})-Q(\d)", value)
        if m:
            y, q = int(m.group(1)), int(m.group(2))
            end = date(y + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
            return date(y, 3 * q - 2, 1), end
    except ValueError:
        return None
    return None


def gum_value_ok(gold: str, ours: Optional[str]) -> bool:
    if not ours:
        return False
    if "/" not in gold:
        if gold == ours or (gold[:16] == ours[:16] and "T" in gold):
            return True
        gi, oi = _interval(gold), _interval(ours)
        return gi is not None and gi == oi
    lo, hi = gold.split("/")
    oi = _interval(ours)
    if oi is None:
        return False
    from datetime import date

    li, hi_i = (_interval(lo) if lo else None), (_interval(hi) if hi else None)
    lo_d = li[0] if li else date.min
    hi_d = hi_i[1] if hi_i else date.max
    return lo_d <= oi[0] and oi[1] <= hi_d


def score_gum(docs: list[TmlDoc], system) -> dict:
    """Dates only (GUM marks <date>): relaxed span P/R/F1 over our DATE/TIME expressions,
    value accuracy with the interval rule, value F1."""
    tp = fp = fn = ok = 0
    for d in docs:
        sys_ = [t for t in system(d) if t["type"] in ("DATE", "TIME")]
        used = set()
        for g in d.timexes:
            best = max(((min(g.end, s["end"]) - max(g.start, s["start"]), j) for j, s in enumerate(sys_)
                        if j not in used), default=(0, None))
            if best[0] <= 0:
                fn += 1
                continue
            used.add(best[1])
            tp += 1
            ok += gum_value_ok(g.value, sys_[best[1]].get("value"))
        fp += len(sys_) - len(used)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    vp = ok / (tp + fp) if tp + fp else 0.0
    vr = ok / (tp + fn) if tp + fn else 0.0
    return {"relaxed_p": round(p, 4), "relaxed_r": round(r, 4),
            "relaxed_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "value_acc": round(ok / tp, 4) if tp else 0.0,
            "value_f1": round(2 * vp * vr / (vp + vr), 4) if vp + vr else 0.0,
            "gold": tp + fn, "sys": tp + fp}
