"""`dateline eval attribution`: source, cue and content spans against PolNeAR.

    dateline eval attribution --data ../shared/data/attribution/polnear --split dev [--json] [--limit N]

Scores (PARC style, see shared/data/README.md, attribution/polnear):

- per role (source, cue, content): precision, recall, F1 of spans, one-to-one,
  **exact** (same span after trimming whitespace and punctuation; a discontinuous gold
  span is compared by its outer extent) and **overlap** (the prediction covers at least
  half the gold span's word tokens);
- triples (source, cue, content): a prediction is right when its cue and content match
  a gold relation's and so does its source (a gold relation without a source accepts
  any source), exact and overlap;
- per kind, from the quote marks in the content: direct (the content is a quotation),
  mixed (it holds one), indirect (none);
- speaker accuracy on direct quotes: of the gold direct quotes a prediction's content
  covers (overlap rule), the share whose predicted source names the gold source (its
  span overlaps the gold source, or its entity has a mention that does);
- the same for textacy's ``direct_quotations`` on the same parsed docs (peer baseline;
  its crashes are caught and counted, a crashed doc counts its gold as missed);
- seconds per article for each stage;
- for reference, PolNeAR's inter-annotator agreement: on the articles annotated twice
  (train and dev), the second annotation scored against the first with the same rules.

Articles with several annotators are scored against the first annotation file in name
order. ``derive-cues`` (python -m dateline.eval.attribution derive-cues DATA) rebuilds the
``derived`` part of data/cues.json from the *train* split only. ``train-cues``
(python -m dateline.eval.attribution train-cues DATA [OUT]) fits the stage's cue
classifier (data/cue_model.json, L2 logistic regression; scikit-learn at training time
only) on train minus every 6th article and reports its candidate-level figures on those
held-out articles, where the stage's thresholds are calibrated: ``grid-cues DATA
[KEEPS [ADDS]]`` prints the stage's triple overlap F1 there for each pair of thresholds.
After a change to candidates or contents: train-cues, then grid-cues, then set
CUE_KEEP_THRESHOLD / CUE_ADD_THRESHOLD in stages/attribution/settings.py, then ``train-cues DATA
--final`` refits the shipped model on every train article (grid-cues and held-out
figures need the model fitted without the held-out articles: run them before --final).
train-cues and grid-cues parse train once and keep the parsed articles in a cache
(``DATELINE_CACHE``, else ~/.cache/dateline; ``parsed_split``), keyed by everything the
parse depends on, so a refit after a change to the attribution stage takes about a minute.
"""
from __future__ import annotations

import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import typer

from .common import PRF, Report

WORD = re.compile(r"\w+")
QUOTE_MARKS = "\"\u201c\u201d\u00ab\u00bb\u2018\u2019'"
TRIM = " \t\n\r.,;:!?\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]-\u2014\u2013"


