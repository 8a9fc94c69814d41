-- Issue 24, first step: each site version gets, as columns, what lists, maps, exports and
-- aggregates read, so that one SQL engine may later answer "now" and "as of a date" alike.
-- Nullable and unread for now: new versions are written with them, and existing ones are filled
-- from their snapshots by the data step `000007_site_version_columns` (api/src/upgrade.rs), run by
-- `migrate` right after this file, because decoding a snapshot is Rust (D3).
ALTER TABLE site_versions ADD COLUMN name TEXT;
ALTER TABLE site_versions ADD COLUMN address TEXT;
ALTER TABLE site_versions ADD COLUMN city_name TEXT;
ALTER TABLE site_versions ADD COLUMN latitude DOUBLE;
ALTER TABLE site_versions ADD COLUMN longitude DOUBLE;
ALTER TABLE site_versions ADD COLUMN search_text TEXT;
ALTER TABLE site_versions ADD COLUMN built_at DATE;
ALTER TABLE site_versions ADD COLUMN declared_at DATE;
ALTER TABLE site_versions ADD COLUMN built_sort_at DATE;
ALTER TABLE site_versions ADD COLUMN data_updated_at DATE;
ALTER TABLE site_versions ADD COLUMN field_type TEXT;
ALTER TABLE site_versions ADD COLUMN owner_type TEXT;
ALTER TABLE site_versions ADD COLUMN is_reinstallation BOOLEAN;
ALTER TABLE site_versions ADD COLUMN population_total_females INTEGER;
ALTER TABLE site_versions ADD COLUMN population_households INTEGER;
ALTER TABLE site_versions ADD COLUMN population_minors_girls INTEGER;
ALTER TABLE site_versions ADD COLUMN minors_0_3 INTEGER;
ALTER TABLE site_versions ADD COLUMN minors_3_6 INTEGER;
ALTER TABLE site_versions ADD COLUMN minors_6_12 INTEGER;
ALTER TABLE site_versions ADD COLUMN minors_12_16 INTEGER;
ALTER TABLE site_versions ADD COLUMN minors_16_18 INTEGER;
ALTER TABLE site_versions ADD COLUMN caravans INTEGER;
ALTER TABLE site_versions ADD COLUMN huts INTEGER;
ALTER TABLE site_versions ADD COLUMN tents INTEGER;
ALTER TABLE site_versions ADD COLUMN cars INTEGER;
ALTER TABLE site_versions ADD COLUMN mattresses INTEGER;
ALTER TABLE site_versions ADD COLUMN census_status TEXT;
ALTER TABLE site_versions ADD COLUMN origin_french BOOLEAN;
ALTER TABLE site_versions ADD COLUMN origin_european BOOLEAN;
ALTER TABLE site_versions ADD COLUMN origin_other BOOLEAN;
ALTER TABLE site_versions ADD COLUMN water_status TEXT;
ALTER TABLE site_versions ADD COLUMN sanitary_status TEXT;
ALTER TABLE site_versions ADD COLUMN electricity_status TEXT;
ALTER TABLE site_versions ADD COLUMN trash_status TEXT;
ALTER TABLE site_versions ADD COLUMN pests_status TEXT;
ALTER TABLE site_versions ADD COLUMN fire_status TEXT;
ALTER TABLE site_versions ADD COLUMN justice_owner_complaint BOOLEAN;
ALTER TABLE site_versions ADD COLUMN justice_procedure BOOLEAN;
ALTER TABLE site_versions ADD COLUMN justice_rendered BOOLEAN;
ALTER TABLE site_versions ADD COLUMN justice_evacuation_order BOOLEAN;
ALTER TABLE site_versions ADD COLUMN justice_insalubrity_order BOOLEAN;
ALTER TABLE site_versions ADD COLUMN has_phases BOOLEAN;
ALTER TABLE site_versions ADD COLUMN heatwave BOOLEAN;
ALTER TABLE site_versions ADD COLUMN resorption_target INTEGER;
ALTER TABLE site_versions ADD COLUMN closed_at DATE;
ALTER TABLE site_versions ADD COLUMN closed_year INTEGER;
ALTER TABLE site_versions ADD COLUMN closed_with_solutions TEXT;
ALTER TABLE site_versions ADD COLUMN updated_without_any_change BOOLEAN;

-- Steps of the migrations that only Rust can take, each recorded once applied.
CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);
