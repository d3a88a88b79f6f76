"""Candidate forms for the cue model and what happens to candidates after it: the generic
light-verb reading (verb + object + preposition), the extra noun complements of generic
noun candidates, and the outer content ending before a sibling predicate's clause.
Sentences written for these tests."""
from __future__ import annotations

from dateline.stages import attribution as A


def _cands(doc):
    lx = A.lexicon()
    quotes = A.find_quotes(doc.text)
    return [(t, c, o) for t, c, o in A.cue_candidates(doc, lx, quotes, generic=True)]


def _spans(doc, origin):
    return [(doc.text[c.cue[0]:c.cue[1]], doc.text[c.content[0]:c.content[1]])
            for _, c, o in _cands(doc) if o == origin]


def test_generic_light_verb_span(nlp):
    doc = nlp("The governor had a favorable opinion of the new tax plan.")
    assert ("had a favorable opinion of", "the new tax plan") in _spans(doc, "gen_light")
    # the verb's own reading stays a candidate too, judged after the light one
    assert ("had", "a favorable opinion of the new tax plan") in _spans(doc, "gen_verb")


def test_generic_light_verb_needs_a_preposition(nlp):
    doc = nlp("The mayor kept a close watch on the negotiations.")
    assert ("kept a close watch on", "the negotiations") in _spans(doc, "gen_light")
    doc = nlp("The mayor kept a close watch.")
    assert not _spans(doc, "gen_light")


def test_generic_light_verb_off(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "GENERIC_LIGHT", False)
    doc = nlp("The governor had a favorable opinion of the new tax plan.")
    assert not _spans(doc, "gen_light")


def test_generic_light_verb_not_for_strong_cue_verbs(nlp):
    # a precise cue verb keeps its own reading ("accused X of Y": the object is content)
    doc = nlp("The senator accused the governor of lying about the budget.")
    assert not _spans(doc, "gen_light")


def test_noun_extra_complements(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "NOUN_EXTRA_COMPLEMENTS", True)
    doc = nlp("Her opposition to the new tax has hurt her campaign in the state.")
    assert ("opposition to", "the new tax") in _spans(doc, "gen_noun")
    doc = nlp("Her push to overthrow the dictator drew criticism.")
    assert ("push", "to overthrow the dictator") in _spans(doc, "gen_noun")


def test_noun_extra_complements_generic_only(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "NOUN_EXTRA_COMPLEMENTS", True)
    doc = nlp("Her opposition to the new tax has hurt her campaign in the state.")
    tok = next(t for t in doc if t.lower_ == "opposition")
    assert A.candidates._noun_complement(tok) is None  # the rule nouns' frame table is unchanged
    assert A.candidates._noun_complement(tok, extra=True)[0] == "pto"


def test_outer_content_ends_before_sibling_clause(nlp):
    doc = nlp("The mayor praised the new budget plan, saying that it would create jobs.")
    praised = next(t for t in doc if t.lower_ == "praised")
    saying = next(t for t in doc if t.lower_ == "saying")
    end = len(doc.text.rstrip("."))
    outer = A.Cand(cue=(praised.idx, praised.idx + len(praised.text)), cue_tok=praised.i,
                   content=(doc[praised.i + 1].idx, end))
    inner = A.Cand(cue=(saying.idx, saying.idx + len(saying.text)), cue_tok=saying.i,
                   content=(doc[saying.i + 1].idx, end))
    A.chains._trim_before_later_cue(doc, [outer, inner])
    assert doc.text[outer.content[0]:outer.content[1]].rstrip(" ,") == "the new budget plan"
    assert inner.content[1] == end


def test_headline_verb_tagged_as_name(analyse):
    doc = analyse("Conservative Icon Morton Blackwell Endorses Ted Cruz.\n\n"
                  "Morton Blackwell, the conservative icon, said on Monday that he backs Ted Cruz.")
    atts = [a for a in doc._.attributions if a.cue.text == "Endorses"]
    assert atts, [a.cue.text for a in doc._.attributions]
    assert atts[0].content.text == "Ted Cruz"
    assert atts[0].source_text == "Conservative Icon Morton Blackwell"


