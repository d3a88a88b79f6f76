"""Attribution stage: one sentence per form news uses, asserting on what the record says."""
from __future__ import annotations

import pytest

from conftest import DATA, need_shared, validate


def _atts(analyse, text, published=None):
    doc = analyse(text, published=published)
    return doc, doc._.attributions


def _name(doc, eid):
    for e in doc._.entities:
        if e.id == eid:
            return e.name
    return None


def _one(atts, cue):
    found = [a for a in atts if a.cue.text == cue] or [a for a in atts if cue in a.cue.text.split()]
    assert found, f"no attribution with cue {cue!r}: {[a.cue.text for a in atts]}"
    return found[0]


def test_quote_after_cue(analyse):
    doc, atts = _atts(analyse, 'Angela Merkel said: "We will not give in to this pressure."')
    a = _one(atts, "said")
    assert a.source_text == "Angela Merkel"
    assert _name(doc, a.source) == "Angela Merkel"
    assert a.content.text.startswith("\u201c") or a.content.text.startswith('"')
    assert "give in to this pressure" in a.content.text
    assert a.kind == "direct"
    assert a.source_type in ("person", "official")
    assert doc.text[a.content.start:a.content.end] == a.content.text


def test_quote_before_cue_curly(analyse):
    doc, atts = _atts(analyse, "\u201cThe talks were constructive and frank,\u201d the foreign minister said on Monday.")
    a = _one(atts, "said")
    assert a.source_text == "the foreign minister"
    assert a.cue.text == "said on Monday"
    assert a.source_type == "official"
    assert a.kind == "direct"
    assert a.content.text == "\u201cThe talks were constructive and frank,\u201d"


def test_split_quote_around_cue(analyse):
    text = '"We have no plans to raise taxes," Smith said, "and we never will."'
    doc, atts = _atts(analyse, text)
    a = _one(atts, "said")
    assert a.source_text == "Smith"
    assert "raise taxes" in a.content.text and "never will" in a.content.text
    assert a.kind == "direct"


def test_indirect_that_clause(analyse):
    doc, atts = _atts(analyse, "The company said on Tuesday that profits had fallen by a third.")
    a = _one(atts, "said")
    assert a.source_text == "The company"
    assert a.content.text == "that profits had fallen by a third"
    assert a.kind == "indirect"
    assert a.source_type == "organization"


def test_according_to(analyse):
    doc, atts = _atts(analyse, "The factory was closed last week, according to the local police chief.")
    a = _one(atts, "according to")
    assert a.kind == "according_to"
    assert a.source_text == "the local police chief"
    assert a.content.text == "The factory was closed last week"


def test_nested_told_reported(analyse):
    text = ("Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on Monday. "
            "Putin told Xi that \"the partnership will only grow stronger,\" the Xinhua news agency reported.")
    doc, atts = _atts(analyse, text)
    a = _one(atts, "told")
    assert _name(doc, a.source) == "Vladimir Putin"
    assert _name(doc, a.addressee) == "Xi Jinping"
    assert [_name(doc, v) for v in a.via] and "Xinhua" in _name(doc, a.via[0])
    assert "partnership will only grow stronger" in a.content.text
    outer = _one(atts, "reported")  # the outlet's own report of the whole clause stays
    assert "Xinhua" in _name(doc, outer.source) and outer.source_type == "state_media"
    assert "Putin told Xi" in outer.content.text


def test_said_according_to_the_report(analyse):
    text = ("The Korean Central News Agency reported that the leader visited a factory. "
            "\"We must produce more,\" Kim Jong Un said, according to the report.")
    doc, atts = _atts(analyse, text)
    a = _one(atts, "said")
    assert _name(doc, a.source) == "Kim Jong Un"
    assert [_name(doc, v) for v in a.via] == ["Korean Central News Agency"]
    assert a.kind == "direct"


def test_citing_anonymous_origin(analyse):
    text = ("Reuters reported that the deal had collapsed, citing three officials who asked "
            "not to be named.")
    doc, atts = _atts(analyse, text)
    a = _one(atts, "reported")
    assert a.source_type == "anonymous"
    assert "officials who asked not to be named" in a.source_text
    assert "asked not to be named" in a.origin_text
    assert [_name(doc, v) for v in a.via] == ["Reuters"]
    assert "the deal had collapsed" in a.content.text


def test_evidential(analyse):
    doc, atts = _atts(analyse, "Satellite imagery indicates the regime has been preparing a parade.")
    a = _one(atts, "indicates")
    assert a.kind == "evidential"
    assert a.source_text == "Satellite imagery"
    assert a.source_type == "observation"
    assert "preparing a parade" in a.content.text


