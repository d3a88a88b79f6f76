"""Sources the parser hides, sourceless candidates, and quotations that go on after a
direct quote's cue (PolNeAR conventions). Fixture sentences written for these tests."""
from __future__ import annotations


def _atts(analyse, text):
    return analyse(text)._.attributions


def _cue(atts, word):
    hits = [a for a in atts if word in a.cue.text]
    assert hits, [(a.cue.text, a.source_text, a.content.text) for a in atts]
    return hits[0]


def test_adjective_infinitive_takes_copula_subject(analyse):
    text = ("Software makers say the rules are clumsy. Technology companies are quick to point out "
            "that most encryption apps come from abroad.")
    a = _cue(_atts(analyse, text), "point out")
    assert a.source_text == "Technology companies"
    assert "most encryption apps come from abroad" in a.content.text


def test_relative_clause_speaker_before_subjectless_cue(analyse):
    text = ("Although there is no such deal with the Lowell team, a White House official who spoke "
            "anonymously to discuss internal strategy said Wednesday, \"Certainly there are talks "
            "between the White House and the Lowell campaign.\"")
    a = _cue(_atts(analyse, text), "said")
    assert a.source_text is not None and "official" in a.source_text
    assert a.content.text.startswith("\"Certainly there are talks")


def test_sourceless_candidate_after_its_cue_is_dropped(analyse):
    # "there are signs that ...": a candidate with nobody holding the view
    text = ("But there are signs that voters are starting to feel more confident about their own "
            "prospects. Marston said the race would tighten.")
    atts = _atts(analyse, text)
    assert not [a for a in atts if "signs" in a.cue.text], [(a.cue.text, a.source_text) for a in atts]
    assert any(a.cue.text.startswith("said") and a.source_text == "Marston" for a in atts)


def test_quote_resumed_mid_sentence_continues_content(analyse):
    text = ("\"It is an enormous moment,\" said Ellen Marsh, a strategist for the party. Unless more "
            "rivals quit the race soon, \"it is very hard to see how he is stopped on his way.\"\n\n"
            "The polls open at noon.")
    a = _cue(_atts(analyse, text), "said")
    assert a.content.text.startswith("\"It is an enormous moment")
    assert a.content.text.endswith("stopped on his way.\"")


def test_quotation_after_colon_paragraph_joins_its_cue(analyse):
    text = ("The debate turned sour late in the evening. As the analyst Ben Ortiz observed, the "
            "biggest winner was not on the stage, it was the network itself:\n\n"
            "\"The clear winner of the night was the network, which ran two lively sessions.\"\n\n"
            "Ratings were high.")
    atts = _atts(analyse, text)
    assert not [a for a in atts if a.cue.text in ("\"", "\u201c")], [(a.cue.text, a.content.text) for a in atts]
    a = _cue(atts, "observed")
    assert a.content.text.endswith("two lively sessions.\"")


def test_object_after_cue_beats_fronted_clause(analyse):
    text = ("Himself a former football executive - he owned a team in the 1980s - Marsh also offered "
            "his early assessment of the final game.")
    a = _cue(_atts(analyse, text), "offered")
    assert "assessment of the final game" in a.content.text
    assert "football executive" not in a.content.text


def test_that_clause_hung_on_prepositional_object(analyse):
    text = ("Courted by most of the candidates, Adelson said earlier on Friday during a news conference "
            "that he may wait until the primaries to decide who to back.")
    a = _cue(_atts(analyse, text), "said")
    assert "he may wait until the primaries" in a.content.text
    assert "Courted" not in a.content.text


def test_told_keeps_the_clause_before_it(analyse):
    # the object of "told" is the addressee: the clause before it stays the content
    text = "This is not about me, President Obama told his closest advisers as he labored over the speech."
    a = _cue(_atts(analyse, text), "told")
    assert a.content.text == "This is not about me"


def test_subject_hung_on_auxiliary(analyse):
    text = "Not everyone is convinced the issue will play the same role in the Iowa caucuses."
    a = _cue(_atts(analyse, text), "convinced")
    assert a.source_text == "Not everyone"


def test_noun_cue_in_prepositional_phrase_held_by_clause_subject(analyse):
    text = ("Governor Lowell crisscrossed New Hampshire last week on a three-day bus tour, with plans "
            "to return regularly.")
    atts = _atts(analyse, text)
    hits = [a for a in atts if "plans" in a.cue.text]
    assert hits and hits[0].source_text == "Governor Lowell", [(a.cue.text, a.source_text) for a in atts]


def test_section_head_label_is_not_a_speaker(analyse):
    text = ("Marsh: Just hang on.\n\nNo candidate has less at stake in the state than Marsh, who won the "
            "caucuses last week.\n\nLowell: 'We will win this state by a wide margin.'\n\nThe vote is Tuesday.")
    atts = _atts(analyse, text)
    assert not [a for a in atts if a.content.text.startswith("Just hang on")], [(a.cue.text, a.content.text) for a in atts]
    assert any(a.source_text == "Lowell" for a in atts), [(a.cue.text, a.source_text) for a in atts]


