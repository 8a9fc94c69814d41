-- A list page of one département (the most asked list) walks this index in its default order
-- and stops after one page; its totals (count, people, minors) are read from the index alone.
CREATE INDEX sites_departement_updated ON sites(departement_code, status, data_updated_at DESC, id DESC)
    INCLUDE (population_total, population_minors);
DROP INDEX sites_departement;
-- National lists in the default order, e.g. a text search, stop after one page.
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC);
-- Text search (`LIKE '%word%'` on the normalised text) by trigrams instead of reading every site.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX sites_search_text ON sites USING gin (search_text gin_trgm_ops);
