DROP INDEX sites_status_data_updated;
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC);
