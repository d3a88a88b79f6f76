"""The learned cue classifier: parse features of a cue candidate and the model's score
(data/cue_model.json, fitted by ``python -m dateline.eval.attribution train-cues``)."""
from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from . import settings as cfg
from .cand import Cand
from .candidates import frame_of, noun_frame_of, _subject_class
from .quotations import _in_quote, _kind_of, _text


@lru_cache(maxsize=1)
def cue_model() -> dict | None:
    """data/cue_model.json: bias, sparse weights, per-lemma cue rates; None when absent."""
    try:
        root = resources.files("dateline").joinpath("data")
        m = json.loads(root.joinpath("cue_model.json").read_text(encoding="utf-8"))
        return m if m.get("weights") else None
    except (OSError, ValueError):
        return None


def cue_score(model: dict, feats: list[str]) -> float:
    """The model's probability that the candidate is a cue: a sparse dot product."""
    w = model["weights"]
    z = model["bias"] + sum(w.get(f, 0.0) for f in feats)
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _pos_group(tok: Token) -> str:
    return "N" if tok.pos_ in ("NOUN", "PROPN") else "A" if tok.pos_ == "ADJ" else "V"


def cue_features(doc: Doc, tok: Token, c: Cand, origin: str, lx: dict, quotes,
                 rates: dict | str | None = None) -> list[str]:
    """Sparse binary features of a cue candidate (token ``tok``, found by ``origin``) from
    spaCy's parse: the lemma and its cue rate on PolNeAR train (``rates``: the model's
    table unless given), part of speech, dependency, frame, subject class, content
    position and kind, quote marks and words around, negation, modal, tense, position."""
    lemma = tok.lemma_.lower()
    if rates is None:
        m = cue_model()
        rates = m.get("rates", {}) if m else {}
    def bucket(k: str) -> str:
        if rates == "defer":  # training: filled in later from the fold's own rates
            return "\x01" + k
        r = rates.get(k)
        return "%d" % (min(9, int(r * 10)) if r is not None else -1)

    key = lemma + "|" + _pos_group(tok)
    f = ["o=" + origin, "l=" + lemma, "lo=%s|%s" % (lemma, origin), "t=" + tok.tag_, "d=" + tok.dep_,
         "r=" + bucket(key),
         "lx=%d" % min(9, int(lx["verbs"].get(lemma, -0.1) * 10 + 1))]
    h = tok.head
    if h.i != tok.i:
        f += ["hd=" + h.dep_, "hl=" + h.lemma_.lower(), "dhp=%s|%s" % (tok.dep_, h.pos_)]
    kids = list(tok.children)
    deps = {k.dep_ for k in kids}
    f += ["cd=" + d for d in deps]
    # nested in another cue verb's complement ("X said Y told him ..."): the path's
    # first step below the nearest strong cue verb above the candidate
    below = tok
    for a in list(tok.ancestors)[:5]:
        if a.pos_ in ("VERB", "AUX") and lx["verbs"].get(a.lemma_.lower(), 0.0) >= cfg.CUE_STRONG_PRECISION:
            f.append("anc=" + below.dep_)
            break
        below = a
    if "agent" in deps and c.content is not None:
        # a passive with its "by" agent: the subject is what the agent holds (_passive_content)
        f.append("pas=" + ("before" if c.content[1] <= tok.idx else "after"))
    for k in kids:
        if k.dep_ == "neg":
            f.append("neg")
        elif k.dep_ == "aux" and k.tag_ == "MD":
            f.append("md=" + k.lower_)
        elif k.dep_ == "mark" and k.i < tok.i:
            f.append("mk=" + k.lower_)
        elif k.dep_ == "prep" and k.i > tok.i and k.lower_ != "according":
            # (not "X said, according to Y": a chain the stage keeps by design,
            # ACCORDING_KEEPS_OUTER, where PolNeAR annotates the according-to alone)
            f.append("pp=" + k.lower_)
            f.append("lpp=%s|%s" % (lemma, k.lower_))
        elif k.dep_ in ("dobj", "xcomp", "acomp", "dative", "attr") and k.i > tok.i:
            # "make a statement", "try to ...", "be critical": the verb with its complement
            f.append("lob=%s|%s|%s" % (lemma, k.dep_, k.lemma_.lower()))
            f.append("ob=%s|%s" % (k.dep_, k.lemma_.lower()))
            # how often the complement itself is a cue ("a statement" yes, "a discount" no)
            f.append("or=%s|%s" % (k.dep_, bucket(k.lemma_.lower() + "|" + _pos_group(k))))
            if k.ent_type_:
                f.append("oe=" + k.ent_type_)
    f += ["ld=%s|%s" % (lemma, tok.dep_), "lt=%s|%s" % (lemma, tok.tag_)]
    if origin in ("verb", "gen_verb", "light", "stance", "gen_adj", "gen_light"):
        fk = frame_of(tok)
        fr = fk.split("|", 1)[1]
        f += ["fr=" + fr, "fk=" + fk]
    elif origin == "copula":  # "my impression is that": the subject noun decides
        n = next((k for k in tok.children if k.dep_ == "nsubj"), None)
        if n is not None:
            f += ["cnl=" + n.lemma_.lower(), "cnr=" + bucket(n.lemma_.lower() + "|N"),
                  "cnp=%d" % any(k.dep_ == "poss" for k in n.children)]
    elif origin in ("noun", "gen_noun"):
        nk = noun_frame_of(tok, extra=origin == "gen_noun")
        if nk is not None:
            f += ["nf=" + nk.split("|", 1)[1], "nk=" + nk]
    # the source
    if c.src_head is not None and 0 <= c.src_head < len(doc):
        st = doc[c.src_head]
        sc = _subject_class(st)
        f += ["sc=" + sc, "se=" + (st.ent_type_ or "-"), "sp=" + st.pos_, "lsc=%s|%s" % (lemma, sc)]
        if st.pos_ == "PRON":
            f.append("sw=" + st.lower_)
        else:
            f.append("sl=" + st.lemma_.lower())
        if st.i > tok.i:
            f.append("sinv")
    else:
        f += ["sc=none", "lsc=%s|none" % lemma]
    # the content
    text = _text(doc)
    if c.content is not None:
        cs, ce = c.content
        pos = "after" if cs >= tok.idx else "before" if ce <= tok.idx else "around"
        k = _kind_of(text[cs:ce])
        n = len(text[cs:ce].split())
        f += ["cp=" + pos, "ck=" + k, "cpk=%s|%s" % (pos, k), "cn=%d" % min(6, n.bit_length()),
              "lcp=%s|%s" % (lemma, pos)]
    # words and marks around
    prv = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prv is not None and (prv.is_punct or prv.text in cfg.QUOTE_CHARS):
        f.append("pv=" + prv.text)
    if nxt is not None and (nxt.is_punct or nxt.lower_ in ("that", "to", "if", "whether")):
        f.append("nx=" + nxt.lower_)
    if _in_quote(tok.idx, quotes):
        f.append("inq")
    q_near = any(abs(qs - tok.idx) < 40 or abs(qe - tok.idx) < 40 for qs, qe in quotes[
        max(0, bisect.bisect_left(quotes, (tok.idx - 2000, 0)) - 1):bisect.bisect_right(quotes, (tok.idx + 40, 1 << 60))])
    if q_near:
        f.append("qnear")
    sent = tok.sent
    rel = (tok.i - sent.start) / max(1, len(sent))
    f.append("sp%d" % int(rel * 4))
    if tok.i + 2 >= sent.end:
        f.append("send")
    last = doc[sent.end - 1]
    while last.i > sent.start and last.is_space:
        last = doc[last.i - 1]
    if not (last.is_punct or last.text in cfg.QUOTE_CHARS):
        f.append("headline")  # a title line, no closing mark
    if cfg.TITLE_FEATURE and "\n" in text and tok.idx < text.index("\n"):
        # the article's first line, its headline ("Clinton blasts Trump", "Trump demands X
        # resign"): a predicate there is a cue more often than in the body
        f += ["ttl", "ttlo=" + origin]
        if cfg.TITLE_FEATURE_CROSS:
            # with the lemma's cue rate and whether a source and a content after it were
            # found ("Clinton targets Trump's ...": a rare cue verb with both)
            f += ["ttlr=" + bucket(key), "ttls=%d|%s" % (c.src_head is not None,
                                                         "after" if c.content is not None and c.content[0] >= tok.idx else "other")]
    return f