# --- gold ------------------------------------------------------------------------------
def load_ann(path: Path) -> list[dict]:
    """Relations of one brat .ann file: {source, cue, content} as lists of (start, end)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T") and " " in parts[1]:
            label, rng = parts[1].split(" ", 1)
            try:
                segs = [tuple(map(int, s.split())) for s in rng.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (label, segs)
        elif parts[0].startswith("E"):
            d = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            rels.append(d)
    out = []
    for d in rels:
        cue = spans.get(d.get("Cue", ""))
        content = spans.get(d.get("Content", ""))
        if cue is None or content is None:
            continue
        segs = list(content[1])
        c2 = spans.get(d.get("Content2", ""))
        if c2:
            segs += c2[1]
        src = spans.get(d.get("Source", ""))
        out.append({"cue": cue[1], "content": sorted(segs), "source": src[1] if src else None})
    return out


def load_split(data: Path, split: str, limit: int = 0) -> list[tuple[str, str, list[dict]]]:
    docs = []
    for txt in sorted((data / split / "text").glob("*.txt")):
        anns = sorted((data / split / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        docs.append((txt.stem, txt.read_text(encoding="utf-8"), load_ann(anns[0])))
        if limit and len(docs) >= limit:
            break
    return docs


# --- span matching ---------------------------------------------------------------------
def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return s, e


def _words(text: str, segs) -> set[int]:
    out = set()
    for s, e in segs:
        for m in WORD.finditer(text, s, e):
            out.add(m.start())
    return out


def _segs(span) -> list[tuple[int, int]]:
    """A predicted span as its segments: (start, end) or a list of (start, end)."""
    return [span] if isinstance(span[0], int) else list(span)


def match(text: str, pred, gold, rule: str) -> bool:
    """pred: (start, end) or a list of segments; gold: list of (start, end) segments."""
    if pred is None or gold is None:
        return False
    ps = _segs(pred)
    if rule == "exact":
        g = _trim(text, gold[0][0], gold[-1][1])
        return _trim(text, ps[0][0], ps[-1][1]) == g and g[1] > g[0]
    gw = _words(text, gold)
    if not gw:  # a cue that is a mark (":" or a quote mark): any character overlap
        return any(min(pe, e) > max(p0, s) for s, e in gold for p0, pe in ps)
    pw = _words(text, ps)
    return len(gw & pw) * 2 >= len(gw)


def kind_of(text: str) -> str:
    s = text.strip().replace("''", '"').replace("``", '"')
    q = "\"\u201c\u201d\u00ab\u00bb"
    if not any(ch in q for ch in s):
        return "indirect"
    if s[:1] in "\"\u201c\u201d\u00ab" and s.rstrip(".,")[-1:] in "\"\u201d\u00bb":
        return "direct"
    return "mixed"


def _content_text(text, segs):
    return " ".join(text[s:e] for s, e in segs)


def _one_to_one(text, preds, golds, ok) -> list[tuple[int, int]]:
    """The largest one-to-one pairing of predictions with gold relations that ``ok``
    accepts (maximum bipartite matching by augmenting paths), so a prediction that
    matches two gold relations never takes the one another prediction needed."""
    edges = [[gi for gi, g in enumerate(golds) if ok(p, g)] for p in preds]
    owner: dict[int, int] = {}  # gold index -> prediction index

    def augment(pi: int, seen: set) -> bool:
        for gi in edges[pi]:
            if gi in seen:
                continue
            seen.add(gi)
            if gi not in owner or augment(owner[gi], seen):
                owner[gi] = pi
                return True
        return False

    for pi in range(len(preds)):
        if edges[pi]:
            augment(pi, set())
    return sorted((pi, gi) for gi, pi in owner.items())


class Scorer:
    """Accumulates the counts for one system."""

    def __init__(self):
        self.role = {(r, m): PRF() for r in ("source", "cue", "content") for m in ("exact", "overlap")}
        self.triple = {m: PRF() for m in ("exact", "overlap")}
        self.kind = {k: PRF() for k in ("direct", "mixed", "indirect")}
        self.speaker = Counter()
        self.errors = Counter()

    def add(self, text: str, preds: list[dict], golds: list[dict], mention_spans=None) -> None:
        for role in ("source", "cue", "content"):
            ps = [p[role] for p in preds if p.get(role)]
            gs = [g[role] for g in golds if g.get(role)]
            for rule in ("exact", "overlap"):
                pairs = _one_to_one(text, ps, gs, lambda p, g: match(text, p, g, rule))
                prf = self.role[(role, rule)]
                prf.tp += len(pairs)
                prf.fp += len(ps) - len(pairs)
                prf.fn += len(gs) - len(pairs)
        for rule in ("exact", "overlap"):
            def ok(p, g):
                if not (match(text, p["cue"], g["cue"], rule) and match(text, p["content"], g["content"], rule)):
                    return False
                return g["source"] is None or match(text, p.get("source"), g["source"], rule) or \
                    _same_entity(p, g, mention_spans)
            pairs = _one_to_one(text, preds, golds, ok)
            prf = self.triple[rule]
            prf.tp += len(pairs)
            prf.fp += len(preds) - len(pairs)
            prf.fn += len(golds) - len(pairs)
            if rule == "overlap":
                gk = [kind_of(_content_text(text, g["content"])) for g in golds]
                pk = [kind_of(_content_text(text, _segs(p["content"]))) for p in preds]
                for k in self.kind:
                    tp_r = sum(1 for _, gi in pairs if gk[gi] == k)
                    tp_p = sum(1 for pi, _ in pairs if pk[pi] == k)
                    self.kind[k].tp += tp_r
                    self.kind[k].fn += gk.count(k) - tp_r
                    self.kind[k].fp += pk.count(k) - tp_p
                self._errors(text, preds, golds, pairs)
        # speaker accuracy on gold direct quotes
        for g in golds:
            if g["source"] is None or kind_of(_content_text(text, g["content"])) != "direct":
                continue
            self.speaker["gold_direct"] += 1
            cands = [p for p in preds if match(text, p["content"], g["content"], "overlap")]
            if not cands:
                continue
            self.speaker["found"] += 1
            # the prediction for this quote: the one whose cue is the gold cue, else the
            # one covering most of it
            same_cue = [p for p in cands if match(text, p["cue"], g["cue"], "overlap")]
            p = same_cue[0] if same_cue else max(
                cands, key=lambda p: len(_words(text, _segs(p["content"])) & _words(text, g["content"])))
            if match(text, p.get("source"), g["source"], "overlap") or _same_entity(p, g, mention_spans):
                self.speaker["right"] += 1

    def _errors(self, text, preds, golds, pairs):
        mp = {pi for pi, _ in pairs}
        mg = {gi for _, gi in pairs}
        for gi, g in enumerate(golds):
            if gi in mg:
                continue
            cue_hit = [p for p in preds if match(text, p["cue"], g["cue"], "overlap")]
            cue_text = " ".join(text[s:e] for s, e in g["cue"]).lower()
            if not cue_hit:
                self.errors[f"missed cue '{cue_text}'" if len(cue_text) < 25 else "missed long cue"] += 1
                self.errors["missed cue (all)"] += 1
            elif not match(text, cue_hit[0]["content"], g["content"], "overlap"):
                self.errors["content wrong (cue found)"] += 1
            else:
                self.errors["source wrong (cue+content found)"] += 1
        for pi, p in enumerate(preds):
            if pi in mp:
                continue
            if not any(match(text, p["cue"], g["cue"], "overlap") for g in golds):
                self.errors[f"spurious cue '{text[p['cue'][0]:p['cue'][1]].lower()}'"] += 1
                self.errors["spurious cue (all)"] += 1

    def rows(self, system: str, report: Report) -> None:
        for rule in ("overlap", "exact"):
            report.add(f"{system} triple {rule}", **_m(self.triple[rule]))
        for role in ("source", "cue", "content"):
            for rule in ("overlap", "exact"):
                report.add(f"{system} {role} {rule}", **_m(self.role[(role, rule)]))
        for k, prf in self.kind.items():
            report.add(f"{system} triple overlap ({k})", **_m(prf))

    def speaker_accuracy(self) -> dict:
        f, r = self.speaker["found"], self.speaker["right"]
        return {"gold_direct_quotes": self.speaker["gold_direct"], "found": f, "right_speaker": r,
                "accuracy": round(r / f, 4) if f else 0.0}


def _m(prf: PRF) -> dict:
    return {"P": prf.p, "R": prf.r, "F1": prf.f1, "tp": int(prf.tp), "fp": int(prf.fp), "fn": int(prf.fn)}


def _same_entity(p, g, mention_spans) -> bool:
    """The predicted source entity has a mention over the gold source span (coreference)."""
    if not mention_spans or not p.get("entity") or g["source"] is None:
        return False
    for s, e in mention_spans.get(p["entity"], []):
        for gs, ge in g["source"]:
            if min(e, ge) > max(s, gs):
                return True
    return False


def _as_predictions(rels: list[dict]) -> list[dict]:
    """An annotator's relations in the shape of a system's predictions (one span each)."""
    return [{"source": (r["source"][0][0], r["source"][-1][1]) if r["source"] else None,
             "cue": (r["cue"][0][0], r["cue"][-1][1]), "content": r["content"], "entity": None} for r in rels]


def annotator_agreement(data: Path, splits=("train", "dev")) -> dict:
    """How far PolNeAR's own annotators agree, as a reference for the system figures: on
    every article with two or more annotation files, the second annotator's relations are
    scored as predictions against the first's (the file the system is scored against)."""
    sc, n = Scorer(), 0
    for split in splits:
        for txt in sorted((data / split / "text").glob("*.txt")):
            anns = sorted((data / split / "attributions").glob(f"{txt.stem}_*.ann"))
            if len(anns) < 2:
                continue
            text = txt.read_text(encoding="utf-8")
            sc.add(text, _as_predictions(load_ann(anns[1])), load_ann(anns[0]))
            n += 1
    o, e = sc.triple["overlap"], sc.triple["exact"]
    return {"articles": n, "splits": list(splits), "triple_overlap": {"P": round(o.p, 4), "R": round(o.r, 4),
            "F1": round(o.f1, 4)}, "triple_exact_F1": round(e.f1, 4)}


