"""Entities: spaCy's NER mentions -> one canonical entity per real-world actor or place.

What the stage does, in order:

1. Cleans the small model's mentions: drops a leading "the" and a trailing possessive,
   splits "Reuters / KCNA" on the slash, drops dates, holidays, diseases and boilerplate
   (``data/knowledge/not_entities.tsv``), drops bare role words tagged ORG ("Defense" in
   "Defense Minister", "politburo"), retypes a square or street tagged PERSON as FAC, a
   demonym as NORP, and a name the knowledge table knows as what it is.
2. Groups mentions: knowledge-table aliases ("KCNA" = "Korean Central News Agency"),
   acronyms of a longer name in the article, surnames and partial names of a full PERSON
   name (the nearest one when several fit). Canonical name: the table's name, else the
   fullest name in the article.
3. Titles, country and sector of people from the words around each name: left modifiers
   ("Russia's Defense Minister Sergei Shoigu", "new Beijing envoy Wang Yajun", "Moscow's
   Sergei Shoigu") and appositives on either side ("Russia's ambassador to Pyongyang,
   Alexander Matsegora"); the knowledge table fills what the article does not say.
4. Title-only references ("the Russian minister", "the North Korean leader") and subject
   pronouns ("he", "she") become mentions of the person they refer to.
5. Countries and capitals used as actors ("Washington says", "Beijing's envoy") get their
   country and sector GOV, keeping their GPE name.

Other stages call ``resolve_reference(doc, token_i)`` (entity id of the entity a token
refers to, pronouns and title-only references included) and ``mentions_of(doc, eid)``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import knowledge as kb
from ..extensions import Mention
from ..record import KB, Entity
from . import stage

KEEP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
        "NORP": "NORP", "EVENT": "EVENT"}
# Last words that make a name a facility, whatever the model tagged it (squares, streets,
# buildings): the model's weak spot on "Kim Il Sung Square" and "Tiananmen Square".
FAC_HEADS = {"square", "street", "avenue", "road", "boulevard", "bridge", "palace", "stadium",
             "airport", "plaza", "tower", "station", "hall", "highway", "lane", "drive",
             "port", "dam", "mausoleum", "monument", "memorial", "cathedral", "mosque",
             "temple", "arena", "center", "centre", "building", "base", "prison", "st.", "ave."}
# Modifiers kept in a title ("former president") and ones dropped ("new envoy" -> "envoy").
TITLE_KEEP_MODS = {"former", "deputy", "vice", "acting", "first", "chief", "senior", "top",
                   "foreign", "defence", "defense", "prime", "supreme", "state", "interior",
                   "finance", "trade", "security", "military", "party", "general", "army"}
TITLE_DROP_MODS = {"new", "current", "then", "incoming", "outgoing", "late", "the", "a", "an",
                   "its", "his", "her", "their"}
# Pronouns resolved to people (subjects; object and possessive forms are left alone).
PRONOUNS = {"he", "she"}
# How many sentences back a pronoun may look for its person.
PRONOUN_WINDOW = 3
# A name the model tags PERSON/ORG/NORP is a place when it stands behind a place
# preposition ("in Tampere") or before a place head ("Nineveh province") and the gazetteer
# has a town of that name with at least this many people (geo/event-location, first 1,500
# sentences; CoNLL-2003 dev and LGL checked for losses).
NAME_PLACE_MIN_POP = 15000
# Roles a title-only reference ("the Russian minister") may be headed by: role words whose
# sector is set in roles.tsv, plus these generic heads.
GENERIC_HEADS = {"leader", "minister", "president", "envoy", "ambassador", "diplomat",
                 "premier", "chancellor", "official", "spokesman", "spokeswoman", "general",
                 "commander", "secretary", "governor", "mayor", "king", "queen", "prince"}
COUNTY_WORDS = {"County", "Parish", "Township", "Borough"}
GOV_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
# Titles that "the leader" may stand for.
LEADER_TITLES = ("president", "prime minister", "premier", "chancellor", "king", "queen",
                 "supreme leader", "emir", "leader", "head of state")


@dataclass
class Cand:
    start: int          # token index
    end: int
    label: str
    text: str
    row: object = None  # knowledge.Row


@dataclass
class Group:
    etype: str
    name: str
    key: tuple
    row: object = None
    cands: list = field(default_factory=list)
    titles: list = field(default_factory=list)
    countries: Counter = field(default_factory=Counter)
    sector: str | None = None
    actor: bool = False


@stage("dateline_entities")
def run(doc: Doc) -> None:
    try:
        _run(doc)
    except Exception as exc:  # a bad input never stops the pipeline
        art = doc._.article
        if art is not None:
            art.meta.warnings.append(f"entities: {type(exc).__name__}: {exc}")
        doc._.entities, doc._.mentions = [], []


def _run(doc: Doc) -> None:
    cands = clean_mentions(doc)
    groups = group(doc, cands)
    for g in groups:
        for c in g.cands:
            if g.etype == "PERSON":
                _person_context(doc, c, g)
            elif g.etype == "ORG":
                _org_context(doc, c, g)
            elif g.etype in ("GPE", "LOC"):
                _gpe_context(doc, c, g)
    entities, mentions = _finish(doc, groups)
    doc._.entities = entities
    doc._.mentions = mentions
    _title_references(doc)
    _pronouns(doc)
    doc._.mentions.sort(key=lambda m: (m.start, m.end))
    for e in doc._.entities:
        e.mentions.sort()


# ------------------------------------------------------------------ 1. cleaning

def clean_mentions(doc: Doc) -> list[Cand]:
    out: list[Cand] = []
    for span in doc.ents:
        label = KEEP.get(span.label_)
        if not label:
            continue
        for s, e in _split_span(span):
            s, e = _trim(doc, s, e)
            if e <= s:
                continue
            # "Guernsey" + "County": the county is the place
            if label in ("GPE", "ORG", "PERSON") and e < len(doc) and doc[e].text in COUNTY_WORDS:
                e += 1
                label = "GPE"
            c = _retype(doc, s, e, label)
            if c is not None:
                out.append(c)
    return out


def _split_span(span: Span) -> list[tuple[int, int]]:
    """'Reuters / KCNA' -> two parts; anything else whole."""
    parts, start = [], span.start
    for t in span:
        if t.text in ("/", "|", "\\"):
            parts.append((start, t.i))
            start = t.i + 1
    parts.append((start, span.end))
    return parts


def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].text in ("'s", "'", "\u2019s", "\u2019")
                     or doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return s, e


def _retype(doc: Doc, s: int, e: int, label: str) -> Cand | None:
    span = doc[s:e]
    text = span.text
    if kb.is_not_entity(text) or not any(ch.isalpha() for ch in text):
        return None
    words = [t for t in span if not t.is_punct]
    if not words or all(w.is_lower for w in words):
        return None
    last = words[-1].lower_
    if label in ("PERSON", "ORG", "GPE") and len(words) > 1 and last in FAC_HEADS:
        return Cand(s, e, "FAC", text)
    dem = kb.demonym_country(text)
    if dem and label in ("GPE", "ORG", "PERSON", "LOC", "NORP"):
        if not kb.lookup(text, ("country", "capital", "state", "org")):
            return Cand(s, e, "NORP", text)
    # a bare role or department word tagged ORG/PERSON: "Defense" (Minister), "politburo"
    if label in ("ORG", "PERSON") and len(words) == 1:
        w = words[0]
        nxt = doc[e] if e < len(doc) else None
        if w.is_lower or kb.is_role(w.text):
            return None
        if nxt is not None and kb.is_role(nxt.text) and not kb.lookup(text):
            return None
        if s >= 2 and doc[s - 1].lower_ == "of" and kb.is_role(doc[s - 2].text) and not kb.lookup(text):
            return None
    row = _kb_row(text, label)
    if row is not None:
        kind = row.kind
        if kind in ("country", "capital", "state") and label in ("ORG", "PERSON", "NORP", "LOC"):
            label = "GPE"
        elif kind == "org" and label in ("PERSON", "GPE", "NORP"):
            label = "ORG"
        elif kind == "person" and label in ("ORG", "GPE", "NORP"):
            label = "PERSON"
        elif kind == "region" and label == "PERSON":
            label = "LOC"
    elif label in ("PERSON", "ORG", "NORP") and len(words) <= 3 and _named_as_place(doc, s, e, text):
        label = "GPE"
    return Cand(s, e, label, text, row)


def _named_as_place(doc: Doc, s: int, e: int, text: str) -> bool:
    """'in Tampere', 'near Hama', 'Nineveh province': a place by its context, when the
    gazetteer knows a town of that name (not for names the knowledge table knows)."""
    pw = kb.place_words()
    before = doc[s - 1].lower_ if s > 0 else ""
    after = doc[e].lower_ if e < len(doc) else ""
    if before not in pw["name_prepositions"] and after not in pw["place_heads"]:
        return False
    return any(p.population >= NAME_PLACE_MIN_POP for p in kb.places(text))


def _kb_row(text: str, label: str):
    kinds = {"PERSON": ("person",), "ORG": ("org", "country"), "GPE": ("country", "capital", "state", "region", "org"),
             "LOC": ("region", "country", "state", "capital"), "FAC": ("region",),
             "NORP": ("org",), "EVENT": ()}.get(label, ())
    if not kinds:
        return None
    row = kb.lookup(text, kinds)
    if row is None and label in ("ORG", "PERSON"):
        row = kb.lookup(text, ("country", "capital", "state", "org", "person"))
    return row


# ------------------------------------------------------------------ 2. grouping

def _tokens(name: str) -> list[str]:
    return kb.norm(name).split()


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def group(doc: Doc, cands: list[Cand]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.start))
    partial: list[Cand] = []
    for c in order:
        if c.row is not None:
            key = ("kb", c.row.kind, c.row.name)
            etype = c.label
            name = c.row.name
        else:
            key = (c.label, kb.norm(c.text))
            etype, name = c.label, c.text
            if c.label in ("PERSON", "ORG") and key not in groups:
                partial.append(c)
                continue
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(etype, name, key, c.row)
        g.cands.append(c)
    # people and organisations not in the table: fullest names first, then parts of them
    for c in sorted(partial, key=lambda c: (-(c.end - c.start), c.start)):
        toks = _tokens(c.text)
        fits = []
        for g in groups.values():
            gt = _tokens(g.name)
            if g.etype == "PERSON" and c.label == "ORG" and len(toks) == 1 and toks[0] in gt \
                    and not c.text.isupper():
                fits.append(g)
                continue
            if g.etype != c.label:
                continue
            if c.label == "PERSON" and len(toks) < len(gt) and _contiguous(toks, gt):
                fits.append(g)
            elif c.label == "ORG" and len(toks) == 1 and c.text.isupper() and len(c.text) >= 2 \
                    and _acronym(g.name) == c.text:
                fits.append(g)
            elif gt == toks:
                fits.append(g)
        if fits:
            g = min(fits, key=lambda g: min(abs(x.start - c.start) for x in g.cands))
        else:
            key = (c.label, kb.norm(c.text))
            g = groups.get(key) or Group(c.label, c.text, key)
            groups[key] = g
        g.cands.append(c)
    return list(groups.values())


def _contiguous(part: list[str], whole: list[str]) -> bool:
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


# ------------------------------------------------------------------ 3. context

def _country_marker(doc: Doc, i: int) -> tuple[str | None, int]:
    """If tokens ending at i name a country (demonym, possessive or compound GPE, capital),
    return (ISO3, first token index); else (None, i + 1)."""
    t = doc[i]
    if t.tag_ == "POS" or t.text in ("'s", "\u2019s", "'"):
        if i == 0:
            return None, i + 1
        i -= 1
        t = doc[i]
    # the longest run of title-case tokens ending at i that the table knows
    for n in (3, 2, 1):
        s = i - n + 1
        if s < 0:
            continue
        words = doc[s:i + 1]
        if not all(w.text[:1].isupper() for w in words):
            continue
        iso = kb.demonym_country(words.text)
        if iso is None:
            row = kb.lookup(words.text, ("country", "capital", "state", "org"))
            if row is not None and (row.kind != "state"):
                iso = row.country
        if iso:
            return iso, s
    return None, i + 1


def _title_zone(doc: Doc, end: int, stop: int) -> tuple[str | None, str | None]:
    """Read a title leftwards from token ``end`` - 1 down to ``stop``:
    "Russia's Defense Minister" -> ("defense minister", "RUS"). The word at ``end`` - 1
    must be a role word or the end of a country marker ("Moscow's")."""
    words: list[Token] = []
    country = None
    i = end - 1
    if i < stop:
        return None, None
    if not kb.is_role(doc[i].text):
        iso, _ = _country_marker(doc, i)
        return None, iso
    while i >= stop:
        t = doc[i]
        if t.is_punct and t.text not in ("-",):
            break
        if t.ent_type_ == "PERSON" and not kb.is_role(t.text):
            break
        if t.tag_ == "POS" or t.ent_type_ in ("GPE", "NORP") or (t.text[:1].isupper() and kb.country_of(t.text)):
            iso, s = _country_marker(doc, i)
            if iso:
                country = iso
                break
        if t.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PART") \
                and t.lower_ not in TITLE_KEEP_MODS:
            break
        words.append(t)
        i -= 1
    words.reverse()
    # the title starts at its first role word or capitalised/compound modifier before one
    role_idx = [k for k, w in enumerate(words) if kb.is_role(w.text)]
    if not role_idx:
        return None, country
    last_role = role_idx[-1]
    words = words[: last_role + 1]
    kept = [w.lower_ for w in words if w.lower_ not in TITLE_DROP_MODS]
    # a lowercase adjective far from the role ("steadfast") ends the title
    title = " ".join(kept).strip()
    return (title or None), country


def _right_appositive(doc: Doc, e: int) -> tuple[str | None, str | None]:
    """'NAME, the Russian defence minister, ...' or 'NAME, Russia's ambassador to X'."""
    if e >= len(doc) or doc[e].text != ",":
        return None, None
    j = e + 1
    limit = min(len(doc), j + 8)
    k = j
    while k < limit and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX", "ADP"):
        k += 1
    if k == j:
        return None, None
    return _title_zone(doc, k, j)


