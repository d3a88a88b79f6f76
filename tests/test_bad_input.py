"""Bad input: a clear one-line error or a flagged record, never a crash; in a batch the
bad file is reported and the rest go through (exit code 3)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from dateline.readers import Failure, iter_path

GOOD = EXAMPLES / "wire_ap_style.txt"


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "dateline.cli", *map(str, args)], capture_output=True,
                          text=True, input=stdin, timeout=240)


@pytest.fixture()
def bad(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "image.txt",
        "too_large": tmp_path / "huge.txt",
        "no_article": tmp_path / "nav.html",
    }
    files["empty"].write_bytes(b"  \n\n ")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    with open(files["too_large"], "wb") as fh:   # 50 MB
        line = b"The quick brown fox jumps over the lazy dog near the river bank today.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    files["no_article"].write_text("<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>")
    return files


@pytest.mark.parametrize("kind", ["empty", "binary", "too_large", "no_article"])
def test_reader_refuses_with_reason(bad, kind):
    items = list(iter_path(bad[kind]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].reason == kind
    assert "\n" not in items[0].message and str(bad[kind]) in items[0].message


def test_invalid_utf8_is_decoded_and_flagged(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("The minister said the caf\u00e9 in S\u00e3o Paulo would reopen on Monday after repairs.".encode("latin-1"))
    art = next(iter_path(p))
    assert "café" in art.text or "caf" in art.text
    assert any(w.startswith("encoding:") for w in art.meta.warnings)


def test_non_english_is_flagged_not_extracted(tmp_path):
    p = tmp_path / "de.txt"
    p.write_text("Die Bundesregierung hat am Montag neue Sanktionen gegen Russland beschlossen, "
                 "wie ein Sprecher des Auswärtigen Amtes in Berlin mitteilte. Die Maßnahmen treten sofort in Kraft.")
    res = cli("extract", p, "--format", "json")
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)
    assert rec["meta"]["language"] != "en"
    assert any(w.startswith("language:") for w in rec["meta"]["warnings"])
    assert rec["events"] == [] and rec["attributions"] == []


def test_batch_goes_on_past_bad_files(bad):
    res = cli("extract", bad["empty"], GOOD, bad["binary"], bad["too_large"], bad["no_article"], "--format", "jsonl")
    assert res.returncode == 3
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["text"].startswith("NAIROBI")
    for kind in ("empty", "binary", "over the limit", "no article"):
        assert kind in res.stderr


def test_all_bad_exits_1_and_missing_file(bad, tmp_path):
    res = cli("extract", bad["empty"], tmp_path / "missing.txt")
    assert res.returncode == 1
    assert "no such file" in res.stderr and "empty" in res.stderr


def test_stdin(tmp_path):
    res = cli("extract", "-", "--format", "jsonl", "--published", "2024-03-05",
              stdin="Police in Lagos arrested 12 protesters on Tuesday, a spokesman said.")
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)
    assert rec["meta"]["published"] == "2024-03-05"
    assert rec["source"]["path"] == "-"
