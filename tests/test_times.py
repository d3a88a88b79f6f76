"""The time stage: detection and TIMEX3 normalisation against the publication date."""
from __future__ import annotations

import json

import pytest

from conftest import DATA, GOLD, need_shared

from dateline.timex import tag

PUB = "2023-07-27T04:24"  # a Thursday


def one(text: str, published=PUB, **kw):
    got = tag(text, published, **kw)
    assert got, f"nothing found in {text!r}"
    return got


def find(text: str, phrase: str, published=PUB, **kw):
    for t in tag(text, published, **kw):
        if t.text == phrase:
            assert text[t.start:t.end] == t.text
            return t
    raise AssertionError(f"{phrase!r} not tagged in {text!r}: {[x.text for x in tag(text, published)]}")


@pytest.mark.parametrize("text,phrase,value,gran", [
    ("The deal was signed on 27/07/2023 in Seoul.", "27/07/2023", "2023-07-27", "day"),
    ("The deal was signed on 03/04/2023 in Seoul.", "03/04/2023", "2023-04-03", "day"),
    ("Talks began on July 26, 2023, in Seoul.", "July 26, 2023", "2023-07-26", "day"),
    ("Talks began on 26 July in Seoul.", "26 July", "2023-07-26", "day"),
    ("Talks began on Jul. 26 in Seoul.", "Jul. 26", "2023-07-26", "day"),
    ("The file is dated 2023-07-26 in the archive.", "2023-07-26", "2023-07-26", "day"),
    ("It has been closed since January 2020.", "January 2020", "2020-01", "month"),
    ("The armistice of July 27, 1953, ended the fighting.", "July 27, 1953", "1953-07-27", "day"),
    ("Trade resumed last year.", "last year", "2022", "year"),
    ("Guests came to this year's parade.", "this year", "2023", "year"),
    ("They met two weeks ago.", "two weeks ago", "2023-W28", "part-of-year"),
    ("He arrived yesterday.", "yesterday", "2023-07-26", "day"),
    ("The vote is today.", "today", "2023-07-27", "day"),
    ("It happened in the 1950s.", "1950s", "195X", "decade"),
    ("It rained last summer.", "last summer", "2022-SU", "season"),
    ("It will be decided in the third quarter.", "the third quarter", "2023-Q3", "part-of-year"),
    ("The ceasefire lasted three days.", "three days", "P3D", "day"),
    ("Markets were calm in recent days.", "recent days", "PAST_REF", "vague"),
    ("Prices are high now.", "now", "PRESENT_REF", "vague"),
    ("Sales fell in December.", "December", "2022-12", "month"),
])
def test_forms(text, phrase, value, gran):
    t = find(text, phrase)
    assert t.value == value
    assert t.granularity == gran


def test_weekday_news_style_same_day_and_past():
    assert find("State media said Thursday that talks ended.", "Thursday").value == "2023-07-27"
    assert find("The minister arrived Tuesday.", "Tuesday").value == "2023-07-25"
    assert find("The minister arrived on Friday.", "Friday").value == "2023-07-21"


def test_weekday_forward_when_next_or_future_tense():
    assert find("They meet again next Monday.", "next Monday").value == "2023-07-31"
    assert find("The delegation will leave on Saturday for Beijing.", "Saturday").value == "2023-07-29"


def test_part_of_period_modifier():
    t = find("The border has been shut since early 2020 to stop the virus.", "early 2020")
    assert (t.value, t.mod, t.type) == ("2020", "START", "DATE")
    t = find("The plant closes in late November.", "late November")
    assert t.mod == "END" and t.value.endswith("-11")


def test_earlier_this_month_keeps_the_modifier():
    t = find("Prices rose earlier this month.", "this month")  # TimeBank leaves "earlier" out
    assert (t.value, t.mod) == ("2023-07", "START")


def test_set_time_and_duration():
    t = find("The market opens every Thursday.", "every Thursday")
    assert (t.type, t.value) == ("SET", "XXXX-WXX-4")
    t = find("The blast came at 10:30 a.m. on Monday.", "10:30 a.m. on Monday")
    assert (t.type, t.value) == ("TIME", "2023-07-24T10:30")
    t = find("The talks lasted more than four hours.", "more than four hours")
    assert (t.type, t.value, t.mod) == ("DURATION", "PT4H", "MORE_THAN")


def test_dateline_month_day():
    text = "SEOUL, July 27 (Reuters) - North Korea staged a parade."
    t = find(text, "July 27")
    assert t.value == "2023-07-27" and t.start == 7


def test_no_anchor_is_vague_never_today():
    for phrase, text in [("last year", "Trade resumed last year."), ("Thursday", "Officials said Thursday."),
                         ("recent days", "Tension rose in recent days.")]:
        t = find(text, phrase, published=None)
        assert t.granularity == "vague"
        assert t.value is None or "X" in t.value or t.value.endswith("_REF")
    # absolute dates still resolve
    assert find("It opened on July 26, 2023.", "July 26, 2023", published=None).value == "2023-07-26"


