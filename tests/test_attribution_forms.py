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


def test_quote_continues_after_the_cue_sentence(analyse):
    text = ("\u201cThen let the towns decide,\u201d he said on Monday. \u201cThat is what the charter "
            "intended.\u201d\n\nOthers disagreed.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said on Monday")
    assert a.source_text == "he"
    assert a.content.start == 0
    assert a.content.text.endswith("\u201cThat is what the charter intended.\u201d")
    assert not [x for x in atts if x.cue.text == "disagreed" and "charter" in x.content.text]
    _offsets_ok(doc, a)


def test_next_quote_with_its_own_cue_stays_apart(analyse):
    text = '"We will win," he said. "We will not," his rival said.'
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.source_text == "he"][0]
    assert a.content.text == '"We will win,"'
    b = [x for x in atts if x.source_text == "his rival"][0]
    assert b.content.text == '"We will not,"'


def test_noun_cue_with_possessor_and_that_clause(analyse):
    from dateline.stages.attribution import lexicon, noun_frame_of

    text = "Smith's claim that the tax cut would pay for itself drew laughter in the chamber."
    doc, atts = _atts(analyse, text)
    tok = [t for t in doc if t.text == "claim"][0]
    key = noun_frame_of(tok)
    assert key == "claim|that|poss"
    row = lexicon()["noun_frames"].get(key)
    assert row is not None  # derived from PolNeAR train
    a = _cue(atts, "claim")
    assert a.source_text == "Smith's"  # PolNeAR takes the possessive as written
    assert a.content.text == "that the tax cut would pay for itself"
    _offsets_ok(doc, a)


def test_infinitive_cue_takes_its_predicate(analyse):
    text = "The governor declined to say whether the plant would close."
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if "say" in x.cue.text][0]
    assert a.cue.text == "declined to say"
    assert a.source_text == "The governor"
    assert a.content.text.startswith("whether the plant would close")
    _offsets_ok(doc, a)


def test_article_text_read_once(analyse):
    # the stage reads the text kept on the Doc, and its offsets index that text
    doc = analyse('"We will win," she said.')
    assert doc._.text == doc.text
    a = doc._.attributions[0]
    assert a.content.text == '"We will win,"' == doc._.text[a.content.start:a.content.end]


def test_relative_pronoun_source_resolves_to_its_antecedent(analyse):
    text = "The plan was opposed by Maria Gonzalez, who said the cuts would close three clinics."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.source_text == "who"  # the source as written (PolNeAR)
    assert doc.text[a.source_span.start:a.source_span.end] == "who"
    ents = {e.id: e.name for e in doc._.entities}
    assert ents.get(a.source) == "Maria Gonzalez"
    assert a.content.text == "the cuts would close three clinics"


def test_told_reporters_takes_the_quote_not_the_audience(analyse):
    text = '"We are not going anywhere," the mayor told reporters.'
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text.startswith("told")][0]
    assert a.content.text == '"We are not going anywhere,"'
    assert a.source_text == "the mayor"


def test_coordinated_that_clauses(analyse):
    text = ("The department predicted that base wages would fall over time, but that the higher "
            "overtime payments would offset any loss.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "predicted")
    assert a.content.text == ("that base wages would fall over time, but that the higher overtime "
                              "payments would offset any loss")
    _offsets_ok(doc, a)


def test_manner_phrase_joins_the_cue_and_the_next_quote_continues(analyse):
    text = ("''The voters have spoken,'' Mr. Reyes said, holding back tears. "
            "''And I respect their decision.''\n\nThe count went on.")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said, holding back tears")
    assert a.source_text == "Mr. Reyes"
    assert a.content.start == 0
    assert a.content.text.endswith("''And I respect their decision.''")
    assert len([x for x in atts if x.content.start < 60]) == 1  # no second, floating reading
    _offsets_ok(doc, a)


def test_colon_after_a_verbs_object_is_not_a_speaker_label(analyse):
    text = 'The senator replied in a post on Twitter: "The report is a disgrace to the agency."'
    doc, atts = _atts(analyse, text)
    assert not [a for a in atts if a.cue.text == ":" and a.source_text == "Twitter"]
    a = [x for x in atts if x.cue.text.startswith("replied")][0]
    assert a.source_text == "The senator"
    assert a.content.text == '"The report is a disgrace to the agency."'


def test_participle_after_a_parenthetical_cue_stays_content(analyse):
    text = ("The council has backed the rebels, including, the ministry says, supplying fuel "
            "and ammunition.")
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text.startswith("says")][0]
    assert a.cue.text == "says"
    assert "supplying fuel and ammunition" in a.content.text