def test_documents_show(analyse):
    doc, atts = _atts(analyse, "Court documents show the firm paid the bribes in 2019.")
    a = _one(atts, "show")
    assert a.source_type == "document"
    assert a.content.text == "the firm paid the bribes in 2019"


def test_anonymous_sources(analyse):
    doc, atts = _atts(analyse, "The minister will resign next week, multiple unnamed government sources said.")
    a = _one(atts, "said")
    assert a.source_type == "anonymous"
    assert a.source_text == "multiple unnamed government sources"
    assert a.content.text == "The minister will resign next week"


def test_capital_as_government(analyse):
    doc, atts = _atts(analyse, "Beijing denied that it had sent troops across the border.")
    a = _one(atts, "denied")
    assert a.source_text == "Beijing"
    assert a.source_type == "government"
    assert "sent troops" in a.content.text


def test_state_media(analyse):
    doc, atts = _atts(analyse, "The two leaders signed a defence pact, state media said.")
    a = _one(atts, "said")
    assert a.source_type == "state_media"
    assert a.source_text == "state media"
    assert a.content.text == "The two leaders signed a defence pact"


def test_floating_quote_and_pronoun(analyse):
    # the quotation stands in its own paragraph, after a speaker whose sentence has no
    # quotation: a floating quote of its own (a quotation sentence in the same paragraph
    # continues the content instead, see test_attribution_spans.py)
    text = ("Senator Elizabeth Warren said the bill was a disgrace and left the chamber.\n\n\"It hands "
            "billions to the banks and nothing to families.\"\n\nShe later told reporters she would vote against it.")
    doc, atts = _atts(analyse, text)
    floating = [a for a in atts if "hands billions" in a.content.text]
    assert floating, [a.content.text for a in atts]
    f = floating[0]
    assert f.kind == "direct" and f.source_span is None
    assert _name(doc, f.source) == "Elizabeth Warren"
    told = _one(atts, "told")
    assert told.source_text == "She"
    assert _name(doc, told.source) == "Elizabeth Warren"


def test_multi_paragraph_and_unbalanced_quotes():
    from dateline.stages.attribution import find_quotes

    text = ('He said: "First paragraph of the quote.\n\n"Second paragraph ends here."\n\n'
            'Then an \u00abopen guillemet and \u201cunbalanced mark with no end\nNext para.')
    qs = [text[s:e] for s, e in find_quotes(text)]
    assert qs[0].startswith('"First') and qs[0].endswith('ends here."')
    assert any(q.startswith("\u00abopen guillemet") for q in qs)


def test_statement_date_from_times(nlp):
    """'said Thursday' takes the value of the time expression over that word (doc._.times)."""
    from dateline.pipeline import new_doc
    from dateline.readers import Article
    from dateline.record import Meta, Time
    from dateline.stages import attribution

    text = "The army withdrew from the town, officials said Thursday."
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, meta=Meta())
    for name, proc in nlp.pipeline:
        if name == "dateline_attribution":
            break
        doc = proc(doc)
    s = text.index("Thursday")
    doc._.times = [Time(text="Thursday", start=s, end=s + 8, type="DATE", value="2023-07-27", granularity="day")]
    attribution.run(doc)
    a = _one(doc._.attributions, "said")
    assert a.date == "2023-07-27"
    assert a.content.text == "The army withdrew from the town"


def test_bad_input_does_not_crash(analyse):
    for text in ["", "\"", "\u201c\u201c\u201d said said according to", "said.\n\n\"\n\"", "According to"]:
        doc = analyse(text)
        assert isinstance(doc._.attributions, list)


def test_record_validates(analyse):
    from dateline.pipeline import doc_to_record

    doc = analyse('"We will win," she said, according to the newspaper.')
    validate(doc_to_record(doc))


def test_polnear_slice_scores():
    """Three dev articles through the scorer: the harness runs and finds real attributions."""
    from dateline.eval.attribution import Scorer, load_split, ours
    from dateline.pipeline import analyse

    docs = load_split(need_shared(DATA / "attribution" / "polnear"), "dev", limit=3)
    sc = Scorer()
    for _, text, gold in docs:
        sc.add(text, ours(analyse(text)), gold)
    assert sc.triple["overlap"].tp > 0
    assert sc.triple["overlap"].f1 > 0.4


def test_said_quoting_origin(analyse):
    doc, atts = _atts(analyse, "The Associated Press said, quoting the Interior Ministry, that 12 people "
                               "were killed in the blast.")
    assert len(atts) == 1
    a = atts[0]
    assert a.cue.text == "said"
    assert a.content.text == "that 12 people were killed in the blast"
    assert a.origin_text == "the Interior Ministry" and a.source_text == "the Interior Ministry"
    assert a.source_type == "government"
    assert [_name(doc, v) for v in a.via] == ["Associated Press"]


