"""Speed-ups of spaCy's own components that change no output.

``fast_attribute_ruler(nlp)`` swaps the model's ``attribute_ruler`` for one that gives
the same tokens the same attributes, faster. spaCy's AttributeRuler runs a ``Matcher``
over every token for its 179 patterns (en_core_web_sm), and all of them are one or
two tokens tested for values (TAG, LOWER, DEP, IS_SPACE, ORTH; exact, IN or NOT_IN).
Those are found here from one ``doc.to_array`` and dictionaries keyed by tag and by
lowercase form; the rest (3 REGEX patterns) still go through a ``Matcher``. All matches are then applied by spaCy's
``set_token_attrs`` in spaCy's order (pattern number, then position), merged per
token, so later rules still win exactly as before.

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
from spacy.tokens._retokenize import set_token_attrs

FAST_KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH}
COLUMNS = ["TAG", "LOWER", "DEP", "IS_SPACE", "ORTH"]
OPS = {"==": 0, "in": 1, "not_in": 2}


def _match(arr: list, t: int, n: int, conds: tuple) -> bool:
    if t + len(conds) > n:
        return False
    for j, tok_conds in enumerate(conds):
        row = arr[t + j]
        for c, op, v in tok_conds:
            x = row[c]
            if (x != v) if op == 0 else ((x not in v) if op == 1 else (x in v)):
                return False
    return True


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
                first = {k: (op, v) for k, op, v in conds[0]}
                entry = (i, tuple(tuple((COLUMNS.index(k), OPS[op], v) for k, op, v in c) for c in conds))
                if first.get("TAG", ("",))[0] in ("==", "in"):
                    op, v = first["TAG"]
                    for x in (v if op == "in" else [v]):
                        self.by_tag.setdefault(x, []).append(entry)
                elif first.get("LOWER", ("",))[0] in ("==", "in"):
                    op, v = first["LOWER"]
                    for x in (v if op == "in" else [v]):
                        self.by_lower.setdefault(x, []).append(entry)
                elif first.get("ORTH", ("",))[0] == "==":
                    self.by_orth.setdefault(first["ORTH"][1], []).append(entry)
                else:
                    self.others.append(entry)
            if slow:
                self.slow += 1
                self.matcher.add(str(i), slow)
        self.merged: dict[tuple, dict] = {}

    def _conds(self, pat) -> list | None:
        """Per token of the pattern, [(key, op, hashed value(s))] with op ``==`` or
        ``in`` (spaCy's {"IN": [...]}) for keys in FAST_KEYS; None for anything else."""
        out = []
        for tok in pat:
            conds = []
            for k, v in tok.items():
                if k not in FAST_KEYS:
                    return None
                if isinstance(v, dict):
                    op = next(iter(v)) if len(v) == 1 else None
                    if op not in ("IN", "NOT_IN") or not all(isinstance(x, str) for x in v[op]) or k == "IS_SPACE":
                        return None
                    conds.append((k, op.lower(), frozenset(self.strings.add(x) for x in v[op])))
                elif isinstance(v, (list, tuple)):
                    return None
                elif k == "IS_SPACE":
                    conds.append((k, "==", int(bool(v))))
                else:
                    conds.append((k, "==", self.strings.add(v) if isinstance(v, str) else v))
            if not conds:
                return None
            out.append(conds)
        return out or None

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, ORTH]).tolist()
        matches = set()
        by_tag, by_lower, by_orth, others = self.by_tag, self.by_lower, self.by_orth, self.others
        n = len(arr)
        for t, row in enumerate(arr):
            for table, key in ((by_tag, row[0]), (by_lower, row[1]), (by_orth, row[4])):
                for i, conds in table.get(key, ()):
                    if _match(arr, t, n, conds):
                        matches.add((i, t, t + len(conds)))
            for i, conds in others:
                if _match(arr, t, n, conds):
                    matches.add((i, t, t + len(conds)))
        if self.slow:
            for m_id, s, e in self.matcher(doc, allow_missing=True):
                matches.add((int(self.strings[m_id]), s, e))
        # spaCy applies matches sorted by (pattern, start), later ones overwriting: merge
        # them per token in that order, then set each token's attributes once.
        per_token: dict[int, list[int]] = {}
        indices = self.ruler.indices
        for i, s, e in sorted(matches):
            k = indices[i]
            per_token.setdefault(s + k if k >= 0 else e + k, []).append(i)
        merged_cache = self.merged
        for t, ids in per_token.items():
            key = tuple(ids)
            attrs = merged_cache.get(key)
            if attrs is None:
                attrs = {}
                for i in ids:
                    attrs.update(self.ruler.attrs[i])
                merged_cache[key] = attrs
            set_token_attrs(doc[t], attrs)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


FAST_RULER = "fast_attribute_ruler"


@Language.factory(FAST_RULER, default_config={"replaces": "attribute_ruler"})
def _make_fast_ruler(nlp: Language, name: str, replaces: str):
    return FastAttributeRuler(nlp.get_pipe(replaces))


def fast_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put the fast equivalent of ``name`` in its place in ``nlp``; False when absent."""
    if name not in nlp.pipe_names:
        return False
    nlp.add_pipe(FAST_RULER, name=f"{name}_fast", after=name, config={"replaces": name})
    nlp.remove_pipe(name)
    # same name as before: code that looks the component up, or runs "spaCy's own
    # components" by name (stages/events.py: not ``dateline_*``), finds it as before
    nlp.rename_pipe(f"{name}_fast", name)
    return True
