-- Sites: the current state in columns (what lists filter, sort and count on); the whole record of
-- every version, current included, as an opaque snapshot written and read by Rust only (D16).
CREATE TABLE sites (
    id SERIAL PRIMARY KEY,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    name TEXT,
    address TEXT NOT NULL,
    city_code TEXT NOT NULL REFERENCES cities(code),
    city_name TEXT NOT NULL,
    epci_code TEXT REFERENCES epcis(code),
    departement_code TEXT NOT NULL REFERENCES departements(code),
    region_code TEXT NOT NULL REFERENCES regions(code),
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    search_text TEXT NOT NULL,
    built_at DATE,
    declared_at DATE NOT NULL,
    built_sort_at DATE NOT NULL,
    data_updated_at DATE NOT NULL,
    field_type TEXT NOT NULL,
    owner_type TEXT NOT NULL,
    is_reinstallation BOOLEAN,
    population_total INTEGER,
    population_total_females INTEGER,
    population_households INTEGER,
    population_minors INTEGER,
    population_minors_girls INTEGER,
    minors_0_3 INTEGER,
    minors_3_6 INTEGER,
    minors_6_12 INTEGER,
    minors_12_16 INTEGER,
    minors_16_18 INTEGER,
    minors_in_school INTEGER,
    caravans INTEGER,
    huts INTEGER,
    tents INTEGER,
    cars INTEGER,
    mattresses INTEGER,
    census_status TEXT,
    water_status TEXT NOT NULL,
    sanitary_status TEXT NOT NULL,
    electricity_status TEXT NOT NULL,
    trash_status TEXT NOT NULL,
    pests_status TEXT NOT NULL,
    fire_status TEXT NOT NULL,
    justice_owner_complaint BOOLEAN,
    justice_procedure BOOLEAN,
    justice_rendered BOOLEAN,
    justice_evacuation_order BOOLEAN,
    justice_insalubrity_order BOOLEAN,
    has_phases BOOLEAN NOT NULL,
    heatwave BOOLEAN NOT NULL,
    resorption_target INTEGER,
    closed_at DATE,
    closed_year INTEGER,
    closed_with_solutions TEXT,
    updated_without_any_change BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX sites_departement ON sites(departement_code, status);
CREATE INDEX sites_city ON sites(city_code);
CREATE INDEX sites_epci ON sites(epci_code);
CREATE INDEX sites_region ON sites(region_code);
CREATE INDEX sites_status_updated ON sites(status, updated_at, id);
CREATE INDEX sites_latitude ON sites(latitude);

CREATE TABLE site_origins (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    PRIMARY KEY (site_id, origin)
);
CREATE INDEX site_origins_origin ON site_origins(origin, site_id);
CREATE TABLE site_actors (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    other_theme TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (site_id, user_id)
);
CREATE INDEX site_actors_user ON site_actors(user_id);
CREATE TABLE site_actor_themes (
    site_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    theme TEXT NOT NULL,
    PRIMARY KEY (site_id, user_id, theme),
    FOREIGN KEY (site_id, user_id) REFERENCES site_actors(site_id, user_id) ON DELETE CASCADE
);
CREATE TABLE site_favorites (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, site_id)
);
CREATE TABLE site_versions (
    id SERIAL PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    region_code TEXT NOT NULL,
    departement_code TEXT NOT NULL,
    epci_code TEXT,
    city_code TEXT NOT NULL,
    population_total INTEGER,
    population_minors INTEGER,
    minors_in_school INTEGER,
    snapshot TEXT NOT NULL,
    UNIQUE (site_id, version)
);
CREATE INDEX site_versions_valid ON site_versions(valid_from, valid_to);
CREATE INDEX site_versions_departement ON site_versions(departement_code, valid_from);
CREATE TABLE site_comments (
    id SERIAL PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    deleted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    deletion_reason TEXT
);
CREATE INDEX site_comments_site ON site_comments(site_id, created_at);
CREATE INDEX site_comments_created ON site_comments(created_at);
CREATE TABLE site_comment_tags (
    comment_id INTEGER NOT NULL REFERENCES site_comments(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (comment_id, tag)
);
CREATE TABLE site_comment_targets (
    id SERIAL PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES site_comments(id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    CHECK ((organization_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX site_comment_targets_comment ON site_comment_targets(comment_id);