def annotator_comparison(data: Path, parsed_train=None, parsed_dev=None) -> dict:
    """dateline beside PolNeAR's own annotators, on the articles annotated twice: the
    second annotator (B) scored against the first (A), and dateline against A and against
    B. A train article is read with a cue model fitted on the HELD_OUT - 1 folds of train
    that do not hold it (fold = index % HELD_OUT); a dev article with one fitted on all of
    train. Six fits: a few minutes from the parse cache."""
    from ..stages import attribution as A

    train = list(parsed_train if parsed_train is not None else parsed_split(data, "train"))
    dev = list(parsed_dev if parsed_dev is not None else parsed_split(data, "dev"))
    twice = {t.stem for s in ("train", "dev") for t in (data / s / "text").glob("*.txt")
             if len(list((data / s / "attributions").glob(f"{t.stem}_*.ann"))) > 1}
    rows = [cue_rows(text, gold, doc) for _, text, gold, doc in train]
    folds = {i % HELD_OUT for i, (name, *_) in enumerate(train) if name in twice}
    models = {f: fit_cue_model([r for i, r in enumerate(rows) if i % HELD_OUT != f]) for f in folds}
    if any(name in twice for name, *_ in dev):
        models["all"] = fit_cue_model(rows)

    sc = {k: Scorer() for k in ("annotator B vs A", "dateline vs A", "dateline vs B")}
    n = 0
    for split, docs in (("train", train), ("dev", dev)):
        for i, (name, text, gold, doc) in enumerate(docs):
            if name not in twice:
                continue
            anns = sorted((data / split / "attributions").glob(f"{name}_*.ann"))
            a, b = load_ann(anns[0]), load_ann(anns[1])
            doc._.attributions = A.extract(doc, model=models[i % HELD_OUT if split == "train" else "all"])
            spans = defaultdict(list)
            for m in doc._.mentions or []:
                spans[m.entity_id].append((m.start, m.end))
            p = ours(doc)
            sc["annotator B vs A"].add(text, _as_predictions(b), a)
            sc["dateline vs A"].add(text, p, a, spans)
            sc["dateline vs B"].add(text, p, b, spans)
            n += 1
    out = {"articles": n}
    for k, s in sc.items():
        o = s.triple["overlap"]
        out[k] = {"triple_overlap": {"P": round(o.p, 4), "R": round(o.r, 4), "F1": round(o.f1, 4)},
                  "triple_exact_F1": round(s.triple["exact"].f1, 4),
                  "cue_overlap_F1": round(s.role[("cue", "overlap")].f1, 4)}
    return out


