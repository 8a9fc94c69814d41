-- National totals are counted from this index alone, as a département's already are (D24);
-- text search goes through `sites_search`, so the text is not carried here.
DROP INDEX sites_status_data_updated;
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC,
    population_total, population_minors);
