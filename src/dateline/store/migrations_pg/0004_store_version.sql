-- dateline store on PostgreSQL, schema version 4: a version number that moves on every
-- committed write, whoever makes it (a server process taking a POST, `dateline ingest`,
-- the link step), so that every `dateline serve` process drops its response cache
-- (SQLite tells the same through PRAGMA data_version, ../migrations/0004). The row is
-- bumped by statement triggers inside the writing transaction: readers see the new
-- number together with the new rows, never before.
CREATE TABLE IF NOT EXISTS store_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
INSERT INTO store_version VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION dateline_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE store_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['articles', 'entities', 'attributions', 'events', 'outlets', 'duplicates',
                           'canon_entities', 'entity_links', 'event_clusters', 'cluster_members',
                           'cluster_actors', 'entity_pages', 'canon_names'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_version', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION dateline_bump_version()', t || '_version', t);
  END LOOP;
END $$;
