"""The cue's words and its content: the predicate span of a cue, the content clause or
quotation, and the steps that shape contents (paragraph clipping, quote snapping, split
and continued quotations, clause ends)."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from . import settings as cfg
from .cand import Cand
from .lexicons import lexicon
from .quotations import (
    _abbrev_free, _ends_open, _in_quote, _opening_quote_before, _overlap, _para_start, _quote_after,
    _quote_before, _quote_closes, _quoted, _text, _tok_end, _trim)
from .speakers import _is_source_like


def _quoting_origin(doc: Doc, tok: Token, content, lx: dict):
    """ "said, quoting the Interior Ministry, that ...": the parser folds the quoting
    phrase into the content; split it off as the origin."""
    if content is None:
        return None
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or len(span) < 4 or span[0].lemma_.lower() not in lx["cite"]:
        return None
    for t in span[1:]:
        if t.text == ",":
            obj = doc[span[0].i + 1:t.i]
            if not len(obj):
                return None
            rest = _trim(doc, t.i + 1, span[-1].i)
            if rest is None:
                return None
            return (obj.start_char, obj.end_char), rest
    return None


def _cue_tokens(doc: Doc, tok: Token, lx: dict, content=None, src=None) -> list[int]:
    """The cue: the verb with its auxiliaries, negation and adverbs on the left, and on
    the right whatever of its phrase lies between it and the content or the next mark
    ("said in a statement on Monday that", "wrote at the time"): PolNeAR's cue is the
    attribution's words that are neither source nor content.

    PolNeAR train conventions (700 articles, 16,524 gold cues: 59% one word, 19% two,
    22% three or more), counted on the parse of the gold cue's words:
    - auxiliaries, passive auxiliaries and negation of a cue verb are in the cue (2,500 /
      522 / 286, against 66 / 21 / 5 outside): "did not say", "would argue";
    - an adverb right before the verb too (1,100 vs 88 outside, mostly "when", "then");
    - a preposition whose object opens the content is in the cue (1,050 vs 22):
      "lashed out at", "weighed in on";
    - the object between a verb and its content is in the cue ("took aim at",
      "released a statement saying": 917 vs 59) except for verbs of telling, whose
      object is the addressee and outside the cue ("told reporters that": 315 vs 17;
      cues.json "addressee"); an object with a prepositional complement is content more
      often than cue (451 vs 202), cue for statement nouns ("raised questions about X":
      CUE_OBJECT_SPLIT);
    - an infinitive complement of the cue verb is content for most governors ("expect
      to", "urged him to": 845 vs 302 in the cue; in the cue 108 vs 61 when the
      infinitive is itself a cue verb of precision >= 0.5 with a complement, "refuses to
      disavow", but taking it in fired 7 times on held-out train, 6 against gold: not
      done), and the governor of an infinitive cue is in the cue ("declined to say",
      "went on to say");
    - a cue verb reached from the source's verb through an infinitive, a gerund under a
      preposition or a participle on its object takes that chain in ("issued a statement
      saying", "began his speech by telling"; CUE_CHAIN_MAX)."""
    def free(t: Token) -> bool:
        if content and content[0] <= t.idx < content[1]:
            return False
        if src and src[0] <= t.idx < src[1]:
            return False
        return not (t.is_punct or t.text in cfg.QUOTE_CHARS or t.is_space or "\n" in t.whitespace_)
    ids = {tok.i}
    j = tok.i - 1
    while j >= 0 and free(doc[j]) and (doc[j].head.i == tok.i and doc[j].dep_ in ("aux", "auxpass", "neg", "advmod") or (
            cfg.ADVERB_PHRASE_LEFT and doc[j].head.i in ids and doc[j].head.i != tok.i and doc[j].head.dep_ == "advmod")):
        ids.add(j)
        j -= 1
    # raising verb: "appeared to show", "seems to indicate"
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("appear", "seem") and tok.head.i < tok.i:
        ids.update(range(tok.head.i, tok.i + 1))
    # an infinitive cue takes its governing predicate in: "declined to say", "will come
    # on the show to talk about", "are quick to point out" (PolNeAR's cue is the whole
    # predicate)
    h = tok.head
    if tok.dep_ in ("xcomp", "advcl") and h.i < tok.i and tok.i - h.i <= cfg.CUE_MAX_LEFT and any(
            ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children) and h.pos_ in ("VERB", "AUX", "ADJ"):
        lo = _left_words(doc, h, free, cfg.ADVERB_PHRASE_LEFT_CHAINS)
        cop = h.head
        if cfg.COPULA_GOVERNOR and h.pos_ == "ADJ" and h.dep_ == "acomp" and cop.i < h.i and h.i - cop.i <= 4 and \
                all(free(doc[k]) for k in range(cop.i, h.i)):
            # "are slightly more likely to say", "should be able to expect": the copula
            # and its auxiliaries too
            lo = _left_words(doc, cop, free, cfg.ADVERB_PHRASE_LEFT_CHAINS)
        if all(free(doc[k]) or doc[k].is_punct is False and not (src and src[0] <= doc[k].idx < src[1]) and
               not (content and content[0] <= doc[k].idx < content[1]) for k in range(lo, tok.i)):
            ids.update(range(lo, tok.i + 1))
    # a source reached through a chain: "issued a statement saying", "erred in saying"
    chain = _chain_head(doc, tok, src)
    if chain is not None and lx["verbs"].get(chain.lemma_.lower(), 0.0) < cfg.CHAIN_HEAD_MAX_PRECISION:
        lo = _left_words(doc, chain, free, cfg.ADVERB_PHRASE_LEFT_CHAINS)
        if tok.i - lo <= cfg.CUE_CHAIN_MAX and all(
                free(doc[k]) or (doc[k].text == "," and "\n" not in doc[k].whitespace_) or
                (cfg.CHAIN_HYPHEN and _in_word_hyphen(doc, k) and not (src and src[0] <= doc[k].idx < src[1])
                 and not (content and content[0] <= doc[k].idx < content[1])) for k in range(lo, tok.i)):
            ids.update(range(lo, tok.i + 1))
    after = content is not None and content[0] > tok.idx
    # a statement noun as the object, its preposition's object the content: "expressed
    # concerns about X", "raised questions about X", "made the case for X"
    if after and cfg.CUE_OBJECT_SPLIT:
        obj = next((ch for ch in tok.children if ch.dep_ == "dobj" and ch.i > tok.i), None)
        if obj is not None and obj.lemma_.lower() in lx["cue_objects"] and \
                content[0] <= obj.idx < content[1] and obj.left_edge.i > tok.i:
            prep = next((ch for ch in obj.children if ch.dep_ == "prep" and ch.i > obj.i and
                         ch.lower_ in cfg.CONTENT_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in ch.children)), None)
            if prep is not None and prep.i + 1 < len(doc) and doc[prep.i + 1].idx < content[1] and \
                    prep.i - tok.i <= cfg.CUE_MAX_RIGHT and all(
                    not doc[k].is_punct and not (src and src[0] <= doc[k].idx < src[1]) for k in range(tok.i + 1, prep.i)):
                ids.update(range(tok.i + 1, prep.i + 1))
    k = tok.i + 1
    right_edge = tok.right_edge.i
    while k <= right_edge and k - tok.i <= cfg.CUE_MAX_RIGHT:
        t = doc[k]
        # a programme title in quotes in the cue's phrase: '"A," he said on "Meet the
        # Press."' (PolNeAR: part of the cue) when the content is before the cue
        if t.text in cfg.QUOTE_CHARS + "''``" and content is not None and content[1] <= tok.idx and k > tok.i + 1:
            close = next((j for j in range(k + 1, min(len(doc), k + 7)) if doc[j].text in cfg.QUOTE_CHARS + "''"), None)
            if close is not None and close - k <= cfg.FLOATING_MIN_WORDS + 2 and \
                    "\n" not in _text(doc)[t.idx:doc[close].idx] and doc[k - 1].text not in (",", ":"):
                ids.update(range(k, close + 1))
                k = close + 1
                continue
        if not free(t) or t.dep_ in ("cc", "mark", "relcl") or t.lower_ == "that" or (
                t.dep_ in ("ccomp", "xcomp", "advcl", "conj", "parataxis") and t.head.i == tok.i):
            break
        if t.head.i == tok.i and t.dep_ in ("nsubj", "nsubjpass"):
            break
        top = t  # the cue verb's dependent whose phrase t is in
        while top.head.i != tok.i and top.head.i != top.i and tok.i < top.head.i:
            top = top.head
        if top.head.i == tok.i and top.dep_ in ("dobj", "attr", "oprd", "dative") and (
                tok.lemma_.lower() in lx["addressee"] or not after):
            # "told reporters": the addressee is outside the cue; "offered his
            # assessment": an object the content does not follow is what was said
            break
        ids.add(k)
        k += 1
    # "said, holding back tears", "said, a hint of frustration in her voice": a manner
    # phrase closing the sentence belongs to the cue (PolNeAR)
    hi = max(ids)
    text = _text(doc)
    # only after a quotation: '"...," he said, smiling.'
    quoted = content is not None and content[1] <= doc[tok.i].idx and _quote_closes(text[max(0, content[1] - 2):tok.idx])
    if quoted and hi + 2 < len(doc) and doc[hi + 1].text == ",":
        t2 = doc[hi + 2]
        while t2.head.i != tok.i and t2.head.i != t2.i and t2.head.i > hi + 1:
            t2 = t2.head
        if t2.head.i == tok.i and _manner_phrase(doc, tok, t2) and all(free(doc[k]) or doc[k].is_punct
                                                                     for k in range(hi + 1, t2.right_edge.i + 1)):
            ids.update(range(hi + 1, t2.right_edge.i + 1))
    lo, hi = min(ids), max(ids)
    return list(range(lo, hi + 1))


