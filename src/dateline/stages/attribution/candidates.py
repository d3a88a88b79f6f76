"""Cue candidates: every verb, noun, light-verb, stance, poll, colon and label form that may
introduce an attribution, each with its first cue span, source and content."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from . import settings as cfg
from .cand import Cand
from .lexicons import lexicon
from .quotations import _in_quote, _near_quote, _overlap, _text, _tok_end, _trim
from .resolve import _date_of, _resolve_entity
from .spans import _content, _cue_tokens, _has_clause, _quoting_origin
from .speakers import (
    _gap_subject, _holder_like, _inverted_subject, _is_evidence, _left_subject, _np_span, _subject)


def cue_candidates(doc: Doc, lx: dict, quotes, generic: bool = False):
    """Every cue candidate of the article as (token, Cand, origin): the rule finders
    (origin ``verb``, ``noun``, ``light``, ``stance``, ``according``, ``poll``) and, with
    ``generic``, the same finders without their lexicon gates for the tokens the rules
    leave (``gen_verb``, ``gen_noun``, ``gen_adj``), for the cue model to judge."""
    used_cue_toks: set[int] = set()
    for tok in doc:
        if tok.i in used_cue_toks:
            continue
        c, origin = None, None
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            c, origin = _according_to(doc, tok), "according"
        elif (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and not (
                cfg.NESTED_DROP and _in_quote(tok.idx, quotes)):
            # a cue inside a quotation is the speaker's own words, not the article's
            c, origin = _verb_cue(doc, tok, lx, quotes), "verb"
            if c is None and cfg.LIGHT_VERBS and tok.lemma_.lower() in lx["light_verbs"]:
                c, origin = _light_verb_cue(doc, tok, lx), "light"
            if c is None and cfg.STANCE_ADJECTIVES and tok.lemma_.lower() == "be":
                c, origin = _stance_adj_cue(doc, tok, lx), "stance"
            if c is None and generic and tok.dep_ not in ("aux", "auxpass"):
                if tok.lemma_.lower() == "be":
                    c, origin = _stance_adj_cue(doc, tok, lx, force=True), "gen_adj"
                    if c is None and cfg.COPULA_NOUNS:
                        c, origin = _copula_noun_cue(doc, tok), "copula"
                elif tok.pos_ == "VERB":
                    if cfg.GENERIC_LIGHT and lx["verbs"].get(tok.lemma_.lower(), 0.0) < cfg.GENERIC_LIGHT_MAX_P:
                        # the light-verb reading first; the verb's own after it (extract()
                        # skips it when the light reading was kept)
                        lc = _light_verb_cue(doc, tok, lx, force=True)
                        if lc is not None:
                            yield tok, lc, "gen_light"
                    c, origin = _verb_cue(doc, tok, lx, quotes, force=True), "gen_verb"
        elif cfg.HEARSAY_ADVERBS and tok.lower_ in cfg.HEARSAY_ADVERBS and tok.dep_ == "advmod" \
                and not _in_quote(tok.idx, quotes):
            c, origin = _hearsay_adverb(doc, tok, lx), "hearsay"
        elif cfg.POLL_PHRASES and tok.lower_ in ("in", "by") and not _in_quote(tok.idx, quotes):
            c, origin = _poll_phrase(doc, tok, lx), "poll"
            if c is None and cfg.HOLDER_PHRASES and tok.lower_ == "in":
                c, origin = _holder_phrase(doc, tok), "holder_phrase"
        elif cfg.HOLDER_PHRASES and tok.lower_ == "to" and tok.dep_ == "prep" and not _in_quote(tok.idx, quotes):
            c, origin = _holder_phrase(doc, tok), "holder_phrase"
        elif cfg.HEADLINE_VERBS and tok.pos_ == "PROPN" and tok.text[:1].isupper() and (
                tok.lower_.endswith("s") or (cfg.HEADLINE_VERB_BASE and _plural_before(doc, tok))):
            c, origin = _headline_verb(doc, tok, lx), "headline"
            if c is None and generic and cfg.HEADLINE_VERB_GENERIC:
                c, origin = _headline_verb(doc, tok, lx, generic=True), "gen_headline"
        elif tok.pos_ == "NOUN" and not _in_quote(tok.idx, quotes):
            if cfg.HEADLINE_VERBS and cfg.HEADLINE_VERB_NOUNS and (
                    (tok.tag_ == "NNS" and tok.lower_.endswith("s")) or (cfg.HEADLINE_VERB_BASE and _plural_before(doc, tok))):
                c, origin = _headline_verb(doc, tok, lx), "headline"
                if c is None and generic and cfg.HEADLINE_VERB_GENERIC:
                    c, origin = _headline_verb(doc, tok, lx, generic=True), "gen_headline"
            if c is None and cfg.ROOT_NOUN_VERB and tok.dep_ == "ROOT":
                c, origin = _root_noun_verb(doc, tok, lx), "noun_verb"
            if c is None and cfg.SUPPORT_AMONG and tok.lemma_.lower() == "support":
                c, origin = _support_among(doc, tok), "support_among"
            if c is None and tok.lemma_.lower() in lx["noun_lemmas"]:
                c, origin = _noun_cue(doc, tok, lx), "noun"
            if c is None and generic:
                c, origin = _noun_cue(doc, tok, lx, force=True), "gen_noun"
        if c is not None:
            used_cue_toks.add(c.cue_tok)
            yield tok, c, origin


def _hearsay_adverb(doc: Doc, tok: Token, lx: dict) -> Cand | None:
    """ "The FBI is reportedly making arrangements to ...", "X has reportedly amassed ...": a
    hearsay adverb on a finite clause's verb that is no precise cue itself is the cue (with
    the auxiliaries right before it), with no source; the content is the whole clause
    (HEARSAY_ADVERBS)."""
    v = tok.head
    if v.i == tok.i or v.pos_ not in ("VERB", "AUX") or lx["verbs"].get(v.lemma_.lower(), 0.0) >= cfg.CUE_STRONG_PRECISION:
        return None
    subj = next((k for k in v.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < tok.i), None)
    if subj is None or subj.lower_ in cfg.REL_PRONOUNS:
        return None
    lo, hi = subj.left_edge.i, v.right_edge.i
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in cfg.QUOTE_CHARS:
        hi -= 1
    if hi <= tok.i:
        return None
    first = tok
    while first.i - 1 > subj.i and doc[first.i - 1].dep_ in ("aux", "auxpass") and doc[first.i - 1].head.i == v.i:
        first = doc[first.i - 1]
    return Cand(cue=(first.idx, _tok_end(tok)), cue_tok=tok.i, kind="indirect",
                content=(doc[lo].idx, _tok_end(doc[hi])))


def _headline_verb(doc: Doc, tok: Token, lx: dict, generic: bool = False) -> Cand | None:
    """ "Conservative Icon Morton Blackwell Endorses Ted Cruz", "Ben Carson Slams Hillary
    And The Media": in a title-case line the parser takes the verb for a name; a word that
    is a precise cue verb's third person (HEADLINE_VERB_MIN_P) is the cue, the words before
    it on the line (after any colon or dash) the source, the rest of the line the content."""
    text = _text(doc)
    ls = text.rfind("\n", 0, tok.idx) + 1
    le = text.find("\n", tok.idx)
    le = len(text) if le < 0 else le
    words = [w for w in text[ls:le].split() if w[:1].isalpha()]
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    if not title_case and not (cfg.HEADLINE_VERB_NOUNS and ls == 0 and tok.pos_ == "NOUN" and len(words) >= 3):
        return None  # (the article's title in any case: "Trump demands X resign", HEADLINE_VERB_NOUNS)
    w = tok.lower_
    forms = (w[:-1], w[:-2], w[:-3] + "y" if w.endswith("ies") else "") if w.endswith("s") else ()
    if cfg.HEADLINE_VERB_BASE and _plural_before(doc, tok):
        forms += (w,)  # "PBS Moderators Ignore ...", "Emails Reveal ..."
    lemma = next((v for v in forms if v in lx["verbs"]), None)
    if lemma is None or (lx["verbs"][lemma] < cfg.HEADLINE_VERB_MIN_P) != generic:
        # (``generic``: only the verbs below HEADLINE_VERB_MIN_P, for the cue model to judge)
        return None
    marks = [(text.rfind(m, ls, tok.idx), m) for m in (":", " \u2013 ", " \u2014 ", " - ")]
    lo = max([ls] + [i + len(m) for i, m in marks if i >= 0])
    src = doc.char_span(lo, tok.idx, alignment_mode="contract")
    if src is None or not len(src) or not any(t.pos_ == "PROPN" or t.ent_type_ for t in src):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in src):
        return None
    ce = le
    if cfg.HEADLINE_CONJOINED:
        # "Marine Le Pen Backs Trump And Denounces Clinton", "Clinton Says X, Calls Y": the
        # second verb's speaker is the first's, and the first's content ends before it
        if tok.i - 1 > src.start and (doc[tok.i - 1].lower_ == "and" or doc[tok.i - 1].text == ","):
            k = next((t.i for t in src[1:] if _s_form_cue(t, lx) and doc[t.i - 1].pos_ in ("PROPN", "NOUN")), None)
            if k is not None:
                src = doc[src.start:k]
        for t in doc[tok.i + 2:]:
            if t.idx >= le:
                break
            if (t.lower_ == "and" or t.text == ",") and t.i + 1 < len(doc) and _s_form_cue(doc[t.i + 1], lx):
                ce = t.idx
                break
    cs = _tok_end(tok)
    body = text[cs:ce]
    cs += len(body) - len(body.lstrip())
    body = text[cs:ce].rstrip()
    if body.endswith(".") and not body.endswith(".."):
        body = body[:-1]
    if len(body.split()) < 1:
        return None
    while src.start < src.end and src[0].is_punct:
        src = doc[src.start + 1:src.end]
    if not len(src):
        return None
    return Cand(cue=(tok.idx, _tok_end(tok)), cue_tok=tok.i, kind="indirect", content=(cs, cs + len(body)),
                src=(src.start_char, src.end_char), src_head=src[-1].i)


def _s_form_cue(t: Token, lx: dict) -> bool:
    """A capitalised word that reads as a cue verb's third person ("Denounces", "Calls")."""
    w = t.lower_
    return t.text[:1].isupper() and w.endswith("s") and not w.endswith("ss") and any(
        v in lx["verbs"] for v in (w[:-1], w[:-2], w[:-3] + "y" if w.endswith("ies") else ""))


