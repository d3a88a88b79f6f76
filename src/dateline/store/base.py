"""The store interface: every backend (SQLite, PostgreSQL) implements ``Store``.

The CLI, the corpus layer and the server talk to a ``Store`` only. ``open_store``
picks the backend from the address: a file path (or ``sqlite:///path``) is SQLite,
``postgresql://...`` is PostgreSQL.

The interface has three parts (docs/store.md lists the tables behind them):

- **ingest**: ``put`` one record atomically, ``has``/``get``/``find``, the input
  ledger that makes a run resumable (``input_done``/``mark_input``), failures;
- **corpus** (used by ``dateline.corpus``): read what the link step needs
  (``article_rows``, ``iter_records``, cached MinHash ``signatures``) and replace its
  results in one transaction each (``replace_copies``, ``replace_entity_links``,
  ``replace_clusters``). The link step is a pure function of the stored records, so
  running it again gives the same rows;
- **query**: events (as clusters with corroboration) by actor, recipient, type, place,
  date range, status and minimum independent outlets; quotes by speaker; an entity's
  timeline; one cluster; FTS search. Every query method returns plain dicts (JSON-ready),
  so the CLI, the HTTP API and the exporters share them;
- **read API** (what ``dateline serve`` answers, docs/api.md): paged and filtered lists of
  articles (with facets), entities, per-article events, cluster summaries, attributions;
  one article with its corpus links, one entity page, an entity's timeline, one cluster
  with a page of its reports grouped by voice. Pages are ``offset``/``limit`` (the API
  asks for limit + 1 rows to know whether another page exists).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..record import Record


@dataclass
class EventQuery:
    """Filters of ``Store.events``; every one optional, all must hold.

    actor / recipient / place: a canonical entity id (``K...``) or a name matched
    case-insensitively against canonical names and the aliases seen in articles.
    since / until: ISO dates compared with the cluster's date range (inclusive).
    status: one event status (asserted, reported, alleged, ...), any member carrying it.
    min_outlets: minimum number of independent outlets (syndicated copies count once).
    text: FTS5 query over the member articles' text.
    """

    actor: Optional[str] = None
    recipient: Optional[str] = None
    participant: Optional[str] = None   # actor or recipient
    type: Optional[str] = None
    place: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    status: Optional[str] = None
    min_outlets: int = 0
    min_articles: int = 0
    text: Optional[str] = None
    limit: int = 100
    offset: int = 0


def read_migrations(folder: str) -> list[tuple[int, str]]:
    """(version, SQL) of the ``NNNN_name.sql`` files in ``store/<folder>``, in order."""
    from importlib import resources

    out = []
    for f in resources.files("dateline").joinpath("store", folder).iterdir():
        if f.name.endswith(".sql") and f.name[:4].isdigit():
            out.append((int(f.name[:4]), f.read_text()))
    return sorted(out)


def like_escape(text: str) -> str:
    """``text`` as literal LIKE pattern text (use with ``ESCAPE '\\'``): ``%``, ``_`` and the
    escape character itself match only themselves. A NUL would end SQLite's pattern (and
    match everything): it becomes U+FFFD."""
    text = text.replace("\x00", "\ufffd")
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A cluster's summary row (event_clusters.summary, written at link time) lists at most
# this many names per role, so that a list page reads one small row per cluster.
SUMMARY_MAX_NAMES = 12


def cluster_summary(c: dict, names: dict[str, str], titles: dict[str, tuple]) -> dict:
    """The list item of one cluster (``Store.cluster_page``), computed once at link time
    from the cluster row: names of its participants, counts of articles, independent
    outlets and original sources, the first report. ``names``: cid -> canonical name;
    ``titles``: article id -> (title, outlet)."""
    corr = c.get("corroboration") or {}
    if isinstance(corr, str):
        import json

        corr = json.loads(corr or "{}")
    actors = list(c.get("actors") or [])[:SUMMARY_MAX_NAMES]
    recipients = list(c.get("recipients") or [])[:SUMMARY_MAX_NAMES]
    loc = c.get("location")
    first = c.get("earliest_article")
    title, outlet = titles.get(first, (None, None)) if first else (None, None)
    return {
        "cluster_id": c["cluster_id"], "type": c.get("type"), "mode": c.get("mode"),
        "date": c.get("date"), "date_end": c.get("date_end"),
        "actors": [names.get(x, x) for x in actors], "recipients": [names.get(x, x) for x in recipients],
        "actor_ids": actors, "recipient_ids": recipients,
        "location": names.get(loc, loc) if loc else None, "location_id": loc,
        "status": c.get("status"), "articles": c.get("articles"), "outlets": c.get("outlets"),
        "sources": len(corr.get("sources") or []), "disagreements": len(corr.get("disagreements") or []),
        "earliest_article": first, "earliest_published": c.get("earliest_published"),
        "first_report": {"article_id": first, "title": title, "outlet": outlet,
                         "published": c.get("earliest_published")} if first else None,
    }


class Store(ABC):
    # ------------------------------------------------------------------ ingest
    @abstractmethod
    def put(self, record: Record) -> bool:
        """Store one record atomically; False when the article was already stored."""

    @abstractmethod
    def has(self, article_id: str) -> bool: ...

    @abstractmethod
    def get(self, article_id: str) -> dict | None:
        """The stored record as a dict, or None."""

    @abstractmethod
    def find(self, prefix: str) -> list[str]:
        """Article ids starting with ``prefix`` (for short ids on the command line)."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table."""

    @abstractmethod
    def log_failure(self, location: str, reason: str, message: str) -> None:
        """Record a failed input once per (location, reason)."""

    @abstractmethod
    def failures(self, limit: int = 100) -> list[dict]: ...

    @abstractmethod
    def input_done(self, location: str, size: int | None = None, mtime: float | None = None) -> int | None:
        """When an earlier run finished this input (and, if given, its size and mtime still
        match): the number of articles it gave; else None."""

    @abstractmethod
    def mark_input(self, location: str, status: str, articles: int = 0,
                   size: int | None = None, mtime: float | None = None) -> None:
        """Ledger an input as finished (``done``) or unreadable (``failed``)."""

    @abstractmethod
    def iter_records(self) -> Iterator[dict]: ...

    def put_many(self, records: Iterable[Record]) -> tuple[int, int]:
        new = old = 0
        for r in records:
            if self.put(r):
                new += 1
            else:
                old += 1
        return new, old

    # ------------------------------------------------------------------ corpus
    @abstractmethod
    def article_rows(self) -> Iterator[dict]:
        """Per article: id, outlet, published, title, text, path, url (in ingest order)."""

    @abstractmethod
    def signatures(self) -> dict[str, tuple[int, bytes]]:
        """Cached MinHash signatures: article id -> (num_perm, hashvalues bytes)."""

    @abstractmethod
    def put_signatures(self, rows: Iterable[tuple[str, int, bytes]]) -> None: ...

    @abstractmethod
    def replace_copies(self, articles: Iterable[tuple[str, str | None, str, str]],
                       duplicates: Iterable[tuple[str, str, float]],
                       outlets: Iterable[tuple[str, str, str | None]]) -> None:
        """Replace copy/syndication results in one transaction.

        articles: (article_id, wire, copy_group, voice); duplicates: (article_id, dup_of,
        similarity); outlets: (name, kind, country)."""

    @abstractmethod
    def replace_entity_links(self, canon: Iterable[dict], links: Iterable[tuple[str, str, str]]) -> None:
        """canon: {cid, name, type, country, wikidata, aliases, articles};
        links: (article_id, eid, cid)."""

    @abstractmethod
    def replace_clusters(self, clusters: Iterable[dict]) -> None:
        """clusters: dicts with the event_clusters columns plus ``members`` [(article_id, evid)]
        and ``roles`` [(cid, role)]."""

    def build_read_cache(self) -> int:
        """Precompute what the read API would otherwise assemble per request (entity pages),
        from the link results; run at the end of the link step. Returns rows written."""
        return 0

    # ------------------------------------------------------------------ query
    @abstractmethod
    def events(self, q: EventQuery | None = None, **filters) -> list[dict]:
        """Event clusters matching the filters, earliest first, each with its corroboration."""

    @abstractmethod
    def cluster(self, cluster_id: str) -> dict | None:
        """One cluster with its member events (article, sentence, status, sources)."""

    @abstractmethod
    def quotes(self, speaker: str | None = None, text: str | None = None, limit: int = 100) -> list[dict]:
        """Attributions whose source (or channel) matches ``speaker`` and/or whose content
        matches the FTS query ``text``; with article, outlet, date."""

    def timeline(self, entity: str, limit: int = 500) -> list[dict]:
        """Everything dated about one entity, oldest first: the event clusters it takes
        part in and the quotes it is the source of."""
        items = []
        for ev in self.events(EventQuery(participant=entity, limit=limit)):
            items.append({"date": ev["date"] or ev["earliest_published"], "kind": "event", "type": ev["type"],
                          "cluster_id": ev["cluster_id"], "actors": ev["actors"], "recipients": ev["recipients"],
                          "location": ev["location"], "articles": ev["articles"], "outlets": ev["outlets"],
                          "status": ev["status"]})
        for qt in self.quotes(speaker=entity, limit=limit):
            items.append({"date": qt["date"] or qt["published"], "kind": "quote", "speaker": qt["speaker"],
                          "content": qt["content"], "article_id": qt["article_id"], "outlet": qt["outlet"]})
        items.sort(key=lambda x: (x["date"] is None, x["date"] or ""))
        return items[:limit]

    @abstractmethod
    def entities(self, name: str | None = None, limit: int = 50) -> list[dict]:
        """Canonical entities matching a name or alias (or the most reported ones)."""

    def outlets(self, limit: int = 100) -> list[dict]:
        """Outlets and credited agencies: name, kind (wire, state_media, outlet), country,
        articles published, articles credited to it as a wire. (Not abstract, so backends
        written before it keep working; SQLite implements it.)"""
        raise NotImplementedError(f"{type(self).__name__} does not list outlets yet")

    @abstractmethod
    def search(self, text: str, limit: int = 20) -> list[dict]:
        """FTS5 search over article titles and text: id, title, outlet, published, snippet."""

    # ------------------------------------------------------------------ read API (dateline serve)
    # Not abstract, so a backend without them still ingests and links; both shipped
    # backends implement every one. Keys of entities: a canonical id (K...) once linked,
    # else "n" + base64url("TYPE\\tname").
    def features(self) -> dict[str, bool]:
        """Which corpus features the store holds: fts, quotes_fts, canon, clusters, copies."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Forget what was cached about the data (after a write by another connection)."""

    def data_version(self) -> Optional[int]:
        """A number that moves whenever a write is committed (by any connection or
        process); None when the backend cannot tell. The server drops its response cache
        when it moves."""
        return None

    def stats(self) -> dict:
        """Rows per table of articles, entities, attributions, events, canon_entities, event_clusters."""
        raise NotImplementedError

    def article_page(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                     until=None, offset: int = 0, limit: int = 20) -> list[dict]:
        """Articles newest first (id, title, outlet, published, url, snippet); ``q``: all its words."""
        raise NotImplementedError

    def article_facets(self, *, q=None, outlet=None, country=None, type=None, entity_type=None, since=None,
                       until=None) -> dict:
        """{total, type, country, outlet, date: [{value, count}]} over the matching articles."""
        raise NotImplementedError

    def article(self, article_id: str) -> dict | None:
        """{record, links} of one article (a unique id prefix of 6+ characters works)."""
        raise NotImplementedError

    def entity_search(self, *, q=None, type=None, country=None, offset: int = 0, limit: int = 20) -> list[dict]:
        """Entities whose name or alias contains ``q``, most reported first: key, name, type, country,
        aliases, articles."""
        raise NotImplementedError

    def entity(self, key: str) -> dict | None:
        """One entity page: head fields, quotes_by, quotes_about, graph (who met whom)."""
        raise NotImplementedError

    def entity_json(self, key: str) -> str | None:
        """The entity page as JSON text when it was written at link time (else None)."""
        return None

    def entity_timeline(self, key: str, *, offset: int = 0, limit: int = 50) -> list[dict] | None:
        """The entity's events oldest first; a cluster once, with its number of reports."""
        raise NotImplementedError

    def event_page(self, *, actor=None, recipient=None, type=None, place=None, since=None, until=None,
                   status=None, min_outlets: int = 0, offset: int = 0, limit: int = 20) -> list[dict]:
        """Events as single articles report them (newest first), with their cluster."""
        raise NotImplementedError

    def cluster_page(self, q: EventQuery | None = None, **filters) -> list[dict]:
        """Cluster summaries (``cluster_summary``) matching the ``events`` filters, same order."""
        raise NotImplementedError

    def cluster_detail(self, cluster_id: str, *, offset: int = 0, limit: int = 50) -> dict | None:
        """One cluster (``cluster``) with one page of its member reports (earliest first) grouped
        by voice, ``members_total``, and ``next_offset`` when more reports follow."""
        raise NotImplementedError

    def attribution_page(self, *, speaker=None, source_type=None, channel=None, kind=None, q=None,
                         offset: int = 0, limit: int = 20) -> list[dict]:
        """Attributions newest first, with speaker, channels (via), content, article."""
        raise NotImplementedError

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(address: str) -> Store:
    if address.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # noqa: WPS433 - optional backend

        return PostgresStore(address)
    from .sqlite import SQLiteStore

    path = address[len("sqlite:///"):] if address.startswith("sqlite:///") else address
    return SQLiteStore(path)
