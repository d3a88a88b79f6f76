"""Stage dateline_times: first version, to be deepened by its issue."""
from __future__ import annotations

from spacy.tokens import Doc

from . import stage


@stage("dateline_times")
def run(doc: Doc) -> None:
    return None
