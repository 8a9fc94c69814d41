-- A page is chosen from these indexes alone (index-only scans, D24): the text of a search and the
-- counts of the totals are carried by them, and only the 50 sites of the page are read from the
-- table afterwards.
DROP INDEX sites_status_data_updated;
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC)
    INCLUDE (search_text, population_total, population_minors);
DROP INDEX sites_departement_updated;
CREATE INDEX sites_departement_updated ON sites(departement_code, status, data_updated_at DESC, id DESC)
    INCLUDE (search_text, population_total, population_minors);
