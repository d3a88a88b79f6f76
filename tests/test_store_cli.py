"""ingest -> store -> show, through the real CLI and a real SQLite file."""
import json
import sqlite3
import subprocess
import sys

from conftest import EXAMPLES, validate


def cli(*args):
    return subprocess.run([sys.executable, "-m", "dateline.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_ingest_twice_neither_duplicates_nor_loses(tmp_path):
    db = tmp_path / "t.db"
    res = cli("ingest", EXAMPLES, "--db", db, "-q")
    assert res.returncode == 0, res.stderr
    con = sqlite3.connect(db)
    first = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "entities", "mentions")}
    assert first["articles"] == 6          # 2 text + 2 html + 2 jsonl lines
    res = cli("ingest", EXAMPLES, "--db", db, "-q")
    assert res.returncode == 0
    assert "0 new, 6 already stored" in res.stderr
    again = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "entities", "mentions")}
    assert again == first
    aid = con.execute("select id from articles where format='html'").fetchone()[0]
    shown = cli("show", aid[:8], "--db", db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    rec = validate(json.loads(shown.stdout))
    assert rec["meta"]["outlet"] == "The Meridian"
    text = cli("show", aid[:8], "--db", db)
    assert "EU agrees new sanctions" in text.stdout


def test_show_unknown_id(tmp_path):
    db = tmp_path / "t.db"
    cli("ingest", EXAMPLES / "wire_ap_style.txt", "--db", db, "-q")
    res = cli("show", "zzzz", "--db", db)
    assert res.returncode == 1 and "no stored articles match" in res.stderr
