-- The current version of each site: what details, lists and exports read.
CREATE INDEX site_versions_current ON site_versions(site_id) WHERE valid_to IS NULL;
