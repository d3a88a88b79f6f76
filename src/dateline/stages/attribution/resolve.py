"""From candidate to record: speakers resolved to the article's entities, source types,
channels, statement dates, and the ``record.Attribution`` itself."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ...extensions import entity_at, entity_by_id
from ...record import Attribution, Span as RSpan, TextSpan
from . import settings as cfg
from .cand import Cand
from .lexicons import lexicon
from .quotations import _kind_of, _text, _tok_end


def _source_words(words: str, lx: dict) -> bool:
    w = words.lower()
    s = lx["src"]
    heads = set(s["anonymous_heads"]) | set(s["official_heads"]) | set(s["media_heads"]) | set(
        s["document_heads"]) | set(s["government_heads"]) | set(s["organization_heads"])
    toks = re.findall(r"[a-z'-]+", w)
    return bool(toks) and (toks[-1] in heads or any(m in w for m in s["anonymous_markers"]))


def _report_channel(doc: Doc, c: Cand, cands: list[Cand]) -> str | None:
    return None


def _resolve_entity(doc: Doc, i: int) -> str | None:
    t = doc[i]
    span = doc[t.left_edge.i: t.right_edge.i + 1] if t.pos_ != "PRON" else doc[i:i + 1]
    return _resolve_entity_span(doc, span, head=t)


def _resolve_entity_span(doc: Doc, span: Span, head: Token | None = None) -> str | None:
    head = head if head is not None else span.root
    if head.lower_ in cfg.REL_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
        return _resolve_entity(doc, head.head.head.i)  # "Smith, who said": Smith
    # the entity stage's reading first (names, surnames, titles, pronouns)
    eid = entity_at(doc, head.idx, _tok_end(head))
    if eid is None:
        # a name inside the span ("the official Korean Central News Agency")
        ents = [m for m in (doc._.mentions or []) if span.start_char <= m.start and m.end <= span.end_char]
        if ents:
            eid = max(ents, key=lambda m: m.end - m.start).entity_id
    if eid is None and head.lower_ in cfg.PRON_ANY:
        eid = _pronoun_antecedent(doc, head)
    if eid is None:
        eid = _acronym(doc, span.text)
    if eid is None:
        eid = _title_ref(doc, span)
    if eid is not None:
        eid = _acronym_upgrade(doc, eid)
    return eid


def _pronoun_antecedent(doc: Doc, tok: Token) -> str | None:
    """Fallback coreference: he/she -> the last PERSON subject before it (else any PERSON);
    they/it -> the last ORG/GPE/NORP subject."""
    want = ("PERSON",) if tok.lower_ in cfg.PRON_PERSON or tok.lower_ == "who" else ("ORG", "GPE", "NORP", "PERSON")
    types = {e.id: e.type for e in (doc._.entities or [])}
    best_any = None
    for m in sorted(doc._.mentions or [], key=lambda m: -m.start):
        if m.end > tok.idx or m.kind == "pronoun":
            continue
        if types.get(m.entity_id) not in want:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        r = span.root
        subj = r.dep_ in ("nsubj", "nsubjpass") or (r.dep_ == "conj" and r.head.dep_ in ("nsubj", "nsubjpass"))
        if r.dep_ == "conj" and r.head.dep_ in ("nsubj", "nsubjpass"):
            # "Kim and Shoigu said": the first conjunct leads
            first = entity_at(doc, r.head.idx, _tok_end(r.head))
            if first and types.get(first) in want:
                return first
        if subj:
            return m.entity_id
        if best_any is None:
            best_any = m.entity_id
        if tok.idx - m.start > 1500:
            break
    return best_any


def _acronym(doc: Doc, words: str) -> str | None:
    w = words.strip()
    if w.lower().startswith("the "):
        w = w[4:]
    if not re.fullmatch(r"[A-Z]{2,6}", w):
        return None
    for e in doc._.entities or []:
        caps = "".join(p[0] for p in re.findall(r"[A-Za-z][\w'-]*", e.name) if p[0].isupper())
        if caps == w:
            return e.id
    return None


def _acronym_upgrade(doc: Doc, eid: str) -> str:
    """An entity named only by its acronym ("KCNA") -> the entity with its full name."""
    e = entity_by_id(doc, eid)
    if e is None:
        return eid
    full = _acronym(doc, e.name)
    if full:
        return full
    # a bare surname or given name the entity stage left apart -> the full PERSON name
    words = e.name.split()
    if len(words) == 1 and e.type in ("PERSON", "ORG", "GPE", "NORP", "OTHER"):
        for o in doc._.entities or []:
            if o.id != eid and o.type == "PERSON" and len(o.name.split()) > 1 and words[0] in o.name.split():
                return o.id
    return eid


def _title_ref(doc: Doc, span: Span) -> str | None:
    """ "the Russian minister" -> the PERSON entity carrying that title (entity titles)."""
    words = [t.lower_ for t in span if not t.is_punct]
    if not words or words[0] not in ("the", "this", "that"):
        return None
    head = span.root.lower_
    best = None
    for e in doc._.entities or []:
        if e.type != "PERSON":
            continue
        if any(head in (t or "").lower().split() for t in e.titles):
            if e.mentions and e.mentions[0][0] < span.start_char:
                best = e.id
    return best


def _resolve_source(doc: Doc, c: Cand, lx: dict, cands: list[Cand]) -> None:
    if c.floating:
        return
    if c.src is None:
        c.source_type = "unknown"
        return
    span = doc.char_span(c.src[0], c.src[1], alignment_mode="expand")
    if span is None:
        return
    c.src_text = _text(doc)[c.src[0]:c.src[1]]
    head = doc[c.src_head] if c.src_head is not None else span.root
    if not (span.start <= head.i < span.end):
        head = span.root
    low = c.src_text.lower()
    eid = _resolve_entity_span(doc, span, head=head)
    if eid is None and low in lx["src"]["report_nouns"] or (eid is None and low.startswith("the ") and
                                                           low.split()[-1] in ("report", "agency", "dispatch", "newspaper", "broadcaster")):
        eid = _last_outlet(doc, c, cands, lx)
    # a capital or seat of government speaking stands for the government
    cap = lx["capitals"].get(low) or lx["src"]["government_seats"].get(low)
    if cap:
        country = next((e.id for e in doc._.entities or [] if e.name.lower() == cap.lower()
                        or cap.lower() in [a.lower() for a in e.aliases]), None)
        if country:
            eid = country
    c.source = eid
    c.source_type = _source_type(doc, c, lx)


def _last_outlet(doc: Doc, c: Cand, cands: list[Cand], lx: dict) -> str | None:
    best = None
    for o in cands:
        if o is c or o.cue[0] >= c.cue[0] or not o.source:
            continue
        if o.source_type in ("media", "state_media"):
            best = o.source
    return best


@lru_cache(maxsize=8)
def _name_pattern(key: str):
    names = sorted(lexicon()["src"][key], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _names_in(words: str, key: str) -> bool:
    """A known outlet's name as whole words in the source words or entity name."""
    m = _name_pattern(key).search(words)
    return m is not None and (len(m.group(0)) > 3 or m.group(0) == words.strip() or
                              words.strip().startswith(m.group(0) + " ") or words.strip() == "the " + m.group(0))