def test_conjoined_cue_takes_left_subject_of_chain(analyse):
    text = ("After winning only narrowly in Iowa, Clinton, the once-presumptive nominee, was bracing for "
            "defeat here and hoping to keep the damage from spilling over.")
    a = _cue(_atts(analyse, text), "hoping")
    assert a.source_text is not None and "nominee" in a.source_text


def test_scare_quotes_stay_in_source(analyse):
    text = "A spokesman for the \"Stop Marsh\" movement said the delegates would revolt in July."
    a = _cue(_atts(analyse, text), "said")
    assert a.source_text == "A spokesman for the \"Stop Marsh\" movement", a.source_text


def test_conjunction_content_goes_back_a_sentence(analyse):
    text = ("This has been a worry for the party all year, Marsh said. At first, there was pressure on "
            "the senator to enter the race early. And now there is some unease that the party's aims "
            "get less attention, he said.\n\nThe vote is Tuesday.")
    atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text == "said" and x.source_text == "he"]
    assert a and a[0].content.text.startswith("At first, there was pressure"), [(x.cue.text, x.content.text) for x in atts]


def test_inverted_parenthetical_speaker(analyse):
    text = ("The contrast with Marsh, said Doyle and others, would be clear since Marsh has no former "
            "presidents by his side.")
    a = _cue(_atts(analyse, text), "said")
    assert a.source_text == "Doyle and others"
    assert a.content.text.startswith("The contrast with Marsh")
    assert "would be clear" in a.content.text


def test_participle_on_pronoun_is_held_by_it(analyse, monkeypatch):
    from dateline.stages import attribution as A

    monkeypatch.setattr(A.settings, "PARTICIPLE_PRONOUN_HOLDER", True)  # off by default (break-even)
    text = "The rally was loud. Anyone questioning her lead of three million votes was shouted down."
    a = _cue(_atts(analyse, text), "questioning")
    assert a.source_text == "Anyone"
    assert a.content.text.startswith("her lead of three million votes")


def test_speaker_before_comma_insertion(analyse):
    text = ("The meeting ran late. But in a conference call with reporters on Monday, Col. John Miller, "
            "a military spokesman in Baghdad, said that the raid had been planned for weeks.")
    a = _cue(_atts(analyse, text), "said")
    assert a.source_text is not None and a.source_text.startswith("Col. John Miller")
    assert a.content.text == "that the raid had been planned for weeks"


def test_cue_verb_read_as_plural_noun(analyse):
    text = "Sales fell sharply last year. Trump estimates that he spent more than $50 million on the campaign."
    a = _cue(_atts(analyse, text), "estimates")
    assert a.cue.text == "estimates" and a.source_text == "Trump"
    assert a.content.text.startswith("that he spent more than $50 million")


def test_poll_phrase_gives_way_to_its_clause_cue(analyse):
    text = ("The race tightened. In an online poll of 800 likely voters, Democracy Corps found that "
            "voters are worried about the economy.")
    atts = _atts(analyse, text)
    assert not [a for a in atts if a.cue.text == "In"], [(a.cue.text, a.source_text) for a in atts]
    a = _cue(atts, "found")
    assert a.source_text == "Democracy Corps"
    assert a.content.text == "that voters are worried about the economy"


def test_participle_after_inverted_speaker_keeps_its_own_cue(analyse):
    text = ("The show changed. \"It will not be carpets and candles,\" said Erik Flannigan, the channel's "
            "head of music programming, referring to the scenery that distinguished the old concerts.")
    atts = _atts(analyse, text)
    said = _cue(atts, "said")
    assert said.source_text == "Erik Flannigan, the channel's head of music programming"
    ref = _cue(atts, "referring to")
    assert ref.content.text.startswith("the scenery")


def test_participle_on_inverted_speech_verb_takes_its_speaker(analyse):
    text = ("The issue has not gone away. \"It now has general election relevance,\" added Murphy, "
            "referring to the recent spate of shootings in the city.")
    atts = _atts(analyse, text)
    a = _cue(atts, "referring to")
    assert a.source_text == "Murphy"
    assert a.content.text == "the recent spate of shootings in the city"


def test_inverted_speech_verb_chain_off(analyse, monkeypatch):
    # the same sentence without the rule: the participle has no speaker and is dropped
    from dateline.stages import attribution as A

    monkeypatch.setattr(A.settings, "CHAIN_INVERTED_SUBJECT", False)
    text = ("The issue has not gone away. \"It now has general election relevance,\" added Murphy, "
            "referring to the recent spate of shootings in the city.")
    assert not [a for a in _atts(analyse, text) if "referring" in a.cue.text]


def test_poll_phrase_stays_over_respondents_said(analyse):
    # "In a poll, 38 percent said ...": PolNeAR keeps the poll phrase's relation
    text = ("The race tightened. In a CNN poll released Monday, 38 percent of voters said the economy "
            "was their top worry.")
    a = _cue(_atts(analyse, text), "In")
    assert a.source_text == "a CNN poll released Monday"
    assert a.content.text.startswith("38 percent of voters said")