# --- systems ---------------------------------------------------------------------------
def ours(doc) -> list[dict]:
    """Our attributions as PolNeAR relations. PolNeAR labels each token once, so a chain
    the record keeps nested ("X said ..., according to Y": X's attribution with Y in its
    via, beside Y's) is scored by its outer relation only: an attribution whose cue lies
    in another's content is left out (PolNeAR train: no gold cue lies in another gold
    relation's content; "X said ..., according to Y" is annotated as Y's in 24 of 29).
    A floating quotation (the record's attribution whose cue is its own opening mark, given
    to the speaker of the attribution before it) is, in PolNeAR, a further segment of that
    attribution's content: it is scored so (PolNeAR train, out-of-fold: 64 floating
    quotations scored on their own matched no gold relation; 37 of the 58 that overlap
    a gold content are a later segment of the previous relation's content)."""
    atts = list(doc._.attributions or [])
    text = doc.text
    out = []
    for a in atts:
        if any(o is not a and o.content.start <= a.cue.start < o.content.end
               and not (a.content.start <= o.cue.start < a.content.end)
               and not _between_quotes(doc.text, o, a) for o in atts):
            continue
        rel = {"source": (a.source_span.start, a.source_span.end) if a.source_span else None,
               "cue": (a.cue.start, a.cue.end), "content": (a.content.start, a.content.end),
               "entity": a.source}
        if a.cue.end - a.cue.start == 1 and text[a.cue.start] in QUOTE_MARKS:
            host = next((p for p in reversed(out) if p["cue"][0] < a.cue.start
                         and (p["entity"], p.get("source_text")) == (a.source, a.source_text)), None)
            if host is not None:
                host["content"] = _segs(host["content"]) + [rel["content"]]
                continue
        rel["source_text"] = a.source_text
        out.append(rel)
    return out


def _between_quotes(text: str, o, a) -> bool:
    """ '"A," said X, referring to Y. "B."': o's content runs over its own cue to the next
    quotation; a cue between o's cue and that quotation is outside o's quoted words."""
    if not (o.content.start <= o.cue.start < o.content.end and o.cue.end <= a.cue.start):
        return False
    return not any(ch in text[o.cue.end:a.cue.start] for ch in "\"\u201c\u201d\u00ab\u00bb")


def textacy_quotes(doc) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    for q in direct_quotations(doc):
        def ext(toks):
            toks = list(toks)
            if not toks:
                return None
            return (min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks))
        out.append({"source": ext(q.speaker), "cue": ext(q.cue), "content": ext(q.content), "entity": None})
    return out


