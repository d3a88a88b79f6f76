import json
from importlib import resources

from conftest import validate
from dateline.record import record_json_schema, record_id


def test_shipped_schema_matches_model():
    shipped = json.loads(resources.files("dateline").joinpath("schema/record.schema.json").read_text())
    assert shipped == json.loads(json.dumps(record_json_schema())), "run `make schema`"


def test_record_validates_and_offsets_index_text(analyse):
    from dateline.pipeline import doc_to_record

    doc = analyse("Kim Jong Un met Sergei Shoigu in Pyongyang on Wednesday, state media said.",
                  published="2023-07-27")
    d = validate(doc_to_record(doc))
    assert d["schema"] == "dateline/1"
    for e in d["entities"]:
        for s, t in e["mentions"]:
            assert d["text"][s:t].strip()
    names = {e["name"] for e in d["entities"]}
    assert {"Kim Jong Un", "Sergei Shoigu", "Pyongyang"} <= names


def test_record_id_ignores_whitespace():
    assert record_id("a  b\nc") == record_id("a b c")
    assert record_id("a b c") != record_id("a b d")