def _plural_before(doc: Doc, tok: Token) -> bool:
    """ "Hedge Funds Support", "Emails Reveal": the word before is a plural noun (its
    subject in a headline) on the same line (HEADLINE_VERB_BASE)."""
    if tok.i == 0:
        return False
    p = doc[tok.i - 1]
    return (p.tag_ in ("NNS", "NNPS") or (p.tag_ == "NNP" and p.ent_type_ != "PERSON")) and p.lower_.endswith("s") \
        and not p.lower_.endswith("ss") \
        and "\n" not in p.whitespace_ and p.text[:1].isupper() == tok.text[:1].isupper()


def _support_among(doc: Doc, tok: Token) -> Cand | None:
    """ "Clinton's deep support among black voters": cue the noun, content its possessor,
    source the group (SUPPORT_AMONG)."""
    poss = next((k for k in tok.children if k.dep_ == "poss" and k.i < tok.i), None)
    p = next((k for k in tok.children if k.dep_ == "prep" and k.lower_ == "among" and k.i > tok.i), None)
    g = next((k for k in p.children if k.dep_ == "pobj"), None) if p is not None else None
    if poss is None or g is None:
        return None
    lo, hi = _np_span(doc, poss)
    if doc[poss.i + 1].text in ("'s", "\u2019s", "'", "\u2019") and doc[poss.i + 1].i < tok.i:
        hi = _tok_end(doc[poss.i + 1])
    c = Cand(cue=(tok.idx, _tok_end(tok)), cue_tok=tok.i, content=(lo, hi))
    c.src, c.src_head = _np_span(doc, g), g.i
    return c


def _root_noun_verb(doc: Doc, tok: Token, lx: dict) -> Cand | None:
    """ "Some view Trump's nomination as a takeover", "Many fear Trump will ...": the
    parser read the sentence's cue verb as its root noun (ROOT_NOUN_VERB). The content runs
    from its object or clause to the end of its phrase, the words before it (within the
    sentence, no verb among them) are the speaker."""
    lemma = tok.lemma_.lower()
    if lx["verbs"].get(lemma, 0.0) < cfg.ROOT_NOUN_VERB_MIN_P or tok.i + 1 >= len(doc) or doc[tok.i + 1].text == ":":
        return None
    if any(k.dep_ == "poss" for k in tok.children):
        return None  # "Editor's note", "his claims": a noun after all
    comps = [k for k in tok.children if k.i > tok.i and (
        k.dep_ in ("dobj", "ccomp", "xcomp") or (k.dep_ == "acl" and k.tag_ == "VBG"))]
    if not comps:
        return None
    sent = tok.sent
    lo = sent.start
    while lo < tok.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if lo >= tok.i or tok.i - lo > 10 or any(t.pos_ in ("VERB", "AUX") or t.text in (":", ";") or "\n" in t.text
                                              for t in doc[lo:tok.i]):
        return None
    tail = [k for k in tok.children if k.i > tok.i and k.dep_ not in ("punct", "cc", "conj")]
    content = _trim(doc, comps[0].left_edge.i, max(k.right_edge.i for k in tail))
    if content is None:
        return None
    c = Cand(cue=(tok.idx, _tok_end(tok)), cue_tok=tok.i, content=content)
    c.src = (doc[lo].idx, _tok_end(doc[tok.i - 1]))
    c.src_head = tok.i - 1
    return c


