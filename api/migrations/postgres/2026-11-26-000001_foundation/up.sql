-- Geography (reference data, loaded by `resorption migrate`).
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    overseas BOOLEAN NOT NULL
);
CREATE TABLE departements (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code)
);
CREATE TABLE epcis (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE TABLE epci_departements (
    epci_code TEXT NOT NULL REFERENCES epcis(code),
    departement_code TEXT NOT NULL REFERENCES departements(code),
    PRIMARY KEY (epci_code, departement_code)
);
CREATE TABLE cities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    departement_code TEXT NOT NULL REFERENCES departements(code),
    region_code TEXT NOT NULL REFERENCES regions(code),
    epci_code TEXT REFERENCES epcis(code),
    main_code TEXT REFERENCES cities(code),
    population INTEGER
);
CREATE INDEX cities_departement ON cities(departement_code);
CREATE INDEX cities_epci ON cities(epci_code);
CREATE INDEX cities_main ON cities(main_code);
CREATE TABLE geography_vintage (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

-- Organizations.
CREATE TABLE organization_types (
    id SERIAL PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    name_singular TEXT NOT NULL,
    name_plural TEXT NOT NULL,
    abbreviation TEXT,
    default_role TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE organizations (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    abbreviation TEXT,
    type_id INTEGER NOT NULL REFERENCES organization_types(id),
    location_type TEXT NOT NULL,
    region_code TEXT REFERENCES regions(code),
    departement_code TEXT REFERENCES departements(code),
    epci_code TEXT REFERENCES epcis(code),
    city_code TEXT REFERENCES cities(code),
    active BOOLEAN NOT NULL,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organizations_type ON organizations(type_id);
CREATE INDEX organizations_departement ON organizations(departement_code);

-- Users and accounts.
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    position TEXT NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    role TEXT NOT NULL,
    admin_role TEXT,
    status TEXT NOT NULL,
    access_request_message TEXT,
    access_refused_at TIMESTAMP,
    use_custom_areas BOOLEAN NOT NULL,
    charter_version INTEGER,
    charter_accepted_at TIMESTAMP,
    admin_comments TEXT,
    last_sign_in_at TIMESTAMP,
    deactivated_at TIMESTAMP,
    deactivation_reason TEXT,
    search_text TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_organization ON users(organization_id);
CREATE TABLE intervention_areas (
    id SERIAL PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    location_type TEXT NOT NULL,
    region_code TEXT REFERENCES regions(code),
    departement_code TEXT REFERENCES departements(code),
    epci_code TEXT REFERENCES epcis(code),
    city_code TEXT REFERENCES cities(code),
    is_main BOOLEAN NOT NULL,
    CHECK ((organization_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX intervention_areas_organization ON intervention_areas(organization_id);
CREATE INDEX intervention_areas_user ON intervention_areas(user_id);
CREATE TABLE user_options (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    option_code TEXT NOT NULL,
    PRIMARY KEY (user_id, option_code)
);
CREATE TABLE user_email_unsubscriptions (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subscription TEXT NOT NULL,
    PRIMARY KEY (user_id, subscription)
);
CREATE TABLE user_accesses (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    sent_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX user_accesses_user ON user_accesses(user_id);
CREATE TABLE password_resets (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE TABLE refresh_tokens (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family);
CREATE TABLE login_throttles (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE charters (
    version INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL
);
CREATE TABLE audit_events (
    id SERIAL PRIMARY KEY,
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    details TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
