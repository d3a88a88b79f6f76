"""The dateline record: the output contract (``shared/spec/record.md``, schema ``dateline/1``).

Every model of the record lives here and nowhere else. ``record_json_schema()`` derives
the JSON Schema from these models; ``make schema`` writes it to
``src/dateline/schema/record.schema.json``, which ships with the package, and a test
checks that the shipped file is in step with the models.

All offsets are Python ``str`` indices into ``Record.text``, end exclusive.
"""
from __future__ import annotations

import hashlib
import json
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "dateline/1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "OTHER"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "month", "year", "decade", "season", "part-of-year", "time", "vague"]
AttributionKind = Literal["direct", "mixed", "indirect", "according_to", "evidential"]
SourceType = Literal["state_media", "media", "government", "official", "person",
                     "organization", "anonymous", "document", "observation", "unknown"]
EventStatus = Literal["asserted", "reported", "alleged", "denied", "planned",
                      "hypothetical", "negated", "historical"]
PloverType = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                     "MOBILIZE", "COERCE", "ASSAULT"]
SourceFormat = Literal["text", "html", "rss", "warc", "jsonl"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class TextSpan(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Source(_Model):
    path: Optional[str] = None
    url: Optional[str] = None
    format: SourceFormat = "text"


class Image(_Model):
    caption: Optional[str] = None
    credit: Optional[str] = None


class Meta(_Model):
    title: Optional[str] = None
    lede: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 as the article states it")
    section: Optional[str] = None
    authors: list[str] = Field(default_factory=list)
    outlet: Optional[str] = None
    language: Optional[str] = None
    reading_minutes: Optional[int] = None
    images: list[Image] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list,
                                description="problems met reading the article (not fatal)")


class Geo(_Model):
    lat: float
    lon: float
    country: Optional[str] = None
    feature: Optional[str] = None
    gazetteer_id: Optional[str] = None
    precision: Optional[Literal["landmark", "city", "region", "country", "continent"]] = None


class KB(_Model):
    wikidata: Optional[str] = None


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    titles: list[str] = Field(default_factory=list)
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-3")
    sector: Optional[str] = Field(None, description="PLOVER sector code")
    geo: Optional[Geo] = None
    kb: Optional[KB] = None
    mentions: list[tuple[int, int]] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class Time(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: TimeType
    value: Optional[str]
    granularity: Granularity
    mod: Optional[str] = Field(None, description="TIMEX3 mod: START, MID, END, APPROX, ...")


class Attribution(_Model):
    id: str
    kind: AttributionKind
    source: Optional[str]
    source_text: Optional[str]
    source_span: Optional[Span]
    source_type: SourceType
    via: list[str] = Field(default_factory=list)
    addressee: Optional[str] = None
    cue: TextSpan
    content: TextSpan
    date: Optional[str] = None
    origin_text: Optional[str] = Field(
        None, description="the original source a channel cites ('citing unnamed officials')")


class EventDate(_Model):
    value: Optional[str]
    text: Optional[str] = None
    granularity: Granularity


class Event(_Model):
    id: str
    type: PloverType
    mode: Optional[str] = None
    actor: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    location: Optional[str] = None
    date: Optional[EventDate] = None
    status: EventStatus
    sources: list[str] = Field(default_factory=list)
    evidence: Span
    confidence: float = Field(ge=0, le=1)
    trigger: Optional[TextSpan] = None


class Record(_Model):
    schema_: Literal["dateline/1"] = Field(SCHEMA_VERSION, alias="schema")
    id: str
    source: Source
    meta: Meta
    text: str
    entities: list[Entity] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_dict(self) -> dict:
        return self.model_dump(by_alias=True, mode="json")

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def record_id(text: str) -> str:
    """Stable id: hex digest of the whitespace-normalised clean text."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def record_json_schema() -> dict:
    schema = Record.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://dateline.invalid/schema/dateline-1.json"
    schema["title"] = "dateline record, version 1"
    return schema


def validate_record(data: dict) -> None:
    """Validate a record dict against the shipped JSON Schema (raises jsonschema.ValidationError)."""
    import jsonschema
    from importlib import resources

    schema = json.loads(resources.files("dateline").joinpath("schema/record.schema.json").read_text())
    jsonschema.validate(data, schema)