# --- the command -----------------------------------------------------------------------
def cli(data: Path = typer.Option(Path("../shared/data/attribution/polnear"), help="PolNeAR folder"),
        split: str = typer.Option("dev", help="train | dev"),
        json_out: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
        limit: int = typer.Option(0, help="score only the first N articles (0: all)"),
        errors: int = typer.Option(15, help="how many error kinds to list")):
    """Attribution against PolNeAR: ours beside textacy's direct_quotations."""
    from ..pipeline import load_pipeline, new_doc
    from ..readers import Article
    from ..record import Meta

    docs = load_split(data, split, limit)
    if not docs:
        typer.echo(f"no PolNeAR articles under {data / split}", err=True)
        raise typer.Exit(2)
    nlp = load_pipeline()
    mine, peer = Scorer(), Scorer()
    timings: dict[str, float] = defaultdict(float)
    crashes = Counter()
    t_all = time.perf_counter()
    articles = (new_doc(nlp, Article(text=t, meta=Meta())) for _, t, _ in docs)
    t_prev = time.perf_counter()
    for (name, text, gold), doc in zip(docs, nlp.pipe(articles, batch_size=8)):
        now = time.perf_counter()
        timings["pipeline total"] += now - t_prev
        for k, v in (doc._.timings or {}).items():
            timings[k] += v
        art = doc._.article
        if art is not None and any(w.startswith("attribution:") for w in art.meta.warnings):
            crashes["ours"] += 1
        spans = defaultdict(list)
        for m in doc._.mentions or []:
            spans[m.entity_id].append((m.start, m.end))
        mine.add(text, ours(doc), gold, spans)
        t0 = time.perf_counter()
        try:
            tq = textacy_quotes(doc)
        except Exception:
            crashes["textacy"] += 1
            tq = []
        timings["textacy direct_quotations"] += time.perf_counter() - t0
        peer.add(text, tq, gold)
        t_prev = time.perf_counter()
    n = len(docs)
    report = Report(title=f"attribution: PolNeAR {split} ({n} articles, "
                          f"{sum(len(g) for _, _, g in docs)} gold relations)")
    mine.rows("dateline", report)
    peer.rows("textacy", report)
    report.extra = {
        "speaker_accuracy_direct": {"dateline": mine.speaker_accuracy(), "textacy": peer.speaker_accuracy()},
        "crashes": {"dateline": crashes["ours"], "textacy": crashes["textacy"], "articles": n},
        "seconds_per_article": {k: round(v / n, 4) for k, v in sorted(timings.items())},
        "wall_seconds": round(time.perf_counter() - t_all, 1),
        "errors_dateline": dict(mine.errors.most_common(errors)),
        "annotator_agreement": annotator_agreement(data),
    }
    report.emit(json_out)