def _verb_cue(doc: Doc, tok: Token, lx: dict, quotes, force: bool = False) -> Cand | None:
    """A cue verb by the lexicon and the frame table; ``force`` skips those gates (any
    verb with a content is a candidate, for the cue model to judge)."""
    lemma = tok.lemma_.lower()
    if force:
        by_frame, p = True, lx["verbs"].get(lemma, 0.0)
    else:
        if lemma not in lx["verbs"] and lemma not in lx["frame_lemmas"]:
            return None
        key = frame_of(tok)
        row = lx["frames"].get(key)
        by_frame = row is not None and row["n"] >= cfg.FRAME_MIN_COUNT
        if by_frame and row["p"] < cfg.FRAME_MIN_PRECISION:
            return None
        p = lx["verbs"].get(lemma)
        if not by_frame and p is None:
            return None
    if tok.dep_ in ("amod", "compound") and lemma not in lx["speech"]:
        return None
    if lemma in lx["cite"] and tok.dep_ in ("advcl", "conj", "acl", "xcomp"):
        return _citing(doc, tok, lx)
    if lemma in lx["cite"] and not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in tok.children):
        return None  # "said, quoting X, that": folded into the reporting verb's attribution
    content = _content(doc, tok, lx, quotes, allow_object=by_frame)
    if content is None:
        content = _as_clause(doc, tok)
    if content is None and cfg.PASSIVE_AGENT:
        content = _passive_content(doc, tok)
    if content is None and cfg.PASSIVE_SUBJECT and force and p >= cfg.PASSIVE_SUBJECT_MIN_P:
        content = _passive_subject(doc, tok)
    if content is None and cfg.FAR_OBJECT and force:
        content = _far_object(doc, tok)
    if content is None and cfg.HEAD_AFTER and force:
        content = _head_after(doc, tok)
    if content is None and cfg.FAR_THAT and p is not None and p >= cfg.CUE_STRONG_PRECISION:
        content = _far_that(doc, tok)
    src_tok = _subject(doc, tok)
    if content is None:
        return None
    if content[1] <= tok.idx and (src_tok is None or content[0] <= src_tok.idx < content[1]):
        # the parser lost the speaker: the words between the quotation and the verb, or
        # those right after the verb
        src_tok = _gap_subject(doc, content[1], tok) or _inverted_subject(doc, tok)
    if src_tok is None and content[0] >= tok.idx:
        src_tok = _left_subject(doc, tok)
    if cfg.INVERTED_PARENTHETICAL and src_tok is not None and src_tok.i < tok.i and tok.i > 0 and \
            doc[tok.i - 1].text == "," and lemma in lx["speech"]:
        # "The contrast, said Doyle and others, would be clear": the speaker after the
        # verb, which the parser made the subject of the clause it interrupts
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            root = nxt
            while root.dep_ in ("compound", "flat") and root.head.i > root.i:
                root = root.head
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.head.i == tok.i and root.head.i > tok.i and \
                    any(doc[k].text == "," for k in range(root.right_edge.i, min(len(doc), root.right_edge.i + 2))):
                # one span over both parts, as for "A, X says, B"
                content = (min(content[0], doc[src_tok.left_edge.i].idx), content[1])
                src_tok = root
    src_span = _np_span(doc, src_tok, exclude=tok) if src_tok is not None else None
    if cfg.SPLIT_OVER_CUE and src_tok is None and content[0] < tok.idx and content[1] > _tok_end(tok) and \
            (p or 0.0) >= cfg.CUE_STRONG_PRECISION and lemma not in cfg.RAISING_VERBS and \
            not any(ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children):
        split = _split_over_cue(doc, tok, content)
        if split is not None:
            content, src_span, src_tok = split
    origin = _quoting_origin(doc, tok, content, lx)
    if origin is not None:  # "X said, quoting Y, that ...": Y's words, X the channel
        origin_span, content = origin
    cue_toks = _cue_tokens(doc, tok, lx, content, src_span)
    if lemma in lx["evidential"] and any(ch.dep_ == "nsubjpass" for ch in tok.children):
        return None  # "the minister was shown weapons": not a statement
    if not by_frame:
        if p < cfg.CUE_STRONG_PRECISION and not _has_clause(tok) and not _near_quote(content, quotes):
            return None
        if src_tok is None and tok.dep_ not in ("ROOT", "ccomp", "parataxis") and p < cfg.CUE_STRONG_PRECISION:
            return None
    cue_end = _tok_end(doc[cue_toks[-1]])
    if content[0] < cue_end < content[1] and any(doc[k].dep_ == "dobj" and doc[k].head.i == tok.i
                                                 for k in cue_toks if k > tok.i):
        # "expressed concerns about X": the content is X
        content = (doc[cue_toks[-1] + 1].idx, content[1])
    c = Cand(cue=(doc[cue_toks[0]].idx, cue_end), cue_tok=tok.i, content=content)
    if src_tok is not None:
        c.src = src_span
        c.src_head = src_tok.i
    if lemma in lx["addressee"]:
        for ch in tok.children:
            if ch.dep_ in ("dobj", "dative", "iobj") and ch.pos_ in ("PROPN", "PRON", "NOUN"):
                c.addressee = _resolve_entity(doc, ch.i)
                break
    else:
        for ch in tok.children:
            if ch.dep_ == "prep" and ch.lower_ == "to":
                for g in ch.children:
                    if g.dep_ == "pobj" and g.pos_ == "PROPN":
                        c.addressee = _resolve_entity(doc, g.i)
    c.date = _date_of(doc, tok)
    if origin is not None:
        c.origin_text = "quote:%d:%d" % origin_span
    if lemma in lx["evidential"] and src_tok is not None and _is_evidence(src_tok, lx):
        c.kind = "evidential"
    return c