def test_content_stops_where_the_next_attribution_starts(analyse):
    from dateline.stages.attribution import Cand
    from dateline.stages.attribution.chains import _trim_overrun

    text = 'Lee said the mill would reopen. "We are ready," Kim said.'
    doc = analyse(text)
    outer = Cand(cue=(4, 8), cue_tok=1, content=(9, len(text) - 1), src=(0, 3))
    inner = Cand(cue=(text.index("Kim said") + 4, text.index("Kim said") + 8), cue_tok=0,
                 content=(text.index('"We'), text.index(' Kim')), src=(text.index("Kim"), text.index("Kim") + 3))
    _trim_overrun(doc, [outer, inner])
    assert text[outer.content[0]:outer.content[1]] == "the mill would reopen."


def test_according_to_over_a_reported_clause_keeps_both(analyse):
    text = "Police have said they will not release the recordings, according to lawyers for the family."
    doc, atts = _atts(analyse, text)
    acc = _cue(atts, "according to")
    assert acc.source_text == "lawyers for the family"
    assert acc.content.text.startswith("Police have said")
    said = [a for a in atts if a.cue.text.startswith("have said") or a.cue.text == "said"][0]
    assert said.source_text == "Police"
    assert said.content.text.startswith("they will not release the recordings")


def test_question_verb_takes_the_quotation_before_it(analyse):
    text = '"Does anybody know what the plan is?" the senator asked.'
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "asked")
    assert a.source_text == "the senator"
    assert a.content.text == '"Does anybody know what the plan is?"'
    assert a.kind == "direct"


def test_described_as_takes_the_description(analyse):
    text = "The governor is describing as reckless a plan to close the county hospital."
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text.startswith("is describing")][0]
    assert a.source_text == "The governor"
    assert "reckless" in a.content.text


def test_content_stays_in_its_cue_paragraph():
    from dateline.stages.attribution.spans import _clip_to_paragraph

    text = "Both men say the station never edited them.\n\n''I have never been edited,'' he told me."
    cue = (text.index("told"), text.index("told") + 4)
    assert _clip_to_paragraph(text, (0, text.index(",''") + 3), cue) == (text.index("''I"), text.index(",''") + 3)
    # nothing left in the paragraph: unchanged
    assert _clip_to_paragraph(text, (0, 10), cue) == (0, 10)


def test_quotation_ending_its_own_sentence_is_not_the_next_verbs(analyse):
    text = 'Seoul accused the North of "fanatic recklessness." Officials agreed.'
    doc, atts = _atts(analyse, text)
    assert not [a for a in atts if a.cue.text == "agreed" and "recklessness" in a.content.text]
    a = _cue(atts, "accused")
    assert "fanatic recklessness" in a.content.text


def test_quote_paragraph_after_a_quoted_speaker_continues_the_content(analyse):
    text = ('"The dam is safe," the engineer said on Tuesday.\n\n'
            '"We inspected every gate and found no cracks at all."\n\n'
            'The river fell overnight.')
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said on Tuesday")
    assert a.source_text == "the engineer"
    assert a.content.start == 0
    assert a.content.text.endswith('found no cracks at all."')
    assert a.content.end == text.index("all.") + len('all."')
    assert not [x for x in atts if x.cue.text == '"']  # no separate floating attribution
    _offsets_ok(doc, a)


