"""Cue-span conventions of the attribution stage (PolNeAR's, counted on train: see the
docstring of stages/attribution.spans._cue_tokens). Fixture sentences written for these tests;
each asserts the cue's text and its offsets into the text."""
from __future__ import annotations

import pytest


def _cue(analyse, text, word):
    atts = analyse(text)._.attributions
    hits = [a for a in atts if word in a.cue.text]
    assert hits, [(a.cue.text, a.content.text) for a in atts]
    a = hits[0]
    assert text[a.cue.start:a.cue.end] == a.cue.text
    assert text[a.content.start:a.content.end] == a.content.text
    return a


@pytest.mark.parametrize("text, cue, content", [
    # auxiliaries and negation belong to the cue
    ("The senator did not say whether the bill would pass.", "did not say", "whether the bill would pass"),
    # an adverb right before the verb and the particle after it
    ("Grant also pointed out that the deficit had grown.", "also pointed out", "that the deficit had grown"),
    # a participle on the object of the source's verb takes that verb in
    ("The union issued a statement on Monday saying the strike would continue.",
     "issued a statement on Monday saying", "the strike would continue"),
    # a gerund under a preposition takes the source's verb in
    ("The mayor clearly erred in saying that the bridge was safe.", "clearly erred in saying",
     "that the bridge was safe"),
    ("Grant began his speech by telling the crowd that the election was rigged.",
     "began his speech by telling", "that the election was rigged"),
])
def test_cue_takes_its_phrase(analyse, text, cue, content):
    a = _cue(analyse, text, cue.split()[-1])
    assert a.cue.text == cue
    assert a.cue.start == text.index(cue)
    assert a.content.text == content


def test_addressee_is_not_in_the_cue(analyse):
    # "told CNN": the object of a verb of telling is the addressee, outside the cue
    text = "The senator told CNN on Sunday that the bill would pass."
    a = _cue(analyse, text, "told")
    assert (a.cue.text, a.cue.start, a.cue.end) == ("told", 12, 16)
    assert a.content.text == "that the bill would pass"


def test_gerund_after_a_time_preposition_stays_alone(analyse):
    # "left the hearing after saying": the gerund alone is the cue
    text = "The senator left the hearing after saying that the report was incomplete."
    a = _cue(analyse, text, "saying")
    assert (a.cue.text, a.cue.start) == ("saying", text.index("saying"))


def test_participle_after_a_comma_stays_alone(analyse):
    # "spoke ..., saying": gold's cue is the participle
    text = "Grant spoke in Iowa on Tuesday, saying that the economy was weak."
    a = _cue(analyse, text, "saying")
    assert (a.cue.text, a.cue.start) == ("saying", text.index("saying"))
    assert a.source_text == "Grant"


def test_one_attribution_per_cue(analyse):
    # "declined" (content "to say ...") and "declined to say" (content "whether ...") share
    # a cue: PolNeAR gives each token to one attribution, the longer cue stays
    text = "Officials declined to say whether the talks had failed."
    atts = analyse(text)._.attributions
    assert [(a.cue.text, a.cue.start, a.content.text) for a in atts] == \
        [("declined to say", 10, "whether the talks had failed")]


@pytest.mark.parametrize("text, cue, content", [
    ("Smith's repeated claim that the tax cut would pay for itself drew laughter.",
     "repeated claim", "that the tax cut would pay for itself"),
    ("The senator's sharp criticism of the plan drew applause.", "sharp criticism of", "the plan"),
])
def test_possessed_cue_noun_keeps_its_adjective(analyse, text, cue, content):
    # "Smith's repeated claim that": the adjective is in the cue, the possessive with the
    # source
    a = _cue(analyse, text, cue.split()[1])
    assert (a.cue.text, a.cue.start) == (cue, text.index(cue))
    assert a.content.text == content
    assert a.source_text.endswith("'s")


def test_light_verb_cue_takes_its_adverb(analyse):
    # "also made the case that": the adverb before the light verb is in the cue
    text = "Grant also made the case that taxes should fall."
    a = _cue(analyse, text, "case")
    assert (a.cue.text, a.cue.start, a.cue.end) == ("also made the case", 6, 24)
    assert a.content.text == "that taxes should fall"
