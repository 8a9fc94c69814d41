//! Reading and writing sites: the `sites` row and one version per change.

use chrono::NaiveDateTime;
use contract::sites::history::ChangeKind;
use contract::Labelled;
use diesel::prelude::*;

use super::record::{SiteRecord, SiteRow};
use crate::db::schema::{site_versions as sv, sites};
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::territories::Resolved;

/// Where a site is and whether it is open, to decide access before loading it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sites)]
pub struct Located {
    pub id: i32,
    pub version: i32,
    pub status: String,
    pub region_code: String,
    pub departement_code: String,
    pub epci_code: Option<String>,
    pub city_code: String,
}

impl Located {
    pub fn place(&self) -> crate::access::Place<'_> {
        crate::access::Place {
            region: &self.region_code,
            departement: &self.departement_code,
            epci: self.epci_code.as_deref(),
            city: &self.city_code,
        }
    }
}

pub fn locate(conn: &mut Conn, id: i32) -> AppResult<Option<Located>> {
    Ok(sites::table.find(id).select(Located::as_select()).first(conn).optional()?)
}

/// What the detail of a site reads first.
pub struct Current {
    pub located: Located,
    pub record: SiteRecord,
    pub is_favorite: bool,
    pub authors: Vec<contract::sites::output::UserRef>,
}

/// Where a site is, its current record, whether `user_id` keeps it among their favorites and who
/// created and last updated it, in one query: the detail is what is read most.
pub fn current_for(conn: &mut Conn, id: i32, user_id: i32) -> AppResult<Option<Current>> {
    use crate::db::schema::{organizations, site_favorites as favorites, users};
    let (creator, creator_organization, updater, updater_organization) = diesel::alias!(
        users as creator,
        organizations as creator_organization,
        users as updater,
        organizations as updater_organization
    );
    let is_favorite = diesel::dsl::exists(
        favorites::table.filter(favorites::site_id.eq(sites::id)).filter(favorites::user_id.eq(user_id)),
    );
    type Person = Option<(i32, String, String, String)>;
    type Organization = Option<(i32, String, Option<String>)>;
    let found: Option<(Located, String, bool, Person, Organization, Person, Organization)> = sites::table
        .inner_join(sv::table.on(sv::site_id.eq(sites::id).and(sv::valid_to.is_null())))
        .left_join(creator.on(creator.field(users::id).nullable().eq(sites::created_by)))
        .left_join(
            creator_organization
                .on(creator_organization.field(organizations::id).eq(creator.field(users::organization_id))),
        )
        .left_join(updater.on(updater.field(users::id).nullable().eq(sites::updated_by)))
        .left_join(
            updater_organization
                .on(updater_organization.field(organizations::id).eq(updater.field(users::organization_id))),
        )
        .filter(sites::id.eq(id))
        .select((
            Located::as_select(),
            sv::snapshot,
            is_favorite,
            (
                creator.field(users::id),
                creator.field(users::first_name),
                creator.field(users::last_name),
                creator.field(users::position),
            )
                .nullable(),
            (
                creator_organization.field(organizations::id),
                creator_organization.field(organizations::name),
                creator_organization.field(organizations::abbreviation),
            )
                .nullable(),
            (
                updater.field(users::id),
                updater.field(users::first_name),
                updater.field(users::last_name),
                updater.field(users::position),
            )
                .nullable(),
            (
                updater_organization.field(organizations::id),
                updater_organization.field(organizations::name),
                updater_organization.field(organizations::abbreviation),
            )
                .nullable(),
        ))
        .first(conn)
        .optional()?;
    let Some((located, snapshot, is_favorite, creator, creator_organization, updater, updater_organization)) = found
    else {
        return Ok(None);
    };
    let person = |user: Person, organization: Organization| {
        let ((id, first_name, last_name, position), (organization_id, name, abbreviation)) = (user?, organization?);
        let organization = contract::sites::output::OrganizationRef { id: organization_id, name, abbreviation };
        Some(contract::sites::output::UserRef { id, first_name, last_name, position, organization })
    };
    let authors = [person(creator, creator_organization), person(updater, updater_organization)];
    Ok(Some(Current {
        located,
        record: SiteRecord::from_snapshot(&snapshot)?,
        is_favorite,
        authors: authors.into_iter().flatten().collect(),
    }))
}

/// The current record of a site.
pub fn current(conn: &mut Conn, id: i32) -> AppResult<Option<SiteRecord>> {
    let snapshot: Option<String> = sv::table
        .filter(sv::site_id.eq(id))
        .filter(sv::valid_to.is_null())
        .select(sv::snapshot)
        .first(conn)
        .optional()?;
    snapshot.as_deref().map(SiteRecord::from_snapshot).transpose()
}

