-- Puts back the columns of the current version on `sites`, filled from the current versions,
-- with the origins table and the indexes of migrations 000002 to 000005.

ALTER TABLE sites ADD COLUMN name TEXT;
ALTER TABLE sites ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN city_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN latitude DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN longitude DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN built_at DATE;
ALTER TABLE sites ADD COLUMN declared_at DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE sites ADD COLUMN built_sort_at DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE sites ADD COLUMN data_updated_at DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE sites ADD COLUMN field_type TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN owner_type TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN is_reinstallation BOOLEAN;
ALTER TABLE sites ADD COLUMN population_total INTEGER;
ALTER TABLE sites ADD COLUMN population_total_females INTEGER;
ALTER TABLE sites ADD COLUMN population_households INTEGER;
ALTER TABLE sites ADD COLUMN population_minors INTEGER;
ALTER TABLE sites ADD COLUMN population_minors_girls INTEGER;
ALTER TABLE sites ADD COLUMN minors_0_3 INTEGER;
ALTER TABLE sites ADD COLUMN minors_3_6 INTEGER;
ALTER TABLE sites ADD COLUMN minors_6_12 INTEGER;
ALTER TABLE sites ADD COLUMN minors_12_16 INTEGER;
ALTER TABLE sites ADD COLUMN minors_16_18 INTEGER;
ALTER TABLE sites ADD COLUMN minors_in_school INTEGER;
ALTER TABLE sites ADD COLUMN caravans INTEGER;
ALTER TABLE sites ADD COLUMN huts INTEGER;
ALTER TABLE sites ADD COLUMN tents INTEGER;
ALTER TABLE sites ADD COLUMN cars INTEGER;
ALTER TABLE sites ADD COLUMN mattresses INTEGER;
ALTER TABLE sites ADD COLUMN census_status TEXT;
ALTER TABLE sites ADD COLUMN water_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN sanitary_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN electricity_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN trash_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN pests_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN fire_status TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN justice_owner_complaint BOOLEAN;
ALTER TABLE sites ADD COLUMN justice_procedure BOOLEAN;
ALTER TABLE sites ADD COLUMN justice_rendered BOOLEAN;
ALTER TABLE sites ADD COLUMN justice_evacuation_order BOOLEAN;
ALTER TABLE sites ADD COLUMN justice_insalubrity_order BOOLEAN;
ALTER TABLE sites ADD COLUMN has_phases BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sites ADD COLUMN heatwave BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sites ADD COLUMN resorption_target INTEGER;
ALTER TABLE sites ADD COLUMN closed_at DATE;
ALTER TABLE sites ADD COLUMN closed_year INTEGER;
ALTER TABLE sites ADD COLUMN closed_with_solutions TEXT;
ALTER TABLE sites ADD COLUMN updated_without_any_change BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE sites SET
    name = v.name,
    address = v.address,
    city_name = v.city_name,
    latitude = v.latitude,
    longitude = v.longitude,
    search_text = v.search_text,
    built_at = v.built_at,
    declared_at = v.declared_at,
    built_sort_at = v.built_sort_at,
    data_updated_at = v.data_updated_at,
    field_type = v.field_type,
    owner_type = v.owner_type,
    is_reinstallation = v.is_reinstallation,
    population_total = v.population_total,
    population_total_females = v.population_total_females,
    population_households = v.population_households,
    population_minors = v.population_minors,
    population_minors_girls = v.population_minors_girls,
    minors_0_3 = v.minors_0_3,
    minors_3_6 = v.minors_3_6,
    minors_6_12 = v.minors_6_12,
    minors_12_16 = v.minors_12_16,
    minors_16_18 = v.minors_16_18,
    minors_in_school = v.minors_in_school,
    caravans = v.caravans,
    huts = v.huts,
    tents = v.tents,
    cars = v.cars,
    mattresses = v.mattresses,
    census_status = v.census_status,
    water_status = v.water_status,
    sanitary_status = v.sanitary_status,
    electricity_status = v.electricity_status,
    trash_status = v.trash_status,
    pests_status = v.pests_status,
    fire_status = v.fire_status,
    justice_owner_complaint = v.justice_owner_complaint,
    justice_procedure = v.justice_procedure,
    justice_rendered = v.justice_rendered,
    justice_evacuation_order = v.justice_evacuation_order,
    justice_insalubrity_order = v.justice_insalubrity_order,
    has_phases = v.has_phases,
    heatwave = v.heatwave,
    resorption_target = v.resorption_target,
    closed_at = v.closed_at,
    closed_year = v.closed_year,
    closed_with_solutions = v.closed_with_solutions,
    updated_without_any_change = v.updated_without_any_change
FROM site_versions v WHERE v.site_id = sites.id AND v.valid_to IS NULL;
CREATE TABLE site_origins (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    PRIMARY KEY (site_id, origin)
);
CREATE INDEX site_origins_origin ON site_origins(origin, site_id);
INSERT INTO site_origins (site_id, origin)
    SELECT site_id, 'french' FROM site_versions WHERE valid_to IS NULL AND origin_french
    UNION ALL SELECT site_id, 'european' FROM site_versions WHERE valid_to IS NULL AND origin_european
    UNION ALL SELECT site_id, 'other' FROM site_versions WHERE valid_to IS NULL AND origin_other;
DROP INDEX site_versions_now_latitude;
DROP INDEX sites_departement;
CREATE INDEX sites_latitude ON sites(latitude);
CREATE INDEX sites_status_data_updated ON sites(status, data_updated_at DESC, id DESC,
    population_total, population_minors);
CREATE INDEX sites_departement_updated ON sites(departement_code, status, data_updated_at DESC, id DESC,
    population_total, population_minors);
CREATE VIRTUAL TABLE sites_search USING fts5(search_text, content='sites', content_rowid='id', tokenize='trigram');
INSERT INTO sites_search(sites_search) VALUES ('rebuild');
CREATE TRIGGER sites_search_insert AFTER INSERT ON sites BEGIN
    INSERT INTO sites_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER sites_search_delete AFTER DELETE ON sites BEGIN
    INSERT INTO sites_search(sites_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER sites_search_update AFTER UPDATE OF search_text ON sites BEGIN
    INSERT INTO sites_search(sites_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO sites_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