def test_doubled_apostrophe_quote_continues_after_the_cue(analyse):
    text = ("''The budget is balanced,'' said Ann Reyes, the treasurer of the county. "
            "''Nobody should expect new taxes next year.''")
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "said")
    assert a.source_text == "Ann Reyes, the treasurer of the county"
    assert a.content.start == 0
    assert a.content.end == len(text)
    assert len(atts) == 1
    _offsets_ok(doc, a)


def test_gerund_under_a_preposition_takes_the_clause_subject(analyse):
    text = "The senator left the hearing after saying that the report was incomplete."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "saying")
    assert a.source_text == "The senator"
    assert a.source_span.start == 0
    assert a.content.text.startswith("that the report was incomplete")
    _offsets_ok(doc, a)


def test_light_verb_with_statement_noun(analyse):
    text = "The governor took a swipe at the state auditor on Monday."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "took a swipe at")
    assert a.source_text == "The governor"
    assert a.content.text.startswith("the state auditor")
    assert a.content.start == text.index("the state auditor")
    _offsets_ok(doc, a)


def test_made_it_clear_that(analyse):
    text = "The minister made it clear that the tax would not rise."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "made it clear")
    assert a.source_text == "The minister"
    assert a.content.text == "that the tax would not rise"
    assert a.content.start == text.index("that the tax")
    _offsets_ok(doc, a)


def test_poll_phrase_is_a_source(analyse):
    text = "In a new Gallup poll, the mayor led her rival by nine points."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "In")
    assert a.source_text == "a new Gallup poll"
    assert a.content.text == "the mayor led her rival by nine points"
    assert a.content.start == text.index("the mayor")
    _offsets_ok(doc, a)


def test_content_does_not_end_on_a_dangling_conjunction(analyse):
    text = "The senator defended his call to raise the federal minimum wage to $15 an hour."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "defended")
    assert a.source_text == "The senator"
    assert a.content.text == "his call to raise the federal minimum wage to $15 an hour"
    assert a.content.start == text.index("his call")
    _offsets_ok(doc, a)


def test_passive_participle_agent_is_the_source(analyse):
    text = "Asked by reporters to explain the delay, the mayor blamed the weather."
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text.startswith("Asked")][0]
    assert a.source_text == "reporters"
    assert a.source_span.start == text.index("reporters")
    assert "explain the delay" in a.content.text
    _offsets_ok(doc, a)


def test_copula_with_stance_adjective(analyse):
    text = "The union leader was critical of the new pension rules."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "was critical of")
    assert a.source_text == "The union leader"
    assert a.content.text == "the new pension rules"
    assert a.content.start == text.index("the new pension")
    _offsets_ok(doc, a)


def test_raising_adjective_is_not_a_stance(analyse):
    text = "The deficit is certain to grow next year."
    doc, atts = _atts(analyse, text)
    assert not [a for a in atts if "certain" in a.cue.text]


def test_subject_lost_by_the_parser_is_the_phrase_before_the_cue(analyse):
    text = ("In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
            "\u201cThe alliance is essential.\u201d")
    doc, atts = _atts(analyse, text)
    a = [x for x in atts if x.cue.text.startswith("said")][0]
    assert a.source_text == "her senior policy adviser, Jake Sullivan"
    assert a.source_span.start == text.index("her senior")
    assert a.content.text == "\u201cThe alliance is essential.\u201d"
    _offsets_ok(doc, a)


def test_content_runs_to_the_end_of_the_cue_clause(analyse):
    text = "A new poll showed the governor leading the field, followed by the mayor at 12 percent."
    doc, atts = _atts(analyse, text)
    a = _cue(atts, "showed")
    assert a.source_text == "A new poll"
    assert a.content.start == text.index("the governor")
    assert a.content.text == "the governor leading the field, followed by the mayor at 12 percent"
    _offsets_ok(doc, a)
