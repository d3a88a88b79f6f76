"""Pipeline stages: each a spaCy component over one Doc, registered by ``stage``.

A stage is a plain function ``run(doc) -> None`` that reads and writes the Doc
extensions declared in ``dateline.extensions``; ``@stage("dateline_x")`` registers it
with spaCy's factory registry and records the time it took in ``doc._.timings``.
"""
from __future__ import annotations

import time
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import init_doc

# The order the stages run in, after spaCy's own components.
STAGES = ["dateline_entities", "dateline_places", "dateline_times",
          "dateline_attribution", "dateline_events"]


class _Stage:
    def __init__(self, name: str, fn: Callable[[Doc], None]):
        self.name, self.fn = name, fn

    def __call__(self, doc: Doc) -> Doc:
        init_doc(doc)
        t0 = time.perf_counter()
        self.fn(doc)
        doc._.timings[self.name] = doc._.timings.get(self.name, 0.0) + time.perf_counter() - t0
        return doc


def stage(name: str):
    def register(fn: Callable[[Doc], None]):
        Language.factory(name, func=lambda nlp, name: _Stage(name, fn))
        return fn
    return register


def register_all() -> None:
    """Import every stage module so their factories are registered."""
    from . import attribution, entities, events, places, times  # noqa: F401