def _left_appositive(doc: Doc, s: int) -> tuple[str | None, str | None]:
    """"Russia's ambassador to Pyongyang, NAME" -> ('ambassador', 'RUS')."""
    if s < 2 or doc[s - 1].text != ",":
        return None, None
    j = s - 2
    # skip a prepositional tail "to Pyongyang", "of the agency"
    k = j
    while k >= max(0, s - 6) and (doc[k].ent_type_ or doc[k].pos_ in ("PROPN", "DET")):
        k -= 1
    if k >= 0 and doc[k].pos_ == "ADP" and k < j:
        j = k - 1
    if j < 0 or not kb.is_role(doc[j].text):
        return None, None
    start = doc[j].sent.start
    return _title_zone(doc, j + 1, max(start, j - 7))


def _person_context(doc: Doc, c: Cand, g: Group) -> None:
    sent_start = doc[c.start].sent.start
    found = []
    found.append(_title_zone(doc, c.start, max(sent_start, c.start - 8)))
    found.append(_right_appositive(doc, c.end))
    found.append(_left_appositive(doc, c.start))
    for title, iso in found:
        if title and title not in g.titles:
            g.titles.append(title)
        if iso:
            g.countries[iso] += 1
    if not any(iso for _, iso in found):
        iso = _group_country(doc, c)
        if iso:
            g.countries[iso] += 1