def _source_type(doc: Doc, c: Cand, lx: dict) -> str:
    s = lx["src"]
    low = (c.src_text or "").lower().strip()
    words = re.findall(r"[a-z][a-z'.-]*", low)
    ent = entity_by_id(doc, c.source) if c.source else None
    name = (ent.name.lower() if ent else "")
    if any(m in low for m in s["anonymous_markers"]):
        return "anonymous"
    if words and words[-1] in s["anonymous_heads"] and ent is None:
        return "anonymous"
    for cand in (low, name):
        if not cand:
            continue
        if _names_in(cand, "state_media") or any(
                x in cand for x in ("state media", "state-run", "state news", "state television", "state tv")):
            return "state_media"
    if "official" in words and any(h in words for h in ("agency", "news", "media")):
        return "state_media"
    for cand in (low, name):
        if cand and _names_in(cand, "media"):
            return "media"
    if low in s["government_seats"] or low in lx["capitals"] or name in lx["capitals"]:
        return "government"
    if ent is not None and ent.type in ("GPE",):
        return "government"
    if words and words[-1] in s["observation_heads"] or " ".join(words[-2:]) in s["observation_heads"]:
        return "observation"
    if words and (words[-1] in s["media_heads"]) and (ent is None or ent.type == "ORG") and words[-1] not in ("site", "website", "post", "times", "journal", "news") or \
            (ent is not None and ent.type == "ORG" and words and words[-1] in s["media_heads"]):
        return "media"
    if words and words[-1] in s["document_heads"]:
        return "document"
    if words and (words[-1] in s["official_heads"] or " ".join(words[-2:]) in s["official_heads"]):
        return "official"
    if words and words[-1] in s["government_heads"]:
        return "government"
    if ent is not None:
        if ent.type == "PERSON":
            titles = " ".join(ent.titles).lower().split() + words
            if any(t in s["official_heads"] for t in titles):
                return "official"
            return "person"
        if ent.type == "ORG":
            if any(w in s["media_heads"] for w in name.split()[-1:]):
                return "media"
            if ent.sector in ("GOV", "MIL", "LEG", "JUD"):
                return "government"
            return "organization"
        if ent.type == "NORP":
            return "government"
    if words and words[-1] in s["organization_heads"]:
        return "organization"
    if words and (words[-1] in s["person_pronouns"] or words[0] in ("mr", "mrs", "ms", "dr")):
        return "person"
    head_tok = doc[c.src_head] if c.src_head is not None else None
    if head_tok is not None and head_tok.ent_type_ == "PERSON":
        return "person"
    if head_tok is not None and head_tok.ent_type_ == "ORG":
        return "organization"
    if head_tok is not None and head_tok.ent_type_ in ("GPE", "NORP"):
        return "government"
    return "unknown"


