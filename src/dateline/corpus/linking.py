"""Linking across articles: entities, then event mentions into same-event clusters.

**Entities.** Each article's entities are linked to one canonical entity per real-world
entity. Keys: the knowledge-base id when the record has one; else the entity's type
group (person, place, organisation, group) with its normalised name and each alias
(case, accents, hyphens, a leading "the" and possessives ignored). Entities sharing a
key are one; a one-word person name ("Shoigu") joins the only canonical person whose
full name ends (or starts) with that word. The canonical name is the most frequent
full surface form.

**Events.** Two event mentions from the corpus are the same event when (``same_event``):
- their PLOVER types are equal;
- their participants (actors and recipients, as canonical entities, roles ignored
  because reports of a meeting put either side first) share at least
  ``min(MIN_SHARED, smaller side)`` entities;
- their places agree: equal, or either unknown; a different place is tolerated (and
  reported as a disagreement) only when the participants are the same sets;
- their dates fall within ``DATE_WINDOW_DAYS`` of each other (the event's own date, else
  the article's publication day, which gets ``PUBLISHED_WINDOW_DAYS``).
Clusters are the connected components of that relation (single link), computed in
blocks of one type sorted by date, so the cost grows with the events of a type within
a window, not with the square of the corpus.

The link step is run at the end of ``dateline ingest`` (or alone: ``dateline link``)
over the whole store and replaces its previous results: it is deterministic, so a
re-run or a resumed ingest gives the same clusters.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from .dedup import UnionFind

# Events: calibrated by hand on our three-outlet fixtures (a meeting reported a day
# apart by time zone) and the ECB+ development topics (tests/test_corpus.py, eval crossdoc).
DATE_WINDOW_DAYS = 2
PUBLISHED_WINDOW_DAYS = 3
MIN_SHARED = 2

TYPE_GROUP = {"PERSON": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "FAC",
              "NORP": "NORP", "EVENT": "EVENT", "OTHER": "OTHER"}
TITLE_WORDS = re.compile(r"^(?:president|prime minister|minister|general|gen\.|mr\.?|mrs\.?|ms\.?|dr\.?|"
                         r"leader|chairman|secretary|king|queen|premier|defence minister|defense minister)\s+",
                         re.IGNORECASE)


def norm_name(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’']s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = TITLE_WORDS.sub("", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _cid(key: str) -> str:
    return "K" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class EntityLinks:
    canon: list[dict] = field(default_factory=list)
    links: dict[tuple[str, str], str] = field(default_factory=dict)   # (article, eid) -> cid

    def cid(self, article_id: str, eid: str | None) -> str | None:
        return self.links.get((article_id, eid)) if eid else None

    def name(self, cid: str | None) -> str | None:
        if not hasattr(self, "_names"):
            self._names = {c["cid"]: c["name"] for c in self.canon}
        return self._names.get(cid) if cid else None


def link_entities(records: list[dict]) -> EntityLinks:
    uf = UnionFind()
    surfaces: dict[tuple[str, str], list[str]] = {}
    info: dict[tuple[str, str], dict] = {}
    for r in records:
        for e in r.get("entities", []):
            node = (r["id"], e["id"])
            group = TYPE_GROUP.get(e["type"], "OTHER")
            info[node] = e
            surfaces[node] = [e["name"], *e.get("aliases", [])]
            uf.find(node)
            kb = (e.get("kb") or {}).get("wikidata")
            if kb:
                uf.union(node, ("kb", kb))
            for s in surfaces[node]:
                n = norm_name(s)
                if n:
                    uf.union(node, (group, n))
    # one-word person names join the only full name that ends or starts with that word
    full_by_word: dict[str, set] = defaultdict(set)
    single: list[tuple] = []
    for node, e in info.items():
        if TYPE_GROUP.get(e["type"]) != "PER":
            continue
        words = norm_name(e["name"]).split()
        if len(words) >= 2:
            full_by_word[words[-1]].add(uf.find(node))
            full_by_word[words[0]].add(uf.find(node))
        elif len(words) == 1:
            single.append((node, words[0]))
    for node, w in single:
        roots = {uf.find(x) for x in full_by_word.get(w, ())}
        if len(roots) == 1:
            uf.union(next(iter(roots)), node)
    groups: dict = defaultdict(list)
    for node in info:
        groups[uf.find(node)].append(node)
    out = EntityLinks()
    for members in groups.values():
        members.sort()
        names = Counter(info[m]["name"] for m in members)
        best = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n), n))
        types = Counter(info[m]["type"] for m in members)
        kb = next(((info[m].get("kb") or {}).get("wikidata") for m in members
                   if (info[m].get("kb") or {}).get("wikidata")), None)
        etype = types.most_common(1)[0][0]
        key = f"kb:{kb}" if kb else f"{TYPE_GROUP.get(etype, 'OTHER')}:{norm_name(best)}"
        cid = _cid(key)
        countries = Counter(info[m].get("country") for m in members if info[m].get("country"))
        aliases = sorted({s for m in members for s in surfaces[m]} - {best})
        out.canon.append({"cid": cid, "name": best, "type": etype,
                          "country": countries.most_common(1)[0][0] if countries else None,
                          "wikidata": kb, "aliases": aliases,
                          "articles": len({m[0] for m in members})})
        for m in members:
            out.links[m] = cid
    # two groups can normalise to one key (rare): keep cids unique
    seen: dict[str, dict] = {}
    for c in out.canon:
        if c["cid"] in seen:
            seen[c["cid"]]["articles"] += c["articles"]
            seen[c["cid"]]["aliases"] = sorted(set(seen[c["cid"]]["aliases"]) | set(c["aliases"]))
        else:
            seen[c["cid"]] = c
    out.canon = list(seen.values())
    return out


# ---------------------------------------------------------------- events
@dataclass
class Mention:
    article_id: str
    evid: str
    type: str
    mode: str | None
    actors: frozenset
    recipients: frozenset
    location: str | None
    day: date | None            # the event's own date (day or coarser: first day)
    day_from_published: bool
    date_value: str | None
    granularity: str | None
    status: str
    sources: list
    evidence: tuple
    published: str | None
    order: int = 0

    @property
    def participants(self) -> frozenset:
        return self.actors | self.recipients


def parse_day(value: str | None) -> tuple[date | None, str | None]:
    """TIMEX3-ish value -> (first day, granularity) for '2023-07-26', '2023-07', '2023'."""
    if not value:
        return None, None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None, None
    y, mo, d = m.groups()
    try:
        return date(int(y), int(mo or 1), int(d or 1)), "day" if d else "month" if mo else "year"
    except ValueError:
        return None, None


def mentions_from_records(records: list[dict], ents: EntityLinks) -> list[Mention]:
    out = []
    for order, r in enumerate(records):
        pub = (r.get("meta") or {}).get("published")
        for e in r.get("events", []):
            d = e.get("date") or {}
            day, gran = parse_day(d.get("value"))
            from_pub = False
            if day is None or gran == "year":
                pday, _ = parse_day(pub)
                if pday and day is None:
                    day, gran, from_pub = pday, "day", True
            ev = e.get("evidence") or {}
            out.append(Mention(
                article_id=r["id"], evid=e["id"], type=e["type"], mode=e.get("mode"),
                actors=frozenset(filter(None, (ents.cid(r["id"], a) for a in e.get("actor", [])))),
                recipients=frozenset(filter(None, (ents.cid(r["id"], a) for a in e.get("recipient", [])))),
                location=ents.cid(r["id"], e.get("location")), day=day, day_from_published=from_pub,
                date_value=d.get("value"), granularity=gran, status=e.get("status", "asserted"),
                sources=list(e.get("sources", [])), evidence=(ev.get("start", 0), ev.get("end", 0)),
                published=pub, order=order))
    return out


def _window(a: Mention, b: Mention) -> int:
    if a.day_from_published or b.day_from_published:
        return PUBLISHED_WINDOW_DAYS
    if "month" in (a.granularity, b.granularity):
        return 31
    return DATE_WINDOW_DAYS


def same_event(a: Mention, b: Mention) -> bool:
    if a.type != b.type:
        return False
    pa, pb = a.participants, b.participants
    if not pa or not pb:
        return False
    shared = len(pa & pb)
    if shared < min(MIN_SHARED, len(pa), len(pb)):
        return False
    if a.location and b.location and a.location != b.location and pa != pb:
        return False
    if a.day and b.day and abs((a.day - b.day).days) > _window(a, b):
        return False
    return True


def _compatible(a: Mention, b: Mention) -> bool:
    """Can two mentions sit in one cluster? Not when both name two or more participants
    and share fewer than MIN_SHARED of them (Kim-Shoigu is not Kim-Li)."""
    pa, pb = a.participants, b.participants
    if len(pa) >= MIN_SHARED and len(pb) >= MIN_SHARED and len(pa & pb) < MIN_SHARED:
        return False
    return True


def cluster_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Components of ``same_event`` (blocked by type, sorted by date), where a merge that
    would put two incompatible mentions in one cluster is refused (no chaining through a
    mention that names everyone)."""
    uf = UnionFind()
    members: dict[int, list[int]] = {}
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        uf.find(i)
        members[i] = [i]
        by_type[m.type].append(i)

    def merge(i: int, j: int) -> None:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            return
        if not all(_compatible(mentions[x], mentions[y]) for x in members[ri] for y in members[rj]):
            return
        uf.union(ri, rj)
        root = uf.find(ri)
        other = rj if root == ri else ri
        members[root] = members[root] + members.pop(other)

    max_window = max(DATE_WINDOW_DAYS, PUBLISHED_WINDOW_DAYS, 31)
    for idx in by_type.values():
        dated = sorted((i for i in idx if mentions[i].day), key=lambda i: (mentions[i].day, i))
        undated = [i for i in idx if not mentions[i].day]
        # the most specific pairs first: same participants, then the rest
        pairs = []
        for n, i in enumerate(dated):
            for j in dated[n + 1:]:
                if (mentions[j].day - mentions[i].day).days > max_window:
                    break
                if same_event(mentions[i], mentions[j]):
                    pairs.append((i, j))
        for i in undated:  # rare (no event date, no publication date): compare with all of its type
            for j in idx:
                if i < j and same_event(mentions[i], mentions[j]):
                    pairs.append((i, j))
        pairs.sort(key=lambda p: (mentions[p[0]].participants != mentions[p[1]].participants, p))
        for i, j in pairs:
            merge(i, j)
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[uf.find(i)].append(m)
    out = [sorted(g, key=lambda m: (m.published or "9999", m.order, m.evid)) for g in groups.values()]
    out.sort(key=lambda g: (g[0].day or date(9999, 1, 1), g[0].order, g[0].evid))
    return out


def cluster_id(first: Mention) -> str:
    return "C" + hashlib.sha1(f"{first.article_id}/{first.evid}".encode()).hexdigest()[:12]
