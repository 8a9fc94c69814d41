DROP INDEX site_versions_window;
DROP INDEX site_versions_updated;
DROP INDEX site_versions_search_text;
DROP INDEX site_versions_now_status;
DROP INDEX site_versions_now_departement;
