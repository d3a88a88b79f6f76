"""The pipeline's own components (pipeline.py), on text written for these tests."""
from __future__ import annotations


def test_a_line_break_starts_a_sentence(analyse):
    # a headline without a closing period and the body's first line: two sentences, and
    # the first word of a new paragraph starts one even where the parser would run on
    text = ("Mayor Backs New Bridge Plan Despite Cost Fears\n\n"
            "The mayor said on Monday that the city would pay for the bridge.\n"
            "and the council agreed")
    doc = analyse(text)
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Mayor Backs New Bridge Plan Despite Cost Fears"
    assert sents[1].startswith("The mayor said on Monday")
    assert sents[-1] == "and the council agreed"
    said = next(t for t in doc if t.text == "said")
    assert said.sent.text.strip().startswith("The mayor")
    assert not any(t.is_space and "\n" in t.text for s in doc.sents for t in s[1:-1])


def test_hard_wrapped_text_starts_sentences_at_blank_lines_only(analyse):
    # wire copy wrapped at a fixed width: a single line break inside a sentence is no start
    text = ("The finance minister said on\nThursday that the central bank would\nkeep its "
            "rates unchanged until the\nend of the year, officials said.\n\n"
            "Markets rose after the\nannouncement.")
    doc = analyse(text)
    sents = [s.text.strip() for s in doc.sents]
    assert len(sents) == 2
    assert sents[0].startswith("The finance minister") and sents[0].endswith("officials said.")
    assert sents[1].startswith("Markets rose")