def _left_words(doc: Doc, head: Token, free, phrases: bool) -> int:
    """The first index of the auxiliaries, negation and adverbs right before ``head`` (with
    ``phrases``, the words of such an adverb's own phrase too: "almost certainly")."""
    ids = {head.i}
    lo = head.i
    while lo - 1 >= 0 and free(doc[lo - 1]) and (
            doc[lo - 1].head.i == head.i and doc[lo - 1].dep_ in ("aux", "auxpass", "neg", "advmod") or (
            phrases and doc[lo - 1].head.i in ids and doc[lo - 1].head.i != head.i and doc[lo - 1].head.dep_ == "advmod")):
        lo -= 1
        ids.add(lo)
    return lo


def _in_word_hyphen(doc: Doc, k: int) -> bool:
    """A hyphen inside a compound word ("three-hour", "fund-raising")."""
    t = doc[k]
    return t.text == "-" and not t.whitespace_ and k > 0 and not doc[k - 1].whitespace_ and k + 1 < len(doc)


def _chain_head(doc: Doc, tok: Token, src) -> Token | None:
    """The verb whose subject is the source, when the cue verb hangs below it through an
    infinitive or adverbial clause, a gerund under a preposition or a participle on its
    object ("issued a statement saying", "began by telling", "held a call to defend");
    None when the cue verb has its own subject or the chain does not reach the source."""
    if src is None or any(ch.dep_ in cfg.SUBJ_DEPS for ch in tok.children):
        return None
    cur = tok
    for _ in range(4):
        h = cur.head
        if cur.dep_ in ("xcomp", "advcl") and h.i < cur.i and h.pos_ in ("VERB", "AUX"):
            if any(k.dep_ == "aux" and k.lower_ == "to" for k in cur.children):
                kind = "xto"
            elif doc[cur.left_edge.i - 1].text == ",":
                kind = "comma"
            elif any(k.dep_ == "mark" for k in cur.children):
                kind = "mark"
            else:
                kind = cur.dep_
            nxt = h
        elif cur.dep_ == "pcomp" and h.dep_ == "prep" and h.head.i < h.i and h.head.pos_ in ("VERB", "AUX"):
            kind, nxt = ("pcomp_time" if h.lower_ in cfg.TIME_PREPS else "pcomp"), h.head
        elif cur.dep_ == "acl" and h.dep_ == "dobj" and h.head.i < h.i and h.head.pos_ in ("VERB", "AUX"):
            kind, nxt = "acl", h.head
        else:
            return None
        if kind not in cfg.CHAIN_LINKS:
            return None
        cur = nxt
        subj = next((ch for ch in cur.children if ch.dep_ in cfg.SUBJ_DEPS), None)
        if subj is not None:
            return cur if src[0] <= subj.idx < src[1] and src[1] <= cur.idx else None
    return None


