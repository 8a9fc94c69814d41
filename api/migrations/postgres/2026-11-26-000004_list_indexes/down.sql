DROP INDEX sites_search_text;
DROP INDEX sites_status_data_updated;
CREATE INDEX sites_departement ON sites(departement_code, status);
DROP INDEX sites_departement_updated;
