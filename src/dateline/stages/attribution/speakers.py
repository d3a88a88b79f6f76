"""Who holds a cue: the source in the parse (subjects through chains, relative clauses,
insertions, agents, raised and receiving frames)."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from . import settings as cfg
from .cand import Cand
from .lexicons import lexicon, _participle_holders, _source_heads
from .quotations import _tok_end


def _noun_pp_sources(doc: Doc, cands: list[Cand]) -> None:
    """ "Bush toured the state, with plans to return", "Trump made statements - including
    a call for a ban", "stirred controversy with an assertion that": a cue noun with no
    holder of its own inside a prepositional phrase of a clause (or of that clause's
    object) is held by the clause's subject."""
    for c in cands:
        if c.src is not None or c.source is not None or c.floating or c.content is None:
            continue
        tok = doc[c.cue_tok]
        if tok.pos_ != "NOUN":
            continue
        t = tok
        while t.dep_ in ("conj", "appos") and t.head.i != t.i:
            t = t.head
        if t.dep_ != "pobj" or t.head.dep_ != "prep":
            continue
        h = t.head.head
        verb = h if h.pos_ in ("VERB", "AUX") else _governing_verb(h) if h.pos_ in ("NOUN", "PROPN") else None
        if verb is None:
            continue
        s = _subject(doc, verb)
        if s is None or s.lower_ in ("it", "there", "this", "that", "which", "what") or \
                c.content[0] <= s.idx < c.content[1] or not _holder_like(s):
            continue
        c.src, c.src_head = _np_span(doc, s, exclude=verb), s.i


def _gap_subject(doc: Doc, end: int, tok: Token) -> Token | None:
    gap = doc.char_span(end, tok.idx, alignment_mode="contract")
    if gap is None:
        return None
    for t in gap:
        if t.pos_ in ("PROPN", "NOUN", "PRON") and not t.is_punct:
            root = t
            while root.dep_ in ("compound", "flat", "amod", "det", "poss") and root.head.i > root.i and root.head.i < tok.i:
                root = root.head
            return root
    return None


def _left_subject(doc: Doc, tok: Token) -> Token | None:
    """ "..., her adviser, Jake Sullivan, said: ..." / "Sanders, who sits ..., said that":
    a finite cue the parser left without a subject takes the noun phrase that ends right
    before it (past a comma and adverbs), or the one that opens its clause."""
    first = tok
    if cfg.LEFT_SUBJECT_CHAIN:
        # "Clinton, the nominee, was bracing for defeat and hoping to ...": the first verb
        # of a chain of conjuncts, finite through its auxiliary
        while tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
        auxes = [ch for ch in tok.children if ch.dep_ in ("aux", "auxpass") and ch.i < tok.i]
        if auxes and not any(ch.dep_ in cfg.SUBJ_DEPS for a in auxes for ch in a.children):
            first = auxes[0]
        else:
            first = tok
    if not ((tok.tag_ in ("VBD", "VBZ", "VBP") or first.tag_ in ("VBD", "VBZ", "VBP", "MD"))
            and tok.dep_ in ("ROOT", "ccomp", "conj")):
        return None
    if any(ch.dep_ in cfg.SUBJ_DEPS for ch in tok.children):
        return None
    if cfg.LEFT_SUBJECT_INSERTION:
        ins = _insertion_subject(doc, tok, first)
        if ins is not None:
            return ins
    sent = tok.sent
    i = first.i - 1
    while i >= sent.start and (doc[i].is_punct or doc[i].dep_ in ("advmod", "aux", "neg")):
        i -= 1
    if i < sent.start:
        return None
    t = doc[i]
    if t.pos_ in ("PROPN", "NOUN"):
        while t.dep_ in ("compound", "flat") and t.head.i > t.i:
            t = t.head
        while t.dep_ == "appos" and t.head.dep_ == "appos":
            t = t.head
        if t.dep_ in ("appos", "nsubj", "ROOT", "dep", "npadvmod"):
            return t
    if cfg.LEFT_SUBJECT_CLAUSES:
        # "a White House official who spoke anonymously to discuss X said": the words
        # before the cue end a relative clause; its antecedent is the speaker
        k = doc[i]
        while k.head.i != k.i and k.head.i < tok.i:
            if k.dep_ == "relcl" and k.head.pos_ in ("PROPN", "NOUN"):
                return k.head
            k = k.head
        # "Sanders, meanwhile, who sits at ..., said that", "A representative for X - a
        # business pitched as Y - noted that": the parser made the speaker's clause a
        # complement of the cue, with two subjects (or a relative pronoun) in it
        for c in tok.lefts:
            if c.dep_ not in ("ccomp", "advcl") or c.i < sent.start:
                continue
            subs = [k for k in c.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < c.i]
            nouns = [k for k in subs if k.pos_ in ("PROPN", "NOUN")]
            if nouns and (len(subs) > 1) and not any(k.dep_ == "mark" for k in c.children):
                return nouns[0]
    # a relative clause parsed as the cue's complement: its antecedent opens the sentence
    first = doc[sent.start]
    while first.is_punct and first.i < tok.i:
        first = doc[first.i + 1]
    while first.dep_ in ("compound", "flat") and first.head.i > first.i and first.head.i < tok.i:
        first = first.head
    if first.pos_ in ("PROPN", "NOUN") and first.dep_ == "nsubj" and first.head.i < tok.i and \
            any(ch.lower_ in ("who", "which") for ch in first.head.children):
        return first
    return None


