"""Stage dateline_events: first version, to be deepened by its issue."""
from __future__ import annotations

from spacy.tokens import Doc

from . import stage


@stage("dateline_events")
def run(doc: Doc) -> None:
    return None
