DROP INDEX sites_departement_updated;
CREATE INDEX sites_departement_updated ON sites(departement_code, status, data_updated_at DESC, id DESC)
    INCLUDE (population_total, population_minors);
DROP INDEX sites_status_data_updated;
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC);
