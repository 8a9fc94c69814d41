-- Issue 24, second step: lists, maps and exports filter site versions, now (`valid_to IS NULL`)
-- and as of a date (`valid_from <= t < valid_to`), with one SQL engine. These are the list
-- indexes of migrations 000004 and 000005 moved onto the current versions (partial indexes: a
-- page of one département or of the nation is chosen from them alone, D24), and the ones a past
-- date needs.
CREATE INDEX site_versions_now_departement ON site_versions(departement_code, status, data_updated_at DESC,
    site_id DESC, population_total, population_minors) WHERE valid_to IS NULL;
CREATE INDEX site_versions_now_status ON site_versions(status, data_updated_at DESC, site_id DESC,
    population_total, population_minors) WHERE valid_to IS NULL;
-- A past list in its default order walks every version by update date and keeps those valid at
-- that date: the page's versions are chosen from this index alone (it carries the window, the
-- status and the département), then only they are read from the table.
CREATE INDEX site_versions_updated ON site_versions(data_updated_at DESC, site_id DESC, valid_from, valid_to,
    status, departement_code);
-- The totals of a past date: every version that began by then, ended or not.
CREATE INDEX site_versions_window ON site_versions(valid_from, valid_to, status, region_code, departement_code,
    population_total, population_minors);
-- Text search by trigrams over every version's text (a past list searches the text it had then),
-- in an FTS5 table kept by triggers, as `sites_search` is for the sites (000004). Versions written
-- before their columns existed get their text when the data step fills them (an UPDATE).
CREATE VIRTUAL TABLE site_versions_search USING fts5(search_text, content='site_versions', content_rowid='id',
    tokenize='trigram');
INSERT INTO site_versions_search(site_versions_search) VALUES ('rebuild');
CREATE TRIGGER site_versions_search_insert AFTER INSERT ON site_versions BEGIN
    INSERT INTO site_versions_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER site_versions_search_delete AFTER DELETE ON site_versions BEGIN
    INSERT INTO site_versions_search(site_versions_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER site_versions_search_update AFTER UPDATE OF search_text ON site_versions BEGIN
    INSERT INTO site_versions_search(site_versions_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO site_versions_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
