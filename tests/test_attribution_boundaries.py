"""Cue-span boundaries of the attribution stage (PolNeAR's conventions, counted on the fit
slice of PolNeAR train; see the switches in stages/attribution/settings.py). Fixture
sentences written for these tests."""
from __future__ import annotations

import pytest

from dateline.stages import attribution as A


def _att(analyse, text, word):
    doc = analyse(text)
    hits = [a for a in doc._.attributions if word in a.cue.text]
    assert hits, [(a.cue.text, a.content.text) for a in doc._.attributions]
    a = hits[0]
    assert text[a.cue.start:a.cue.end] == a.cue.text
    assert text[a.content.start:a.content.end] == a.content.text
    return a


@pytest.fixture
def switch():
    saved = {}

    def set_(name, value):
        saved.setdefault(name, getattr(A.settings, name))
        setattr(A.settings, name, value)
    yield set_
    for k, v in saved.items():
        setattr(A.settings, k, v)


def test_participle_on_a_statement_object_takes_the_verb_and_its_subject(analyse):
    # ACL_OBJECT_SUBJECT: "issued a statement saying": the cue runs from the verb, the
    # source is the verb's subject, not the statement
    text = "The union issued a statement on Tuesday saying that the strike would continue."
    a = _att(analyse, text, "saying")
    assert a.cue.text == "issued a statement on Tuesday saying"
    assert a.source_text == "The union"
    assert a.content.text == "that the strike would continue"


def test_participle_on_a_statement_object_switch_off(analyse, switch):
    switch("ACL_OBJECT_SUBJECT", False)
    text = "The council put out a statement warning that the bridge would close."
    a = _att(analyse, text, "warning")
    assert a.cue.text == "warning"
    switch("ACL_OBJECT_SUBJECT", True)
    a = _att(analyse, text, "warning")
    assert a.cue.text == "put out a statement warning"
    assert a.source_text == "The council"


def test_chain_passes_a_hyphen_inside_a_word(analyse, switch):
    # CHAIN_HYPHEN: "sent out fund-raising letters saying"
    text = "The governor's campaign sent out fund-raising letters saying the race was tied."
    a = _att(analyse, text, "saying")
    assert a.cue.text == "sent out fund-raising letters saying"
    assert a.source_text == "The governor's campaign"
    assert a.content.text == "the race was tied"
    switch("CHAIN_HYPHEN", False)
    a = _att(analyse, text, "saying")
    assert a.cue.text == "saying"


def test_adverb_phrase_before_the_verb_joins_the_cue(analyse, switch):
    # ADVERB_PHRASE_LEFT: "long ago said", "once again argued"
    text = "Party leaders long ago said that the nominee would be chosen in July."
    a = _att(analyse, text, "said")
    assert a.cue.text == "long ago said"
    assert a.source_text == "Party leaders"
    text2 = "The company stayed silent, but its lawyers once again argued that the suit was baseless."
    a = _att(analyse, text2, "argued")
    assert a.cue.text == "once again argued"
    switch("ADVERB_PHRASE_LEFT", False)
    a = _att(analyse, text, "said")
    assert a.cue.text == "ago said"


def test_source_never_runs_over_its_cue(analyse, switch):
    # SOURCE_STOPS_AT_CUE: the parser hangs the verb on the name; the source ends before
    # it and the cue takes its own phrase up to the colon
    text = 'Mitt Romney, the 2012 nominee, tweeted in response: "Thugs kill journalists."'
    a = _att(analyse, text, "tweeted")
    assert a.source_text == "Mitt Romney, the 2012 nominee"
    assert a.cue.text == "tweeted in response"
    assert a.content.text == '"Thugs kill journalists."'
    switch("SOURCE_STOPS_AT_CUE", False)
    a = _att(analyse, text, "tweeted")
    assert "tweeted" in a.source_text


def test_content_ends_before_an_adverbial_clause_of_the_cue_verb(analyse, switch):
    # ADVCL_CUT: "criticized X after Y": the clause of time is when it was said
    text = "The senator criticized the new budget plan after the committee vote failed on Tuesday."
    a = _att(analyse, text, "criticized")
    assert a.content.text == "the new budget plan"
    assert a.source_text == "The senator"
    switch("ADVCL_CUT", False)
    a = _att(analyse, text, "criticized")
    assert a.content.text == "the new budget plan after the committee vote failed on Tuesday"


def test_adjective_governor_brings_its_copula(analyse, switch):
    # COPULA_GOVERNOR: "were slightly more likely to say", "are quick to point out"
    text = "Younger voters were slightly more likely to say that the economy was improving."
    a = _att(analyse, text, "say")
    assert a.cue.text == "were slightly more likely to say"
    assert a.source_text == "Younger voters"
    assert a.content.text == "that the economy was improving"
    text2 = "Republicans are quick to point out that the deficit has grown."
    doc = analyse(text2)
    assert [a.cue.text for a in doc._.attributions] == ["are quick to point out"]
    switch("COPULA_GOVERNOR", False)
    a = _att(analyse, text, "say")
    assert a.cue.text == "more likely to say"


def test_adverb_phrase_before_a_governor_joins_the_cue(analyse, switch):
    # ADVERB_PHRASE_LEFT_CHAINS (off by default): "would almost certainly decline to
    # comment on"
    switch("ADVERB_PHRASE_LEFT_CHAINS", True)
    text = "The senators would almost certainly decline to comment on the report."
    a = _att(analyse, text, "comment")
    assert a.cue.text == "would almost certainly decline to comment on"
    assert a.content.text == "the report"
    switch("ADVERB_PHRASE_LEFT_CHAINS", False)
    a = _att(analyse, text, "comment")
    assert a.cue.text == "certainly decline to comment on"


def test_object_of_a_control_verb_is_in_the_content(analyse, switch):
    # CONTROL_OBJECT_CONTENT: "urged lawmakers to pass X": lawmakers in the content
    text = "The governor urged lawmakers to pass the budget before the recess."
    a = _att(analyse, text, "urged")
    assert a.cue.text == "urged"
    assert a.content.text == "lawmakers to pass the budget before the recess"
    assert a.source_text == "The governor"
    switch("CONTROL_OBJECT_CONTENT", False)
    a = _att(analyse, text, "urged")
    assert a.content.text == "to pass the budget before the recess"


def test_an_abbreviation_period_does_not_end_a_content_before_a_nested_report(analyse, switch):
    # OVERRUN_ABBREV: "Dr." inside the content is no sentence end, so the content runs on
    # over the nested "officials said" and that report stays inside it
    text = ('The report found that Dr. Lopez had hidden the files in a country which, officials '
            'said, was "a hostile power."')
    a = _att(analyse, text, "found")
    assert a.content.text.endswith('"a hostile power."')
    assert not [b for b in analyse(text)._.attributions if b.cue.text == "said"]
    switch("OVERRUN_ABBREV", False)
    a = _att(analyse, text, "found")
    assert a.content.text == "that Dr. Lopez had hidden the files in a country"