def _inverted_subject(doc: Doc, tok: Token) -> Token | None:
    """ '"...," reports USA Today' / 'said matter-of-factly Bill Eastland': the speaker
    after the verb, which the parser often takes for an object."""
    for t in doc[tok.i + 1: min(len(doc), tok.i + 5)]:
        if t.is_punct:
            return None
        if t.pos_ in ("PROPN", "NOUN") and t.head.i != t.i:
            root = t
            while root.dep_ in ("compound", "flat", "amod") and root.head.i > root.i:
                root = root.head
            if root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or root.pos_ == "PROPN" or \
                    root.lower_ in lexicon()["src"]["official_heads"]:
                return root
            return None
    return None


def _subject(doc: Doc, tok: Token) -> Token | None:
    # "Asked by X to respond, ...": a passive participle with its agent and no subject
    # of its own is said by the agent
    if tok.tag_ == "VBN" and not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in tok.children):
        agent = next((g for a in tok.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
    cur, seen = tok, 0
    while seen < 6:
        seen += 1
        # two subjects ("Washington (AFP) - Democrat Hillary Clinton has taken"): the
        # dateline's place is not the speaker, the one nearest the verb is
        subs = [ch for ch in cur.children if ch.dep_ in ("nsubj", "nsubjpass", "csubj") and ch.i != tok.i]
        if not subs and cfg.AUX_SUBJECT:
            # "I do n't doubt", "Not everyone is convinced": the parser hung the subject
            # on the auxiliary
            subs = [g for ch in cur.children if ch.dep_ in ("aux", "auxpass") and ch.i < cur.i
                    for g in ch.children if g.dep_ in ("nsubj", "nsubjpass")]
        if len(subs) > 1:
            subs.sort(key=lambda ch: (ch.i > cur.i, -ch.i if ch.i < cur.i else ch.i))
        for ch in subs:
            if True:
                if ch.dep_ == "nsubjpass":
                    agent = next((g for a in cur.children if a.dep_ == "agent"
                                  for g in a.children if g.dep_ == "pobj"), None)
                    if agent is not None:
                        return agent
                # "X, who said ...": the relative pronoun is the source as written
                # (PolNeAR), resolved to X's entity in _resolve_entity_span
                return ch
        if cur.dep_ == "relcl" and cur.head.pos_ in ("PROPN", "NOUN"):
            return cur.head
        # object control: "prompted Sanders to advocate", "relies on users to report",
        # "urged the senator to say": the object of the governing verb holds the infinitive
        if cur.dep_ == "xcomp" and cur.head.i < cur.i and any(ch.dep_ == "aux" and ch.lower_ == "to"
                                                               for ch in cur.children):
            obj = _control_object(cur.head, cur)
            if obj is not None:
                return obj
        if cur.dep_ in ("advcl", "conj", "xcomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        # "technology companies are quick to point out", "Cruz was bold enough to tout":
        # an infinitive on a predicate adjective is said by the copula's subject
        if cfg.ADJECTIVE_SUBJECT and cur.dep_ == "acomp" and cur.head.pos_ in ("AUX", "VERB") and cur.head.i != cur.i:
            cur = cur.head
            continue
        # "X left after saying ...", "X began by proposing ...": the gerund under a
        # preposition of the clause takes that clause's subject
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.dep_ == "prep" and \
                cur.head.head.pos_ in ("VERB", "AUX") and cur.head.head.i != cur.head.i:
            cur = cur.head.head
            continue
        if cfg.PARTICIPLE_PRONOUN_HOLDER and cur.dep_ == "acl" and cur.tag_ in ("VBG", "VBN") and \
                cur.head.i < cur.i and cur.head.lower_ in _participle_holders():
            return cur.head
        if cur.dep_ == "acl" and cur.head.pos_ in ("PROPN", "NOUN"):
            # "the Vermont senator opened a rally blasting X", "spent his speech praising
            # X": a participle on a thing the subject did is the subject's (PolNeAR train);
            # "supporters chanting X", "Democrats hoping to": the holder is the noun
            verb = _governing_verb(cur.head)
            infinitive = any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in cur.children)
            if (cur.tag_ == "VBG" or infinitive) and verb is not None and not _holder_like(cur.head):
                cur = verb
                continue
            if cfg.ACL_OBJECT_SUBJECT and (cur.tag_ == "VBG" or infinitive) and verb is not None and \
                    cur.head.dep_ == "dobj" and verb.i < cur.head.i and cur.head.pos_ == "NOUN" and \
                    lexicon()["verbs"].get(verb.lemma_.lower(), 0.0) < cfg.CHAIN_HEAD_MAX_PRECISION and \
                    any(ch.dep_ in ("nsubj", "nsubjpass") and ch.i < verb.i for ch in verb.children):
                # "the DNC issued a statement apologizing", "put out a statement saying":
                # a statement noun the subject issues is not the holder, the subject is
                cur = verb
                continue
            return cur.head
        if cfg.CHAIN_INVERTED_SUBJECT and cur.i != tok.i and cur.i < tok.i and cur.lemma_.lower() in lexicon()["speech"]:
            # '"...," added Murphy, referring to X': the speech verb's speaker after it
            inv = _inverted_subject(doc, cur)
            if inv is not None and inv.i < tok.i:
                return inv
        break
    return None


def _insertion_subject(doc: Doc, tok: Token, first: Token) -> Token | None:
    """ "Col. X, a military spokesman in Baghdad, said": the noun phrase that ends at the
    comma opening a comma-set insertion right before the cue (``first``: the cue or its
    first auxiliary), at the start of its clause."""
    sent = tok.sent
    i = first.i - 1
    while i >= sent.start and doc[i].dep_ in ("advmod", "neg") and not doc[i].is_punct:
        i -= 1
    if i < sent.start or doc[i].text != ",":
        return None
    j = i - 1
    while j >= sent.start and i - j <= cfg.LEFT_INSERTION_MAX and doc[j].text != ",":
        if doc[j].text in (";", ":") or doc[j].text in cfg.QUOTE_CHARS or doc[j].dep_ in cfg.SUBJ_DEPS and doc[j].head.i > j:
            return None  # a clause of its own, not an insertion
        j -= 1
    if j <= sent.start or doc[j].text != "," or j == i - 1:
        return None
    t = doc[j - 1]
    if t.pos_ not in ("PROPN", "NOUN", "PRON") or t.dep_ in ("poss", "pobj") and t.pos_ != "PROPN":
        return None
    while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < j:
        t = t.head
    # the phrase opens its clause: the sentence start, a comma or a conjunction before it
    k = t.left_edge.i - 1
    if k >= sent.start and doc[k].text not in (",", "and", "but", "But", "And") and doc[k].text not in cfg.QUOTE_CHARS:
        return None
    return t


def _control_object(verb: Token, xcomp: Token) -> Token | None:
    if verb.lemma_.lower() in cfg.SUBJECT_CONTROL:
        return None
    for ch in verb.children:
        if ch.i < xcomp.i and ch.i > verb.i and ch.dep_ in ("dobj", "dative") and (
                ch.pos_ in ("PROPN", "PRON") or _holder_like(ch) or (
                ch.pos_ == "NOUN" and verb.lemma_.lower() in cfg.CAUSATIVE_CONTROL)):
            return ch
        if ch.i < xcomp.i and ch.i > verb.i and ch.dep_ == "prep" and ch.lower_ == "on":
            g = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if g is not None and (g.pos_ in ("PROPN", "PRON") or _holder_like(g)):
                return g
    return None


def _holder_like(tok: Token) -> bool:
    """A noun that can hold a view: a name, a pronoun, a person/organisation/group entity,
    or a source head of data/sources.json ("officials", "supporters")."""
    heads = _source_heads()
    return tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or \
        tok.lemma_.lower() in heads or tok.lower_ in heads


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through a preposition ("opened a
    rally", "ended the debate with a reference")."""
    t = noun
    for _ in range(4):
        if t.dep_ in ("dobj", "attr", "npadvmod", "oprd") and t.head.pos_ in ("VERB", "AUX"):
            return t.head
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            return t.head.head
        if t.dep_ in ("pobj", "conj", "appos") and t.head.i != t.i:
            t = t.head if t.dep_ != "pobj" else t.head.head
            continue
        return None
    return None


def _np_span(doc: Doc, tok: Token, exclude: Token | None = None) -> tuple[int, int]:
    toks = list(tok.subtree)
    if exclude is not None and tok.left_edge.i <= exclude.i <= tok.right_edge.i and exclude.i != tok.i:
        lo_x, hi_x = exclude.left_edge.i, exclude.right_edge.i
        toks = [t for t in toks if t.i < lo_x or t.i > hi_x]
        if tok not in toks:  # the source word sits inside the cue's phrase ("who said")
            toks = [tok] + [t for t in tok.lefts if t.dep_ in ("compound", "det", "amod", "poss", "nummod")]
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    if cfg.SOURCE_STOPS_AT_CUE and exclude is not None and tok.i < exclude.i <= hi:
        # "Romney, the 2012 nominee, tweeted in response:" parsed with the verb on the
        # name: the source ends before the cue verb's clause (first of its ancestors)
        a = exclude
        first = exclude.i
        while a.head.i != a.i and a.head.i != tok.i:
            a = a.head
            if tok.i < a.i < first:
                first = a.i
        if first - 1 >= lo:
            hi = min(hi, first - 1)
    # never across a paragraph break ("First foreigners\n\nSatellite imagery") nor a
    # dateline's dash before the head ("Washington (AFP) - Democrat Hillary Clinton")
    for i in range(tok.i - 1, lo - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_ or doc[i].text in ("\u2013", "\u2014", "--"):
            lo = i + 1
            break
    # a source never spans a quotation or a clause boundary after its head
    i = tok.i + 1
    while i <= hi:
        if doc[i].text in cfg.QUOTE_CHARS and cfg.SOURCE_SCARE_QUOTES:
            # 'the community -- the "us" -- that he built': a quoted word or two inside
            # the noun phrase stays in it
            close = next((k for k in range(i + 1, min(hi, i + 4) + 1) if doc[k].text in cfg.QUOTE_CHARS), None)
            if close is not None and i > tok.i + 1:
                i = close + 1
                continue
        if doc[i].text in cfg.QUOTE_CHARS or doc[i].text in (";", ":"):
            hi = i - 1
            break
        i += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return doc[lo].idx, _tok_end(doc[hi])


def _receiver_frames(doc: Doc, cands: list[Cand]) -> None:
    """ "X has the endorsement of Y", "X won the backing of Y", "X enjoys the support of
    Y": the noun's "of"/"from" object is the source and the verb's subject what is
    endorsed (PolNeAR train: 46 of 51 such relations; the cue runs from the verb to
    the preposition)."""
    for c in cands:
        tok = doc[c.cue_tok]
        if cfg.RAISED_SUBJECTS and c.content is not None and tok.pos_ in ("VERB", "AUX"):
            _raised_subject(doc, c, tok)
        if c.content is not None and tok.dep_ == "relcl" and tok.pos_ in ("VERB", "AUX"):
            # "the letter, which was first reported by X", "a message, which he preaches at
            # festivals": the relative pronoun is what was reported (PolNeAR train)
            rel = next((ch for ch in tok.children if ch.dep_ in ("nsubjpass", "dobj")
                        and ch.lower_ in ("which", "that") and ch.i < tok.i), None)
            if rel is not None and not (c.content[0] <= rel.idx < c.content[1]) and not any(
                    ch.dep_ in ("ccomp", "xcomp") for ch in tok.children):
                # from the pronoun on, so "which he described as 'X'" keeps X too
                c.content = (rel.idx, max(_tok_end(rel), c.content[1]))
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cfg.RECEIVER_NOUNS or tok.dep_ != "dobj":
            continue
        verb = tok.head
        if verb.lemma_.lower() not in cfg.RECEIVER_VERBS:
            continue
        subj = next((ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        prep = next((ch for ch in tok.children if ch.dep_ == "prep" and ch.i > tok.i
                     and ch.lower_ in ("of", "from")), None)
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        if subj is None or pobj is None or subj.lower_ in cfg.REL_PRONOUNS - {"who"}:
            continue
        c.src = _np_span(doc, pobj)
        c.src_head = pobj.i
        c.content = _np_span(doc, subj)
        c.cue = (doc[min(verb.i, tok.i)].idx, _tok_end(prep))


def _raised_subject(doc: Doc, c: Cand, tok: Token) -> None:
    """ "Mr. X seemed to overstay his welcome", "The bank is expected to act in December",
    "His decision was seen as an act of disloyalty (by some)": the subject of a raising
    verb or of a passive belief verb is part of what is reported, not its holder; the
    holder is the "by" agent, else unnamed (PolNeAR train: the subject is annotated inside
    the content)."""
    lemma = tok.lemma_.lower()
    if lemma in cfg.RAISING_VERBS:
        subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
        comp = next((ch for ch in tok.children if ch.dep_ in ("xcomp", "ccomp")), None)
        if subj is None or comp is None:
            return
        if lexicon()["verbs"].get(comp.lemma_.lower(), 0) >= cfg.CUE_STRONG_PRECISION:
            return  # "X appeared to oppose Y": X holds the stance the infinitive reports
    elif lemma in cfg.PASSIVE_BELIEF_VERBS:
        subj = next((ch for ch in tok.children if ch.dep_ == "nsubjpass"), None)
        if subj is None:
            return
    elif cfg.PASSIVE_AS_SUBJECT and _passive_with_predicate(tok):
        subj = next(ch for ch in tok.children if ch.dep_ == "nsubjpass")
    else:
        return
    if subj.lower_ in cfg.REL_PRONOUNS or subj.i > tok.i or c.content[0] < _tok_end(tok):
        return
    lo = _np_span(doc, subj)[0]
    c.content = (lo, c.content[1])
    agent = next((g for a in tok.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
    if agent is not None:
        c.src, c.src_head = _np_span(doc, agent), agent.i
    else:
        c.src, c.src_head = None, None


def _passive_with_predicate(tok: Token) -> bool:
    """ "X was declared the winner", "X has been widely condemned as Y", "X is listed as Y": a
    passive verb with its subject before it and a predicate after it ("as" phrase, object
    predicate or attribute; see PASSIVE_AS_SUBJECT)."""
    return any(ch.dep_ == "nsubjpass" and ch.i < tok.i for ch in tok.children) and any(
        ch.i > tok.i and ((ch.dep_ == "prep" and ch.lower_ == "as") or ch.dep_ in ("oprd", "attr"))
        for ch in tok.children)


def _is_source_like(tok: Token) -> bool:
    return tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def _is_evidence(tok: Token, lx: dict) -> bool:
    words = " ".join(t.lower_ for t in tok.subtree)
    heads = lx["src"]["observation_heads"] + lx["src"]["document_heads"]
    return tok.lemma_.lower() in heads or tok.lower_ in heads or any(
        h in words.split() for h in ("imagery", "footage", "images", "documents", "data"))
