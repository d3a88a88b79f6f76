-- dateline store, schema version 3: indexes for what the read API filters on, and one
-- summary row per event cluster written at link time (docs/store.md, docs/api.md).

-- events by date (ranges), status; entities by country and type (facets, filters)
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_status ON events(status);
CREATE INDEX IF NOT EXISTS entities_country ON entities(country);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
-- articles by outlet, newest first; attributions by source type
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, published);
CREATE INDEX IF NOT EXISTS attributions_source_type ON attributions(source_type);
-- canonical entities most reported first; clusters of an entity (covering)
CREATE INDEX IF NOT EXISTS canon_entities_articles ON canon_entities(articles DESC);
CREATE INDEX IF NOT EXISTS cluster_actors_cid_cluster ON cluster_actors(cid, role, cluster_id);

-- Per-cluster summary, so that a list page reads one row per cluster:
--   sort_date: coalesce(date, '~') (undated last; the list order, from an index)
--   sources:   number of original sources named by the reports
--   summary:   JSON of the list item (names of actors, recipients and place, counts of
--              articles, independent outlets and sources, first report), see
--              store.base.cluster_summary
ALTER TABLE event_clusters ADD COLUMN sort_date TEXT;
ALTER TABLE event_clusters ADD COLUMN sources INTEGER;
ALTER TABLE event_clusters ADD COLUMN summary TEXT;
UPDATE event_clusters SET sort_date = coalesce(date, '~');
CREATE INDEX IF NOT EXISTS event_clusters_sort ON event_clusters(sort_date, cluster_id);
CREATE INDEX IF NOT EXISTS event_clusters_type_sort ON event_clusters(type, sort_date, cluster_id);
CREATE INDEX IF NOT EXISTS event_clusters_outlets ON event_clusters(outlets, sort_date);

-- Entity pages (the JSON of GET /api/entities/{key}) of the entities in at least
-- ENTITY_PAGE_MIN_ARTICLES articles, written at the end of the link step: the page of a
-- canonical entity depends on link results only, and a common entity's page reads
-- hundreds of rows. Emptied whenever entity links or clusters are replaced.
CREATE TABLE IF NOT EXISTS entity_pages (
    cid         TEXT PRIMARY KEY,
    page        TEXT NOT NULL
);

-- Names and aliases of the canonical entities, lower-cased (SQLite's lower(): ASCII),
-- so that a name in a filter finds its entities through an index rather than by parsing
-- every alias list. Rewritten with the entity links.
CREATE TABLE IF NOT EXISTS canon_names (
    name_lower  TEXT NOT NULL,
    cid         TEXT NOT NULL,
    PRIMARY KEY (name_lower, cid)
) WITHOUT ROWID;
INSERT OR IGNORE INTO canon_names SELECT lower(name), cid FROM canon_entities;
INSERT OR IGNORE INTO canon_names SELECT lower(j.value), c.cid FROM canon_entities c, json_each(c.aliases) j;
