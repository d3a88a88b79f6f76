"""Attributions among each other: reporting chains (channels, ``via``), one attribution per
stretch of words (nesting), shared cues, and floating quotations."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from . import settings as cfg
from .cand import Cand
from .quotations import _abbrev_free, _dedup, _overlap, _quoted, _sent_index, _text
from .resolve import _report_channel, _resolve_entity_span, _resolve_source, _source_type, _source_words


def _chains(doc: Doc, cands: list[Cand], lx: dict) -> None:
    by_tok = {c.cue_tok: c for c in cands}
    # resolve sources first so channels have entities
    for c in cands:
        _resolve_source(doc, c, lx, cands)
    for c in cands:
        if c.kind == "according_to" and c.channel_of is not None:
            inner = by_tok.get(c.channel_of)
            if inner is None:
                # the parser hung "according to" off the content verb: the attribution
                # whose content holds the head, with a cue in the same sentence
                inner = next((o for o in cands if o is not c and o.content and o.kind != "according_to"
                              and doc[c.channel_of].sent == doc[o.cue_tok].sent
                              and o.content[0] <= doc[c.channel_of].idx < o.content[1]), None)
            if inner is not None and inner is not c:
                ch = c.source or _report_channel(doc, c, cands)
                # both stay when the phrase reports the whole clause ("Police have said
                # ..., according to attorneys"): the inner speaker said it through the
                # according-to source (via), and that source's report is a fact too
                outer_form = c.content is not None and c.content[0] <= inner.cue[0] < c.content[1]
                if ch:
                    inner.via = _dedup([ch] + inner.via)
                    if outer_form and cfg.ACCORDING_KEEPS_OUTER:
                        inner.chained = True
                    else:
                        c.dropped = True
                elif inner.content and c.content and _overlap(inner.content, c.content) > 0:
                    if outer_form and cfg.ACCORDING_KEEPS_OUTER:
                        inner.chained = True
                    else:
                        c.dropped = True
                    inner.origin_text = None
        if c.origin_text == "cite":
            c.origin_text = None
            head = doc[c.cue_tok].head
            while head.i != head.head.i and head.i not in by_tok:
                head = head.head
            outer = by_tok.get(head.i)
            origin_words = _text(doc)[c.content[0]:c.content[1]] if c.content else ""
            if outer is not None and outer is not c and outer.origin_text and \
                    _overlap(c.content, outer.src or (0, 0)) > 0:
                c.dropped = True  # already folded in as the origin ("said, quoting X, that")
            elif outer is not None and outer is not c and _source_words(origin_words, lx):
                # "Yonhap reported ..., citing unnamed officials": officials the source,
                # Yonhap the channel
                outer.origin_text = origin_words
                if outer.source:
                    outer.via = _dedup([outer.source] + outer.via)
                    span_tok = doc.char_span(c.content[0], c.content[1], alignment_mode="expand")
                    outer.src = c.content
                    outer.src_text = origin_words
                    outer.source = _resolve_entity_span(doc, span_tok) if span_tok is not None else None
                    outer.src_head = span_tok.root.i if span_tok is not None else None
                    outer.source_type = _source_type(doc, outer, lx)
                c.dropped = True
    for c in cands:
        if c.origin_text and c.origin_text.startswith("quote:"):
            _, a, b = c.origin_text.split(":")
            a, b = int(a), int(b)
            c.origin_text = _text(doc)[a:b]
            span = doc.char_span(a, b, alignment_mode="expand")
            if c.source and span is not None:
                c.via = _dedup([c.source] + c.via)
                c.src, c.src_text, c.src_head = (a, b), c.origin_text, span.root.i
                c.source = _resolve_entity_span(doc, span)
                c.source_type = _source_type(doc, c, lx)
    # nested: an attribution whose content holds a speech cue with its own source
    for outer in cands:
        if outer.dropped or outer.content is None or outer.kind == "according_to":
            continue
        for inner in cands:
            if inner is outer or inner.dropped or inner.content is None:
                continue
            lemma = doc[inner.cue_tok].lemma_.lower()
            if lemma not in lx["speech"] or inner.kind in ("according_to",):
                continue
            s, e = outer.content
            if not (s <= inner.cue[0] < e):
                continue
            if inner.src is None or not (s <= inner.src[0] < e):
                continue
            if outer.source is None and not outer.src:
                continue
            ch = outer.source
            if ch and ch != inner.source:
                # both stay: the outlet reported the whole clause, and the inner source
                # said its part through the outlet
                inner.via = _dedup([ch] + outer.via + inner.via)
                if inner.date is None:
                    inner.date = outer.date
                inner.chained = True


def _trim_overrun(doc: Doc, cands: list[Cand]) -> None:
    """A content that runs on into the next sentence's own attribution ('X said A. "B," Y
    said.' parsed as one sentence) ends where that attribution starts."""
    text = _text(doc)
    # "X said A, according to Y": X's content ends before the according-to phrase that
    # reports the whole clause (PolNeAR: Y's content is "X said A")
    for o in cands:
        if o.content is None or o.kind == "according_to" or o.content[0] < o.cue[1]:
            continue
        for c in cands:
            if c.kind == "according_to" and c.content and c.src and o.content[0] < c.cue[0] < o.content[1] \
                    and c.content[0] <= o.cue[0] < c.content[1] and \
                    re.match(r"\s*(?:[.!?\n]|$)", text[c.src[1]:c.src[1] + 3]):  # sentence-final
                e = len(text[:c.cue[0]].rstrip(" ,;\u2014-"))
                if e > o.content[0]:
                    o.content = (o.content[0], e)
                    o.chained = True  # kept beside Y's: X said it, Y reports it (via)
    inner = [(min(c.cue[0], c.src[0], c.content[0]), max(c.cue[1], c.src[1], c.content[1]), c)
             for c in cands if c.content is not None and c.src is not None and not c.floating]
    for o in cands:
        if o.content is None or o.floating or o.kind == "according_to":
            continue
        for start, end, c in inner:
            if c is o or not (o.content[0] < start < o.content[1] and o.cue[1] <= start and end >= o.content[1] - 2):
                continue
            lo = max(o.content[0], o.cue[1])
            gap = _abbrev_free(doc, lo, start + 1) if cfg.OVERRUN_ABBREV else text[lo:start + 1]
            if not cfg.SENT_BREAK.search(gap):
                continue
            e = start
            while e > o.content[0] and (text[e - 1].isspace()):
                e -= 1
            if len(text[o.content[0]:e].split()) >= 3:
                o.content = (o.content[0], e)


