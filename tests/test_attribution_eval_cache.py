"""The parse cache of the attribution evaluation (eval/attribution.py: parsed_split): a
second read of a split comes from the cache and gives the stage the same docs; a change
to the articles changes the key. Two articles in PolNeAR's layout, written for this test."""
from __future__ import annotations

from dateline.eval import attribution as E
from dateline.stages import attribution as A

ARTICLES = {
    "test_2016-01-01_one": ('The senator said on Monday that the bill would pass. "It is a good day," she added.\n',
                            "T1\tCue 12 16\tsaid\nT2\tContent 31 53\tthat the bill would pass\n"
                            "T3\tSource 0 11\tThe senator\nE1\tAttribution:T1 Content:T2 Cue:T1 Source:T3\n"),
    "test_2016-01-02_two": ("Officials denied the report, according to a statement released by the ministry.\n", ""),
}


def _write(root, articles):
    for split in ("train",):
        (root / split / "text").mkdir(parents=True, exist_ok=True)
        (root / split / "attributions").mkdir(parents=True, exist_ok=True)
        for name, (text, ann) in articles.items():
            (root / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
            (root / split / "attributions" / f"{name}_ann1.ann").write_text(ann, encoding="utf-8")


def _readings(parsed):
    out = []
    for _, _, _, doc in parsed:
        A.run(doc)
        out.append([(a.cue.text, a.content.text, a.source_text) for a in doc._.attributions])
    return out


def test_second_read_comes_from_the_cache_and_reads_the_same(nlp, tmp_path, monkeypatch):
    data, cache = tmp_path / "polnear", tmp_path / "cache"
    _write(data, ARTICLES)
    monkeypatch.setenv(E.CACHE_ENV, str(cache))
    first = E.parsed_split(data, "train")
    files = list(cache.glob("polnear-train-*.pkl"))
    assert len(files) == 1
    second = E.parsed_split(data, "train")
    assert [n for n, *_ in second] == [n for n, *_ in first] == sorted(ARTICLES)
    assert second[0][3] is not first[0][3]  # a new Doc, read back from the cache
    readings = _readings(first)
    assert readings == _readings(second)
    assert ("said on Monday", "that the bill would pass", "The senator") in readings[0]
    assert second[0][2][0]["cue"] == [(12, 16)]  # the gold relations travel with the docs


def test_the_key_follows_the_articles(tmp_path):
    data = tmp_path / "polnear"
    _write(data, ARTICLES)
    k1 = E._parse_key(data, "train")
    (data / "train" / "text" / "test_2016-01-02_two.txt").write_text("Officials said nothing.\n", encoding="utf-8")
    assert E._parse_key(data, "train") != k1
