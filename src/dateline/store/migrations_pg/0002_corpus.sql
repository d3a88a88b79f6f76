-- dateline store on PostgreSQL, schema version 2: a translation of
-- ../migrations/0002_corpus.sql (keep the two in step). FTS5 becomes a stored tsvector
-- column with a GIN index ('simple' configuration: no stemming, like FTS5's unicode61).
CREATE TABLE IF NOT EXISTS inputs (
    location    TEXT PRIMARY KEY,
    size        BIGINT,
    mtime       DOUBLE PRECISION,
    status      TEXT NOT NULL,
    articles    INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
DELETE FROM failures f USING failures g
    WHERE f.location = g.location AND f.reason = g.reason AND f.seq > g.seq;
CREATE UNIQUE INDEX IF NOT EXISTS failures_once ON failures(location, reason);

CREATE TABLE IF NOT EXISTS outlets (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL DEFAULT 'outlet',
    country     TEXT
);

ALTER TABLE articles ADD COLUMN IF NOT EXISTS wire TEXT;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS copy_group TEXT;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS voice TEXT;
CREATE INDEX IF NOT EXISTS articles_copy_group ON articles(copy_group);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS signatures (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    num_perm    INTEGER NOT NULL,
    hashvalues  BYTEA NOT NULL
);

CREATE TABLE IF NOT EXISTS duplicates (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    dup_of      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, dup_of)
);

CREATE TABLE IF NOT EXISTS canon_entities (
    seq         BIGSERIAL,                  -- insertion order (SQLite's rowid breaks ties)
    cid         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    country     TEXT,
    wikidata    TEXT,
    aliases     TEXT,
    articles    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS canon_entities_name ON canon_entities(lower(name));
CREATE TABLE IF NOT EXISTS entity_links (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid         TEXT NOT NULL,
    cid         TEXT NOT NULL,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX IF NOT EXISTS entity_links_cid ON entity_links(cid);

CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id      TEXT PRIMARY KEY,
    type            TEXT NOT NULL,
    mode            TEXT,
    actors          TEXT,
    recipients      TEXT,
    location        TEXT,
    date            TEXT,
    date_end        TEXT,
    status          TEXT,
    articles        INTEGER NOT NULL,
    outlets         INTEGER NOT NULL,
    earliest_article TEXT,
    earliest_published TEXT,
    corroboration   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_clusters_type ON event_clusters(type, date);
CREATE TABLE IF NOT EXISTS cluster_members (
    seq         BIGSERIAL,
    cluster_id  TEXT NOT NULL REFERENCES event_clusters(cluster_id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL,
    evid        TEXT NOT NULL,
    PRIMARY KEY (article_id, evid)
);
CREATE INDEX IF NOT EXISTS cluster_members_cluster ON cluster_members(cluster_id);
CREATE TABLE IF NOT EXISTS cluster_actors (
    cluster_id  TEXT NOT NULL REFERENCES event_clusters(cluster_id) ON DELETE CASCADE,
    cid         TEXT NOT NULL,
    role        TEXT NOT NULL,
    PRIMARY KEY (cluster_id, cid, role)
);
CREATE INDEX IF NOT EXISTS cluster_actors_cid ON cluster_actors(cid, role);

-- Full-text search: tsvector columns kept by PostgreSQL itself.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS fts tsvector GENERATED ALWAYS AS
    (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || to_tsvector('simple', text)) STORED;
CREATE INDEX IF NOT EXISTS articles_fts ON articles USING GIN (fts);
ALTER TABLE attributions ADD COLUMN IF NOT EXISTS fts tsvector GENERATED ALWAYS AS
    (to_tsvector('simple', coalesce(content, '') || ' ' || coalesce(source_text, ''))) STORED;
CREATE INDEX IF NOT EXISTS quotes_fts ON attributions USING GIN (fts);