def _drop_nested(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """One attribution per stretch of words (PolNeAR's univocal annotation): a cue inside
    another attribution's content is part of what that source said, not a new fact.
    Chains were folded into ``via`` before this, so "Kim told Li ..., KCNA reported"
    keeps Kim's attribution."""
    if cfg.NESTED_TRIM:
        _trim_before_later_cue(doc, cands)
    if cfg.POLL_GIVES_WAY > 0:
        # "In an online poll of 800 voters, Democracy Corp found that ...": the poll phrase
        # qualifies a cue verb of its own; that verb's attribution stands for it
        heads = {c.cue_tok for c in cands if not c.poll and c.score >= cfg.POLL_GIVES_WAY
                 and doc[c.cue_tok].lemma_.lower() not in cfg.POLL_KEEPS_VERBS}
        cands = [o for o in cands if not (o.poll and doc[o.cue_tok].head.i in heads)]
    if cfg.NESTED_WEAK_OUTER > 0:
        # a doubtful cue (model score below NESTED_WEAK_OUTER) whose content holds a surer
        # one gives way to it ("cheered Democrats hoping to ...", "sounds reasonable: X
        # signed ...")
        weak = {id(o) for o in cands for c in cands if o is not c and o.content and c.content
                and o.score < cfg.NESTED_WEAK_OUTER and c.score > o.score and not c.chained
                and o.content[0] <= c.cue[0] < o.content[1] and not (c.content[0] <= o.cue[0] < c.content[1])}
        cands = [o for o in cands if id(o) not in weak]
    keep = []
    for c in cands:
        if cfg.NESTED_DROP and not c.chained and any(o is not c and o.content and o.content[0] <= c.cue[0] < o.content[1]
                               and not (c.content[0] <= o.cue[0] < c.content[1])
                               and not (cfg.NESTED_KEEP_SIBLINGS and _sibling_predicate(doc, c.cue_tok, o.cue_tok))
                               for o in cands):
            continue
        # "an official who spoke anonymously to discuss the talks said ...": a cue inside
        # another attribution's source is part of how the source is named
        # ... but "X, who said A, said B": a relative clause set off by a comma is an
        # attribution of its own and the outer source ends before it (PolNeAR train)
        outers = [o for o in cands if o is not c and o.src and o.src[0] <= c.cue[0] < o.src[1]
                  and not (c.src and c.src[0] <= o.cue[0] < c.src[1])]
        if cfg.NESTED_DROP and outers:
            text = _text(doc)
            rel = c.src is not None and text[c.src[0]:c.src[1]].lower() in cfg.REL_PRONOUNS and \
                text[:c.src[0]].rstrip().endswith(",")
            # '"...," said X, a Y, referring to Z': a participle after the speaker's noun
            # phrase is the speaker's next statement; the outer source ends before it
            part = cfg.SOURCE_PARTICIPLE and c.src_head is not None and doc[c.cue_tok].tag_ == "VBG" and \
                text[:c.cue[0]].rstrip().endswith(",") and all(o.src_head == c.src_head for o in outers)
            if not rel and not part:
                continue
            for o in outers:
                cut = c.src[0] if rel else c.cue[0]
                if o.src[0] < cut:
                    e = len(text[:cut].rstrip().rstrip(",").rstrip())
                    if e > o.src[0]:
                        if o.src_text == text[o.src[0]:o.src[1]]:
                            o.src_text = text[o.src[0]:e]
                        o.src = (o.src[0], e)
        keep.append(c)
    return keep


def _drop_shared_cue(cands: list[Cand]) -> list[Cand]:
    """Two candidates on one cue ("refuses" with "to disavow X" and "refuses to disavow"
    with "X", found from both verbs): PolNeAR gives a token to one attribution only; the
    longer cue stays (held-out train: of 49 such pairs, the shorter alone matched gold 8
    times, the longer alone 16, both 21)."""
    out = []
    for c in cands:
        if any(d is not c and d.cue[0] <= c.cue[0] and c.cue[1] <= d.cue[1] and d.cue != c.cue and
               c.content and d.content and c.content[0] < d.content[1] and d.content[0] < c.content[1] and
               not (c.src and d.cue[0] <= c.src[0] < d.cue[1])  # "Asked by reporters to explain"
               for d in cands):
            continue
        out.append(c)
    return out


def _sibling_predicate(doc: Doc, i: int, j: int) -> bool:
    """Token i hangs on token j as a further predicate of the same speaker ("said ...,
    adding that", "did say X and called Y", "said ..., telling Z that"), not inside what j
    says: the path up from i reaches j within three steps through conjuncts and adverbial
    clauses only."""
    if not (0 <= i < len(doc) and 0 <= j < len(doc)) or i == j:
        return False
    t = doc[i]
    for _ in range(3):
        if cfg.SIBLING_GERUNDS and t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.i == j:
            return True  # "called X her hero before explaining", "dismissed X by pointing out"
        if t.dep_ not in cfg.SIBLING_DEPS or t.head.i == t.i:
            return False
        t = t.head
        if t.i == j:
            return True
    return False


def _trim_before_later_cue(doc: Doc, cands: list[Cand]) -> None:
    """ "X said A, and accused Y of B": a content that follows its cue ends where the cue
    coordinated with it (its source, else its cue) starts, so both attributions stay.
    "X vetoed a bill, which critics said was unfair": a relative clause set off by a comma
    and holding its own attribution ends the content before its pronoun (PolNeAR train:
    the inner relation is annotated, with the pronoun in its content)."""
    text = _text(doc)
    for o in cands:
        if o.content is None or o.floating or o.kind == "according_to":
            continue
        for c in cands:
            if c is o or c.content is None or not (o.content[0] < c.cue[0] < o.content[1]):
                continue
            p = c.content[0]
            if not (o.content[0] + cfg.NESTED_TRIM_MIN_CHARS <= p < c.cue[0]) or o.cue[0] <= p < o.cue[1]:
                continue
            word = re.match(r"\w+", text[p:p + 6])
            if word is None or word.group(0).lower() not in ("which", "who", "whom") or \
                    not text[:p].rstrip().endswith(","):
                continue  # only a clause set off by a comma ("that"/"who" questions stay)
            if doc[c.cue_tok].dep_ != "relcl" and doc[c.cue_tok].head.dep_ != "relcl":
                continue
            e = len(text[:p].rstrip(" ,;\u2014-"))
            if e > o.content[0] and e < o.content[1]:
                o.content = (o.content[0], e)
    if cfg.NESTED_REL_SOURCE > 0:
        # "is tying the bill to Rubio, who supported it": a sure cue whose source is a
        # relative pronoun after a comma inside another's content starts a relation of its
        # own; that content ends before the pronoun
        for o in cands:
            if o.content is None or o.floating or o.kind == "according_to":
                continue
            for c in cands:
                if c is o or c.content is None or c.src is None or c.score < cfg.NESTED_REL_SOURCE or \
                        not (o.content[0] + cfg.NESTED_TRIM_MIN_CHARS <= c.src[0] < c.cue[0] < o.content[1]):
                    continue
                if o.cue[0] <= c.src[0] < o.cue[1] or text[c.src[0]:c.src[1]].lower() not in ("who", "which", "whom") \
                        or not text[:c.src[0]].rstrip().endswith(","):
                    continue
                e = len(text[:c.src[0]].rstrip(" ,;\u2014-"))
                if o.content[0] < e < o.content[1]:
                    o.content = (o.content[0], e)
    for o in cands:
        if o.content is None or o.content[0] < o.cue[1] or o.floating or o.kind == "according_to":
            continue
        for c in cands:
            if c is o or c.chained or c.content is None or not (o.content[0] < c.cue[0] < o.content[1]):
                continue
            if c.content[0] < c.cue[0] or c.content[0] < o.content[0]:
                continue  # the later cue's content runs back into ours ('A, he said')
            ct = doc[c.cue_tok]
            sib = cfg.NESTED_TRIM_SIBLINGS and _sibling_predicate(doc, c.cue_tok, o.cue_tok)
            if not (ct.dep_ == "conj" and ct.head.i == o.cue_tok) and not sib:
                continue
            cut = min(c.cue[0], c.src[0] if c.src and c.src[0] > o.content[0] else c.cue[0])
            if sib and o.content[0] < doc[ct.left_edge.i].idx < cut:
                cut = doc[ct.left_edge.i].idx  # "..., while others said": the whole clause
            if cut - o.content[0] < cfg.NESTED_TRIM_MIN_CHARS:
                continue
            o.content = (o.content[0], cut)


def _floating(doc: Doc, cands: list[Cand], quotes) -> list[Cand]:
    out = []
    text = _text(doc)
    covered = [c.content for c in cands if c.content] + [c.src for c in cands if c.src]
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    for qs, qe in quotes:
        if not cfg.FLOATING_MIN_WORDS <= len(text[qs:qe].split()) <= cfg.FLOATING_MAX_WORDS:
            continue
        inner = text[qs:qe].rstrip("\"'\u201d\u00bb\u203a\x00 ")
        if not inner or inner[-1] not in ".?!\u2026":
            continue  # '"...," X said' with the cue missed: not a free-standing quotation
        if any(_overlap((qs, qe), cv) > 0 for cv in covered):
            continue
        # a quote that is a whole sentence (or more), not a phrase inside a narrated one
        lead = text[max(0, qs - 2):qs].strip()
        if lead and lead[-1] not in ".!?\n" and qs > 0 and text[qs - 1] not in "\n":
            prev_nl = text.rfind("\n", 0, qs)
            between = text[prev_nl + 1:qs]
            if between.strip() and not re.search(r"[.!?]\s*$", between.strip()):
                continue
        si = _sent_index(starts, qs)
        best = None
        para_start = text.rfind("\n", 0, qs) + 1
        prev = text[:para_start].rstrip()
        if cfg.FLOATING_AFTER_COLON and not text[para_start:qs].strip() and prev.endswith(":"):
            # 'Cruz called them on it:\n\n"The questions ..."': the paragraph that ends in
            # a colon introduces the quotation; its cue's content takes it in, and
            # without a cue there the quotation is not a floating one of someone earlier
            lead = [c for c in cands if c.content and text.rfind("\n", 0, len(prev)) < c.cue[0] < len(prev)]
            if lead:
                c = lead[-1]
                c.content = (min(c.content[0], qs), qe)
                covered.append((qs, qe))
            continue
        for c in sorted(cands, key=lambda c: -c.cue[0]):
            if c.cue[0] >= qs:
                continue
            ci = _sent_index(starts, c.cue[0])
            if si - ci > cfg.FLOATING_BACK_SENTS:
                break
            if not (c.source or c.src):
                continue
            if best is None:
                best = c
            # in the same paragraph, the speaker of the last quotation goes on speaking
            # ('"A," X said, suggesting Y. "B."')
            if c.cue[0] >= para_start and c.content and _quoted(text, c.content):
                best = c
                break
            if c.cue[0] < para_start:
                break
        if best is None:
            continue
        between = text[best.content[1]:qs] if best.content else "\n"
        nl = between.find("\n")
        if best.content and (nl < 0 or (cfg.FLOATING_NEXT_PARAGRAPH and not between[nl:].strip())) and best.cue[0] < qs and \
                _quoted(text, best.content):
            # '"A," X said. "B."': the quotation goes on after the cue
            best.content = (best.content[0], qe)
            covered.append((qs, qe))
            continue
        f = Cand(cue=(qs, qs + 1), cue_tok=doc.char_span(qs, qs + 1, alignment_mode="expand").start
                 if doc.char_span(qs, qs + 1, alignment_mode="expand") is not None else 0,
                 kind="direct", content=(qs, qe), source=best.source, source_type=best.source_type,
                 via=list(best.via), src_text=best.src_text or (text[best.src[0]:best.src[1]] if best.src else None),
                 floating=True)
        out.append(f)
    return out
