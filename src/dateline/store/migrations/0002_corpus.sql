-- dateline store, schema version 2: the corpus layer (docs/store.md).
-- Inputs already read (resumable ingest), outlets, copies and syndication, entities
-- linked across articles, same-event clusters with their corroboration, FTS5 search.

-- Every input location an ingest run finished (a file, or a container: JSONL, feed, WARC).
-- A restarted run skips these; inside an unfinished container, stored article ids are skipped.
CREATE TABLE IF NOT EXISTS inputs (
    location    TEXT PRIMARY KEY,
    size        INTEGER,
    mtime       REAL,
    status      TEXT NOT NULL,              -- done | failed
    articles    INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One failure per (location, reason): a restarted run never logs the same failure twice.
DELETE FROM failures WHERE rowid NOT IN (SELECT min(rowid) FROM failures GROUP BY location, reason);
CREATE UNIQUE INDEX IF NOT EXISTS failures_once ON failures(location, reason);

-- Outlets seen in the corpus; kind: wire (a news agency), state_media, outlet.
CREATE TABLE IF NOT EXISTS outlets (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL DEFAULT 'outlet',
    country     TEXT
);

-- Copies and syndication, filled by the link step (dateline.corpus.dedup).
--   wire:       the agency the text credits ("SEOUL, July 27 (Reuters) -", "(c) AFP")
--   copy_group: id of the earliest article of its near-duplicate group (itself when alone)
--   voice:      what counts once for corroboration: the wire when syndicated, else the
--               copy group's outlet, else the outlet, else the article
ALTER TABLE articles ADD COLUMN wire TEXT;
ALTER TABLE articles ADD COLUMN copy_group TEXT;
ALTER TABLE articles ADD COLUMN voice TEXT;
CREATE INDEX IF NOT EXISTS articles_copy_group ON articles(copy_group);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

-- MinHash signatures (datasketch, NUM_PERM uint64 values), cached so a new link step
-- only hashes new articles.
CREATE TABLE IF NOT EXISTS signatures (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    num_perm    INTEGER NOT NULL,
    hashvalues  BLOB NOT NULL
);

-- Near-duplicate pairs: article_id is a copy of dup_of (the earlier one).
CREATE TABLE IF NOT EXISTS duplicates (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    dup_of      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity  REAL NOT NULL,
    PRIMARY KEY (article_id, dup_of)
);

-- Entities linked across articles (dateline.corpus.linking): one canonical entity per
-- real-world entity, keyed by knowledge-base id, else type + normalised name/alias.
CREATE TABLE IF NOT EXISTS canon_entities (
    cid         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    country     TEXT,
    wikidata    TEXT,
    aliases     TEXT,                       -- JSON list of names seen
    articles    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS canon_entities_name ON canon_entities(name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS entity_links (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid         TEXT NOT NULL,
    cid         TEXT NOT NULL,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX IF NOT EXISTS entity_links_cid ON entity_links(cid);

-- Same-event clusters (dateline.corpus.linking + corroboration).
CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id      TEXT PRIMARY KEY,       -- 'C' + digest of its first member
    type            TEXT NOT NULL,
    mode            TEXT,
    actors          TEXT,                   -- JSON list of canonical ids
    recipients      TEXT,                   -- JSON list of canonical ids
    location        TEXT,                   -- canonical id
    date            TEXT,                   -- earliest member date (TIMEX3 value)
    date_end        TEXT,                   -- latest member date
    status          TEXT,                   -- strongest member status (asserted > reported > ...)
    articles        INTEGER NOT NULL,
    outlets         INTEGER NOT NULL,       -- independent outlets (copies count once)
    earliest_article TEXT,
    earliest_published TEXT,
    corroboration   TEXT NOT NULL           -- JSON: articles, voices, sources, disagreements
);
CREATE INDEX IF NOT EXISTS event_clusters_type ON event_clusters(type, date);
CREATE TABLE IF NOT EXISTS cluster_members (
    cluster_id  TEXT NOT NULL REFERENCES event_clusters(cluster_id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL,
    evid        TEXT NOT NULL,
    PRIMARY KEY (article_id, evid)
);
CREATE INDEX IF NOT EXISTS cluster_members_cluster ON cluster_members(cluster_id);
CREATE TABLE IF NOT EXISTS cluster_actors (
    cluster_id  TEXT NOT NULL REFERENCES event_clusters(cluster_id) ON DELETE CASCADE,
    cid         TEXT NOT NULL,
    role        TEXT NOT NULL,              -- actor | recipient | location
    PRIMARY KEY (cluster_id, cid, role)
);
CREATE INDEX IF NOT EXISTS cluster_actors_cid ON cluster_actors(cid, role);

-- Full-text search (FTS5, external content): article title + text, and quotes.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS articles_fts_ins AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_del AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    content, source_text, content='attributions', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS quotes_fts_ins AFTER INSERT ON attributions BEGIN
    INSERT INTO quotes_fts(rowid, content, source_text) VALUES (new.rowid, new.content, new.source_text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_del AFTER DELETE ON attributions BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content, source_text) VALUES ('delete', old.rowid, old.content, old.source_text);
END;
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
