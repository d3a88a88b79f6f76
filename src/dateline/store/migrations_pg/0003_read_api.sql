-- dateline store on PostgreSQL, schema version 3: a translation of
-- ../migrations/0003_read_api.sql (keep the two in step).
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_status ON events(status);
CREATE INDEX IF NOT EXISTS entities_country ON entities(country);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, published);
CREATE INDEX IF NOT EXISTS attributions_source_type ON attributions(source_type);
CREATE INDEX IF NOT EXISTS canon_entities_articles ON canon_entities(articles DESC);
CREATE INDEX IF NOT EXISTS cluster_actors_cid_cluster ON cluster_actors(cid, role, cluster_id);

ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS sort_date TEXT;
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS sources INTEGER;
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS summary TEXT;
UPDATE event_clusters SET sort_date = coalesce(date, '~');
CREATE INDEX IF NOT EXISTS event_clusters_sort ON event_clusters(sort_date COLLATE "C", cluster_id COLLATE "C");
CREATE INDEX IF NOT EXISTS event_clusters_type_sort ON event_clusters(type, sort_date COLLATE "C", cluster_id COLLATE "C");
CREATE INDEX IF NOT EXISTS event_clusters_outlets ON event_clusters(outlets, sort_date COLLATE "C");

CREATE TABLE IF NOT EXISTS entity_pages (
    cid         TEXT PRIMARY KEY,
    page        TEXT NOT NULL
);

-- ingest order of events (SQLite's rowid), for the per-article event lists
ALTER TABLE events ADD COLUMN IF NOT EXISTS seq BIGSERIAL;
CREATE INDEX IF NOT EXISTS events_seq ON events(seq);

CREATE TABLE IF NOT EXISTS canon_names (
    name_lower  TEXT NOT NULL,
    cid         TEXT NOT NULL,
    PRIMARY KEY (name_lower, cid)
);
INSERT INTO canon_names SELECT lower(name), cid FROM canon_entities ON CONFLICT DO NOTHING;
INSERT INTO canon_names SELECT lower(j), c.cid FROM canon_entities c,
    jsonb_array_elements_text(coalesce(c.aliases, '[]')::jsonb) j ON CONFLICT DO NOTHING;