def test_dash_author_and_double_apostrophe_quotes(analyse):
    doc, atts = _atts(analyse, "\u201cWe will rebuild every house.\u201d \u2015 Mayor Vitali Klitschko")
    a = atts[0]
    assert a.cue.text == "\u2015" and a.kind == "direct"
    assert a.source_text == "Mayor Vitali Klitschko" and a.source_type == "official"
    doc, atts = _atts(analyse, "''We are not leaving,'' the spokesman said.")
    a = _one(atts, "said")
    assert a.kind == "direct" and a.content.text == "''We are not leaving,''"


def test_scorer_pairs_predictions_one_to_one_at_most():
    """A prediction that matches two gold relations must not take the one another
    prediction needs: the scorer counts the largest one-to-one pairing."""
    from dateline.eval.attribution import _one_to_one

    # prediction 0 fits gold 0 and 1, prediction 1 only gold 0
    fits = {(0, 0), (0, 1), (1, 0)}
    pairs = _one_to_one("", [0, 1], [0, 1], lambda p, g: (p, g) in fits)
    assert sorted(pairs) == [(0, 1), (1, 0)]
    # a gold relation is used once: two predictions of one relation give one pair
    assert len(_one_to_one("", [0, 1], [0], lambda p, g: True)) == 1


def test_floating_quotation_scores_as_a_segment_of_its_speakers_content():
    """PolNeAR gives a quotation with no cue of its own to the relation before it, as a
    further content segment; the eval projects our floating attribution the same way."""
    from types import SimpleNamespace

    from dateline.eval.attribution import Scorer, ours
    from dateline.record import Attribution, Span, TextSpan

    text = 'Ms. Ray said the plan would fail within a year.\n\n"Nobody wants it. Nobody will pay for it."'
    q = text.index('"')

    def att(i, cue, content):
        return Attribution(id=f"A{i}", kind="indirect", source="E1", source_text="Ms. Ray",
                           source_span=Span(start=0, end=7), source_type="person",
                           cue=TextSpan(text=text[cue[0]:cue[1]], start=cue[0], end=cue[1]),
                           content=TextSpan(text=text[content[0]:content[1]], start=content[0], end=content[1]))

    said = (text.index("said"), text.index("said") + 4)
    doc = SimpleNamespace(text=text, _=SimpleNamespace(attributions=[
        att(1, said, (said[1] + 1, text.index("."))), att(2, (q, q + 1), (q, len(text)))]))
    rels = ours(doc)
    assert len(rels) == 1 and rels[0]["content"] == [(said[1] + 1, text.index(".")), (q, len(text))]
    # gold: one relation whose content is both segments; our projection matches it
    gold = [{"source": [(0, 7)], "cue": [said], "content": [(said[1] + 1, text.index(".")), (q + 1, len(text) - 1)]}]
    sc = Scorer()
    sc.add(text, rels, gold)
    assert (sc.triple["overlap"].tp, sc.triple["overlap"].fp, sc.triple["overlap"].fn) == (1, 0, 0)


def test_annotator_agreement_scores_the_second_annotation_against_the_first(tmp_path):
    """The eval's reference row: on an article annotated twice, the second annotator's
    relations are scored against the first's with the system's rules."""
    from dateline.eval.attribution import annotator_agreement

    text = "The mayor said the bridge would reopen. Critics doubt it will."
    (tmp_path / "train" / "text").mkdir(parents=True)
    (tmp_path / "train" / "attributions").mkdir()
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "train" / "text" / "a.txt").write_text(text, encoding="utf-8")

    def ann(rels):
        lines, n = [], 0
        for src, cue, con in rels:
            ids = []
            for label, (s, e) in (("Source", src), ("Cue", cue), ("Content", con)):
                n += 1
                lines.append(f"T{n}\t{label} {s} {e}\t{text[s:e]}")
                ids.append(f"T{n}")
            lines.append(f"E{n}\tCue:{ids[1]} Source:{ids[0]} Content:{ids[2]}")
        return "\n".join(lines) + "\n"

    mayor = ((0, 9), (10, 14), (15, 38))
    critics = ((40, 47), (48, 53), (54, 61))
    (tmp_path / "train" / "attributions" / "a_ann1.ann").write_text(ann([mayor, critics]), encoding="utf-8")
    (tmp_path / "train" / "attributions" / "a_ann2.ann").write_text(ann([mayor]), encoding="utf-8")
    got = annotator_agreement(tmp_path)
    assert got["articles"] == 1
    assert got["triple_overlap"]["P"] == 1.0 and got["triple_overlap"]["R"] == 0.5