def test_not_times():
    text = "He paid $1,990 for 2000 shares and a 35-year-old man May go."
    assert [t.text for t in tag(text, PUB)] == []


def test_bad_input_does_not_crash():
    assert tag("", PUB) == []
    assert tag("Nothing here.", "not a date") == []
    assert tag("On 31/02/2023 and 99/99/9999 nothing.", PUB) == []


def test_stage_on_tokenizer_only_doc_and_helpers():
    import spacy

    from dateline import extensions  # noqa: F401
    from dateline.extensions import init_doc
    from dateline.stages import times as stage

    nlp = spacy.blank("en")
    text = "SEOUL, July 27 (Reuters) - Kim met Shoigu on Wednesday, state media said Thursday."
    doc = init_doc(nlp(text))
    doc._.published = None  # the dateline gives no year: values stay unresolved, not today
    stage.run(doc)
    assert [t.text for t in doc._.times] == ["July 27", "Wednesday", "Thursday"]
    assert doc._.times[0].value == "XXXX-07-27"
    doc._.published = PUB
    stage.run(doc)
    assert [t.value for t in doc._.times] == ["2023-07-27", "2023-07-26", "2023-07-27"]
    said = [t.i for t in doc if t.text == "said"][0]
    assert stage.time_for_token(doc, said).text == "Thursday"
    assert [t.text for t in stage.times_in(doc, 0, 60)] == ["July 27", "Wednesday"]


def test_time_for_token_uses_the_parse(analyse):
    doc = analyse("Kim met Shoigu on Wednesday, and state media reported the visit on Thursday.",
                  published=PUB)
    met = [t.i for t in doc if t.text == "met"][0]
    reported = [t.i for t in doc if t.text == "reported"][0]
    from dateline.stages.times import statement_time, time_for_token

    assert time_for_token(doc, met).value == "2023-07-26"
    assert statement_time(doc, reported).value == "2023-07-27"
    from dateline.stages.times import event_date

    ed = event_date(doc, met)
    assert (ed.value, ed.text, ed.granularity) == ("2023-07-26", "Wednesday", "day")
    doc2 = analyse("Troops crossed the border, officials said.", published=PUB)
    crossed = [t.i for t in doc2 if t.text == "crossed"][0]
    ed = event_date(doc2, crossed)
    assert (ed.value, ed.text, ed.granularity) == ("2023-07-27", None, "vague")


def test_seed_times(seed_record):
    gold = json.loads(need_shared(GOLD).read_text())
    rec = seed_record
    wanted = [g for g in gold["times"] if g.get("required", True)]
    present = [g for g in wanted if g["text"] in rec.text]
    assert len(present) >= len(wanted) - 1  # a caption date may sit outside the clean text
    for g in present:
        cands = [t for t in rec.times if t.text.lower() == g["text"].lower()
                 and (not g.get("context") or g["context"].lower() in
                      rec.text[max(0, t.start - 40):t.end + 40].lower())]
        assert cands, f"{g['text']!r} not found"
        assert cands[0].value == g["value"], (g, cands[0])


def test_tempeval_slice():
    from dateline.eval.time import evaluate, load_docs, ours

    docs = load_docs(need_shared(DATA / "time" / "tempeval3"), "aquaint")[:8]
    sc, _, _ = evaluate(docs, ours)
    row = sc.row()
    assert row["relaxed_f1"] > 0.8 and row["value_f1"] > 0.65, row


def test_dated_dateline_is_the_anchor_when_there_is_none():
    from dateline.stages.times import dateline_anchor

    text = "LONDON, 27 July 2023 - The minister said on Tuesday that talks ended yesterday."
    anchor, span = dateline_anchor(text, None)
    assert text[span[0]:span[1]] == "27 July 2023"
    got = {t.text: t.value for t in tag(text, anchor)}
    assert got == {"27 July 2023": "2023-07-27", "Tuesday": "2023-07-25", "yesterday": "2023-07-26"}
    # an explicit publication date wins over the dateline
    assert dateline_anchor(text, "2023-08-01")[0].day.isoformat() == "2023-08-01"


def test_gum_slice():
    from dateline.eval.time import ours, read_gum, score_gum

    files = sorted(need_shared(DATA / "time" / "gum-news" / "xml").glob("*.xml"))[:4]
    docs = [read_gum(p) for p in files]
    assert all(d.text[g.start:g.end] == g.text for d in docs for g in d.timexes)
    row = score_gum(docs, ours)
    assert row["relaxed_r"] > 0.8 and row["value_acc"] > 0.8, row
