"""Stage dateline_attribution: who said what, to whom, through which channel.

Reads spaCy's parse, ``doc._.entities`` / ``doc._.mentions`` (entity stage) and
``doc._.times`` (time stage); writes ``doc._.attributions`` (list of record.Attribution).

How an attribution is found, in order:

1. Cues. A verb whose (lemma, frame, subject class) row of the frame table or whose
   lemma is precise enough as a cue (``data/cues.json``: derived from PolNeAR *train*
   annotations outside quotations, plus a hand list of speech/evidential verbs),
   belief verbs with a clause ("think", "hope", "fear"), a noun with its complement and
   holder ("Trump's claim that", "his plan to", "criticism of X by Y"; the train noun
   frame table), "according to X", "X, citing/quoting Y", a colon after a named speaker
   or a speaker label opening a paragraph ("PENCE: ...", a headline "Poll: ..."), a dash
   after a quotation, evidential subjects ("satellite imagery indicates"), a light verb
   with a statement noun ("took a swipe at", "made it clear that"), the copula with a
   stance adjective ("was critical of"), a poll phrase ("in a CNN poll"). The cue span
   is the predicate: auxiliaries, the governing verb of an infinitive ("declined to
   say"), a closing manner phrase ("said, holding back tears").
   The learned cue model (``data/cue_model.json``, ``CUE_MODEL``) then judges each verb,
   noun or copula candidate from its parse features: a rule cue scoring below
   ``CUE_KEEP_THRESHOLD`` is dropped ("offered a discount"), and a verb, noun or
   adjective outside the rule lexicon that has a content ("X came out against Y", "her
   refusal to ...") becomes a cue at ``CUE_ADD_THRESHOLD`` or above.
2. Source: the cue's subject (inherited through advcl/conj/xcomp chains, "appeared to
   show", "who said", "after saying"), the agent of a passive ("Asked by X"), the pobj
   of "according to", or the noun phrase right before a finite cue the parser left
   without a subject (or the antecedent of the relative clause ending there, the first
   subject of a misparsed complement before the cue, the subject the parser hung on the
   auxiliary, the copula's subject for "are quick to point out", the clause subject for a
   holderless cue noun in a prepositional phrase: "toured the state, with plans to").
   A candidate still without a source whose content follows its cue is dropped.
3. Content: the cue's complement clause (ccomp/xcomp), a clause the cue is a
   parenthetical of ("..., X said"), the preceding clause of a sentence-final cue, or
   the object for object-taking cues (run to the end of the cue's clause, never ending
   on a dangling "and"/"to"; an object after the cue beats a fronted clause; a "that"
   clause hung on the cue's prepositional object), a quotation right next to the cue; kept in the
   cue's paragraph, then snapped outward to whole quotations (split quotes, '"A," he
   said. "B."', multi-paragraph quotes, unbalanced marks run to the paragraph end), and
   ended where the next sentence's own attribution starts. A quotation paragraph right
   after a quoted speaker's paragraph continues that content, as does a sentence right
   after a direct quote's cue that quotes again after a few words ('"A," X said. Unless B,
   "C."'), and a quotation paragraph after a paragraph ending in a colon (its cue's).
4. Chains: an attribution nested in a reporting one ("Kim told Li that ..., KCNA
   reported") keeps its own source and gains the reporter as a channel (``via``);
   "X said, according to the report" gains the report's outlet as a channel;
   "Y reported ..., citing Z" makes Z the source, Y the channel, Z's words ``origin_text``.
5. Floating quotes (a quotation with no cue of its own) go to the speaker of the
   nearest attribution before them (or the one right after, "X said:").
6. Speakers are resolved to entities: ``doc._.mentions`` first (names, surnames,
   titles, pronouns from the entity stage); else our own fallback (last PERSON subject
   for he/she, the titled entity for "the minister", the last outlet for "the report",
   acronyms against full names, capitals to their country).

Never raises on bad input: a failure is caught, recorded in the article's warnings,
and the doc keeps the attributions found so far.

One module per step: ``candidates`` (1), ``features`` (the cue model), ``speakers`` (2),
``spans`` (3), ``chains`` (4, 5), ``resolve`` (6), over ``quotations``, ``lexicons`` and
``cand`` (the candidate every step works on); every switch and tuning constant is in
``settings``, read at call time. ``extract`` below runs them in order.
"""
from __future__ import annotations