def _has_clause(tok: Token) -> bool:
    return any(ch.dep_ in cfg.CONTENT_DEPS for ch in tok.children) or tok.dep_ in ("parataxis",)


def _content(doc: Doc, tok: Token, lx: dict, quotes, allow_object: bool = False) -> tuple[int, int] | None:
    lemma = tok.lemma_.lower()
    q = _opening_quote_before(doc, tok, lx, quotes)
    if q is not None:
        return q
    comps = [ch for ch in tok.children if ch.dep_ in cfg.CONTENT_DEPS]
    after = [c for c in comps if c.i > tok.i]
    # "X, who has no endorsements, said that ...": a relative clause of the speaker the
    # parser took for a complement is not what was said
    before = [c for c in comps if c.i < tok.i and not any(
        k.dep_ in ("nsubj", "nsubjpass") and k.lower_ in ("who", "which") and k.i > 0
        and doc[k.i - 1].text == "," for k in c.children)]
    if not after and cfg.THAT_CLAUSE_ON_OBJECT:
        # "said during a news conference that he may wait": the parser made the
        # complement a relative clause of the prepositional object; a relative clause
        # never opens with the complementiser "that" as its mark
        for pr in tok.children:
            if pr.dep_ == "prep" and pr.i > tok.i:
                for g in pr.children:
                    if g.dep_ == "pobj":
                        after += [r for r in g.children if r.dep_ in ("relcl", "acl") and r.i > g.i and any(
                            k.dep_ == "mark" and k.lower_ == "that" and k.i == r.left_edge.i for k in r.children)]
    if after:
        comp = after[0]
        lo = comp.left_edge.i
        hi = comp.right_edge.i
        # include a "that" complementiser and the rest of a coordinated content
        for c2 in after[1:]:
            hi = max(hi, c2.right_edge.i)
        # "predicted that A, but that B": a coordinated clause with its own "that"
        for c2 in tok.children:
            if c2.dep_ == "conj" and c2.i > comp.i and any(
                    k.dep_ == "mark" and k.lower_ in ("that", "whether") for k in c2.children):
                hi = max(hi, c2.right_edge.i)
        if before:  # parenthetical cue: "A, X says, B" -> one span over both parts
            lo = min(lo, before[0].left_edge.i)
        if cfg.CONTROL_OBJECT_CONTENT and comp.dep_ == "xcomp" and lemma not in cfg.CONTROL_OBJECT_OUT and any(
                k.dep_ == "aux" and k.lower_ == "to" for k in comp.children):
            # "urged lawmakers to act": the object is in the content
            obj = next((ch for ch in tok.children if ch.dep_ == "dobj" and tok.i < ch.i < comp.i), None)
            if obj is not None and obj.left_edge.i > tok.i:
                lo = min(lo, obj.left_edge.i)
        return _trim(doc, lo, hi)
    if before and not _set_off(doc, tok) and doc[before[-1].right_edge.i + 1].text in (";", ":"):
        before = []  # "He wants A; she backs B": separate clauses, not "A, she said"
    if before and cfg.OBJECT_BEATS_FRONTED and lemma not in lx["addressee"] and \
            doc[before[-1].right_edge.i + 1].text != "," and \
            not _quoted(_text(doc), (doc[before[-1].left_edge.i].idx, tok.idx)) and any(
                ch.dep_ == "dobj" and ch.i > tok.i for ch in tok.children):
        before = []  # "Himself a former executive, Trump offered his assessment": the object
    if before:
        # the complement nearest the cue, in the cue's paragraph (the parser runs one
        # sentence over a paragraph break: 'A.\n\n"B," said X' has two ccomps)
        comp = before[-1]
        lo, hi = max(comp.left_edge.i, _para_start(doc, tok)), comp.right_edge.i
        # a content interrupted by the cue: more material after the cue (advcl, conj, ...)
        tail = [ch for ch in tok.children if ch.i > tok.i and ch.dep_ in ("advcl", "conj", "dobj", "xcomp", "prep", "npadvmod")
                and not _is_source_like(ch) and ch.dep_ != "prep" or (ch.dep_ == "advcl" and ch.i > tok.i)]
        tail = [t for t in tail if t.dep_ in ("advcl", "conj", "dobj", "xcomp")
                and t.lemma_.lower() not in lx["verbs"] and not (
                    _manner_phrase(doc, tok, t) and _quote_closes(_text(doc)[doc[hi].idx:tok.idx]))]
        if tail and doc[tok.i + 1].text == "," if tok.i + 1 < len(doc) else False:
            hi = max(t.right_edge.i for t in tail)
        return _trim(doc, lo, hi)
    # the cue hangs off the content's verb: "Y, X said" parsed as parataxis/ccomp of Y
    h = tok.head
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and h.i < tok.i and h.i != tok.i and any(
            ch.dep_ in ("nsubj", "nsubjpass") for ch in tok.children) and \
            not any(ch.dep_ == "dobj" for ch in tok.children) and \
            not _prep_object(tok, lx) and _set_off(doc, tok) and \
            "\n" not in _text(doc)[h.idx:tok.idx]:  # never across a paragraph break
        if not lx["verbs"].get(h.lemma_.lower()) or h.dep_ != "ROOT":
            lo = h.left_edge.i
            hi = tok.left_edge.i - 1
            # a parenthetical in mid-clause: take the clause after it as well
            end_right = h.right_edge.i
            if end_right > tok.right_edge.i + 1:
                hi2 = end_right
                return _trim(doc, lo, hi2)
            if hi >= lo:
                return _trim(doc, lo, hi)
    # a parenthetical cue inside the clause it reports: "The museum, Mr. Bush said,
    # celebrated ...", "Acts of protest, he said, are acts of patriotism": the clause
    # around it (one span over both parts, as for "A, X says, B")
    if tok.dep_ in ("parataxis", "advcl", "ccomp") and h.i > tok.i and _is_parenthetical(doc, tok):
        lo, hi = h.left_edge.i, h.right_edge.i
        if lo < tok.left_edge.i and hi > tok.right_edge.i:
            return _trim(doc, lo, hi)
    # '"A," X, the director of Y, said at a news conference': a quotation ending in a
    # comma (or ?/!/dash) right before the speaker and a speech cue is what was said,
    # never the cue's prepositional object (PolNeAR train: the quotation is the content)
    if lemma in lx["speech"] and not any(ch.dep_ in ("dobj", "ccomp", "xcomp") for ch in tok.children):
        q = _quote_before(doc, tok, quotes)
        if q is not None and _text(doc)[q[0]:q[1]].rstrip("\"'\u201d\u00bb\u203a\u2019\x00 ")[-1:] in ",?!\u2014-":
            return q
    # object content: "announced a plan", "denied the report", "called for a ban"
    if allow_object or lemma in lx["object"] or lx["verbs"].get(lemma, 0) >= cfg.OBJECT_MIN_PRECISION:
        obj = next((ch for ch in tok.children if ch.dep_ in ("dobj",) and ch.i > tok.i), None)
        if obj is None:
            obj = next((g for ch in tok.children if ch.dep_ == "prep" and ch.i == tok.i + 1
                        and ch.lower_ in cfg.CONTENT_PREPS | cfg.OBJECT_PREPS
                        for g in ch.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is not None and lemma in lx["addressee"] and obj.dep_ == "dobj" and (
                obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or obj.lemma_.lower() in lx["cues"].get("audience_nouns", [])):
            obj = None  # "told Shoigu ...": the object is the addressee, not what was said
        if obj is not None:
            # the object and what follows it in the verb's phrase ("called it a disgrace",
            # "blamed Clinton for ..."), up to a clause boundary of the verb
            hi = obj.right_edge.i
            k = obj.right_edge.i + 1
            while k <= tok.right_edge.i:
                t = doc[k]
                if t.head.i == tok.i and (t.dep_ in ("cc", "advcl", "conj", "parataxis", "ccomp")
                                          or (t.is_punct and t.text not in cfg.QUOTE_CHARS)):
                    break
                if t.is_punct and t.text in ".;:!?" and t.head.i != obj.i:
                    break
                hi = k
                k += 1
            return _trim(doc, obj.left_edge.i, hi)
    # any cue verb standing alone next to a quotation: '"...?" Graham asked.',
    # '"...," a narrator in the ad asks.'
    if lemma not in lx["speech"] and (allow_object or lx["verbs"].get(lemma, 0) >= cfg.CUE_STRONG_PRECISION) and \
            not any(ch.dep_ in ("dobj", "ccomp", "xcomp") for ch in tok.children):
        q = _quote_before(doc, tok, quotes)
        if q is not None and _text(doc)[q[0]:q[1]].rstrip("\"'\u201d\u00bb\u203a\x00 ")[-1:] not in ",?!\u2014-":
            q = None  # '"... recklessness." Officials agreed.': the quotation ended its own sentence
        q = q or _quote_after(doc, tok, quotes)
        if q is not None:
            return q
    # tell/say with a remainder after the addressee: "he told Shoigu 'about ...'"
    if lemma in lx["speech"]:
        # "X said." after a quotation: the quote just before; "X said: '...'" after
        q = _quote_before(doc, tok, quotes)
        if q is not None:
            return q
        q = _quote_after(doc, tok, quotes)
        if q is not None:
            return q
        # "Y, said X." / "Y, X said." with the parser missing the clause: the words
        # before the comma, back to the sentence start
        left = min([tok.i] + [ch.left_edge.i for ch in tok.children if ch.dep_ in ("nsubj", "nsubjpass") and ch.i < tok.i])
        if left - 1 > tok.sent.start and doc[left - 1].text == "," and tok.i == tok.sent.root.i:
            return _trim(doc, tok.sent.start, left - 2)
        # tell/say with a remainder after the addressee: "he told Shoigu 'about ...' and ..."
        rest = [ch for ch in tok.children if ch.i > tok.i and (
            (ch.dep_ == "prep" and ch.lower_ in ("about", "of")) or (ch.dep_ == "conj" and ch.pos_ == "VERB"))]
        if rest:
            lo = min(t.left_edge.i for t in rest)
            hi = max(t.right_edge.i for t in rest)
            return _trim(doc, lo, hi)
    return None


def _prep_object(tok: Token, lx: dict) -> bool:
    """The cue verb has its own prepositional object ("came out against the tax", "talk
    about X"): that object is its content, not the clause before it (PolNeAR train)."""
    return any(ch.dep_ == "prep" and ch.i > tok.i and ch.lower_ in cfg.CONTENT_PREPS | cfg.OBJECT_PREPS
               and any(g.dep_ in ("pobj", "pcomp") for g in ch.children) and ch.i - tok.i <= 2
               for ch in tok.children)


def _set_off(doc: Doc, tok: Token) -> bool:
    """ "Y, X said" / '"Y," X said' / "Y -- X said": the cue's clause is set off from the
    clause it reports by a comma, dash or quotation mark (PolNeAR train: without one,
    "A: X came out against B", "He proposes A; she backs B", the clauses are separate)."""
    lo = min([tok.i] + [ch.left_edge.i for ch in tok.children if ch.i < tok.i
                        and not (cfg.SET_OFF_OWN_COMMA and ch.is_punct and ch.i == ch.left_edge.i)])
    j = lo - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j >= 0 and (doc[j].text in (",", "\u2014", "--", "-", "\u2013") or doc[j].text in cfg.QUOTE_CHARS
                       or doc[j].text in ("''", "?", "!"))


def _manner_phrase(doc: Doc, tok: Token, t: Token) -> bool:
    """A participle or noun phrase after the cue's comma that says how it was said and ends
    the sentence ("holding back tears", "a hint of frustration in her voice"), not a
    cue of its own ("adding that") nor a clause with its own subject."""
    if t.i <= tok.i or t.dep_ not in ("advcl", "npadvmod", "nmod", "appos", "dep") or \
            t.lemma_.lower() in lexicon()["verbs"]:
        return False
    if t.pos_ == "VERB" and t.tag_ not in ("VBG", "VBN"):
        return False
    if any(ch.dep_ in ("nsubj", "nsubjpass", "ccomp", "mark") for ch in t.children):
        return False
    end = t.right_edge.i + 1
    if any(doc[k].text in cfg.QUOTE_CHARS for k in range(t.left_edge.i, end)):
        return False
    return end >= len(doc) or doc[end].text in (".", "!", "?", ";") or "\n" in doc[end - 1].whitespace_


def _is_parenthetical(doc: Doc, tok: Token) -> bool:
    """ ", Mr. Obama said," / ", he added," set off by commas, with a subject and nothing
    else of its own (no complement, no object)."""
    marks = (",", "\u2014", "--", "(", ")")
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if doc[lo].text not in marks and (lo == 0 or doc[lo - 1].text not in marks):
        return False
    if doc[hi].text not in marks and (hi + 1 >= len(doc) or doc[hi + 1].text not in marks):
        return False
    kids = {ch.dep_ for ch in tok.children if not ch.is_punct}
    return bool(kids & {"nsubj", "nsubjpass"}) and not kids & {"ccomp", "xcomp", "dobj"}


def _clip_to_paragraph(text: str, content, cue):
    """The parser sometimes runs one sentence over a paragraph break; a content stays in
    its cue's paragraph (a quotation over several paragraphs is restored by the snap to
    quotes that follows). Unchanged when nothing would be left."""
    ps = text.rfind("\n", 0, cue[0]) + 1
    pe = text.find("\n", cue[1])
    pe = len(text) if pe < 0 else pe
    s, e = max(content[0], ps), min(content[1], pe)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else content


def _snap_to_quotes(text: str, content, cue, quotes):
    s, e = content
    for qs, qe in quotes:
        if qs < e and s < qe and not (qs <= cue[0] < qe):
            s, e = min(s, qs), max(e, qe)
    # a closing mark right after the content (",\u201d" left outside by the parse)
    while e < len(text) and text[e] in ",." and e + 1 < len(text) and text[e + 1] in cfg.CLOSE_QUOTES + '"':
        e += 2
    return s, e


def _split_quotes(doc: Doc, cands: list[Cand], quotes) -> None:
    """ '"A," he said, "B."' -> the content runs over both quotations."""
    text = _text(doc)
    for c in cands:
        if c.content is None or c.kind == "according_to":
            continue
        s, e = c.content
        if e > c.cue[0]:
            continue
        if not _ends_open(text, s, e):
            continue
        tail_from = c.cue[1]
        if c.src and c.src[1] > tail_from:
            tail_from = c.src[1]
        for qs, qe in quotes:
            if qs >= tail_from:
                gap = text[tail_from:qs]
                if len(gap) < cfg.SPLIT_MAX_GAP and "\n" not in gap and not re.search(r"[.!?;]", _abbrev_free(doc, tail_from, qs)):
                    # the gap may hold "Thursday", but no other cue ("adding that") nor
                    # another cue's content
                    if not any(o is not c and (o.content and qs <= o.content[0] < qe or
                                               tail_from <= o.cue[0] < qs) for o in cands):
                        c.content = (s, qe)
                break


def _continued_quotes(doc: Doc, cands: list[Cand], quotes) -> None:
    """ '"A," he said. "B."': the quotation that opens the next sentence of the paragraph
    goes on with the same speaker's words (PolNeAR takes both as one content), unless it
    has a cue of its own ('"A," he said. "B," she said.')."""
    text = _text(doc)
    for c in cands:
        if c.content is None or c.kind == "according_to" or c.floating:
            continue
        s, e = c.content
        quoted = (text[e - 1:e] in cfg.CLOSE_QUOTES + '"' or text[e - 2:e] == "''") and \
            (text[s:s + 1] in cfg.QUOTE_CHARS or text[s:s + 2] in ("''", "``"))
        if e > c.cue[0] and not (cfg.CONTINUED_INDIRECT and c.kind == "indirect" and s >= c.cue[1]):
            continue
        if not quoted and (not cfg.CONTINUED_INDIRECT or any(
                o is not c and o.cue[0] < c.cue[0] and doc[o.cue_tok].sent == doc[c.cue_tok].sent
                and not (s <= o.cue[0] < e) for o in cands)):
            continue  # '"A," X said, noting that B. "C."': C goes on with A, not with B
        start = max(c.cue[1], c.src[1] if c.src else 0, e)
        # the next quotation after the cue's sentence ends; a short title in quotes on
        # the way ('he said on ABC's "This Week." "B."') is part of the cue's sentence
        nxt = None
        for qs, qe in quotes:
            if qs < start:
                continue
            if "\n" in text[start:qs]:
                break
            if not re.search(r"[.!?]\s*$", text[start:qs]) and len(text[qs:qe].split()) < cfg.FLOATING_MIN_WORDS:
                continue
            nxt = (qs, qe)
            break
        if nxt is None:
            continue
        qs, qe = nxt
        gap = text[start:qs]
        if "\n" in gap or len(gap) > cfg.CONTINUED_MAX_GAP:
            continue
        if not re.search(r"[.!?][\"'\u201d\u2019]*\s*$", gap):
            # '"A," X said. Unless B, "C."': the next sentence quotes the speaker again
            # after a few words of its own
            if not (cfg.CONTINUED_MIXED and quoted and re.fullmatch(
                    r"[^.!?]*[.!?][\"'\u201d\u2019]*\s+[^.!?\"\u201c\u201d]+", _abbrev_free(doc, start, qs))
                    and (re.search(r"[.!?][\"'\u201d\u2019\x00\s]*$", text[qs:qe]) or text[qe:qe + 1] in ".!?")):
                continue
        if not quoted and (len(re.findall(r"[.!?]", _abbrev_free(doc, start, qs))) != 1 or
                           not re.search(r"[.!?][\"'\u201d\u2019\x00\s]*$", text[qs:qe])):
            continue  # 'X says A. "B."': one sentence end on the way, and B a whole sentence
        if any(o is not c and (o.content and _overlap(o.content, (qs, qe)) > 0 or start <= o.cue[0] < qe + 2)
               for o in cands):
            continue
        c.content = (s, qe)


def _to_clause_end(doc: Doc, cands: list[Cand]) -> None:
    """A content after its cue runs to the end of its sentence ("showed Rubio in third at
    11 percent, followed closely by Kasich at 10 percent", "referring to the killings --
    and Obama's campaign to ...", "stop reporting the numbers but don't shut them down"):
    PolNeAR train, contents that follow their cue: 63% end where the sentence ends, 16%
    at a comma; the scorer's half-the-gold-words rule makes the longer span the safer one.
    It stops at a paragraph break and where another attribution's words start."""
    text = _text(doc)
    for c in cands:
        if c.content is None or c.content[0] < c.cue[1] or c.floating:
            continue
        tok = doc[c.cue_tok]
        span = doc.char_span(c.content[0], c.content[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[-1].sent
        hi = sent.end - 1
        if tok.pos_ not in ("VERB", "AUX"):
            # a cue noun's content ends with the noun's phrase ("Smith's claim that A
            # drew laughter"; "according to" is only a cue for what it governs)
            hi = min(hi, max(tok.right_edge.i, span[-1].i))
        while hi > tok.i and (doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS or doc[hi].is_space):
            hi -= 1
        end = _tok_end(doc[hi])
        if end <= c.content[1]:
            continue
        nl = text.find("\n", c.content[1], end)
        if nl >= 0:
            end = nl
        for o in cands:
            if o is not c:
                for lo in (o.cue[0], o.src[0] if o.src else None, o.content[0] if o.content else None):
                    if lo is not None and c.content[1] <= lo < end:
                        end = lo
        end = len(text[:end].rstrip(" ,;:\u2014-"))
        if end > c.content[1]:
            c.content = (c.content[0], end)


def _cut_adverbial(doc: Doc, cands: list[Cand], quotes) -> None:
    """ "X criticized A after B": an adverbial clause of the cue verb itself opened by a
    conjunction of time or concession (ADVCL_CUT_MARKS; with ADVCL_CUT_COMMA also any set
    off by a comma) is the circumstance of the saying, not what was said: the content
    after the cue ends before it."""
    text = _text(doc)
    for c in cands:
        if c.content is None or c.content[0] < c.cue[1] or c.floating or c.kind == "according_to":
            continue
        tok = doc[c.cue_tok]
        for ch in tok.children:
            if ch.dep_ != "advcl" or ch.i <= tok.i:
                continue
            mark = next((k for k in ch.children if k.dep_ == "mark" and k.i < ch.i), None)
            lo = ch.left_edge
            if mark is None or not (c.content[0] < lo.idx < c.content[1]) or _in_quote(lo.idx, quotes):
                continue
            comma = lo.i > 0 and doc[lo.i - 1].text == ","
            if not (comma and cfg.ADVCL_CUT_COMMA or mark.lower_ in cfg.ADVCL_CUT_MARKS):
                continue
            e = len(text[:lo.idx].rstrip(" ,;\u2014-"))
            if e - c.content[0] >= cfg.NESTED_TRIM_MIN_CHARS:
                c.content = (c.content[0], e)
            break


def _back_to_previous_sentence(doc: Doc, cands: list[Cand]) -> None:
    """ 'At first, there was pressure on X. And now there is some discomfort, he said.': a
    content before its cue that opens with a conjunction goes on from the sentence before
    it in the paragraph, when that sentence has no attribution of its own."""
    text = _text(doc)
    conj = set(lexicon()["cues"].get("content_back_conjunctions", []))
    for c in cands:
        if c.content is None or c.floating or c.content[1] > c.cue[0] or c.kind == "according_to":
            continue
        m = re.match(r"[\"'\u201c\u2018]?([A-Z][a-z]+)\b", text[c.content[0]:c.content[0] + 8])
        if m is None or m.group(1).lower() not in conj:
            continue
        span = doc.char_span(c.content[0], c.content[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = span[0]
        sent = first.sent
        if sent.start == 0:
            continue
        prev = doc[sent.start - 1].sent
        lo = prev.start_char
        if "\n" in text[lo:c.content[0]]:
            continue
        if any(o is not c and o.content and (lo <= o.cue[0] < c.content[0] or _overlap(o.content, (lo, c.content[0])) > 0)
               for o in cands):
            continue
        c.content = (lo, c.content[1])


def _complete_dangling(doc: Doc, cands: list[Cand]) -> None:
    """A content after its cue never ends on a conjunction, infinitive marker,
    preposition or determiner ("talk about the border and", "his call to"): the parser
    hung the rest elsewhere; the content runs on to the end of the sentence (or the next
    attribution's words)."""
    text = _text(doc)
    for c in cands:
        if c.content is None or c.content[0] < c.cue[1] or c.floating:
            continue
        span = doc.char_span(c.content[0], c.content[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        last = span[-1]
        if not (last.pos_ in ("CCONJ", "ADP", "DET") or (last.lower_ == "to" and last.pos_ == "PART")):
            continue
        sent = last.sent
        hi = sent.end - 1
        while hi > last.i and (doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS):
            hi -= 1
        if hi <= last.i:
            continue
        end = _tok_end(doc[hi])
        for o in cands:
            if o is not c:
                for lo in (o.cue[0], o.src[0] if o.src else None):
                    if lo is not None and c.content[1] <= lo < end:
                        end = lo
        end = len(text[:end].rstrip(" ,;:\u2014-"))
        if end > c.content[1]:
            c.content = (c.content[0], end)
