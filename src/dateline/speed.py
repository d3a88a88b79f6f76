"""Speed-ups of spaCy's own components that change no output.

``fast_attribute_ruler(nlp)`` swaps the model's ``attribute_ruler`` for one that gives
the same tokens the same attributes, faster. spaCy's AttributeRuler runs a ``Matcher``
over every token for its 179 patterns (en_core_web_sm), and 172 of them are single
tokens tested for exact values (TAG, LOWER, DEP, IS_SPACE, ORTH). Those are found here
from one ``doc.to_array`` and dictionaries keyed by tag and by lowercase form; the
other patterns still go through a ``Matcher``. All matches are then applied by spaCy's
own ``AttributeRuler.set_annotations``, in spaCy's order (pattern number, then
position), so later rules still win exactly as before.

Measured on 100 BBC articles (bench/bench_throughput.py --stages): the component took
12% of the pipeline's CPU time; see docs/capacity.md for the figures after the swap.
tests/test_dask.py and bench/bench_throughput.py --check compare records with and
without it.
"""
from __future__ import annotations

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

FAST_KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH}
COLUMNS = ["TAG", "LOWER", "DEP", "IS_SPACE", "ORTH"]


class FastAttributeRuler:
    def __init__(self, ruler):
        self.ruler = ruler
        self.name = getattr(ruler, "name", "attribute_ruler")
        vocab = ruler.vocab
        self.strings = vocab.strings
        self.matcher = Matcher(vocab, validate=False)
        self.by_tag: dict[int, list] = {}
        self.by_lower: dict[int, list] = {}
        self.by_orth: dict[int, list] = {}
        self.others: list = []
        self.slow = 0
        for i, p in enumerate(ruler.patterns):
            slow = []
            for pat in p["patterns"]:
                conds = self._conds(pat)
                if conds is None:
                    slow.append(pat)
                    continue
                d = dict(conds)
                entry = (i, tuple((COLUMNS.index(k), v) for k, v in conds))
                if "TAG" in d:
                    self.by_tag.setdefault(d["TAG"], []).append(entry)
                elif "LOWER" in d:
                    self.by_lower.setdefault(d["LOWER"], []).append(entry)
                elif "ORTH" in d:
                    self.by_orth.setdefault(d["ORTH"], []).append(entry)
                else:
                    self.others.append(entry)
            if slow:
                self.slow += 1
                self.matcher.add(str(i), slow)
        self.keys = {i: self.strings.add(str(i)) for i in range(len(ruler.attrs))}

    def _conds(self, pat) -> list | None:
        """[(key, hashed value)] for a one-token pattern of exact values, else None."""
        if len(pat) != 1:
            return None
        out = []
        for k, v in pat[0].items():
            if k not in FAST_KEYS or isinstance(v, dict) or isinstance(v, (list, tuple)):
                return None
            if k == "IS_SPACE":
                out.append((k, int(bool(v))))
            else:
                out.append((k, self.strings.add(v) if isinstance(v, str) else v))
        return out

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, ORTH]).tolist()
        matches = set()
        by_tag, by_lower, by_orth, others = self.by_tag, self.by_lower, self.by_orth, self.others
        for t, row in enumerate(arr):
            for table, key in ((by_tag, row[0]), (by_lower, row[1]), (by_orth, row[4])):
                for i, conds in table.get(key, ()):
                    if all(row[c] == v for c, v in conds):
                        matches.add((i, t, t + 1))
            for i, conds in others:
                if all(row[c] == v for c, v in conds):
                    matches.add((i, t, t + 1))
        if self.slow:
            for m_id, s, e in self.matcher(doc, allow_missing=True):
                matches.add((int(self.strings[m_id]), s, e))
        self.ruler.set_annotations(doc, [(i, self.keys[i], s, e) for i, s, e in sorted(matches)])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


FAST_RULER = "dateline_fast_attribute_ruler"


@Language.factory(FAST_RULER, default_config={"replaces": "attribute_ruler"})
def _make_fast_ruler(nlp: Language, name: str, replaces: str):
    return FastAttributeRuler(nlp.get_pipe(replaces))


def fast_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put the fast equivalent of ``name`` in its place in ``nlp``; False when absent."""
    if name not in nlp.pipe_names:
        return False
    nlp.add_pipe(FAST_RULER, after=name, config={"replaces": name})
    nlp.remove_pipe(name)
    return True