/// The record as it was at `at`; `None` when the site did not exist yet.
pub fn as_of(conn: &mut Conn, id: i32, at: NaiveDateTime) -> AppResult<Option<SiteRecord>> {
    let snapshot: Option<String> = sv::table
        .filter(sv::site_id.eq(id))
        .filter(sv::valid_from.le(at))
        .filter(sv::valid_to.is_null().or(sv::valid_to.gt(at)))
        .select(sv::snapshot)
        .first(conn)
        .optional()?;
    snapshot.as_deref().map(SiteRecord::from_snapshot).transpose()
}

fn write_version(
    conn: &mut Conn,
    record: &SiteRecord,
    kind: ChangeKind,
    row: &SiteRow,
    location: &Resolved,
) -> AppResult<()> {
    diesel::update(sv::table.filter(sv::site_id.eq(record.id)).filter(sv::valid_to.is_null()))
        .set(sv::valid_to.eq(record.updated_at))
        .execute(conn)?;
    diesel::insert_into(sv::table)
        .values((
            sv::site_id.eq(record.id),
            sv::version.eq(record.version),
            sv::kind.eq(kind.code()),
            sv::valid_from.eq(record.updated_at),
            sv::author_id.eq(record.updated_by),
            sv::status.eq(record.status.code()),
            sv::region_code.eq(&row.region_code),
            sv::departement_code.eq(&row.departement_code),
            sv::epci_code.eq(&row.epci_code),
            sv::city_code.eq(&row.city_code),
            sv::population_total.eq(record.data.population.total),
            sv::population_minors.eq(record.data.population.minors),
            sv::minors_in_school.eq(record.data.population.minors_in_school),
            sv::snapshot.eq(record.to_snapshot()?),
            super::version_columns::VersionColumns::of(record, location),
        ))
        .execute(conn)?;
    Ok(())
}

/// Stores a new site (version 1) and returns its id.
pub fn insert(conn: &mut Conn, geography: &Geography, record: &mut SiteRecord) -> AppResult<i32> {
    let location = record.location(geography)?;
    let row = SiteRow::of(record, &location);
    let id: i32 = diesel::insert_into(sites::table).values(&row).returning(sites::id).get_result(conn)?;
    record.id = id;
    write_version(conn, record, ChangeKind::Creation, &row, &location)?;
    Ok(id)
}

/// Stores a new version of a site, if nobody saved another since `expected_version` (412).
pub fn save(
    conn: &mut Conn,
    geography: &Geography,
    record: &mut SiteRecord,
    expected_version: i32,
    kind: ChangeKind,
) -> AppResult<()> {
    record.version = expected_version + 1;
    let location = record.location(geography)?;
    let row = SiteRow::of(record, &location);
    let updated = diesel::update(sites::table.find(record.id).filter(sites::version.eq(expected_version)))
        .set(&row)
        .execute(conn)?;
    if updated == 0 {
        let current: Option<i32> = sites::table.find(record.id).select(sites::version).first(conn).optional()?;
        return Err(match current {
            Some(current_version) => AppError::PreconditionFailed { current_version },
            None => AppError::NotFound,
        });
    }
    write_version(conn, record, kind, &row, &location)
}

/// Every version of a site, oldest first: (version, kind, author, time, record).
pub fn versions(conn: &mut Conn, id: i32) -> AppResult<Vec<(String, Option<i32>, NaiveDateTime, SiteRecord)>> {
    let rows: Vec<(String, Option<i32>, NaiveDateTime, String)> = sv::table
        .filter(sv::site_id.eq(id))
        .order(sv::version)
        .select((sv::kind, sv::author_id, sv::valid_from, sv::snapshot))
        .load(conn)?;
    rows.into_iter()
        .map(|(kind, author, at, snapshot)| Ok((kind, author, at, SiteRecord::from_snapshot(&snapshot)?)))
        .collect()
}

/// Rewrites every stored version of a site (owner anonymisation at closure).
pub fn rewrite_versions(conn: &mut Conn, id: i32, mut change: impl FnMut(&mut SiteRecord)) -> AppResult<()> {
    let rows: Vec<(i32, String)> = sv::table.filter(sv::site_id.eq(id)).select((sv::id, sv::snapshot)).load(conn)?;
    for (version_id, snapshot) in rows {
        let mut record = SiteRecord::from_snapshot(&snapshot)?;
        change(&mut record);
        diesel::update(sv::table.find(version_id)).set(sv::snapshot.eq(record.to_snapshot()?)).execute(conn)?;
    }
    Ok(())
}

/// Deletes a site and everything attached to it.
pub fn delete(conn: &mut Conn, id: i32) -> AppResult<()> {
    diesel::delete(sites::table.find(id)).execute(conn)?;
    Ok(())
}