from spacy.tokens import Doc

from .. import stage
from ...record import Attribution
from . import settings as cfg
from .cand import Cand
from .candidates import _colon_cues, cue_candidates, frame_of, _label_cues, noun_frame_of
from .chains import _chains, _drop_nested, _drop_shared_cue, _floating, _trim_overrun
from .features import cue_features, cue_model, cue_score
from .lexicons import lexicon
from .quotations import find_quotes, _text
from .resolve import _to_record
from .spans import (
    _back_to_previous_sentence, _clip_to_paragraph, _complete_dangling, _continued_quotes,
    _cut_adverbial, _snap_to_quotes, _split_quotes, _to_clause_end)
from .speakers import _noun_pp_sources, _receiver_frames


__all__ = ["Cand", "cue_candidates", "cue_features", "cue_model", "cue_score", "extract", "find_quotes", "frame_of", "lexicon", "noun_frame_of", "run"]


@stage("dateline_attribution")
def run(doc: Doc) -> None:
    try:
        doc._.attributions = extract(doc)
    except Exception as exc:  # bad input never crashes the pipeline
        doc._.attributions = doc._.attributions or []
        art = doc._.article
        if art is not None:
            art.meta.warnings.append(f"attribution: {type(exc).__name__}: {exc}")


def extract(doc: Doc, model: dict | None = None) -> list[Attribution]:
    """The Doc's attributions; ``model``: a cue model other than the shipped one (the
    evaluation scores articles with models fitted without them)."""
    if not len(doc):
        return []
    lx = lexicon()
    text = _text(doc)
    quotes = find_quotes(text)
    if model is None:
        model = cue_model() if cfg.CUE_MODEL else None
    cands: list[Cand] = []
    for tok, c, origin in cue_candidates(doc, lx, quotes, generic=model is not None):
        if origin.startswith("gen_") and any(d.cue[0] <= tok.idx < d.cue[1] for d in cands[-3:]):
            continue  # "made a statement": the noun is already in a light verb's cue
        if model is not None and origin in ("verb", "noun", "light", "stance", "gen_verb", "gen_noun", "gen_adj",
                                            "copula", "gen_light", "gen_headline"):
            s = cue_score(model, cue_features(doc, tok, c, origin, lx, quotes, rates=model.get("rates", {})))
            if s < (cfg.CUE_KEEP_THRESHOLD if origin in ("verb", "noun", "light", "stance") else cfg.CUE_ADD_THRESHOLD):
                continue
            c.score = s
        cands.append(c)
    cands += _colon_cues(doc, quotes, cands)
    cands += _label_cues(doc, cands)
    _receiver_frames(doc, cands)
    if cfg.NOUN_PP_SOURCE:
        _noun_pp_sources(doc, cands)
    for c in cands:
        if c.content is not None:
            c.content = _snap_to_quotes(text, _clip_to_paragraph(text, c.content, c.cue), c.cue, quotes)
    _split_quotes(doc, cands, quotes)
    _continued_quotes(doc, cands, quotes)
    _complete_dangling(doc, cands)
    if cfg.CONTENT_BACK_CONJ:
        _back_to_previous_sentence(doc, cands)
    _chains(doc, cands, lx)
    cands = [c for c in cands if not c.dropped and c.content is not None]
    if cfg.CONTENT_TO_CLAUSE_END:
        _to_clause_end(doc, cands)
    if cfg.ADVCL_CUT:
        _cut_adverbial(doc, cands, quotes)
    _trim_overrun(doc, cands)
    cands = _drop_nested(doc, cands)
    if cfg.SHARED_CUE:
        cands = _drop_shared_cue(cands)
    cands += _floating(doc, cands, quotes)
    if cfg.SOURCELESS_DROP:
        cands = [c for c in cands if c.floating or c.src is not None or c.source is not None
                 or c.content[0] < c.cue[1]]
    cands.sort(key=lambda c: c.cue[0])
    out = []
    for c in cands:
        a = _to_record(doc, c, len(out) + 1)
        if a is not None:
            out.append(a)
    return out
