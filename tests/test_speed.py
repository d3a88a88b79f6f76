"""The pipeline's speed-ups (pipeline.cache_sents, speed.FastAttributeRuler) change no output."""
from __future__ import annotations

import copy

from conftest import EXAMPLES

TRICKY = ["He ain't here, y'all know that. It's nothin' new.",
          "The one that I saw wasn't there; which did you mean?",
          "  Leading  spaces\n\nand  a  tab\there. Don't stop; can't stop.",
          "U.S. officials said on Monday that talks, which began in May, would resume."]


def _articles():
    from dateline.ingest import expand
    from dateline.readers import Article, iter_path

    return [a for p in expand([str(EXAMPLES)]) for a in iter_path(p) if isinstance(a, Article)]


def test_fast_attribute_ruler_sets_the_same_attributes():
    import spacy

    from dateline.pipeline import MODEL
    from dateline.speed import FastAttributeRuler, fast_attribute_ruler

    texts = [a.text for a in _articles()] + TRICKY
    slow, fast = spacy.load(MODEL), spacy.load(MODEL)
    assert fast_attribute_ruler(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert fast.pipe_names == slow.pipe_names
    assert fast.get_pipe("attribute_ruler").slow <= 5      # nearly every pattern on the fast path

    def attrs(nlp):
        return [[(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in d] for d in nlp.pipe(texts)]

    a, b = attrs(slow), attrs(fast)
    assert a == b
    assert any(pos == "AUX" for d in a for _, pos, *_ in d)   # the rules did something


def test_records_identical_with_and_without_speedups(monkeypatch):
    from dateline import extensions, knowledge, pipeline

    arts = _articles()
    fast = [r.to_json() for r in pipeline.process(copy.deepcopy(arts))]
    assert knowledge.norm.cache_info().hits > 0             # the name cache served
    monkeypatch.setattr(pipeline, "FAST_ATTRIBUTE_RULER", False)
    monkeypatch.setattr(extensions, "TEXT_CACHE", False)      # doc.text rebuilt at every use
    monkeypatch.setattr(knowledge, "norm", knowledge.norm.__wrapped__)  # no name cache
    pipeline.load_pipeline.cache_clear()
    try:
        nlp = pipeline.load_pipeline()
        nlp.remove_pipe(pipeline.SENTS_CACHE)
        plain = [r.to_json() for r in pipeline.process(copy.deepcopy(arts))]
    finally:
        pipeline.load_pipeline.cache_clear()
    assert fast == plain and len(fast) == len(arts) >= 4