def test_headline_verb_needs_title_case_and_a_cue_verb(nlp):
    lx = A.lexicon()
    doc = nlp("Conservative Icon Morton Blackwell Endorses Ted Cruz.")
    tok = next(t for t in doc if t.text == "Endorses")
    if tok.pos_ == "PROPN":
        assert A.candidates._headline_verb(doc, tok, lx) is not None
    # a sentence line, not a headline
    doc = nlp("The conservative icon Morton Blackwell of Virginia Endorses the senator today.")
    tok = next(t for t in doc if t.text == "Endorses")
    assert A.candidates._headline_verb(doc, tok, lx) is None
    # not a cue verb's third person
    doc = nlp("Conservative Icon Morton Blackwell Visits Ted Cruz.")
    tok = next(t for t in doc if t.text == "Visits")
    assert A.candidates._headline_verb(doc, tok, lx) is None


def test_noun_under_verb_preposition(nlp, monkeypatch):
    doc = nlp("The senator has come out in support of the new trade deal.")
    spans = _spans(doc, "gen_noun") + _spans(doc, "noun")
    assert ("has come out in support of", "the new trade deal") in spans, spans
    cand = next(c for t, c, o in _cands(doc) if doc.text[c.cue[0]:c.cue[1]] == "has come out in support of")
    assert doc.text[cand.src[0]:cand.src[1]] == "The senator"
    monkeypatch.setattr(A.settings, "NOUN_UNDER_VERB_PREP", False)
    spans = _spans(doc, "gen_noun") + _spans(doc, "noun")
    assert ("has come out in support of", "the new trade deal") not in spans


def test_noun_after_expletive_copula(nlp, monkeypatch):
    doc = nlp("There is some evidence that most voters have already made up their minds.")
    spans = _spans(doc, "gen_noun") + _spans(doc, "noun")
    assert any(cue == "is some evidence" and content.startswith("that most voters") for cue, content in spans), spans
    monkeypatch.setattr(A.settings, "NOUN_EXPLETIVE_COPULA", False)
    spans = _spans(doc, "gen_noun") + _spans(doc, "noun")
    assert not any(cue == "is some evidence" for cue, _ in spans)


