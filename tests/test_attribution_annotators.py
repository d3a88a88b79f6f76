"""dateline beside PolNeAR's annotators (eval/attribution.py: annotator_comparison), on a
small set in PolNeAR's layout written for this test: seven train articles, one of them
annotated twice; the second annotator marks one of the first's two relations."""
from __future__ import annotations

from dateline.eval import attribution as E

SAID = "T1\tCue {c0} {c1}\tsaid\nT2\tContent {t0} {t1}\tx\nT3\tSource {s0} {s1}\tx\nE1\tAttribution:T1 Content:T2 Cue:T1 Source:T3\n"


def _rel(text, source, cue, content, n):
    s0, c0, t0 = text.index(source), text.index(cue), text.index(content)
    return (SAID.replace("T1", f"T{3 * n + 1}").replace("T2", f"T{3 * n + 2}").replace("T3", f"T{3 * n + 3}")
            .replace("E1", f"E{n + 1}")
            .format(c0=c0, c1=c0 + len(cue), t0=t0, t1=t0 + len(content), s0=s0, s1=s0 + len(source)))


def test_second_annotator_and_dateline_are_scored_against_the_first(nlp, tmp_path, monkeypatch):
    data = tmp_path / "polnear"
    monkeypatch.setenv(E.CACHE_ENV, str(tmp_path / "cache"))
    for split in ("train", "dev"):
        (data / split / "text").mkdir(parents=True)
        (data / split / "attributions").mkdir(parents=True)
    people = ["The mayor", "The governor", "A spokesman", "The minister", "The senator", "The judge", "The union"]
    twice = None
    for i, who in enumerate(people):
        text = (f"{who} said that the plan would fail. The council thinks the vote was fair. "
                "Drivers found that the road was closed, and the bus left early.\n")  # not annotated
        name = f"test_2016-01-0{i + 1}_a{i}"
        ann = _rel(text, who, "said", "that the plan would fail", 0) + \
            _rel(text, "The council", "thinks", "the vote was fair", 1)
        (data / "train" / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (data / "train" / "attributions" / f"{name}_ann1.ann").write_text(ann, encoding="utf-8")
        if i == 1:
            twice = name
            (data / "train" / "attributions" / f"{name}_ann2.ann").write_text(
                _rel(text, who, "said", "that the plan would fail", 0), encoding="utf-8")
    out = E.annotator_comparison(data)
    assert out["articles"] == 1 and twice
    b = out["annotator B vs A"]["triple_overlap"]
    assert (b["P"], b["R"]) == (1.0, 0.5)
    ours_a, ours_b = out["dateline vs A"]["triple_overlap"], out["dateline vs B"]["triple_overlap"]
    # read with a model fitted on the other folds, dateline finds both of A's relations;
    # against B the one B left out counts as a false positive
    assert (ours_a["P"], ours_a["R"]) == (1.0, 1.0)
    assert (ours_b["P"], ours_b["R"]) == (0.5, 1.0)
