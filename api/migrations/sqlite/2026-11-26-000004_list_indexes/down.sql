DROP TRIGGER sites_search_update;
DROP TRIGGER sites_search_delete;
DROP TRIGGER sites_search_insert;
DROP TABLE sites_search;
DROP INDEX sites_status_data_updated;
CREATE INDEX sites_departement ON sites(departement_code, status);
DROP INDEX sites_departement_updated;
