-- dateline store on PostgreSQL, schema version 1: a translation of
-- ../migrations/0001_init.sql (keep the two in step). JSON stays in TEXT columns, as in
-- SQLite, so both stores return the same strings. ``seq`` stands for SQLite's rowid
-- (ingest order).
CREATE TABLE IF NOT EXISTS articles (
    seq         BIGSERIAL UNIQUE,
    id          TEXT PRIMARY KEY,
    path        TEXT,
    url         TEXT,
    format      TEXT,
    title       TEXT,
    published   TEXT,
    outlet      TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    record      TEXT NOT NULL,
    warnings    TEXT,
    ingested_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid        TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    sector     TEXT,
    titles     TEXT,
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    wikidata   TEXT,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(lower(name));
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
    seq           BIGSERIAL UNIQUE,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    aid           TEXT NOT NULL,
    kind          TEXT NOT NULL,
    source_eid    TEXT,
    source_text   TEXT,
    source_type   TEXT,
    via           TEXT,
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
    actors      TEXT,
    recipients  TEXT,
    location    TEXT,
    date        TEXT,
    granularity TEXT,
    status      TEXT,
    sources     TEXT,
    ev_start    INTEGER,
    ev_end      INTEGER,
    confidence  DOUBLE PRECISION,
    PRIMARY KEY (article_id, evid)
);
CREATE INDEX IF NOT EXISTS events_type ON events(type, date);
CREATE TABLE IF NOT EXISTS failures (
    seq         BIGSERIAL,
    location    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    message     TEXT,
    at          TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
