-- Issue 24, third step: lists, maps and spreadsheets read site versions (D26), so the `sites` row
-- keeps only what identifies a site and places it for access checks (its version for If-Match,
-- status, territory codes, who created and last updated it). The columns copied from the current
-- version, the indexes over them, the text index and the origins table go.
DROP INDEX sites_departement_updated;
DROP INDEX sites_status_data_updated;
DROP INDEX sites_search_text;
DROP INDEX sites_latitude;
CREATE INDEX sites_departement ON sites(departement_code, status);
DROP TABLE site_origins;
-- Sites near a point (duplicate warning at declaration) among the current versions.
CREATE INDEX site_versions_now_latitude ON site_versions(latitude) WHERE valid_to IS NULL;
ALTER TABLE sites
    DROP COLUMN name,
    DROP COLUMN address,
    DROP COLUMN city_name,
    DROP COLUMN latitude,
    DROP COLUMN longitude,
    DROP COLUMN search_text,
    DROP COLUMN built_at,
    DROP COLUMN declared_at,
    DROP COLUMN built_sort_at,
    DROP COLUMN data_updated_at,
    DROP COLUMN field_type,
    DROP COLUMN owner_type,
    DROP COLUMN is_reinstallation,
    DROP COLUMN population_total,
    DROP COLUMN population_total_females,
    DROP COLUMN population_households,
    DROP COLUMN population_minors,
    DROP COLUMN population_minors_girls,
    DROP COLUMN minors_0_3,
    DROP COLUMN minors_3_6,
    DROP COLUMN minors_6_12,
    DROP COLUMN minors_12_16,
    DROP COLUMN minors_16_18,
    DROP COLUMN minors_in_school,
    DROP COLUMN caravans,
    DROP COLUMN huts,
    DROP COLUMN tents,
    DROP COLUMN cars,
    DROP COLUMN mattresses,
    DROP COLUMN census_status,
    DROP COLUMN water_status,
    DROP COLUMN sanitary_status,
    DROP COLUMN electricity_status,
    DROP COLUMN trash_status,
    DROP COLUMN pests_status,
    DROP COLUMN fire_status,
    DROP COLUMN justice_owner_complaint,
    DROP COLUMN justice_procedure,
    DROP COLUMN justice_rendered,
    DROP COLUMN justice_evacuation_order,
    DROP COLUMN justice_insalubrity_order,
    DROP COLUMN has_phases,
    DROP COLUMN heatwave,
    DROP COLUMN resorption_target,
    DROP COLUMN closed_at,
    DROP COLUMN closed_year,
    DROP COLUMN closed_with_solutions,
    DROP COLUMN updated_without_any_change;
