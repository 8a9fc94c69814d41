-- Issue 24, first step: each site version gets, as columns, what lists, maps, exports and
-- aggregates read, so that one SQL engine may later answer "now" and "as of a date" alike.
-- Nullable and unread for now: new versions are written with them, and existing ones are filled
-- from their snapshots by the data step `000007_site_version_columns` (api/src/upgrade.rs), run by
-- `migrate` right after this file, because decoding a snapshot is Rust (D3).
ALTER TABLE site_versions
    ADD COLUMN name TEXT,
    ADD COLUMN address TEXT,
    ADD COLUMN city_name TEXT,
    ADD COLUMN latitude DOUBLE PRECISION,
    ADD COLUMN longitude DOUBLE PRECISION,
    ADD COLUMN search_text TEXT,
    ADD COLUMN built_at DATE,
    ADD COLUMN declared_at DATE,
    ADD COLUMN built_sort_at DATE,
    ADD COLUMN data_updated_at DATE,
    ADD COLUMN field_type TEXT,
    ADD COLUMN owner_type TEXT,
    ADD COLUMN is_reinstallation BOOLEAN,
    ADD COLUMN population_total_females INTEGER,
    ADD COLUMN population_households INTEGER,
    ADD COLUMN population_minors_girls INTEGER,
    ADD COLUMN minors_0_3 INTEGER,
    ADD COLUMN minors_3_6 INTEGER,
    ADD COLUMN minors_6_12 INTEGER,
    ADD COLUMN minors_12_16 INTEGER,
    ADD COLUMN minors_16_18 INTEGER,
    ADD COLUMN caravans INTEGER,
    ADD COLUMN huts INTEGER,
    ADD COLUMN tents INTEGER,
    ADD COLUMN cars INTEGER,
    ADD COLUMN mattresses INTEGER,
    ADD COLUMN census_status TEXT,
    ADD COLUMN origin_french BOOLEAN,
    ADD COLUMN origin_european BOOLEAN,
    ADD COLUMN origin_other BOOLEAN,
    ADD COLUMN water_status TEXT,
    ADD COLUMN sanitary_status TEXT,
    ADD COLUMN electricity_status TEXT,
    ADD COLUMN trash_status TEXT,
    ADD COLUMN pests_status TEXT,
    ADD COLUMN fire_status TEXT,
    ADD COLUMN justice_owner_complaint BOOLEAN,
    ADD COLUMN justice_procedure BOOLEAN,
    ADD COLUMN justice_rendered BOOLEAN,
    ADD COLUMN justice_evacuation_order BOOLEAN,
    ADD COLUMN justice_insalubrity_order BOOLEAN,
    ADD COLUMN has_phases BOOLEAN,
    ADD COLUMN heatwave BOOLEAN,
    ADD COLUMN resorption_target INTEGER,
    ADD COLUMN closed_at DATE,
    ADD COLUMN closed_year INTEGER,
    ADD COLUMN closed_with_solutions TEXT,
    ADD COLUMN updated_without_any_change BOOLEAN;

-- Steps of the migrations that only Rust can take, each recorded once applied.
CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);