def _date_of(doc: Doc, tok: Token) -> str | None:
    times = doc._.times or []
    if not times:
        return None
    spans = []
    for ch in tok.children:
        if ch.dep_ in ("npadvmod", "tmod", "obl") or (ch.dep_ == "prep" and ch.lower_ in ("on", "in", "at", "late", "early")):
            spans.append((ch.left_edge.idx, _tok_end(ch.right_edge)))
    if tok.i + 1 < len(doc):
        nxt = doc[tok.i + 1]
        spans.append((nxt.idx, _tok_end(nxt)))
    for s, e in spans:
        for t in times:
            if t.start < e and s < t.end and t.value and t.type in ("DATE", "TIME"):
                return t.value
    return None


def _to_record(doc: Doc, c: Cand, n: int) -> Attribution | None:
    text = _text(doc)
    if c.content is None:
        return None
    cs, ce = c.content
    m = cfg.DANGLING_END.search(text, cs, ce) if ce - cs > 20 else None
    if m is not None and m.end() == ce:
        ce = m.start()  # "praised X's record and [said ...]": the content ends before the "and"
    if ce <= cs:
        return None
    kind = c.kind
    if kind not in ("according_to", "evidential"):
        kind = _kind_of(text[cs:ce])
    src_span = RSpan(start=c.src[0], end=c.src[1]) if c.src and not c.floating else None
    src_text = c.src_text if c.src_text is not None else (text[c.src[0]:c.src[1]] if c.src else None)
    return Attribution(
        id=f"A{n}", kind=kind, source=c.source, source_text=src_text, source_span=src_span,
        source_type=c.source_type or "unknown", via=[v for v in c.via if v and v != c.source],
        addressee=c.addressee if c.addressee != c.source else None,
        cue=TextSpan(text=text[c.cue[0]:c.cue[1]], start=c.cue[0], end=c.cue[1]),
        content=TextSpan(text=text[cs:ce], start=cs, end=ce), date=c.date,
        origin_text=c.origin_text)
