"""The learned cue classifier (data/cue_model.json): it loads, scores hand-written
sentences sensibly, and the stage keeps/drops cues by its score."""
from __future__ import annotations

import pytest

from dateline.stages import attribution as A


def _scores(analyse, text):
    doc = analyse(text)
    m, lx = A.cue_model(), A.lexicon()
    q = A.find_quotes(doc.text)
    out = {tok.text: A.cue_score(m, A.cue_features(doc, tok, c, o, lx, q))
           for tok, c, o in A.cue_candidates(doc, lx, q, generic=True)}
    return doc, out


def test_model_loads():
    m = A.cue_model()
    assert m is not None and m["weights"] and "PolNeAR train" in m["_comment"]
    assert 0.0 < A.settings.CUE_KEEP_THRESHOLD < 1.0 and 0.0 < A.settings.CUE_ADD_THRESHOLD < 1.0
    # pure-Python scoring: a bias-only feature list gives the sigmoid of the bias
    assert abs(A.cue_score(m, []) - 1 / (1 + __import__("math").exp(-m["bias"]))) < 1e-9


@pytest.mark.parametrize("text,cue", [
    ("The mayor said the bridge would reopen in May.", "said"),
    ("The coach told reporters that the team was tired.", "told"),
    ("Officials believe that the fire was set on purpose.", "believe"),
    ("The survey showed that most residents oppose the plan.", "showed"),
])
def test_speech_cues_accepted(analyse, text, cue):
    doc, s = _scores(analyse, text)
    assert s[cue] >= max(A.settings.CUE_KEEP_THRESHOLD, 0.7)
    assert any(a.cue.text.split()[0] == cue for a in doc._.attributions)


def test_according_to_kept(analyse):
    doc = analyse("According to the fire department, six homes were destroyed.")
    a = [a for a in doc._.attributions if a.cue.text == "According to"]
    assert a and a[0].source_text == "the fire department"


@pytest.mark.parametrize("text,verb", [
    ("The hotel offered a discount to guests who booked early.", "offered"),
    ("The company sold the building to a developer.", "sold"),
    ("He ate an apple that was red.", "ate"),
])
def test_non_speech_rejected(analyse, text, verb):
    doc, s = _scores(analyse, text)
    assert s.get(verb, 0.0) < A.settings.CUE_KEEP_THRESHOLD
    assert not doc._.attributions


def test_light_verb_noun_not_doubled(analyse):
    doc = analyse("She made a statement that the deal was dead.")
    assert [a.cue.text for a in doc._.attributions] == ["made a statement"]


def test_model_switch_off(analyse, monkeypatch):
    monkeypatch.setattr(A.settings, "CUE_MODEL", False)
    doc = analyse("The hotel offered a discount to guests who booked early.")
    # the rule lexicon alone takes "offer" with an object (PolNeAR: "offered his view")
    assert [a.cue.text for a in doc._.attributions] == ["offered"]


def test_grid_cues_refuses_a_model_fitted_on_the_held_out_articles(monkeypatch, tmp_path):
    """Thresholds are calibrated on the held-out train articles; a model refitted on all
    of train (train-cues --final) has seen them, so grid-cues must not use it."""
    from dateline.eval import attribution as E

    monkeypatch.setattr(A, "cue_model", lambda: {"final": True, "weights": {"x": 1.0}})
    with pytest.raises(SystemExit, match="--final"):
        E.grid_cues(tmp_path, [0.25], [0.45])
