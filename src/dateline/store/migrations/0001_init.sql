-- dateline store, schema version 1. One row per article; its facts in child tables
-- keyed by (article_id, local id). The full record is kept as JSON in articles.record,
-- so the child tables are an index for queries, never the only copy.
CREATE TABLE IF NOT EXISTS articles (
    id          TEXT PRIMARY KEY,          -- record id: digest of the clean text
    path        TEXT,
    url         TEXT,
    format      TEXT,
    title       TEXT,
    published   TEXT,
    outlet      TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    record      TEXT NOT NULL,             -- the whole record, JSON
    warnings    TEXT,                      -- JSON list
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid        TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    sector     TEXT,
    titles     TEXT,                       -- JSON list
    lat        REAL,
    lon        REAL,
    wikidata   TEXT,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid        TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, eid);
CREATE TABLE IF NOT EXISTS times (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    type        TEXT,
    value       TEXT,
    granularity TEXT,
    PRIMARY KEY (article_id, n)
);
CREATE TABLE IF NOT EXISTS attributions (
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    aid           TEXT NOT NULL,
    kind          TEXT NOT NULL,
    source_eid    TEXT,
    source_text   TEXT,
    source_type   TEXT,
    via           TEXT,                    -- JSON list of eids
    addressee_eid TEXT,
    cue           TEXT,
    content       TEXT,
    content_start INTEGER,
    content_end   INTEGER,
    date          TEXT,
    PRIMARY KEY (article_id, aid)
);
CREATE TABLE IF NOT EXISTS events (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    evid        TEXT NOT NULL,
    type        TEXT NOT NULL,
    mode        TEXT,
    actors      TEXT,                      -- JSON list of eids
    recipients  TEXT,                      -- JSON list of eids
    location    TEXT,
    date        TEXT,
    granularity TEXT,
    status      TEXT,
    sources     TEXT,                      -- JSON list of aids
    ev_start    INTEGER,
    ev_end      INTEGER,
    confidence  REAL,
    PRIMARY KEY (article_id, evid)
);
CREATE INDEX IF NOT EXISTS events_type ON events(type, date);
CREATE TABLE IF NOT EXISTS failures (
    location    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    message     TEXT,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