def _group_country(doc: Doc, c: Cand) -> str | None:
    """'a Chinese delegation led by NAME', 'the Russian team of NAME' -> the group's country."""
    t = doc[c.start:c.end].root
    for _ in range(3):
        if t.dep_ not in ("pobj", "agent", "prep", "acl", "relcl") or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ == "NOUN":
            for ch in t.children:
                if ch.dep_ in ("amod", "compound", "nmod", "poss") and ch.i < t.i:
                    iso = kb.demonym_country(ch.text) or (kb.country_of(ch.text) if ch.ent_type_ in ("GPE", "NORP") else None)
                    if iso:
                        return iso
            break
    return None


def _org_context(doc: Doc, c: Cand, g: Group) -> None:
    if c.start > 0:
        iso, _ = _country_marker(doc, c.start - 1)
        if iso:
            g.countries[iso] += 1
    # a country or demonym inside the name: "Chinese People's Volunteers", "Russian Defence Ministry"
    for t in doc[c.start:c.end]:
        iso = kb.demonym_country(t.text)
        nxt = doc[t.i + 1].text if t.i + 1 < len(doc) else ""
        if iso is None and t.text[:1].isupper() and nxt not in COUNTY_WORDS:
            row = kb.lookup(t.text, ("country",))
            iso = row.country if row else None
        if iso:
            g.countries[iso] += 1
            break


