DROP TRIGGER site_versions_search_update;
DROP TRIGGER site_versions_search_delete;
DROP TRIGGER site_versions_search_insert;
DROP TABLE site_versions_search;
DROP INDEX site_versions_window;
DROP INDEX site_versions_updated;
DROP INDEX site_versions_now_status;
DROP INDEX site_versions_now_departement;
