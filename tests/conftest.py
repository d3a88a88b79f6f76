"""Shared fixtures. Tests that read ../shared skip with a reason when it is absent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_2beb8012ad036135.txt"
GOLD = SHARED / "eval" / "seed" / "gold.json"
DATA = SHARED / "data"
EXAMPLES = ROOT / "examples"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared lies beside the repo in CI, not in a plain clone)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from dateline.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyse(nlp):
    from dateline.pipeline import analyse as run

    return run


@pytest.fixture(scope="session")
def seed_record():
    from dateline.pipeline import process
    from dateline.readers import iter_path

    need_shared(SEED)
    art = next(iter_path(SEED))
    return next(process([art]))


def validate(rec) -> dict:
    """Validate a Record (or dict) against the shipped JSON Schema; return the dict."""
    from dateline.record import validate_record

    d = rec if isinstance(rec, dict) else rec.to_dict()
    validate_record(d)
    json.dumps(d)
    return d