def _gpe_context(doc: Doc, c: Cand, g: Group) -> None:
    """A country or capital used as an actor: subject, possessor of a person/role/thing
    done, or the compound before a role ("Beijing envoy")."""
    if g.row is None or g.row.kind not in ("country", "capital"):
        return
    head = doc[c.end - 1]
    nxt = doc[c.end] if c.end < len(doc) else None
    if head.dep_ in ("nsubj", "nsubjpass", "agent"):
        g.actor = True
    elif nxt is not None and (nxt.tag_ == "POS" or nxt.text in ("'s", "\u2019s")):
        poss_head = nxt.head if nxt.head.i != head.i else head.head
        if poss_head.ent_type_ != "GPE" and poss_head.lower_ not in ("capital", "border", "city", "territory", "soil", "north", "south"):
            g.actor = True
    elif nxt is not None and kb.is_role(nxt.text):
        g.actor = True


# ------------------------------------------------------------------ 4. entities

def _finish(doc: Doc, groups: list[Group]) -> tuple[list[Entity], list[Mention]]:
    groups = [g for g in groups if g.cands]
    groups.sort(key=lambda g: min(c.start for c in g.cands))
    entities, mentions = [], []
    for n, g in enumerate(groups, 1):
        eid = f"E{n}"
        row = g.row
        name = g.name
        if row is None and g.etype in ("PERSON", "ORG", "FAC", "LOC", "EVENT"):
            name = max((c.text for c in g.cands), key=lambda t: (len(t.split()), len(t)))
        country = None
        if g.countries:
            country = g.countries.most_common(1)[0][0]
        if row is not None and row.country:
            if g.etype != "PERSON" or not country:
                country = row.country
        if country is None and g.etype == "NORP":
            country = kb.demonym_country(name)
        sector = row.sector if row is not None else None
        titles = list(g.titles)
        if g.etype == "PERSON":
            if not titles and row is not None and row.titles:
                titles = list(row.titles)
            for t in titles:
                sector = sector or kb.role_sector(t)
        elif g.etype == "ORG" and sector is None:
            sector = kb.org_sector(name)
        if g.etype == "GPE" and g.actor:
            sector = "GOV"
        ent = Entity(id=eid, name=name, type=g.etype, titles=titles, country=country,
                     sector=sector, kb=KB(wikidata=row.wikidata) if row is not None and row.wikidata else None)
        aliases = []
        for c in sorted(g.cands, key=lambda c: c.start):
            sc, ec = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
            ent.mentions.append((sc, ec))
            if kb.norm(c.text) == kb.norm(name):
                kind = "name"
            elif g.etype == "PERSON" and _contiguous(_tokens(c.text), _tokens(name)):
                kind = "surname"
            else:
                kind = "alias"
                if c.text not in aliases:
                    aliases.append(c.text)
            mentions.append(Mention(sc, ec, eid, kind, c.start, c.end))
        ent.aliases = aliases
        entities.append(ent)
    return entities, mentions


