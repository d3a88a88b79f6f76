"""Source and content conventions added in session 7 (PolNeAR train counts in the switch
comments of stages/attribution/settings.py). Fixture sentences written for these tests."""
from __future__ import annotations

from spacy.tokens import Doc

from dateline.stages import attribution as A
from dateline.stages.attribution import candidates as C
from dateline.stages.attribution.lexicons import lexicon
from dateline.stages.attribution.quotations import find_quotes


def _cue(atts, word):
    hits = [a for a in atts if word in a.cue.text]
    assert hits, [(a.cue.text, a.content.text) for a in atts]
    return hits[0]


def _misparsed(nlp) -> Doc:
    """ "Jeffrey Salkin, a rabbi helping to organize the boycott, said he was alarmed." as the
    parser sometimes reads it: the name under a clause it took for a complement of "said",
    so the verb has no subject."""
    words = ["Jeffrey", "Salkin", ",", "a", "rabbi", "helping", "to", "organize", "the", "boycott", ",",
             "said", "he", "was", "alarmed", "."]
    heads = [1, 4, 1, 4, 11, 4, 7, 5, 9, 7, 11, 11, 13, 11, 13, 11]
    deps = ["compound", "nsubj", "punct", "det", "ccomp", "xcomp", "aux", "xcomp", "det", "dobj", "punct",
            "ROOT", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "DET", "VERB", "VERB", "PART", "VERB", "DET", "NOUN", "PUNCT",
           "VERB", "PRON", "AUX", "ADJ", "PUNCT"]
    tags = ["NNP", "NNP", ",", "DT", "VBD", "VBG", "TO", "VB", "DT", "NN", ",", "VBD", "PRP", "VBD", "JJ", "."]
    lemmas = ["Jeffrey", "Salkin", ",", "a", "rabbi", "help", "to", "organize", "the", "boycott", ",",
              "say", "he", "be", "alarmed", "."]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)


def _said(doc):
    text = doc.text
    for tok, c, origin in C.cue_candidates(doc, lexicon(), find_quotes(text), generic=True):
        if tok.lower_ == "said":
            return (text[c.content[0]:c.content[1]], text[c.src[0]:c.src[1]] if c.src else None)
    raise AssertionError("no candidate on 'said'")


def test_content_over_its_own_cue_is_split_at_the_cue(nlp):
    content, src = _said(_misparsed(nlp))
    assert content == "he was alarmed"
    assert src == "Jeffrey Salkin , a rabbi helping to organize the boycott"


def test_split_over_cue_switch_off(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "SPLIT_OVER_CUE", False)
    content, src = _said(_misparsed(nlp))
    assert src is None
    assert content.startswith("Jeffrey Salkin") and content.endswith("he was alarmed")


def test_split_over_cue_after_a_quotation_takes_the_speaker_after_the_verb(nlp):
    # '"A," said X, ...' with X parsed as the subject of a later clause
    words = ["\"", "We", "stay", ",", "\"", "said", "Pavel", "Orrin", ",", "who", "runs", "it", "."]
    heads = [5, 2, 5, 5, 5, 5, 7, 10, 7, 10, 5, 10, 5]
    deps = ["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "compound", "nsubj", "punct", "nsubj",
            "ccomp", "dobj", "punct"]
    pos = ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB",
           "PRON", "PUNCT"]
    tags = ["``", "PRP", "VBP", ",", "''", "VBD", "NNP", "NNP", ",", "WP", "VBZ", "PRP", "."]
    lemmas = ["\"", "we", "stay", ",", "\"", "say", "Pavel", "Orrin", ",", "who", "run", "it", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    content, src = _said(doc)
    assert content == 'We stay , "'
    assert src == "Pavel Orrin , who runs it"


def test_causative_governor_object_holds_the_infinitive(analyse):
    doc = analyse("The flooding has led many farmers to suspect that the dam was mismanaged.")
    a = _cue(doc._.attributions, "suspect")
    assert a.source_text == "many farmers"
    assert a.cue.text == "to suspect"
    assert a.content.text == "that the dam was mismanaged"


def test_causative_control_switch_off(analyse, monkeypatch):
    monkeypatch.setattr(A.settings, "CAUSATIVE_CONTROL", set())
    doc = analyse("The flooding has led many farmers to suspect that the dam was mismanaged.")
    a = _cue(doc._.attributions, "suspect")
    assert a.source_text == "The flooding"


def test_passive_with_predicate_keeps_its_subject_in_the_content(analyse):
    doc = analyse("Councilman Ortiz was declared the winner by the county board.")
    a = _cue(doc._.attributions, "declared")
    assert a.content.text.startswith("Councilman Ortiz")
    assert a.content.text.endswith("the winner by the county board")
    assert a.source_text is None


def test_passive_with_predicate_switch_off(analyse, monkeypatch):
    monkeypatch.setattr(A.settings, "PASSIVE_AS_SUBJECT", False)
    doc = analyse("Councilman Ortiz was declared the winner by the county board.")
    a = _cue(doc._.attributions, "declared")
    assert a.content.text == "the winner by the county board"
