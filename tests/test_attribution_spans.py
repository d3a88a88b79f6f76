"""Span conventions of the attribution stage (PolNeAR's): where contents and sources start
and end. Fixture sentences written for these tests; each test names the convention it
pins down (see the docstrings in stages/attribution/)."""
from __future__ import annotations


def _atts(analyse, text):
    doc = analyse(text)
    return doc, doc._.attributions


def _cue(atts, word):
    hits = [a for a in atts if word in a.cue.text]
    assert hits, [(a.cue.text, a.content.text) for a in atts]
    return hits[0]


def _offsets_ok(text, a):
    assert text[a.cue.start:a.cue.end] == a.cue.text
    assert text[a.content.start:a.content.end] == a.content.text
    if a.source_span is not None:
        assert text[a.source_span.start:a.source_span.end] == a.source_text


def test_content_after_cue_runs_to_sentence_end(analyse):
    # PolNeAR: a content after its cue keeps the participle / conjunct tails
    text = "A Marist poll released Monday showed Grant ahead at 31 percent, followed by Lowell at 22 percent."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "showed")
    assert a.content.text == "Grant ahead at 31 percent, followed by Lowell at 22 percent"
    assert a.source_text.startswith("A Marist poll")
    _offsets_ok(text, a)


def test_noun_cue_content_stops_with_the_noun_phrase(analyse):
    text = "Smith's claim that the tax cut would pay for itself drew laughter in the chamber."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "claim")
    assert a.content.text == "that the tax cut would pay for itself"


def test_content_before_cue_stays_in_the_cue_paragraph(analyse):
    text = ("The company deleted the video and banned the account on Friday.\n\n"
            "\"We remove any content that praises violence,\" said Dana Whitfield, head of trust "
            "and safety at the company.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.content.text == "\"We remove any content that praises violence,\""
    assert a.source_text == "Dana Whitfield, head of trust and safety at the company"
    _offsets_ok(text, a)


def test_opening_quote_beats_prepositional_object(analyse):
    # '"A," X, the director of Y, said at a hearing': the quotation, not "a hearing";
    # the initials and "Jr." in the speaker's words are no sentence end
    text = "\"The border is not a slogan,\" Robert K. Jennings Jr., the director of the agency, said at a hearing in Denver."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.content.text == "\"The border is not a slogan,\""
    assert a.source_text == "Robert K. Jennings Jr., the director of the agency"
    assert "hearing" in a.cue.text  # the rest of the predicate is the cue's
    _offsets_ok(text, a)


def test_split_quote_with_double_apostrophes(analyse):
    text = "''It is a big night for us,'' Mr. Hollis said, ''and the rest of the field knows it.''"
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.content.start == 0 and a.content.end == len(text)
    assert a.source_text == "Mr. Hollis"


def test_semicolon_clauses_are_not_a_parenthetical_report(analyse):
    # "He wants A; she backs B": B is what she backs, not the clause before the ';'
    text = "He wants to raise the gas tax; she backs tougher limits on drilling."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "backs")
    assert a.content.text == "tougher limits on drilling"
    assert a.source_text == "she"


def test_receiver_frame_endorsement(analyse):
    # "X has the endorsement of Y": Y the source, X what is endorsed
    text = "Senator Mayfield also has the endorsement of the state's largest teachers union."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "endorsement")
    assert a.cue.text == "has the endorsement of"
    assert a.source_text == "the state's largest teachers union"
    assert a.content.text == "Senator Mayfield"
    _offsets_ok(text, a)


def test_participle_on_a_thing_takes_the_clause_subject(analyse, monkeypatch):
    # "the governor opened a town hall meeting attacking X": the governor attacks. Whether
    # "attacking" is a cue at all is the cue model's call (it scores this one low); the
    # convention pinned here is whose it is, so the rule cues alone find it.
    from dateline.stages import attribution

    monkeypatch.setattr(attribution.settings, "CUE_MODEL", False)
    text = "On Friday, the governor opened a town hall meeting attacking Mayfield for his votes on trade."
    doc = analyse(text)
    attribution.run(doc)
    atts = doc._.attributions
    a = _cue(atts, "attacking")
    assert a.source_text == "the governor"
    assert a.content.text == "Mayfield for his votes on trade"


def test_quotation_sentence_continues_indirect_content(analyse):
    # 'A, X says. "B."': one content over both (PolNeAR's discontinuous content)
    text = ("The union will not join the lawsuit but will follow the case closely, Ms. Alvarez says. "
            "\"If the city can pick our words apart, nobody will speak up at a meeting again.\"")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "says")
    assert a.content.text.startswith("The union will not join the lawsuit")
    assert a.content.text.endswith("at a meeting again.\"")
    assert a.source_text == "Ms. Alvarez"
    assert not any(b is not a and "pick our words" in b.content.text for b in atts)


def test_polnear_scoring_keeps_the_outer_of_a_nested_chain(analyse):
    # the record keeps both ("X said ..., according to Y": X's words, Y the channel); the
    # PolNeAR view labels each token once and keeps the outer relation
    from dateline.eval.attribution import ours

    text = "The minister said the talks had failed, according to the state news agency."
    doc, atts = _atts(analyse, text)
    assert {a.cue.text for a in atts} == {"said", "according to"}
    rels = ours(doc)
    assert len(rels) == 1
    assert text[rels[0]["cue"][0]:rels[0]["cue"][1]] == "according to"
    assert text[rels[0]["content"][0]:rels[0]["content"][1]] == "The minister said the talks had failed"