def _split_over_cue(doc: Doc, tok: Token, content: tuple[int, int]):
    """A precise cue verb with no subject whose content runs over the verb itself: the
    parser hung the speaker inside a clause ("RoseAnn X, director of Y, a union that ...,
    also said her group ...", "Jeffrey X, a rabbi helping to organize the boycott, said he
    ...", '"A," said David X, a confidant who heads Y'). After a quotation the words after
    the verb are the speaker and the quotation the content; else the words before the verb
    are the speaker (their first stretch before a comma holds no verb) and the words after
    it the content (SPLIT_OVER_CUE). Returns (content, source span, source head) or None."""
    text = _text(doc)
    first = _left_modifiers(doc, tok)
    before = text[content[0]:first.idx].rstrip().rstrip(",").rstrip()
    if not before:
        return None
    sent = tok.sent
    if before[-1:] in cfg.QUOTE_CHARS or before.endswith("''"):
        # '"A," said X, ...': the speaker runs to the sentence end or the next quotation
        lo = tok.i + 1
        hi = lo
        while hi < sent.end and doc[hi].text not in cfg.QUOTE_CHARS + "''``" and doc[hi].text not in (".", ";", "!", "?") \
                and "\n" not in doc[hi].text:
            hi += 1
        hi -= 1
        while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        if hi < lo or doc[lo].pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM"):
            return None
        head = next((t for t in doc[lo:hi + 1] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if head is None:
            return None
        while head.dep_ in ("compound", "flat") and lo <= head.head.i <= hi and head.head.i > head.i:
            head = head.head
        return (content[0], content[0] + len(before)), (doc[lo].idx, _tok_end(doc[hi])), head
    span = doc.char_span(content[0], content[0] + len(before), alignment_mode="expand")
    if span is None or not len(span) or span.start < sent.start:
        return None
    lead = []
    for t in span:
        if t.text in (",", "\u2014", "--", "(") or "\n" in t.text:
            break
        lead.append(t)
    if not lead or any(t.pos_ in ("VERB", "AUX") for t in lead):
        return None
    head = next((t for t in lead if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if head is None:
        return None
    while head.dep_ in ("compound", "flat") and head.head.i in range(lead[0].i, lead[-1].i + 1) and head.head.i > head.i:
        head = head.head
    comp = next((k for k in tok.children if k.dep_ in ("ccomp", "xcomp") and k.i > tok.i), None)
    lo = comp.left_edge.i if comp is not None and comp.left_edge.i > tok.i else tok.i + 1
    while lo < len(doc) and (doc[lo].is_punct and doc[lo].text not in cfg.QUOTE_CHARS or doc[lo].is_space):
        lo += 1
    if lo >= len(doc) or doc[lo].idx >= content[1]:
        return None
    return (doc[lo].idx, content[1]), (span.start_char, span.end_char), head


def _as_clause(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """ "As Clyburn noted, those voters will ...", "..., as the theory goes": a cue in an
    "as" clause reports the clause it hangs on (the head's clause without the as-clause)."""
    h = tok.head
    if tok.dep_ != "advcl" or h.i == tok.i or not any(
            k.dep_ == "mark" and k.lower_ == "as" and k.i < tok.i for k in tok.children):
        return None
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if hi < h.i:  # the as-clause comes first
        a, b = hi + 1, h.right_edge.i
    elif lo > h.i:
        a, b = h.left_edge.i, lo - 1
    else:
        return None
    while a < b and doc[a].is_punct and doc[a].text not in cfg.QUOTE_CHARS:
        a += 1
    if b - a < 2 or "\n" in _text(doc)[doc[a].idx:doc[b].idx]:
        return None
    return _trim(doc, a, b)


def _passive_content(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """ "X was echoed by Y", "a deal (that was) rejected by Y", "tax breaks favored by Y":
    a passive verb with its agent says what the agent holds of its subject; the content
    is that subject (for a relative or participial clause, the noun it modifies, without
    the clause). The agent is the source (_subject)."""
    h = tok.head
    if tok.tag_ != "VBN" or not any(ch.dep_ == "agent" and any(g.dep_ == "pobj" for g in ch.children)
                                    for ch in tok.children):
        # "the plan (that) Sanders proposed", "a deal the Senate rejected": an active
        # relative clause whose gap is the object takes the noun it modifies
        if cfg.RELATIVE_OBJECT and tok.dep_ == "relcl" and h.i < tok.i and h.pos_ in ("NOUN", "PROPN") and any(
                ch.dep_ == "nsubj" and ch.lower_ not in cfg.REL_PRONOUNS and ch.i < tok.i for ch in tok.children) \
                and not any(ch.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") and not (
                    ch.lower_ in cfg.REL_PRONOUNS and ch.i < tok.i) for ch in tok.children) \
                and tok.left_edge.i - h.left_edge.i <= 30:
            return _trim(doc, h.left_edge.i, tok.left_edge.i - 1)
        return None
    subj = next((ch for ch in tok.children if ch.dep_ == "nsubjpass"), None)
    if subj is not None and subj.lower_ not in cfg.REL_PRONOUNS and subj.i < tok.i:
        return _trim(doc, subj.left_edge.i, subj.right_edge.i)
    if tok.dep_ in ("acl", "relcl") and h.i < tok.i and h.pos_ in ("NOUN", "PROPN", "PRON"):
        lo = h.left_edge.i
        hi = tok.left_edge.i - 1
        if hi - lo > 30:
            return None
        return _trim(doc, lo, hi)
    return None


def _head_after(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """ "I said, hey, you've got to ...": the cue is a parataxis/ccomp of the clause after
    it, set off from it by a comma or colon; the content is that clause after the cue."""
    h = tok.head
    if tok.dep_ not in ("parataxis", "ccomp") or h.i <= tok.right_edge.i or tok.right_edge.i + 1 >= len(doc):
        return None
    if doc[tok.right_edge.i + 1].text not in (",", ":", "\u2014", "--") and doc[tok.right_edge.i].text not in (",", ":"):
        return None
    if "\n" in _text(doc)[doc[tok.right_edge.i].idx:h.idx]:
        return None
    return _trim(doc, tok.right_edge.i + 1, h.right_edge.i)


def _far_object(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """The last resort of a generic verb: an infinitive or if/whether clause the parser
    hung on the verb as advcl, an object predicate ("named Minning"), or the object of a
    content preposition up to FAR_OBJECT_GAP words on ("campaigned hard against X"),
    never a date or time ("on Thursday")."""
    for ch in tok.children:
        if ch.i <= tok.i:
            continue
        if ch.dep_ == "advcl" and any(k.i < ch.i and (k.dep_ == "aux" and k.lower_ == "to" or
                                                      k.dep_ == "mark" and k.lower_ in ("if", "whether"))
                                      for k in ch.children):
            return _trim(doc, ch.left_edge.i, ch.right_edge.i)
        if ch.dep_ == "oprd":
            return _trim(doc, ch.left_edge.i, ch.right_edge.i)
    for ch in tok.children:
        if ch.dep_ == "prep" and tok.i < ch.i <= tok.i + cfg.FAR_OBJECT_GAP and ch.lower_ in cfg.FAR_PREPS:
            g = next((g for g in ch.children if g.dep_ in ("pobj", "pcomp")), None)
            if g is not None and g.ent_type_ not in ("DATE", "TIME"):
                return _trim(doc, g.left_edge.i, g.right_edge.i)
    return None


def _far_that(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """ "said in one of a series of messages that ...": the first "that" clause within
    FAR_THAT_GAP words of an active verb, in the verb's own subtree (not through an
    adjective: "feels confident that"), in the same sentence (FAR_THAT)."""
    if any(k.dep_ in ("auxpass", "nsubjpass") for k in tok.children):
        return None
    for t in doc[tok.i + 1:min(len(doc), tok.i + 1 + cfg.FAR_THAT_GAP)]:
        if t.text in (".", ";", "!", "?") or "\n" in t.text_with_ws or t.text in cfg.QUOTE_CHARS:
            return None
        if t.lower_ == "that" and t.dep_ == "mark" and t.head.i > t.i:
            a = t.head
            for _ in range(6):
                if a.dep_ == "acomp" or a.head.i == a.i:
                    return None
                a = a.head
                if a.i == tok.i:
                    return _trim(doc, t.i, t.head.right_edge.i)
            return None
    return None


def _passive_subject(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """ "The report was released", "X is considered one of the ...": a passive participle
    with no agent; its subject is what the (unnamed) holder says, up to the end of an
    object predicate after the verb ("considered one of", "dubbed the X PAC")."""
    if tok.tag_ != "VBN":
        return None
    subj = next((ch for ch in tok.children if ch.dep_ == "nsubjpass" and ch.i < tok.i), None)
    if subj is None or subj.lower_ in cfg.REL_PRONOUNS:
        return None
    hi = subj.right_edge.i
    pred = [ch for ch in tok.children if ch.i > tok.i and ch.dep_ in ("oprd", "xcomp", "attr", "acomp")]
    if pred and cfg.PASSIVE_SUBJECT_PRED:
        hi = max(ch.right_edge.i for ch in pred)
    return _trim(doc, subj.left_edge.i, hi)


def _noun_cue(doc: Doc, tok: Token, lx: dict, force: bool = False) -> Cand | None:
    """A cue noun: "Trump's claim that ...", "his plan to ...", "criticism of X by Y",
    "X made the allegation that ...". The (lemma, complement, source) frame decides, from
    the PolNeAR train table (cues.json "noun_frames"); the content is the clause, the
    infinitive or the prepositional object; the source the possessor, the "by" object or
    the subject of the verb the noun is the object of."""
    if force:
        if _noun_complement(tok, extra=True) is None:
            return None
    else:
        if tok.lemma_.lower() not in lx["noun_lemmas"]:
            return None
        key = noun_frame_of(tok)
        if key is None:
            return None
        row = lx["noun_frames"].get(key)
        if row is None or row["n"] < cfg.NOUN_MIN_COUNT or row["p"] < cfg.NOUN_MIN_PRECISION:
            return None
    kind, comp = _noun_complement(tok, extra=force)
    skind, stok = _noun_source(tok)
    if kind in ("that", "to"):
        content = _trim(doc, comp.left_edge.i, comp.right_edge.i)
        cue_hi = tok.i
    else:
        objs = [g for g in comp.children if g.dep_ in ("pobj", "pcomp")]
        content = _trim(doc, min(g.left_edge.i for g in objs), max(g.right_edge.i for g in objs))
        cue_hi = comp.i
    if content is None:
        return None
    cue_lo = tok.i
    p = tok.head
    if skind == "verb" and 0 < tok.i - tok.head.i <= cfg.NOUN_VERB_GAP:
        cue_lo = tok.head.i  # "made the allegation that", "has faced criticism for"
    elif cfg.NOUN_UNDER_VERB_PREP and skind == "none" and tok.dep_ == "pobj" and p.dep_ == "prep" and \
            p.head.pos_ in ("VERB", "AUX") and 0 < p.i - p.head.i <= cfg.NOUN_VERB_GAP and p.i < tok.i:
        # "voted in favor of X", "has come out in support of X": the verb and its
        # preposition join the cue, the verb's subject holds the view
        cue_lo = _left_modifiers(doc, p.head).i
        stok = _subject(doc, p.head)
        skind = "verb" if stok is not None else "none"
    elif cfg.NOUN_EXPLETIVE_COPULA and tok.dep_ == "attr" and p.lemma_ == "be" and 0 < tok.i - p.i <= cfg.NOUN_VERB_GAP and any(
            k.dep_ in ("expl", "nsubj") and k.lower_ in ("there", "it") and k.i < p.i for k in p.children):
        cue_lo = _left_modifiers(doc, p).i  # "there is some evidence that", "it shouldn't be a surprise that"
    else:
        # the noun's own words on its left ("sharp criticism", "Trump's continued
        # insistence": PolNeAR train, an adjective of a possessed cue noun in the cue 157
        # times, outside 9; the possessive "'s" is the source's, 137 vs 41), not a
        # determiner alone
        lefts = [t for t in tok.lefts if t.dep_ in ("amod", "compound") and t.i < tok.i and
                 (stok is None or skind != "poss" or t.i > stok.right_edge.i)]
        if lefts:
            cue_lo = min(t.i for t in lefts)
    if cfg.NOUN_READ_VERB and stok is None and tok.dep_ == "ROOT" and tok.tag_ == "NNS" and tok.i > tok.sent.start \
            and tok.lemma_.lower() in lexicon()["verbs"] and doc[tok.i - 1].dep_ == "compound" and \
            doc[tok.i - 1].pos_ in ("PROPN", "NOUN") and content[0] > tok.idx:
        # "Trump estimates that ...", "The Sanders campaign projects that": a cue verb the
        # parser read as a plural noun with the speaker as its compound
        stok, skind, cue_lo = doc[tok.i - 1], "compound", tok.i
        c = Cand(cue=(tok.idx, _tok_end(doc[cue_hi])), cue_tok=tok.i, content=content)
        c.src = (doc[tok.left_edge.i].idx, _tok_end(doc[tok.i - 1]))
        c.src_head = stok.i
        return c
    c = Cand(cue=(doc[cue_lo].idx, _tok_end(doc[cue_hi])), cue_tok=tok.i, content=content)
    if stok is not None:
        c.src = _np_span(doc, stok, exclude=tok if skind == "verb" else None)
        c.src_head = stok.i
    return c


def frame_of(tok: Token) -> str:
    """The syntactic frame a cue verb appears in: the key (with its lemma) of the
    frame table derived from PolNeAR train (cues.json "frames")."""
    deps = {ch.dep_ for ch in tok.children}
    if "ccomp" in deps:
        f = "ccomp"
    elif "xcomp" in deps:
        f = "xcomp"
    elif "dobj" in deps:
        f = "dobj"
    elif any(ch.dep_ == "prep" and ch.i == tok.i + 1 and ch.lower_ in cfg.CONTENT_PREPS for ch in tok.children):
        f = "prep"
    elif tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        f = "paren"
    else:
        f = "none"
    return f"{tok.lemma_.lower()}|{f}|{_subject_class(_subject(tok.doc, tok))}"


def _subject_class(s: Token | None) -> str:
    """``P`` for a subject that can hold a view (a person, group or place by the NER, a
    proper name, a personal pronoun, an official or a group noun of sources.json), ``S``
    for any other subject, ``noS`` for none."""
    if s is None:
        return "noS"
    if s.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or s.pos_ == "PROPN" or s.lower_ in cfg.PRON_HOLDER:
        return "P"
    heads = lexicon()["holder_heads"]
    return "P" if s.lemma_.lower() in heads or s.lower_ in heads else "S"


def noun_frame_of(tok: Token, extra: bool = False) -> str | None:
    """The frame a cue noun appears in ("the claim that ...", "his plan to ...", "her
    criticism of ..."): ``lemma|complement|source`` with complement ``that`` (a clause),
    ``to`` (an infinitive) or the preposition of its object, and source ``poss`` (a
    possessor), ``by`` ("by/from X") or ``verb`` (the subject of the verb it is the object
    of: "X made the claim"), else ``none``. None when the noun has no complement (not a
    candidate). The key of cues.json "noun_frames" (PolNeAR train)."""
    comp = _noun_complement(tok, extra)
    if comp is None:
        return None
    return f"{tok.lemma_.lower()}|{comp[0]}|{_noun_source(tok)[0]}"


def _noun_complement(tok: Token, extra: bool = False):
    """(kind, token) of a noun's content: a clause, an infinitive or a prepositional object;
    ``extra`` (generic candidates): also NOUN_EXTRA_PREPS and an infinitive in any clause."""
    for ch in tok.children:
        if ch.i < tok.i:
            continue
        if ch.dep_ in ("acl", "ccomp", "relcl", "appos") and ch.pos_ in ("VERB", "AUX"):
            kids = list(ch.children)
            if any(k.dep_ == "mark" and k.lower_ == "that" and k.i < ch.i for k in kids):
                return "that", ch
            if any(k.dep_ == "aux" and k.lower_ == "to" for k in kids) and ch.dep_ == "acl":
                return "to", ch
        if ch.dep_ == "prep" and ch.lower_ in cfg.NOUN_CONTENT_PREPS and ch.i == tok.i + 1:
            if any(g.dep_ in ("pobj", "pcomp") for g in ch.children):
                return ch.lower_, ch
    if not (extra and cfg.NOUN_EXTRA_COMPLEMENTS):
        return None
    for ch in tok.children:
        if ch.i < tok.i:
            continue
        if ch.dep_ == "prep" and ch.lower_ in cfg.NOUN_EXTRA_PREPS and ch.i == tok.i + 1 and any(
                g.dep_ in ("pobj", "pcomp") for g in ch.children):
            return cfg.NOUN_EXTRA_PREPS[ch.lower_], ch
        if ch.dep_ in ("relcl", "advcl", "xcomp") and ch.pos_ in ("VERB", "AUX") and any(
                k.dep_ == "aux" and k.lower_ == "to" and k.i < ch.i for k in ch.children) and \
                ch.left_edge.i <= tok.i + 2:
            return "to", ch
    return None


def _noun_source(tok: Token):
    """(kind, token) of who holds a cue noun: a possessor, "by X", or the subject of the verb
    the noun is the object of ("X made the claim", "X has a plan")."""
    for ch in tok.children:
        if ch.dep_ == "poss":
            return "poss", ch
    for ch in tok.children:
        if ch.dep_ == "prep" and ch.lower_ in ("by", "from") and ch.i > tok.i:
            g = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if g is not None:
                return "by", g
    if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        s = next((ch for ch in tok.head.children if ch.dep_ == "nsubj"), None)
        if s is not None and s.lower_ not in ("it", "there", "this", "that", "which"):
            return "verb", s
    return "none", None


def _according_to(doc: Doc, tok: Token) -> Cand | None:
    to = doc[tok.i + 1]
    pobj = next((g for g in to.children if g.dep_ == "pobj"), None)
    if pobj is None:
        # parser often hangs the pobj off "according"
        pobj = next((g for g in tok.subtree if g.dep_ == "pobj" and g.i > to.i), None)
    if pobj is None:
        return None
    return _phrase_cue(doc, tok, to, pobj, "according_to")


def _light_verb_cue(doc: Doc, tok: Token, lx: dict, force: bool = False) -> Cand | None:
    """ "X made several statements on Y", "took a swipe at Y", "made the case that Z",
    "made it clear that Z": a light verb with a statement noun as its object (data/cues.json
    light_verbs, light_nouns) is the cue; the content is the noun's or the verb's
    complement. ``force`` (GENERIC_LIGHT): any verb with a common-noun object and a
    preposition after it ("had the backing of", "threw her support behind"), the cue up
    to the preposition, its object the content, for the cue model to judge."""
    kids = list(tok.children)
    content_tok = None
    last = tok
    clear = next((k for k in kids if k.lower_ == "clear" and k.pos_ == "ADJ"), None)
    if force:
        obj = next((k for k in kids if k.dep_ == "dobj" and k.pos_ == "NOUN" and k.i > tok.i), None)
        if obj is None:
            return None
        for k in list(obj.children) + kids:
            if k.dep_ == "prep" and k.i > obj.i and k.lower_ in cfg.LIGHT_PREPS and k.i - tok.i <= cfg.CUE_MAX_RIGHT:
                p = next((g for g in k.children if g.dep_ in ("pobj", "pcomp")), None)
                if p is not None:
                    content_tok, last = p, k
                    break
    elif tok.lemma_.lower() == "make" and clear is not None:
        content_tok = next((k for k in kids + list(clear.children) if k.dep_ == "ccomp"), None)
        if content_tok is None:
            obj = next((k for k in kids if k.dep_ == "dobj" and k.lower_ != "it"), None)
            content_tok = obj
        last = clear
    else:
        obj = next((k for k in kids if k.dep_ == "dobj" and k.lemma_.lower() in lx["light_nouns"]), None)
        if obj is None:
            return None
        last = obj
        for host in (obj, tok):
            for k in host.children:
                if k.dep_ in ("acl", "ccomp", "relcl") and k.i > obj.i and host is obj and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in k.children):
                    content_tok = k
                elif k.dep_ == "prep" and k.i > obj.i and k.lower_ in cfg.LIGHT_PREPS:
                    p = next((g for g in k.children if g.dep_ in ("pobj", "pcomp")), None)
                    if p is not None:
                        content_tok, last = p, k
                elif k.dep_ == "ccomp" and k.i > obj.i and host is tok:
                    content_tok = k
                if content_tok is not None:
                    break
            if content_tok is not None:
                break
    c = _phrase_cand(doc, tok, last, content_tok)
    if c is None:
        return None
    s = _subject(doc, tok)
    if s is not None:
        c.src = _np_span(doc, s, exclude=tok)
        c.src_head = s.i
    return c


def _phrase_cand(doc: Doc, tok: Token, last: Token, content_tok: Token | None) -> Cand | None:
    """A cue running from tok's left modifiers to ``last`` ("has also made the case",
    "was critical of"), its content the phrase of ``content_tok`` after the cue, trailing
    punctuation (not quote marks) off; None when no content is left."""
    if content_tok is None:
        return None
    lo, hi = max(content_tok.left_edge.i, last.i + 1), content_tok.right_edge.i
    while hi > lo and doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS:
        hi -= 1
    if hi < lo:
        return None
    first = _left_modifiers(doc, tok)
    return Cand(cue=(first.idx, _tok_end(last)), cue_tok=tok.i, kind="indirect",
                content=(doc[lo].idx, _tok_end(doc[hi])))


def _left_modifiers(doc: Doc, tok: Token) -> Token:
    """The first of the auxiliaries, negation and adverbs right before a verb ("has also
    made the case", "was not critical of"): in PolNeAR's cue (see _cue_tokens)."""
    j = tok.i
    while j - 1 >= 0 and doc[j - 1].head.i == tok.i and doc[j - 1].dep_ in ("aux", "auxpass", "neg", "advmod") \
            and "\n" not in doc[j - 1].whitespace_ and not doc[j - 1].is_punct:
        j -= 1
    return doc[j]


def _stance_adj_cue(doc: Doc, tok: Token, lx: dict, force: bool = False) -> Cand | None:
    """ "X was critical of Y", "X is convinced that Z", "X was ready to W": the copula with
    a stance adjective (data/cues.json stance_adjectives) is the cue; the content is the
    adjective's complement."""
    adj = next((k for k in tok.children if k.dep_ == "acomp" and (force or k.lower_ in lx["stance_adjectives"])), None)
    if adj is None:
        return None
    content_tok, last = None, adj
    for k in adj.children:
        if k.dep_ == "prep" and k.i > adj.i:
            p = next((g for g in k.children if g.dep_ in ("pobj", "pcomp")), None)
            if p is not None:
                content_tok, last = p, k
                break
        if k.dep_ in ("ccomp", "xcomp") and k.i > adj.i:
            if k.dep_ == "xcomp" and adj.lower_ in cfg.RAISING_ADJECTIVES:
                return None  # "the figure is certain to rise": a prediction, no holder
            content_tok = k
            break
    if content_tok is None:
        content_tok = next((k for k in tok.children if k.dep_ in ("ccomp", "xcomp") and k.i > adj.i), None)
    c = _phrase_cand(doc, tok, last, content_tok)
    s = _subject(doc, tok)
    if c is None or s is None or s.lower_ in ("it", "there", "this", "that"):
        return None
    c.src = _np_span(doc, s, exclude=tok)
    c.src_head = s.i
    return c


def _copula_noun_cue(doc: Doc, tok: Token) -> Cand | None:
    """ "My impression is that ...", "his more immediate goal is to ...", "the key question
    is whether ...": a noun subject of the copula whose complement is a clause; the cue runs
    from the noun's own words (not its possessor) to the copula, the possessor is the
    source (the cue model judges the noun; origin ``copula``)."""
    n = next((k for k in tok.children if k.dep_ == "nsubj" and k.pos_ == "NOUN" and k.i < tok.i), None)
    comp = next((k for k in tok.children if k.dep_ in ("ccomp", "xcomp", "advcl") and k.i > tok.i
                 and k.pos_ in ("VERB", "AUX")), None)
    if n is None or comp is None or tok.i - n.i > 3:
        return None
    content = _trim(doc, comp.left_edge.i, comp.right_edge.i)
    if content is None:
        return None
    poss = next((k for k in n.children if k.dep_ == "poss"), None)
    lefts = [k for k in n.lefts if k.dep_ in ("amod", "compound", "det", "advmod") and (poss is None or k.i > poss.i)]
    lo = min([n.i] + [k.left_edge.i for k in lefts])
    c = Cand(cue=(doc[lo].idx, _tok_end(tok)), cue_tok=tok.i, kind="indirect", content=content)
    if poss is not None:
        c.src = _np_span(doc, poss)
        c.src_head = poss.i
    return c


def _poll_phrase(doc: Doc, tok: Token, lx: dict) -> Cand | None:
    """ "In a CNN poll, Clinton led by 8 points", "Trump leads in the polls", "by one
    estimate": a poll/survey/estimate phrase qualifying a clause is the source of that
    clause (PolNeAR cue: the preposition)."""
    if tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    pobj = next((g for g in tok.children if g.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in lx["poll_nouns"]:
        return None
    if tok.lower_ == "by" and pobj.lemma_.lower() not in ("estimate", "count", "tally", "projection"):
        return None
    c = _phrase_cue(doc, tok, tok, pobj, "indirect", clause=tok.head)
    if c is not None:
        c.channel_of = None
        c.poll = True
    return c


def _holder_phrase(doc: Doc, tok: Token) -> Cand | None:
    """ "To Sexton, Tuesday marked a turning point", "In their view, Democrats could ...",
    "which in his view has gained strength": the holder's view of the clause the phrase
    qualifies (HOLDER_PHRASES)."""
    h = tok.head
    pobj = next((g for g in tok.children if g.dep_ == "pobj"), None)
    if tok.dep_ != "prep" or pobj is None or h.pos_ not in ("VERB", "AUX") or h.i == tok.i:
        return None
    e = pobj.right_edge.i
    if tok.lower_ == "to":
        # "To X, ...": opening its clause, set off by a comma, X a holder
        first = tok.i == tok.sent.start or (tok.i - 1 == tok.sent.start and doc[tok.i - 1].dep_ == "cc")
        if not first or h.i < e or e + 1 >= len(doc) or doc[e + 1].text != "," or not _holder_like(pobj) \
                or pobj.lower_ in ("that", "this", "it", "which", "what") or pobj.ent_type_ in ("DATE", "TIME") \
                or any(k.dep_ == "det" and k.lower_ in ("a", "an") for k in pobj.children):  # "To a person,"
            return None
        c = _phrase_cue(doc, tok, tok, pobj, "indirect", clause=h)
    else:
        # "in X's view": the view noun with its possessor
        poss = next((k for k in pobj.children if k.dep_ == "poss"), None)
        if pobj.lemma_.lower() not in cfg.HOLDER_VIEW_NOUNS or poss is None or not _holder_like(poss) or h.i < tok.i:
            return None  # (after its verb, "was dealt with appropriately in his view", not annotated)
        if any(k.dep_ in ("amod", "compound") and k.lower_ in ("right", "public") for k in pobj.children):
            return None  # "in their right mind", "in the public's mind"
        c = _phrase_cue(doc, tok, tok, pobj, "indirect", clause=h)
        if c is None:
            return None
        c.cue = (tok.idx, _tok_end(pobj))  # gold cues: "In", "'s view", "view", "personal opinion"
        c.src, c.src_head = _np_span(doc, poss), poss.i
    if c is None or c.content is None or c.content[1] - c.content[0] < 8:
        return None
    c.channel_of = None
    return c


def _phrase_cue(doc: Doc, tok: Token, last: Token, pobj: Token, kind: str,
                clause: Token | None = None) -> Cand | None:
    """A prepositional cue (tok..last) with its source pobj; the content is the sentence
    (or the given clause) without the phrase."""
    to = last
    src = _np_span(doc, pobj)
    sent = tok.sent
    # the clause it qualifies: the sentence without the according-to phrase
    phrase_lo = tok.i
    phrase_hi = max(t.i for t in pobj.subtree)
    lo, hi = sent.start, sent.end - 1
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i
    while hi > lo and doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS:
        hi -= 1
    if phrase_lo <= lo + 1:  # sentence-initial: "According to X, Y."
        lo = phrase_hi + 1
        while lo < hi and doc[lo].is_punct:
            lo += 1
    elif phrase_hi >= hi - 1:  # sentence-final: "Y, according to X."
        hi = phrase_lo - 1
        while hi > lo and doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS:
            hi -= 1
    if hi < lo:
        return None
    c = Cand(cue=(tok.idx, _tok_end(to)), cue_tok=tok.i, kind=kind,
             content=(doc[lo].idx, _tok_end(doc[hi])), src=src, src_head=pobj.i)
    head = tok.head
    if head.i != tok.i:
        c.channel_of = head.i  # "Kim said, according to the report"
    return c


def _citing(doc: Doc, tok: Token, lx: dict) -> Cand | None:
    obj = next((g for g in tok.children if g.dep_ in ("dobj", "pobj")), None)
    if obj is None:
        return None
    src_tok = _subject(doc, tok)
    c = Cand(cue=(tok.idx, _tok_end(tok)), cue_tok=tok.i, kind="indirect",
             content=_np_span(doc, obj))
    if src_tok is not None:
        c.src = _np_span(doc, src_tok, exclude=tok)
        c.src_head = src_tok.i
    c.channel_of = -1  # decided in _chains: an origin when the object is a source
    c.origin_text = "cite"
    return c


def _colon_cues(doc: Doc, quotes, cands: list[Cand]) -> list[Cand]:
    """ "Speaker: "quote" " and "X said:" handled elsewhere; here a name then colon then quote."""
    out = []
    text = _text(doc)
    for qs, qe in quotes:
        # '"..." ― Sonya Herridge': a dash after the quotation names its author
        m = cfg.DASH_AUTHOR.match(text, qe)
        if m and not any(c.content and c.content[0] <= qs < c.content[1] for c in cands):
            span = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
            if span is not None and len(span):
                c = Cand(cue=(m.start(1), m.end(1)), cue_tok=span.start - 1 if span.start else 0,
                         kind="direct", content=(qs, qe), src=(span.start_char, span.end_char),
                         src_head=span.root.i)
                out.append(c)
                continue
        j = qs - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        if j < 1 or text[j] != ":":
            continue
        if any(c.content and c.content[0] <= qs < c.content[1] for c in cands):
            continue
        colon = doc.char_span(j, j + 1, alignment_mode="expand")
        if colon is None:
            continue
        prev = colon.start - 1
        if prev < 0:
            continue
        if cfg.VERB_COLON:
            c = _verb_colon(doc, colon.start, j, qs, qe, quotes)
            if c is not None and any(_overlap(d.cue, c.cue) for d in cands):
                continue  # the verb is a cue already (its content elsewhere)
            if c is not None:
                out.append(c)
                continue
        t = doc[prev]
        if t.text == ")" or colon.text.startswith(")"):
            # "Rep. X (R-S.C.): '...'": the name before its parenthesis
            k = prev
            while k > 0 and doc[k].text != "(" and prev - k < 8:
                k -= 1
            if doc[k].text == "(" and k > 0:
                t = doc[k - 1]
        if t.pos_ not in ("PROPN", "PRON", "NOUN"):
            continue
        head = t
        while head.dep_ in ("compound", "flat") and head.head.i > head.i:
            head = head.head
        # the name must open its sentence ("Stone: '...'"), not close a verb's phrase
        # ("telling Breitbart London: '...'", "celebrated the attacks on Twitter: '...'")
        first = head.left_edge
        if first.i > head.sent.start and not (first.i > 0 and "\n" in doc[first.i - 1].text_with_ws) \
                and head.dep_ not in ("ROOT", "nsubj", "nsubjpass"):
            continue
        c = Cand(cue=(j, j + 1), cue_tok=colon.start, kind="direct", content=(qs, qe),
                 src=_np_span(doc, head), src_head=head.i)
        out.append(c)
    return out


def _verb_colon(doc: Doc, ci: int, j: int, qs: int, qe: int, quotes) -> Cand | None:
    """ 'Trump leaned in and boomed: "..."', 'Fallon fired back: "..."': the verb whose
    clause the colon closes (a few words before it) with a subject of its own."""
    v = doc[ci].head
    if v.i >= ci:  # the parser hung the colon on the quotation: from the word before it up
        v = doc[ci - 1]
        while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and v.head.i < ci:
            v = v.head
    if v.i >= ci or ci - v.i > cfg.VERB_COLON_GAP or v.pos_ not in ("VERB", "AUX") or v.sent.start > v.i \
            or _in_quote(v.idx, quotes) or any(t.text in cfg.QUOTE_CHARS or t.text in ".;!?" for t in doc[v.i:ci]):
        return None
    if v.dep_ not in ("ROOT", "conj", "ccomp", "relcl", "parataxis") or v.lemma_.lower() in cfg.COLON_NOT_VERBS:
        return None
    src = _subject(doc, v)
    if src is None or src.i > v.i or src.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    lo = v.i
    while lo - 1 > src.i and doc[lo - 1].dep_ in ("aux", "neg", "advmod") and doc[lo - 1].head.i == v.i:
        lo -= 1
    c = Cand(cue=(doc[lo].idx, j + 1), cue_tok=v.i, kind="direct", content=(qs, qe),
             src=_np_span(doc, src, exclude=v), src_head=src.i)
    c.date = _date_of(doc, v)
    return c


def _label_cues(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A paragraph opened by a speaker's name and a colon: transcripts ("PENCE: Well, look,
    ...") and headlines ("Rush Limbaugh: Hillary ... 'Reeks of Fear'", "Poll: Wealthy
    Voters Abandon ..."). The content runs to the paragraph end (a cue inside it is the
    speaker's own words). The label must name a person or organisation (an entity, a
    proper name or a speaker in capitals) or a document ("Poll", "Report")."""
    out = []
    text = _text(doc)
    lx = lexicon()
    heads = set(lx["src"]["document_heads"]) | set(lx["src"]["official_heads"]) | set(lx["src"]["organization_heads"])
    labels = list(cfg.SPEAKER_LABEL.finditer(text))
    if cfg.DASH_LABELS:
        labels += list(cfg.DASH_LABEL.finditer(text))
    t_end = text.find("\n")
    t_end = len(text) if t_end < 0 else t_end
    if cfg.TITLE_LABELS:
        m = cfg.TITLE_LABEL.match(text)
        if m and not any(o.start(1) == m.start(1) for o in labels):
            labels.append(m)
    for m in labels:
        ls, le = m.start(1), m.end(1)
        colon = text.index(":", le)
        pe = text.find("\n", colon)
        pe = len(text) if pe < 0 else pe
        title = cfg.TITLE_LABELS and pe == t_end
        body = text[colon + 1:pe].strip()
        if len(body.split()) < cfg.LABEL_MIN_WORDS:
            continue
        if len(body.split()) < (cfg.TITLE_LABEL_MIN_WORDS_UNQUOTED if title else cfg.LABEL_MIN_WORDS_UNQUOTED) and \
                not any(ch in body for ch in cfg.QUOTE_CHARS + "'\u2018\u2019"):
            continue  # a section head ("Cruz: Just hang on."), not a statement
        label = text[ls:le]
        words = label.split()
        if words[0].lower() in lx["cues"].get("not_speaker_labels", []):
            continue
        span = doc.char_span(ls, le, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if any(t.pos_ in ("VERB", "AUX") and not t.text.isupper() for t in span):
            continue
        is_name = all(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.is_punct
                      or (t.lower_ == "and" and 0 < t.i - span.start < len(span) - 1)  # "X and Y:"
                      for t in span) or (label.isupper() and len(label) > 2) or (
            "\n" not in text[:ls].strip() and all(w[:1].isupper() for w in words))  # a headline
        if not (is_name or words[-1].lower() in heads):
            if not (title and _title_label_head(span, heads)):
                continue
        cs = colon + 1 + (len(text[colon + 1:pe]) - len(text[colon + 1:pe].lstrip()))
        ce = colon + 1 + len(text[colon + 1:pe].rstrip())
        if any(_overlap(c.cue, (ls, colon + 1)) or (c.content and c.content[0] < cs < c.content[1]
                                                     and not (title and c.cue[0] >= pe))
               for c in cands):
            continue  # (in a title, a later paragraph's cue whose content ran back into it does not count)
        c = Cand(cue=(colon, colon + 1), cue_tok=span.end if span.end < len(doc) else span.start,
                 kind="direct", content=(cs, ce), src=(span.start_char, span.end_char), src_head=span.root.i)
        out.append(c)
    return out


def _title_label_head(span, heads: set) -> bool:
    """ "Clinton camp:", "WSJ editorial:", "Former AG Mukasey at RNC:", "Clinton to Planned
    Parenthood:": a title label (TITLE_LABELS) whose head (its last word, or the word before
    its first preposition) is a name or a source noun; no word of it a verb."""
    toks = [t for t in span if not t.is_punct]
    if not toks or len(toks) > cfg.TITLE_LABEL_MAX_WORDS or not toks[0].text[:1].isupper():
        return False
    cut = next((k for k, t in enumerate(toks) if k and t.pos_ == "ADP"), len(toks))
    head = toks[cut - 1]
    return head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or \
        head.lower_ in heads or head.lower_ in cfg.TITLE_LABEL_HEADS
