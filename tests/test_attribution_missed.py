"""Cue shapes that used to get no candidate: a verb (any verb) whose clause ends in a colon
before a quotation, a name with its party parenthesis before a colon, passives with a "by"
agent. Sentences written for these tests."""
from __future__ import annotations

from dateline.stages import attribution as A


def _find(atts, word):
    return [a for a in atts if word in a.cue.text]


def test_verb_colon_quote(analyse):
    doc = analyse('The senator leaned toward the crowd and boomed: "We will win this state in November."')
    atts = _find(doc._.attributions, "boomed")
    assert atts, [a.cue.text for a in doc._.attributions]
    a = atts[0]
    assert a.kind == "direct"
    assert "win this state" in a.content.text
    assert a.source_text.endswith("senator")


def test_verb_colon_with_object_and_adverb(analyse):
    doc = analyse('The campaign worded it even more carefully: "No classified material was ever sent."')
    atts = _find(doc._.attributions, "worded")
    assert atts, [a.cue.text for a in doc._.attributions]
    assert atts[0].cue.text == "worded it even more carefully:"
    assert "classified material" in atts[0].content.text
    assert atts[0].source_text == "The campaign"


def test_colon_listing_is_not_a_cue(analyse):
    doc = analyse('The plan includes: "free tuition, lower interest and a new grant."')
    assert not _find(doc._.attributions, "includes")


def test_name_with_party_parenthesis_colon(analyse):
    doc = analyse('Rep. Tom Walker (R-Ohio): "I have not heard anyone cite that figure before today."')
    atts = [a for a in doc._.attributions if a.cue.text == ":"]
    assert atts, [a.cue.text for a in doc._.attributions]
    assert "Walker" in atts[0].source_text
    assert "cite that figure" in atts[0].content.text


def test_passive_agent_content(nlp):
    doc = nlp("The proposal was rejected by a large majority of the committee on Tuesday.")
    verb = next(t for t in doc if t.lower_ == "rejected")
    span = A.candidates._passive_content(doc, verb)
    assert span is not None and doc.text[span[0]:span[1]] == "The proposal"
    agent = A.speakers._subject(doc, verb)
    assert agent is not None and agent.lower_ == "majority"


def test_passive_agent_relative_clause(nlp):
    doc = nlp("Voters will decide on tax breaks favored by the governor and his allies.")
    verb = next(t for t in doc if t.lower_ == "favored")
    span = A.candidates._passive_content(doc, verb)
    assert span is not None and doc.text[span[0]:span[1]] == "tax breaks"


def test_relative_object_gap(nlp):
    doc = nlp("Critics attacked the trade deal that the president negotiated last year.")
    verb = next(t for t in doc if t.lower_ == "negotiated")
    span = A.candidates._passive_content(doc, verb)
    assert span is not None and doc.text[span[0]:span[1]] == "the trade deal"
    src = A.speakers._subject(doc, verb)
    assert src is not None and src.lower_ == "president"


def test_copula_noun_candidate(nlp):
    from dateline.stages.attribution import lexicon, find_quotes, cue_candidates
    doc = nlp("My impression is that he does not have the votes.")
    got = [(c, o) for t, c, o in cue_candidates(doc, lexicon(), find_quotes(doc.text), generic=True)
           if o == "copula"]
    assert got, "no copula candidate"
    c = got[0][0]
    assert doc.text[c.cue[0]:c.cue[1]] == "impression is"
    assert doc.text[c.content[0]:c.content[1]] == "that he does not have the votes"
    assert doc.text[c.src[0]:c.src[1]] == "My"


def test_sibling_predicate(nlp):
    doc = nlp("The senator said the bill was dead, adding that she would try again next year.")
    said = next(t for t in doc if t.lower_ == "said")
    adding = next(t for t in doc if t.lower_ == "adding")
    was = next(t for t in doc if t.lower_ == "was")
    assert A.chains._sibling_predicate(doc, adding.i, said.i)  # the speaker's next statement
    assert not A.chains._sibling_predicate(doc, said.i, adding.i)
    assert not A.chains._sibling_predicate(doc, was.i, said.i)  # inside what was said


def _generic(analyse, text, word):
    doc = analyse(text)
    lx = A.lexicon()
    quotes = A.find_quotes(doc.text)
    for tok, c, origin in A.cue_candidates(doc, lx, quotes, generic=True):
        if tok.text == word:
            return doc, c, origin
    return doc, None, None


def test_far_prepositional_object_is_a_generic_content(analyse):
    # FAR_OBJECT: an adverb between the verb and its content preposition
    doc, c, origin = _generic(analyse, "In 2005, the party campaigned hard against the new border treaty.", "campaigned")
    assert c is not None and origin == "gen_verb"
    assert doc.text[c.content[0]:c.content[1]] == "the new border treaty"


def test_far_object_skips_dates(analyse):
    doc = analyse("The party campaigned hard on Tuesday.")
    tok = next(t for t in doc if t.text == "campaigned")
    assert A.candidates._far_object(doc, tok) is None


def test_parenthetical_cue_owning_its_comma(analyse):
    # SET_OFF_OWN_COMMA: the parser hangs the comma before ", X said," on the cue
    doc = analyse("The hashtag #RechercheParis, Mr. Abboud said, accompanied descriptions of loved ones "
                  "sought and the places they had last been seen.")
    tok = next(t for t in doc if t.text == "said")
    assert A.spans._set_off(doc, tok)
    lx = A.lexicon()
    content = A.spans._content(doc, tok, lx, A.find_quotes(doc.text))
    assert content is not None
    words = doc.text[content[0]:content[1]]
    assert words.startswith("The hashtag") and "accompanied descriptions" in words


def test_cue_hung_on_the_clause_after_it(analyse):
    # HEAD_AFTER: "said" parsed as parataxis of "got"; the content is the clause after it
    doc = analyse("At the rally I said, hey, you have got to stop this nonsense now.")
    tok = next(t for t in doc if t.text == "said")
    if tok.dep_ != "parataxis" or tok.head.i < tok.i:  # the parse this rule is for
        raise AssertionError("parse changed: %s %s" % (tok.dep_, tok.head.text))
    content = A.candidates._head_after(doc, tok)
    assert content is not None
    assert doc.text[content[0]:content[1]] == "hey, you have got to stop this nonsense now"