# --- session 5: forms of the "no candidate" bucket --------------------------------------
def _manual(nlp, words, pos, deps, heads, lemmas, tags):
    """A Doc with a hand-written parse (the parser's misreadings are not reproducible on
    demand): heads are absolute token indices."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 2) + [False, False], pos=pos,
              deps=deps, heads=heads, lemmas=lemmas, tags=tags, sent_starts=[True] + [False] * (len(words) - 1))
    return doc


def test_root_noun_verb(nlp):
    # "Many fear the tariff will slow growth." with "fear" read as the root noun
    words = ["Many", "fear", "the", "tariff", "will", "slow", "growth", "."]
    doc = _manual(nlp, words, ["ADJ", "NOUN", "DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
                  ["amod", "ROOT", "det", "nsubj", "aux", "ccomp", "dobj", "punct"], [1, 1, 3, 5, 5, 1, 5, 1],
                  ["many", "fear", "the", "tariff", "will", "slow", "growth", "."],
                  ["JJ", "NN", "DT", "NN", "MD", "VB", "NN", "."])
    c = A.candidates._root_noun_verb(doc, doc[1], A.lexicon())
    assert c is not None
    assert doc.text[c.cue[0]:c.cue[1]] == "fear"
    assert doc.text[c.src[0]:c.src[1]] == "Many"
    assert doc.text[c.content[0]:c.content[1]] == "the tariff will slow growth"
    assert ("fear", "the tariff will slow growth") in _spans(doc, "noun_verb")


def test_root_noun_verb_not_a_possessed_noun(nlp):
    # "Her fear grew the tariff ..." style: a possessed noun is a noun after all
    words = ["Her", "fear", "the", "tariff", "will", "slow", "growth", "."]
    doc = _manual(nlp, words, ["PRON", "NOUN", "DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
                  ["poss", "ROOT", "det", "nsubj", "aux", "ccomp", "dobj", "punct"], [1, 1, 3, 5, 5, 1, 5, 1],
                  ["her", "fear", "the", "tariff", "will", "slow", "growth", "."],
                  ["PRP$", "NN", "DT", "NN", "MD", "VB", "NN", "."])
    assert A.candidates._root_noun_verb(doc, doc[1], A.lexicon()) is None


def test_root_noun_verb_off(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "ROOT_NOUN_VERB", False)
    words = ["Many", "fear", "the", "tariff", "will", "slow", "growth", "."]
    doc = _manual(nlp, words, ["ADJ", "NOUN", "DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
                  ["amod", "ROOT", "det", "nsubj", "aux", "ccomp", "dobj", "punct"], [1, 1, 3, 5, 5, 1, 5, 1],
                  ["many", "fear", "the", "tariff", "will", "slow", "growth", "."],
                  ["JJ", "NN", "DT", "NN", "MD", "VB", "NN", "."])
    assert not _spans(doc, "noun_verb")


def _src_spans(doc, origin):
    return [(doc.text[c.cue[0]:c.cue[1]], doc.text[c.src[0]:c.src[1]] if c.src else None,
             doc.text[c.content[0]:c.content[1]]) for _, c, o in _cands(doc) if o == origin]


def test_holder_phrase_to(nlp):
    doc = nlp("To the mayor, the budget vote marked a clear victory.")
    assert ("To", "the mayor", "the budget vote marked a clear victory") in _src_spans(doc, "holder_phrase")
    doc = nlp("To that end, the council approved the budget.")  # not a holder
    assert not _src_spans(doc, "holder_phrase")


def test_holder_phrase_view(nlp):
    doc = nlp("In their view, the council could still approve the plan.")
    assert ("In their view", "their", "the council could still approve the plan") in _src_spans(doc, "holder_phrase")
    doc = nlp("The council could still approve the plan in their view.")  # after its verb: not annotated
    assert not _src_spans(doc, "holder_phrase")


def test_holder_phrase_off(nlp, monkeypatch):
    monkeypatch.setattr(A.settings, "HOLDER_PHRASES", False)
    doc = nlp("To the mayor, the budget vote marked a clear victory.")
    assert not _src_spans(doc, "holder_phrase")


def test_far_that(nlp, monkeypatch):
    text = "The mayor said before attending the meeting that the bridge would close."
    doc = nlp(text)
    assert any(c[0].startswith("said") and c[1:] == ("The mayor", "that the bridge would close")
               for c in _src_spans(doc, "verb"))
    monkeypatch.setattr(A.settings, "FAR_THAT", False)
    doc = nlp(text)
    assert not any(c[2] == "that the bridge would close" for c in _src_spans(doc, "verb"))


def test_support_among(nlp, monkeypatch):
    text = "The governor's strong support among rural voters helped her win the primary."
    assert ("support", "rural voters", "The governor's") in _src_spans(nlp(text), "support_among")
    assert not _src_spans(nlp("Her support for the bill helped her win the primary."), "support_among")
    monkeypatch.setattr(A.settings, "SUPPORT_AMONG", False)
    assert not _src_spans(nlp(text), "support_among")


def test_dash_label(nlp, monkeypatch):
    text = ('State polls were not wrong, just early - Ann Smith and Bob Jones: "The polls missed the late '
            'surge of voters in the suburbs."\n\nThe next primary is in March.')
    doc = nlp(text)
    labels = [(doc.text[c.src[0]:c.src[1]], doc.text[c.content[0]:c.content[1]]) for c in A.candidates._label_cues(doc, [])]
    assert ("Ann Smith and Bob Jones", '"The polls missed the late surge of voters in the suburbs."') in labels
    monkeypatch.setattr(A.settings, "DASH_LABELS", False)
    assert not A.candidates._label_cues(nlp(text), [])