def _covered(doc: Doc, i: int) -> bool:
    """Token i lies inside a mention of a person or organisation."""
    t = doc[i]
    types = {e.id: e.type for e in doc._.entities}
    return any(m.start <= t.idx < m.end and types.get(m.entity_id) in ("PERSON", "ORG")
               for m in doc._.mentions)


def _title_references(doc: Doc) -> None:
    """'the Russian minister', 'the North Korean leader', "the leader's" -> the person."""
    people = [e for e in doc._.entities if e.type == "PERSON"]
    if not people:
        return
    firsts = {e.id: e.mentions[0][0] for e in people}
    for t in doc:
        if t.lower_ != "the":
            continue
        j = t.i + 1
        iso = None
        words = []
        while j < len(doc) and j < t.i + 6:
            w = doc[j]
            if w.is_punct or w.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ"):
                break
            words.append(w)
            j += 1
        # the head is the last role word of the run, and no name follows it
        role_at = [k for k, w in enumerate(words) if kb.is_role(w.text)]
        if not role_at:
            continue
        k = role_at[-1]
        head = words[k]
        after = words[k + 1] if k + 1 < len(words) else None
        if after is not None and (after.ent_type_ == "PERSON" or after.pos_ == "PROPN"):
            continue
        if head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s") and head.lower_[:-1] in GENERIC_HEADS:
            continue
        if any(_covered(doc, w.i) for w in words[: k + 1]):
            continue
        if head.lower_ not in GENERIC_HEADS and not kb.role_sector(head.text):
            continue
        mods = words[:k]
        # country marker among the modifiers
        for m in range(len(mods), 0, -1):
            iso, s = _country_marker(doc, mods[m - 1].i)
            if iso:
                break
        start_i = t.i
        end_i = head.i + 1
        start_c, end_c = doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1].text)
        best = _pick_person(people, firsts, head.lower_, iso, start_c, doc)
        if best is None:
            continue
        title = " ".join(w.lower_ for w in words[: k + 1] if w.lower_ not in TITLE_DROP_MODS
                         and not kb.demonym_country(w.text) and not kb.country_of(w.text))
        if title and not any(head.lower_ in x for x in best.titles):
            best.titles.append(title)
        if iso and not best.country:
            best.country = iso
        best.mentions.append((start_c, end_c))
        doc._.mentions.append(Mention(start_c, end_c, best.id, "title", start_i, end_i))


