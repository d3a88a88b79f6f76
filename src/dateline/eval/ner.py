"""`dateline eval ner --data ../shared/data/ner/conll2003 --split dev`: entity-level
micro P/R/F1 (conlleval style: type and both boundaries must match) of the bare spaCy
model and of dateline's entity stage on CoNLL-2003.

Type mapping (the README's): PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP,
EVENT and every other name type (PRODUCT, WORK_OF_ART, LAW, LANGUAGE) -> MISC; number,
date and time types are not entities. For the entity stage, each name, alias or surname
mention counts as a predicted span with its entity's (possibly repaired) type; title-only
and pronoun mentions are not names and are left out.

Each document is given to the model as its gold tokens (a Doc built from the words), so
boundaries compare token for token.
"""
from __future__ import annotations

from pathlib import Path

import typer

from .common import PRF, Report

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
       "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
       "OTHER": "MISC"}
TYPES = ["PER", "ORG", "LOC", "MISC"]


def read_conll(path: Path, limit: int = 0) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    docs, words, tags = [], [], []

    def flush():
        if words:
            docs.append((list(words), spans(tags)))
        words.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush()
            if limit and len(docs) >= limit:
                break
            continue
        if not line.strip():
            continue
        parts = line.split()
        words.append(parts[0])
        tags.append(parts[-1])
    if not limit or len(docs) < limit:
        flush()
    return docs


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    out, start, typ = [], None, None
    for i, t in enumerate(tags + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != typ):
            if start is not None:
                out.append((start, i, typ))
                start, typ = None, None
            if t != "O":
                start, typ = i, t[2:]
    return out


def _add(prf: dict, gold: set, pred: set) -> None:
    for typ in TYPES + ["ALL"]:
        g = {x for x in gold if typ == "ALL" or x[2] == typ}
        p = {x for x in pred if typ == "ALL" or x[2] == typ}
        prf[typ].tp += len(g & p)
        prf[typ].fp += len(p - g)
        prf[typ].fn += len(g - p)


def cli(data: Path = typer.Option(Path("../shared/data/ner/conll2003"), help="folder of train.txt/dev.txt"),
        split: str = typer.Option("dev", help="dev or train"),
        json_out: bool = typer.Option(False, "--json"),
        limit: int = typer.Option(0, help="documents (0: all)")):
    """Entity F1 on CoNLL-2003: the bare model beside dateline's entity stage."""
    import spacy
    from spacy.tokens import Doc

    from ..extensions import init_doc
    from ..pipeline import MODEL
    from ..stages import register_all

    path = data / f"{split}.txt"
    if not path.exists():
        raise typer.BadParameter(f"{path} not found")
    docs = read_conll(path, limit)
    register_all()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("dateline_entities")
    bare = {t: PRF() for t in TYPES + ["ALL"]}
    ours = {t: PRF() for t in TYPES + ["ALL"]}
    inputs = []
    for words, _ in docs:
        d = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
        init_doc(d)
        inputs.append(d)
    for (words, gold), doc in zip(docs, nlp.pipe(inputs, batch_size=8)):
        g = set(gold)
        p_bare = {(e.start, e.end, MAP[e.label_]) for e in doc.ents if e.label_ in MAP}
        types = {e.id: e.type for e in doc._.entities}
        p_ours = set()
        for m in doc._.mentions:
            if m.kind in ("title", "pronoun"):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and types.get(m.entity_id) in MAP:
                p_ours.add((span.start, span.end, MAP[types[m.entity_id]]))
        # name types the entity stage does not model stay as the model tagged them
        p_ours |= {(e.start, e.end, "MISC") for e in doc.ents
                   if e.label_ in ("PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")}
        _add(bare, g, p_bare)
        _add(ours, g, p_ours)
    rep = Report(f"ner: CoNLL-2003 {split}, {len(docs)} documents (entity-level micro F1)")
    for name, prf in (("spaCy model", bare), ("dateline entities", ours)):
        row = {"P": round(prf["ALL"].p, 4), "R": round(prf["ALL"].r, 4), "F1": round(prf["ALL"].f1, 4)}
        for t in TYPES:
            row[f"F1_{t}"] = round(prf[t].f1, 4)
        rep.add(name, **row)
    rep.extra["mapping"] = "PERSON->PER; ORG->ORG; GPE,LOC,FAC->LOC; NORP,EVENT,PRODUCT,WORK_OF_ART,LAW,LANGUAGE->MISC"
    rep.emit(json_out)