# --- deriving the cue lexicon from train -----------------------------------------------
def derive_cues(data: Path, out: Path | None = None, limit: int = 0) -> dict:
    """The cue tables of data/cues.json, from the PolNeAR *train* split only.

    ``derived``: per verb lemma, n = gold cue heads, p = n / all its verb occurrences.
    ``frames``: the same per (lemma, frame, subject) key of ``stages.attribution.frame_of``.
    ``noun_frames``: per (lemma, complement, source) key of ``stages.attribution.noun_frame_of``
    for nouns ("the claim that", "his criticism of").
    Occurrences inside quotations count neither way (the stage never reads cues there).
    A gold cue's head is the token of the cue span whose syntactic head lies outside it;
    articles with several annotators count their first annotation file.
    """
    import json

    import spacy

    from ..pipeline import MODEL
    from ..stages.attribution import find_quotes, frame_of, noun_frame_of
    from ..stages.attribution.quotations import _in_quote

    nlp = spacy.load(MODEL, disable=["ner"])
    docs = load_split(data, "train", limit)
    total, cue = Counter(), Counter()
    ftotal, fcue = Counter(), Counter()
    ntotal, ncue = Counter(), Counter()
    for (_, text, gold), doc in zip(docs, nlp.pipe((t for _, t, _ in docs), batch_size=8)):
        heads = set()
        for g in gold:
            toks = [t for t in doc if any(s <= t.idx < e for s, e in g["cue"])]
            if not toks:
                continue
            ids = {t.i for t in toks}
            roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
            heads.add((roots or toks)[0].i)
        quotes = find_quotes(text)
        for t in doc:
            # the stage never reads a cue inside a quotation (the speaker's own words):
            # such occurrences count neither way
            if t.pos_ not in ("VERB", "AUX", "NOUN") or _in_quote(t.idx, quotes):
                continue
            if t.pos_ == "NOUN":
                key = noun_frame_of(t)
                if key is None:
                    continue
                ntotal[key] += 1
                if t.i in heads:
                    ncue[key] += 1
                continue
            key = frame_of(t)
            total[t.lemma_.lower()] += 1
            ftotal[key] += 1
            if t.i in heads:
                cue[t.lemma_.lower()] += 1
                fcue[key] += 1
    derived = {lem: {"n": n, "p": round(n / total[lem], 3)} for lem, n in cue.most_common() if n >= 2}
    frames = {k: {"n": n, "p": round(n / ftotal[k], 3)} for k, n in fcue.most_common() if n >= 2}
    nouns = {k: {"n": n, "p": round(n / ntotal[k], 3)} for k, n in ncue.most_common() if n >= 2}
    if out is not None:
        lex = json.loads(out.read_text(encoding="utf-8"))
        lex["derived"], lex["frames"], lex["noun_frames"] = derived, frames, nouns
        out.write_text(json.dumps(lex, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"derived": derived, "frames": frames, "noun_frames": nouns}


# --- training the cue classifier from train ---------------------------------------------
# Every HELD_OUT-th train article (index % HELD_OUT == 0) is held out from fitting: the
# stage's thresholds (CUE_KEEP_THRESHOLD, CUE_ADD_THRESHOLD) are calibrated on it.
HELD_OUT = 6
# L2 strength (inverse, sklearn's C), the m-estimate smoothing of the per-lemma cue rate,
# the folds of its out-of-fold estimate, and the least count a feature needs to be kept.
CUE_C = 0.3
RATE_M = 2.0
RATE_FOLDS = 5
FEATURE_MIN_COUNT = 5


def cue_rows(text: str, gold: list[dict], doc) -> list[tuple[str, str, int, list[str]]]:
    """(rate key, origin, label, features) for every cue candidate of a parsed article:
    label 1 when the candidate's token lies in a gold cue span that its cue span matches
    (overlap rule) and its content overlaps that relation's content either way."""
    from ..stages import attribution as A

    lx = A.lexicon()
    quotes = A.find_quotes(A.quotations._text(doc))
    text = A.quotations._text(doc)
    out = []
    for tok, c, origin in A.cue_candidates(doc, lx, quotes, generic=True):
        if origin not in ("verb", "noun", "light", "stance", "gen_verb", "gen_noun", "gen_adj", "copula", "gen_light",
                          "gen_headline"):
            continue
        y = int(any(any(s <= tok.idx < e for s, e in g["cue"]) and match(text, c.cue, g["cue"], "overlap") and (
            match(text, c.content, g["content"], "overlap") or match(text, g["content"][0], [c.content], "overlap"))
            for g in gold))
        key = tok.lemma_.lower() + "|" + A.features._pos_group(tok)
        out.append((key, origin, y, A.cue_features(doc, tok, c, origin, lx, quotes, rates="defer")))
    return out


def _rates(rows, m: float = RATE_M) -> tuple[dict, float]:
    n, k = Counter(), Counter()
    for key, _, y, _ in rows:
        n[key] += 1
        k[key] += y
    prior = sum(k.values()) / max(1, sum(n.values()))
    # a lemma seen once has no rate of its own (the same in training and at run time)
    return {key: (k[key] + m * prior) / (n[key] + m) for key in n if n[key] >= 2}, prior


def _with_rate(feats: list[str], rates: dict) -> list[str]:
    """Fill the deferred rate features ("r=\\x01lemma|V") from a rate table."""
    out = []
    for f in feats:
        if "\x01" in f:
            head, key = f.split("\x01", 1)
            r = rates.get(key)
            f = head + "%d" % (min(9, int(r * 10)) if r is not None else -1)
        out.append(f)
    return out


def fit_cue_model(docs_rows: list[list[tuple]], c: float = CUE_C) -> dict:
    """L2 logistic regression (scikit-learn, a dev dependency) over the rows of the
    fitting articles; the rate feature of each row is estimated out of fold (by article)
    so the weights do not trust it more than a new article would."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, groups = [], []
    for di, rs in enumerate(docs_rows):
        rows += rs
        groups += [di % RATE_FOLDS] * len(rs)
    fold_rates = []
    for f in range(RATE_FOLDS):
        fold_rates.append(_rates([r for r, g in zip(rows, groups) if g != f]))
    X, y = [], []
    for r, g in zip(rows, groups):
        rates, _ = fold_rates[g]
        X.append(_with_rate(r[3], rates))
        y.append(r[2])
    counts = Counter(f for feats in X for f in set(feats))
    keep = {f for f, n in counts.items() if n >= FEATURE_MIN_COUNT}
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in feats if f in keep} for feats in X]).tocsr()
    M.indices = M.indices.astype("int32")  # liblinear takes 32-bit indices only
    M.indptr = M.indptr.astype("int32")
    lr = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    lr.fit(M, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 2) for n, w in zip(names, lr.coef_[0]) if abs(w) >= 0.01}
    rates, prior = _rates(rows)
    return {"bias": round(float(lr.intercept_[0]), 4), "weights": weights,
            "rates": {k: round(v, 3) for k, v in rates.items()},
            "prior": round(prior, 4), "rows": len(rows), "positives": int(sum(y))}


def score_rows(model: dict, docs_rows: list[list[tuple]], thresholds=(0.3, 0.4, 0.5, 0.6, 0.7)) -> dict:
    """Candidate-level precision/recall of the model on held-out articles."""
    from ..stages.attribution import cue_score

    out = {}
    scored = [(cue_score(model, _with_rate(r[3], model["rates"])), r[2], r[1])
              for rs in docs_rows for r in rs]
    for t in thresholds:
        prf = PRF()
        for s, y, _ in scored:
            prf.tp += s >= t and y
            prf.fp += s >= t and not y
            prf.fn += s < t and y
        out[t] = {"P": round(prf.p, 3), "R": round(prf.r, 3), "F1": round(prf.f1, 3)}
    return out


def _parse_train(data: Path, keep=lambda i: True) -> list:
    """(text, gold, doc) of PolNeAR train articles, parsed up to the attribution stage."""
    return [(t, g, d) for i, (_, t, g, d) in enumerate(parsed_split(data, "train")) if keep(i)]


# Parsed articles are cached here (``DATELINE_CACHE``, else ~/.cache/dateline), keyed by
# the spaCy model and the code and data of every stage before attribution: a refit of
# the cue model re-reads 840 parsed train articles in ~15 s instead of parsing them
# again (~6 min on a laptop CPU).
CACHE_ENV = "DATELINE_CACHE"


def _parse_key(data: Path, split: str) -> str:
    """What the parse up to the attribution stage depends on: the model, spaCy, our code
    and data outside the attribution stage and its evaluation, and the articles."""
    import hashlib

    import spacy

    from .. import __file__ as pkg_file
    from ..pipeline import MODEL

    h = hashlib.sha256(f"{MODEL}|{spacy.__version__}|{split}".encode())
    root = Path(pkg_file).parent
    skip = ("stages/attribution", "eval/", "server/", "store/", "data/cue_model.json", "data/cues.json")
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root).as_posix()
        if f.is_file() and f.suffix in (".py", ".json", ".tsv", ".txt", ".csv") and not rel.startswith(skip):
            h.update(rel.encode() + f.read_bytes())
    for f in sorted((data / split).rglob("*")):
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def parsed_split(data: Path, split: str, cache: bool = True) -> list:
    """(name, text, gold, doc) of a PolNeAR split, parsed up to (not including) the
    attribution stage; served from the parse cache when its key still holds."""
    import os
    import pickle
    import warnings

    from ..pipeline import cache_sents, load_pipeline, new_doc
    from ..readers import Article
    from ..record import Meta

    docs = load_split(data, split)
    nlp = load_pipeline()
    path = None
    if cache:
        base = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "dateline")
        path = base / f"polnear-{split}-{_parse_key(data, split)}.pkl"
        if path.exists():
            from spacy.tokens import Doc

            out = []
            for name, text, gold, b, ud in pickle.loads(path.read_bytes()):
                doc = Doc(nlp.vocab).from_bytes(b)
                doc.user_data.update(pickle.loads(ud))
                out.append((name, text, gold, cache_sents(doc)))
            return out
    with nlp.select_pipes(disable=["dateline_attribution", "dateline_events"]):
        parsed = list(nlp.pipe((new_doc(nlp, Article(text=t, meta=Meta())) for _, t, _ in docs), batch_size=8))
    out = [(name, text, gold, doc) for (name, text, gold), doc in zip(docs, parsed)]
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():  # the sentence hooks are re-added on loading
                warnings.simplefilter("ignore", UserWarning)
                rows = [(n, t, g, d.to_bytes(exclude=["user_data"]), pickle.dumps(dict(d.user_data)))
                        for n, t, g, d in out]
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(rows))
            tmp.replace(path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a cache that cannot be written is only slower
    return out


def grid_cues(data: Path, keeps: list[float], adds: list[float]) -> list[dict]:
    """Triple overlap F1 of the whole attribution stage on the held-out train articles
    (every HELD_OUT-th) for each (keep, add) pair of cue-model thresholds: how
    CUE_KEEP_THRESHOLD and CUE_ADD_THRESHOLD are calibrated after ``train-cues``."""
    from collections import defaultdict

    from ..stages import attribution as A

    m = A.cue_model()
    if m is not None and m.get("final"):
        raise SystemExit("grid-cues: data/cue_model.json was fitted on every train article (--final), "
                         "held-out ones included; run train-cues without --final first")
    parsed = _parse_train(data, lambda i: i % HELD_OUT == 0)
    spans = []
    for _, _, doc in parsed:
        by = defaultdict(list)
        for m in doc._.mentions or []:
            by[m.entity_id].append((m.start, m.end))
        spans.append(by)
    saved = A.settings.CUE_KEEP_THRESHOLD, A.settings.CUE_ADD_THRESHOLD
    out = []
    try:
        for keep in keeps:
            for add in adds:
                A.settings.CUE_KEEP_THRESHOLD, A.settings.CUE_ADD_THRESHOLD = keep, add
                sc = Scorer()
                for (text, gold, doc), sp in zip(parsed, spans):
                    A.run(doc)
                    sc.add(text, ours(doc), gold, sp)
                o = sc.triple["overlap"]
                out.append({"keep": keep, "add": add, "F1": round(o.f1, 4), "P": round(o.p, 4), "R": round(o.r, 4)})
    finally:
        A.settings.CUE_KEEP_THRESHOLD, A.settings.CUE_ADD_THRESHOLD = saved
    return out


def train_cues(data: Path, out: Path | None = None, parsed=None, final: bool = False) -> dict:
    """Fit the cue model on PolNeAR train minus every HELD_OUT-th article; report the
    candidate-level figures on the held-out articles; write data/cue_model.json.
    ``final``: once the thresholds are calibrated on the held-out articles (grid-cues),
    refit on every train article for the shipped model (the learning curve still rises:
    held-out triple F1 0.7159 / 0.7203 / 0.7235 with 3 / 4 / 5 of the 6 folds), keeping
    the held-out figures of the calibration fit.
    ``parsed``: (text, gold, doc) triples of train already parsed (else parsed here)."""
    import json

    if parsed is None:
        parsed = _parse_train(data)
    fit, held = [], []
    for i, (text, gold, doc) in enumerate(parsed):
        (held if i % HELD_OUT == 0 else fit).append(cue_rows(text, gold, doc))
    model = fit_cue_model(fit)
    held_out = score_rows(model, held)
    fitted_on = f"PolNeAR train minus every {HELD_OUT}th article ({len(fit)} articles, {model['rows']} candidates)"
    if final:
        model = fit_cue_model(fit + held)
        fitted_on = f"all of PolNeAR train ({len(fit) + len(held)} articles, {model['rows']} candidates)"
    model["held_out"] = held_out
    model["final"] = final
    from ..stages import attribution as A

    model["thresholds"] = {"keep": A.settings.CUE_KEEP_THRESHOLD, "add": A.settings.CUE_ADD_THRESHOLD,
                           "calibrated_on": f"PolNeAR train, every {HELD_OUT}th article (held out from fitting), "
                                            "triple overlap F1 of the whole stage"}
    model["_comment"] = (f"Cue classifier of stages/attribution/features.py: L2 logistic regression (C={CUE_C}) "
                         f"fitted on {fitted_on}; rates: smoothed per-lemma cue rate on those "
                         f"articles. Thresholds (stage constants) and held_out figures: the fit without "
                         f"the {len(held)} held-out train articles, calibrated on them. Rebuild: python -m "
                         f"dateline.eval.attribution train-cues DATA, grid-cues DATA, train-cues DATA --final")
    if out is not None:
        out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                       encoding="utf-8")
    return model


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) >= 3 and sys.argv[1] == "train-cues":
        from importlib import resources

        final = "--final" in sys.argv
        args = [a for a in sys.argv[3:] if a != "--final"]
        target = Path(args[0]) if args else Path(str(resources.files("dateline").joinpath("data/cue_model.json")))
        m = train_cues(Path(sys.argv[2]), target, final=final)
        print(f"{len(m['weights'])} weights written to {target} (final: {final}); held-out: {m['held_out']}")
    if len(sys.argv) >= 3 and sys.argv[1] == "grid-cues":  # grid-cues DATA [KEEPS [ADDS]]
        ks = [float(x) for x in (sys.argv[3] if len(sys.argv) > 3 else "0.2,0.25,0.3").split(",")]
        ad = [float(x) for x in (sys.argv[4] if len(sys.argv) > 4 else "0.35,0.45,0.5").split(",")]
        for row in grid_cues(Path(sys.argv[2]), ks, ad):
            print(row)
    if len(sys.argv) >= 3 and sys.argv[1] == "annotators":  # annotators DATA
        import json

        print(json.dumps(annotator_comparison(Path(sys.argv[2])), indent=1))
    if len(sys.argv) >= 3 and sys.argv[1] == "derive-cues":
        from importlib import resources

        target = Path(str(resources.files("dateline").joinpath("data/cues.json")))
        d = derive_cues(Path(sys.argv[2]), target)
        print(f"{len(d['derived'])} lemmas, {len(d['frames'])} frames written to {target}")