def _pick_person(people, firsts, head: str, iso, pos: int, doc: Doc):
    fits = []
    for e in people:
        titled = any(head in t.split() or head in t for t in e.titles)
        if not titled and head == "leader":
            titled = any(h in t for t in e.titles for h in LEADER_TITLES)
        if not titled:
            row = kb.lookup(e.name, ("person",))
            titled = bool(row and any(head in t for t in row.titles))
        if not titled:
            continue
        if iso and e.country and e.country != iso:
            continue
        before = [m for m in e.mentions if m[1] <= pos]
        dist = pos - before[-1][1] if before else (firsts[e.id] - pos) * 2 + 10_000
        fits.append((dist, e))
    if not fits:
        return None
    return min(fits, key=lambda x: x[0])[1]


def _pronouns(doc: Doc) -> None:
    """'he'/'she' as a subject -> the person: a person subject earlier in the same sentence,
    else the person subject of the nearest earlier sentence that has one, else the last
    person named in the sentence before."""
    people = {e.id for e in doc._.entities if e.type == "PERSON"}
    if not people:
        return
    pmentions = sorted((m for m in doc._.mentions if m.entity_id in people), key=lambda m: m.start)
    sents = list(doc.sents)
    sent_of = {}
    for k, s in enumerate(sents):
        sent_of[s.start] = k
    new = []
    for t in doc:
        if t.lower_ not in PRONOUNS or t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        k = sent_of[t.sent.start]
        target = None
        same = [m for m in pmentions if t.sent.start_char <= m.start < t.idx]
        subj_same = [m for m in same if _is_subject(doc, m)]
        if subj_same:
            target = subj_same[-1].entity_id
        else:
            for back in range(1, PRONOUN_WINDOW + 1):
                if k - back < 0:
                    break
                s = sents[k - back]
                ms = [m for m in pmentions + new if s.start_char <= m.start < s.end_char]
                subj = [m for m in ms if _is_subject(doc, m)]
                if subj:
                    target = subj[0].entity_id
                    break
                if ms and back == 1 and not same:
                    target = ms[-1].entity_id
                    break
            if target is None and same:
                target = same[-1].entity_id
        if target:
            new.append(Mention(t.idx, t.idx + len(t.text), target, "pronoun", t.i, t.i + 1))
    doc._.mentions.extend(new)


def _is_subject(doc: Doc, m: Mention) -> bool:
    if m.token_start < 0:
        return False
    span = doc[m.token_start:m.token_end]
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass"))


# ------------------------------------------------------------------ API for other stages

def resolve_reference(doc: Doc, token_i: int) -> str | None:
    """Entity id of what token ``token_i`` refers to (names, surnames, aliases, title-only
    references, resolved pronouns), or None."""
    if token_i < 0 or token_i >= len(doc):
        return None
    t = doc[token_i]
    best, best_len = None, 10 ** 9
    for m in doc._.mentions or []:
        if m.start <= t.idx < m.end and m.end - m.start < best_len:
            best, best_len = m.entity_id, m.end - m.start
    return best


def resolve_span(doc: Doc, start: int, end: int) -> str | None:
    """Entity id of the mention that best covers char offsets [start, end)."""
    best, best_len = None, 0
    for m in doc._.mentions or []:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_len:
            best, best_len = m.entity_id, overlap
    return best


def mentions_of(doc: Doc, eid: str) -> list[Mention]:
    return [m for m in doc._.mentions or [] if m.entity_id == eid]
