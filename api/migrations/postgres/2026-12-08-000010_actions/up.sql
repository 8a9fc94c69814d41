-- Actions (DOMAIN §10, issue 12): the `actions` row identifies and places an action for access
-- checks and If-Match; every version keeps the whole record as a snapshot beside the columns lists
-- filter on (valid-time rows, DESIGN §5). Pilots, operators and sites of the current version are
-- kept in their own tables: access reads the organizations of the first, site pages the second.
CREATE TABLE actions (
    id SERIAL PRIMARY KEY,
    version INTEGER NOT NULL,
    departement_code TEXT NOT NULL REFERENCES departements(code),
    region_code TEXT NOT NULL REFERENCES regions(code),
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE TABLE action_versions (
    id SERIAL PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    departement_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    started_at DATE NOT NULL,
    ended_at DATE,
    location_type TEXT NOT NULL,
    -- ",health,school,": one LIKE finds a topic on both databases.
    topics TEXT NOT NULL,
    -- Communes and EPCI of the ETI and of the sites, same form, for the territory filters.
    city_codes TEXT NOT NULL,
    epci_codes TEXT NOT NULL,
    -- Name, communes, pilots and operators with their organizations, normalised (D3).
    search_text TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    UNIQUE (action_id, version)
);
CREATE UNIQUE INDEX action_versions_current ON action_versions(action_id) WHERE valid_to IS NULL;
CREATE INDEX action_versions_now_departement ON action_versions(departement_code, started_at) WHERE valid_to IS NULL;
CREATE INDEX action_versions_now_started ON action_versions(started_at, action_id) WHERE valid_to IS NULL;
CREATE INDEX action_versions_window ON action_versions(valid_from, valid_to);
CREATE TABLE action_members (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- 'pilot' or 'operator'
    role TEXT NOT NULL,
    is_principal BOOLEAN NOT NULL,
    PRIMARY KEY (action_id, role, user_id)
);
CREATE INDEX action_members_organization ON action_members(organization_id, action_id);
CREATE TABLE action_sites (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, site_id)
);
CREATE INDEX action_sites_site ON action_sites(site_id);
-- The journal of each action (DOMAIN §10.5): the site journal's audiences and moderation.
CREATE TABLE action_comments (
    id SERIAL PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    deleted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    deletion_reason TEXT
);
CREATE INDEX action_comments_action ON action_comments(action_id, created_at);
CREATE INDEX action_comments_created ON action_comments(created_at);
CREATE TABLE action_comment_targets (
    id SERIAL PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES action_comments(id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    CHECK ((organization_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX action_comment_targets_comment ON action_comment_targets(comment_id);