def test_passive_belief_subject_is_content_agent_is_source(analyse):
    # "X is expected by Y to ...": X belongs to what Y expects
    text = "The central bank is expected by most economists to raise rates at its December meeting."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "expected")
    assert a.source_text == "most economists"
    assert a.content.text.startswith("The central bank")
    assert a.content.text.endswith("to raise rates at its December meeting")
    _offsets_ok(text, a)


def test_passive_belief_without_agent_has_no_source(analyse):
    text = "His decision to leave the party was seen as an act of disloyalty."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "seen")
    assert a.source_span is None
    assert a.content.text.startswith("His decision to leave the party")
    assert a.content.text.endswith("an act of disloyalty")


def test_speaker_relative_clause_is_neither_content_nor_lost_source(analyse):
    # "X, meanwhile, who has ..., said that ...": the relative clause belongs to the speaker
    text = "Ms. Lane, meanwhile, who has no such endorsements, said that fact speaks volumes about the race."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.content.text == "that fact speaks volumes about the race"
    assert a.source_text == "Ms. Lane"
    _offsets_ok(text, a)


def test_nearest_of_two_subjects_is_the_speaker(analyse):
    # a dateline the parser makes a second subject: "Denver (AP) - Governor Ruth Hale said"
    text = "Denver (AP) \u2013 Governor Ruth Hale has taken a swipe at her rival's plan for the river, saying that it would drain the valley."
    doc, atts = _atts(analyse, text)
    for word in ("swipe", "saying"):
        a = _cue(atts, word)
        assert a.source_text.endswith("Ruth Hale") and "Denver" not in a.source_text, a.source_text


def test_object_control_infinitive_takes_the_object_as_source(analyse):
    # "prompted X to call for Y": X calls for Y
    text = "The scandal prompted Senator Hale to call for an inquiry into the contracts."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "call for")
    assert a.source_text == "Senator Hale"
    assert a.content.text == "an inquiry into the contracts"


def test_cue_inside_a_source_is_part_of_its_name(analyse):
    # "an official who spoke anonymously to discuss X said": one attribution; the
    # restrictive relative clause is part of the source
    text = "A White House official who spoke anonymously to discuss internal strategy said Wednesday that the talks would resume."
    doc, atts = _atts(analyse, text)
    assert len(atts) == 1, [(a.cue.text, a.content.text) for a in atts]
    assert atts[0].source_text == "A White House official who spoke anonymously to discuss internal strategy"
    assert atts[0].content.text == "that the talks would resume"


def test_nonrestrictive_relative_clause_cue_stands_beside_the_outer(analyse):
    # "X, who has endorsed Y, said Z": two attributions; X's source ends before ", who"
    text = "Ms. Ortiz, who has endorsed Mayor Kemp, said the vote would be close."
    doc, atts = _atts(analyse, text)
    said = _cue(atts, "said")
    assert said.source_text == "Ms. Ortiz"
    endorsed = _cue(atts, "endorsed")
    assert endorsed.source_text == "who" and endorsed.content.text == "Mayor Kemp"
    _offsets_ok(text, said)


def test_relative_clause_with_its_own_attribution_ends_the_content(analyse):
    # "vetoed a bill, which critics said was unfair": two relations, the first content
    # stops before ", which"
    text = "The governor vetoed a bill on school funding, which critics said was unfair to rural districts."
    doc, atts = _atts(analyse, text)
    vetoed = _cue(atts, "vetoed")
    assert vetoed.content.text == "a bill on school funding"
    said = _cue(atts, "said")
    assert said.source_text == "critics"
    assert said.content.text.startswith("which") and said.content.text.endswith("unfair to rural districts")


def test_programme_title_in_quotes_belongs_to_the_cue(analyse):
    # '"A," X said on "Face the Nation." "B."': the title is the cue's, B continues A
    text = "\"We will win this state,\" Mr. Hale said on \"Face the Nation.\" \"Nobody should doubt it.\""
    doc, atts = _atts(analyse, text)
    assert len(atts) == 1, [(a.cue.text, a.content.text) for a in atts]
    a = atts[0]
    assert a.cue.text == "said on \"Face the Nation.\""
    assert a.source_text == "Mr. Hale"
    assert a.content.text.startswith("\"We will win this state,\"") and a.content.text.endswith("doubt it.\"")


def test_relative_pronoun_object_is_the_content(analyse):
    # "his message, which he preaches at festivals": "which" is what he preaches
    text = "He drove across the country to spread his message, which he usually preaches at music festivals."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "preaches")
    assert a.source_text == "he"
    assert a.content.text.startswith("which")
    assert a.content.start == text.index("which")


def test_relative_clause_cue_ends_outer_content(analyse):
    # "praised X, who argued that ...": the relative clause's sure cue is a relation of its
    # own and the outer content ends before the pronoun
    doc = analyse("Local papers praised the governor, who argued that the tax would hurt families.")
    atts = doc._.attributions
    got = {a.cue.text: (a.source_text, a.content.text) for a in atts}
    assert got.get("praised") == ("Local papers", "the governor"), got
    assert got.get("argued") == ("who", "that the tax would hurt families"), got


def test_content_never_ends_on_a_dangling_conjunction(analyse):
    """Where the next attribution's words begin ("praised X and said ..."), the first
    content ends before the conjunction, not on it."""
    text = ("The governor praised the senator's plan for rural hospitals and said the state "
            "would match the federal money next year.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "praised")
    _offsets_ok(text, a)
    assert a.content.text.startswith("the senator's plan")
    assert not a.content.text.rstrip().endswith(("and", ","))
