"""Entities: spaCy's NER mentions -> one canonical entity per real-world entity.

First version: mentions grouped by name; a one-word PERSON mention joins the PERSON
whose full name contains that word. (Titles, countries, sectors, type repairs and
title/pronoun coreference are the entity stage's to deepen.)
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..extensions import Mention
from ..record import Entity
from . import stage

KEEP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
        "NORP": "NORP", "EVENT": "EVENT"}


@stage("dateline_entities")
def run(doc: Doc) -> None:
    by_key: dict[tuple[str, str], Entity] = {}
    people: list[Entity] = []
    ents = sorted(doc.ents, key=lambda s: -len(s))  # fullest names first
    for span in ents:
        etype = KEEP.get(span.label_)
        if not etype:
            continue
        name = span.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key = (etype, name.lower())
        ent = by_key.get(key)
        if ent is None and etype == "PERSON" and len(name.split()) == 1:
            ent = next((p for p in people if name.lower() in p.name.lower().split()), None)
        if ent is None:
            ent = Entity(id=f"E{len(by_key) + 1}", name=name, type=etype)
            by_key[key] = ent
            if etype == "PERSON":
                people.append(ent)
        ent.mentions.append((span.start_char, span.end_char))
        doc._.mentions.append(Mention(span.start_char, span.end_char, ent.id, "name",
                                      span.start, span.end))
    seen = []
    for ent in by_key.values():
        if ent not in seen:
            ent.mentions.sort()
            seen.append(ent)
    doc._.entities = sorted(seen, key=lambda e: e.mentions[0])
    renumber = {}
    for i, ent in enumerate(doc._.entities, 1):
        renumber[ent.id], ent.id = f"E{i}", f"E{i}"
    for m in doc._.mentions:
        m.entity_id = renumber[m.entity_id]
    doc._.mentions.sort(key=lambda m: m.start)
