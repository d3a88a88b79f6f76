"""Attribution forms added for PolNeAR recall: one small sentence each, written for these
tests, asserting on the spans and offsets of source, cue and content."""
from __future__ import annotations


def _atts(analyse, text):
    doc = analyse(text)
    return doc, doc._.attributions


def _cue(atts, cue):
    found = [a for a in atts if a.cue.text == cue]
    assert found, f"no attribution with cue {cue!r}: {[a.cue.text for a in atts]}"
    return found[0]


def _offsets_ok(doc, a):
    assert doc.text[a.cue.start:a.cue.end] == a.cue.text
    assert doc.text[a.content.start:a.content.end] == a.content.text
    if a.source_span is not None:
        assert doc.text[a.source_span.start:a.source_span.end] == a.source_text


def test_parenthetical_cue_inside_the_clause(analyse):
    text = "The new bridge, the mayor said, will open to traffic in the spring."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.source_text == "the mayor"
    assert a.content.text == "The new bridge, the mayor said, will open to traffic in the spring"
    assert a.content.start == 0
    _offsets_ok(doc, a)


def test_adding_that_is_its_own_attribution(analyse):
    text = '"We see no link to the strike," the governor said, adding that the inquiry would take "several weeks."'
    doc, atts = _atts(analyse, text)
    said = _cue(atts, "said")
    assert said.content.text == '"We see no link to the strike,"'
    adding = _cue(atts, "adding")
    assert adding.source_text == "the governor"
    assert adding.content.text.startswith("that the inquiry would take")
    _offsets_ok(doc, said)
    _offsets_ok(doc, adding)


def test_dash_author_after_no_break_space(analyse):
    text = "\u201cI will vote this year for the first time.\u201d\u00a0\u2015 Maria Lopez\u00a0\nAnother line."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "\u2015")
    assert a.source_text == "Maria Lopez"
    assert a.content.text == "\u201cI will vote this year for the first time.\u201d"
    _offsets_ok(doc, a)


def test_headline_speaker_label(analyse):
    text = ("Jane Holloway: Tax Plan Would Hurt Small Farmers\n\n"
            "Senator Jane Holloway criticised the plan on Monday.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, ":")
    assert a.source_text == "Jane Holloway"
    assert a.content.text == "Tax Plan Would Hurt Small Farmers"
    assert (a.cue.start, a.cue.end) == (13, 14)
    _offsets_ok(doc, a)


def test_label_that_is_not_a_speaker(analyse):
    doc, atts = _atts(analyse, "Update: The road was reopened on Tuesday evening after repairs.")
    assert not [a for a in atts if a.cue.text == ":"]
