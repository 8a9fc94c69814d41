DROP INDEX site_versions_current;
