"""Readers: scraped page text, HTML, JSONL, and the furniture rules, on articles we wrote
in several outlets' styles (examples/) and on the seed."""
import pytest

from conftest import EXAMPLES, SEED, need_shared
from dateline.readers import iter_path
from dateline.readers.dates import parse_stamp
from dateline.readers.text import read_text


def one(path):
    items = list(iter_path(path))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("value, iso", [
    ("27/07/2023 - 04:24", "2023-07-27T04:24"),          # day-first numeric stamp
    ("07/27/2023", "2023-07-27"),                        # second field > 12: month-first
    ("05.03.2024 14:20", "2024-03-05T14:20"),
    ("3:14 PM GMT+3, March 5, 2024", "2024-03-05T15:14+03:00"),
    ("Mon 5 Mar 2024 14.20 GMT", "2024-03-05T14:20+00:00"),
    ("July 27, 2023 4:24 PM EDT", "2023-07-27T16:24-04:00"),
    ("2024-10-14T18:05:00+02:00", "2024-10-14T18:05+02:00"),
    ("March 5, 2024", "2024-03-05"),
])
def test_publication_stamps(value, iso):
    assert parse_stamp(value) == iso


@pytest.mark.parametrize("value", ["5 min", "Tuesday", "by staff", ""])
def test_non_stamps_are_not_dates(value):
    assert parse_stamp(value) is None


def test_seed_page_furniture_is_metadata_not_text():
    art = one(need_shared(SEED))
    m = art.meta
    assert m.published == "2023-07-27T04:24"
    assert m.section == "Asia / Pacific"
    assert m.reading_minutes == 2
    assert [i.credit for i in m.images] == ["Reuters / KCNA"]
    assert m.lede.startswith("Kim Jong Un met the Russian defence minister")
    for junk in ("Back to homepage", "Read more on related topics", "Issued on", "2 min", "©"):
        assert junk not in art.text
    assert art.text.rstrip().endswith("closed their doors.")


def test_wire_style_page():
    art = one(EXAMPLES / "wire_ap_style.txt")
    m = art.meta
    assert m.title == "Kenyan police fire tear gas as protesters march on parliament over tax bill"
    assert m.published == "2024-03-05T15:14+03:00"       # the first stamp, not "Updated"
    assert m.authors == ["AMINA ODHIAMBO", "PETER KARANJA"]
    assert m.reading_minutes == 4
    assert m.outlet == "AP"
    assert m.images[0].credit == "AP Photo/Brian Inganga"
    assert art.text.startswith("NAIROBI, Kenya (AP)")
    for junk in ("contributed to this report", "Related Coverage", "Published", "By AMINA", "Photo/"):
        assert junk not in art.text
    assert "last year despite weeks of protests in 2023." in art.text


def test_html_page():
    art = one(EXAMPLES / "broadsheet_style.html")
    m = art.meta
    assert art.source.format == "html"
    assert m.title == "EU agrees new sanctions on Iran over drone supplies"
    assert m.outlet == "The Meridian"
    assert m.authors == ["Claire Dubois"]
    assert m.published == "2024-10-14T18:05+02:00"
    assert m.images[0].credit == "Reuters"
    assert art.text.startswith("European Union foreign ministers agreed on Monday")
    for junk in ("Most read", "Privacy", "All rights reserved", "Subscribe"):
        assert junk not in art.text


def test_jsonl_lines_with_text_and_html():
    arts = list(iter_path(EXAMPLES / "feed_items.jsonl"))
    assert [a.source.format for a in arts] == ["jsonl", "jsonl"]
    assert arts[0].meta.title.startswith("Pakistan appeals")
    assert arts[0].meta.published == "2024-08-28T09:30:00Z"
    assert arts[0].source.url == "https://example.org/news/flood-relief"
    assert arts[1].text.startswith("Delegations from Sudan's army")


def test_plain_text_keeps_every_paragraph():
    raw = ("The council met on Monday to discuss the budget for next year.\n\n"
           "It approved the plan by seven votes to two after a long debate.")
    art = read_text(raw)
    assert art.text == raw
    assert art.meta.title is None and art.meta.published is None


def test_midarticle_related_line_does_not_cut_the_body():
    body = "\n\n".join(f"Paragraph {i} says something long enough to count as a real sentence of news." for i in range(6))
    raw = "Related:\n\n" + body
    art = read_text(raw)
    assert art.text.count("Paragraph") == 6


def test_typographic_spaces_become_plain_with_offsets_kept(analyse):
    # a no-break space inside a sentence is a token of its own to spaCy; the clean text
    # carries a plain space instead, one character for one
    from dateline.readers import Article

    raw = "Obama has endured\u00a0criticism for it,\u2009officials said.\u00a0\nNext line."
    art = Article(text=raw)
    assert art.text == raw.replace("\u00a0", " ").replace("\u2009", " ")
    assert len(art.text) == len(raw)
    doc = analyse(raw)
    assert doc.text == art.text
    assert not [t for t in doc if t.is_space and t.text.strip() == "" and "\n" not in t.text]
    assert doc[3].text == "criticism" and doc[3].dep_ == "dobj"


def test_html_eval_compares_a_list_of_gold_authors_as_trafilatura_joins_them():
    from dateline.eval.html import _norm

    assert _norm(["Ana  Ruiz", "Li Wei"]) == "Ana Ruiz; Li Wei"
    assert _norm("Ana Ruiz;  Li Wei") == _norm(["Ana Ruiz", "Li Wei"])
    assert _norm(None) == ""
