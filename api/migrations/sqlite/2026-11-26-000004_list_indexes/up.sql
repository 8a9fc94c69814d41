-- A list page of one département (the most asked list) walks this index in its default order
-- and stops after one page; its totals (count, people, minors) are read from the index alone.
CREATE INDEX sites_departement_updated ON sites(departement_code, status, data_updated_at DESC, id DESC,
    population_total, population_minors);
DROP INDEX sites_departement;
-- National lists in the default order, e.g. a text search, stop after one page.
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC);
-- Text search (`LIKE '%word%'` on the normalised text) by trigrams instead of reading every site:
-- SQLite keeps them in an FTS5 table over `sites.search_text` (PostgreSQL in a GIN index), kept
-- in step by triggers.
CREATE VIRTUAL TABLE sites_search USING fts5(search_text, content='sites', content_rowid='id', tokenize='trigram');
INSERT INTO sites_search(sites_search) VALUES ('rebuild');
CREATE TRIGGER sites_search_insert AFTER INSERT ON sites BEGIN
    INSERT INTO sites_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER sites_search_delete AFTER DELETE ON sites BEGIN
    INSERT INTO sites_search(sites_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER sites_search_update AFTER UPDATE OF search_text ON sites BEGIN
    INSERT INTO sites_search(sites_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO sites_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
