"""Attribution in title lines (the article's first line, its headline): sentences written
for these tests, asserting on the cue, source and content found, and that each switch
set off removes the behaviour."""
from __future__ import annotations

from dateline.stages import attribution as A


def _find(analyse, text, cue):
    doc = analyse(text)
    found = [a for a in doc._.attributions if a.cue.text == cue]
    for a in found:
        assert doc.text[a.cue.start:a.cue.end] == a.cue.text
        assert doc.text[a.content.start:a.content.end] == a.content.text
    return found


TITLE_CASE = "Village Council Slams Mayor Over Bridge Closure Plan.\n\nThe council met on Monday."
PLURAL_BASE = "Local Farmers Demand Answers From Water Board Over Drought Rules.\n\nThe meeting ran late."
LOWER_LABEL = "Harbor camp: Dock strike will go on until the ships leave.\n\nTalks broke down on Friday."
INTERJECTION = "Wow: Local Bakery Wins State Prize For Rye Bread Again.\n\nThe bakery opened in 1990."


def test_title_case_headline_verb(analyse):
    (a,) = _find(analyse, TITLE_CASE, "Slams")
    assert a.source_text == "Village Council"
    assert a.content.text == "Mayor Over Bridge Closure Plan"


def test_headline_base_form_after_plural_subject(analyse, monkeypatch):
    (a,) = _find(analyse, PLURAL_BASE, "Demand")
    assert a.source_text == "Local Farmers"
    assert a.content.text == "Answers From Water Board Over Drought Rules"
    monkeypatch.setattr(A.settings, "HEADLINE_VERB_BASE", False)
    assert not _find(analyse, PLURAL_BASE, "Demand")


def test_title_label_with_a_common_noun_head(analyse, monkeypatch):
    (a,) = _find(analyse, LOWER_LABEL, ":")
    assert a.source_text == "Harbor camp"
    assert a.content.text == "Dock strike will go on until the ships leave."
    monkeypatch.setattr(A.settings, "TITLE_LABELS", False)
    assert not _find(analyse, LOWER_LABEL, ":")


def test_interjection_is_no_speaker_label(analyse):
    assert not _find(analyse, INTERJECTION, ":")


def test_title_feature_marks_first_line_candidates(analyse, monkeypatch):
    doc = analyse(TITLE_CASE)
    lx = A.lexicon()
    quotes = A.find_quotes(doc.text)
    tok = next(t for t in doc if t.text == "met")
    c = A.Cand(cue=(tok.idx, tok.idx + 3), cue_tok=tok.i, content=(0, 5))
    assert "ttl" not in A.cue_features(doc, tok, c, "gen_verb", lx, quotes)
    head = doc[0]
    c = A.Cand(cue=(head.idx, head.idx + 7), cue_tok=0, content=(8, 15))
    assert "ttl" in A.cue_features(doc, head, c, "gen_verb", lx, quotes)
    monkeypatch.setattr(A.settings, "TITLE_FEATURE", False)
    assert "ttl" not in A.cue_features(doc, head, c, "gen_verb", lx, quotes)


LOW_PRECISION = "Senator Jones Nominates Judge Smith For Appeals Court Seat.\n\nThe vote is next week."


def _title_cands(analyse, text):
    doc = analyse(text)
    lx = A.lexicon()
    quotes = A.find_quotes(doc.text)
    end = doc.text.index("\n")
    return doc, [(c, o) for t, c, o in A.cue_candidates(doc, lx, quotes, generic=True) if t.idx < end]


def test_low_precision_headline_verb_goes_to_the_cue_model(analyse, monkeypatch):
    doc, cands = _title_cands(analyse, LOW_PRECISION)
    (c,) = [c for c, o in cands if o == "gen_headline"]
    assert doc.text[c.cue[0]:c.cue[1]] == "Nominates"
    assert doc.text[c.src[0]:c.src[1]] == "Senator Jones"
    assert doc.text[c.content[0]:c.content[1]] == "Judge Smith For Appeals Court Seat"
    # without the generic pass (or the rule's own lexicon gate) no headline candidate
    assert not [c for c, o in _title_cands(analyse, TITLE_CASE)[1] if o == "gen_headline"]
    monkeypatch.setattr(A.settings, "HEADLINE_VERB_GENERIC", False)
    assert not [o for c, o in _title_cands(analyse, LOW_PRECISION)[1] if o == "gen_headline"]


def test_headline_verb_read_as_plural_noun_in_a_lower_case_title(analyse, monkeypatch):
    text = "DNC issues apology to senator over leaked emails.\n\nThe party said so."
    doc, cands = _title_cands(analyse, text)
    (c,) = [c for c, o in cands if o in ("headline", "gen_headline")]
    assert doc.text[c.cue[0]:c.cue[1]] == "issues"
    assert doc.text[c.src[0]:c.src[1]] == "DNC"
    assert doc.text[c.content[0]:c.content[1]] == "apology to senator over leaked emails"
    monkeypatch.setattr(A.settings, "HEADLINE_VERB_NOUNS", False)
    assert not [o for c, o in _title_cands(analyse, text)[1] if o in ("headline", "gen_headline")]


CONJOINED = "Governor Reyes Praises Teachers And Denounces Budget Cuts.\n\nThe plan is new."


def test_conjoined_headline_verbs_share_the_speaker(analyse, monkeypatch):
    (a,) = _find(analyse, CONJOINED, "Praises")
    assert a.source_text == "Governor Reyes"
    assert a.content.text == "Teachers"
    (b,) = _find(analyse, CONJOINED, "Denounces")
    assert b.source_text == "Governor Reyes"
    assert b.content.text == "Budget Cuts"
    monkeypatch.setattr(A.settings, "HEADLINE_CONJOINED", False)
    doc, cands = _title_cands(analyse, CONJOINED)
    first = next(c for c, o in cands if doc.text[c.cue[0]:c.cue[1]] == "Praises")
    assert doc.text[first.content[0]:first.content[1]] == "Teachers And Denounces Budget Cuts"
