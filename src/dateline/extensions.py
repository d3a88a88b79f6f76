"""The Doc extensions through which the pipeline stages talk to each other.

Every stage reads what earlier stages wrote here and adds its own; no stage calls
another. Declared once, on import.

    doc._.article       readers.Article the Doc was made from (clean text == doc.text)
    doc._.published     the anchor for relative dates: ISO string or None
    doc._.entities      list[record.Entity]                 (stages.entities, stages.places)
    doc._.mentions      list[Mention]: every span that refers to an entity (names,
                        surnames, title-only references, pronouns)  (stages.entities)
    doc._.times         list[record.Time]                   (stages.times)
    doc._.attributions  list[record.Attribution]            (stages.attribution)
    doc._.events        list[record.Event]                  (stages.events)
    doc._.timings       {stage name: seconds} for this Doc
    doc._.text          the Doc's text, kept: spaCy rebuilds ``doc.text`` from the tokens
                        at every access (read it with ``doc_text(doc)``)
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass
class Mention:
    start: int          # char offset into doc.text
    end: int
    entity_id: str
    kind: str = "name"  # name | surname | title | pronoun | alias
    token_start: int = -1
    token_end: int = -1


_FIELDS = {
    "article": None,
    "published": None,
    "entities": None,
    "mentions": None,
    "times": None,
    "attributions": None,
    "events": None,
    "timings": None,
    "text": None,
}

for _name, _default in _FIELDS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def init_doc(doc: Doc) -> Doc:
    """Give a fresh Doc empty lists, so every stage can rely on them existing."""
    for name in ("entities", "mentions", "times", "attributions", "events"):
        if getattr(doc._, name) is None:
            setattr(doc._, name, [])
    if doc._.timings is None:
        doc._.timings = {}
    return doc


# Off only to check that the cache changes nothing (tests/test_speed.py).
TEXT_CACHE = True


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc._.text``.

    spaCy joins every token's text again at each ``doc.text`` (100 BBC articles asked
    for it ~14 times each: 16% of the stages' profiled time). The text of a Doc never
    changes (retokenizing keeps it), so the first answer stays right.
    """
    text = doc._.text
    if text is None or not TEXT_CACHE:
        text = doc._.text = doc.text
    return text


def entity_at(doc: Doc, start: int, end: int) -> str | None:
    """Id of the entity a mention covering [start, end) refers to (the longest overlap)."""
    best, best_len = None, 0
    for m in doc._.mentions or []:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_len:
            best, best_len = m.entity_id, overlap
    return best


def entity_of_token(doc: Doc, i: int) -> str | None:
    t = doc[i]
    return entity_at(doc, t.idx, t.idx + len(t.text))


def entity_by_id(doc: Doc, eid: str):
    for e in doc._.entities or []:
        if e.id == eid:
            return e
    return None
