//! Who will read an action's finances (DOMAIN §5.6, issue 12 item 3): the active members of its
//! pilots' organizations, and the active users whose permissions grant
//! `action_finances.access` where the action is, the same rule as `Reachable::reads_finances`.
//! Shown before saving, so that nobody enters figures without knowing who sees them.

use std::collections::{BTreeMap, HashMap, HashSet};

use contract::access::{Entity, Feature};
use contract::actions::codes::FinanceReaderReason;
use contract::actions::output::{FinanceReaderOrganization, FinanceReaders};
use contract::problem::FieldError;
use contract::territories::LocationType;
use contract::users::{PermissionOption, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use super::members;
use super::record::MemberRole;
use super::store::Located;
use crate::access::matrix::{self, Cell};
use crate::access::{Area, Permissions, Place, RoleKey};
use crate::db::schema::{action_members as am, intervention_areas as ia, organizations, user_options, users};
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::users::model::decode;

/// The readers of an action that would be saved in `departement_code` with these pilots; 422
/// (`pilots`) when one of them could not pilot it, as the save would answer.
pub fn readers(
    conn: &mut Conn,
    geography: &Geography,
    departement_code: &str,
    region_code: &str,
    pilot_ids: &[i32],
) -> AppResult<FinanceReaders> {
    let people = members::people(conn, pilot_ids)?;
    let mut errors: Vec<FieldError> = Vec::new();
    members::check(&people, pilot_ids, MemberRole::Pilot, &[], &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let pilot_organizations: HashSet<i32> = people.values().map(|person| person.organization_id).collect();
    let place = Place { region: region_code, departement: departement_code, epci: None, city: "" };
    collect(conn, geography, place, &pilot_organizations)
}

/// The readers of a stored action: its pilots' organizations are those recorded with it, the
/// ones `members::membership` grants finances to.
pub fn of_action(conn: &mut Conn, geography: &Geography, located: &Located) -> AppResult<FinanceReaders> {
    let pilot_organizations: HashSet<i32> = am::table
        .filter(am::action_id.eq(located.id))
        .filter(am::role.eq(MemberRole::Pilot.code()))
        .select(am::organization_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    collect(conn, geography, located.place(), &pilot_organizations)
}

/// An active user of an active organization who may read finances somewhere.
#[derive(Debug, Queryable)]
struct Candidate {
    id: i32,
    organization_id: i32,
    role: String,
    admin_role: Option<String>,
    use_custom_areas: bool,
}

fn collect(
    conn: &mut Conn,
    geography: &Geography,
    place: Place<'_>,
    pilot_organizations: &HashSet<i32>,
) -> AppResult<FinanceReaders> {
    let candidates = candidates(conn, pilot_organizations)?;
    let (own_areas, organization_areas) = areas(conn, &candidates)?;
    let options = options(conn, &candidates)?;
    let mut reasons: HashMap<i32, FinanceReaderReason> = HashMap::new();
    for candidate in &candidates {
        if pilot_organizations.contains(&candidate.organization_id) {
            reasons.insert(candidate.id, FinanceReaderReason::Pilot);
            continue;
        }
        // As `users::store::areas_of`: their own areas if they have some, else their organization's.
        let areas = own_areas
            .get(&candidate.id)
            .filter(|_| candidate.use_custom_areas)
            .or_else(|| organization_areas.get(&candidate.organization_id))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let role = RoleKey::of(decode(&candidate.role)?, candidate.admin_role.as_deref().map(decode).transpose()?);
        let user_options = options.get(&candidate.id).map(Vec::as_slice).unwrap_or_default();
        let permissions = Permissions::resolve(role, user_options, areas, geography);
        if permissions.allows(Entity::ActionFinances, Feature::Access, place) {
            let nationwide = permissions.allows_nationally(Entity::ActionFinances, Feature::Access);
            let reason = if nationwide { FinanceReaderReason::National } else { FinanceReaderReason::Territory };
            reasons.insert(candidate.id, reason);
        }
    }
    grouped(conn, &reasons)
}

/// Members of the pilots' organizations, and users whose column of the matrix grants finances
/// somewhere; the exact rule runs on them afterwards.
fn candidates(conn: &mut Conn, pilot_organizations: &HashSet<i32>) -> AppResult<Vec<Candidate>> {
    let mut regular_roles = Vec::new();
    let mut admin_roles = Vec::new();
    if let Some(row) = matrix::find(Entity::ActionFinances, Feature::Access) {
        for key in RoleKey::all().into_iter().filter(|key| row.cell(*key) != Cell::X) {
            match key {
                RoleKey::Regular(_) => regular_roles.push(key.code()),
                RoleKey::NationalAdmin | RoleKey::LocalAdmin => admin_roles.push(key.code()),
            }
        }
    }
    Ok(users::table
        .inner_join(organizations::table)
        .filter(users::status.eq(UserStatus::Active.code()))
        .filter(organizations::active.eq(true))
        .filter(
            users::organization_id
                .eq_any(pilot_organizations.iter().copied().collect::<Vec<_>>())
                .nullable()
                .or(users::admin_role.eq_any(admin_roles))
                .or(users::admin_role.is_null().and(users::role.eq_any(regular_roles)).nullable()),
        )
        .select((users::id, users::organization_id, users::role, users::admin_role, users::use_custom_areas))
        .load(conn)?)
}

type AreasBy = HashMap<i32, Vec<Area>>;

/// The areas of the candidates who use their own, and of every candidate's organization, in one
/// query: (by user, by organization).
fn areas(conn: &mut Conn, candidates: &[Candidate]) -> AppResult<(AreasBy, AreasBy)> {
    let own: Vec<i32> = candidates.iter().filter(|c| c.use_custom_areas).map(|c| c.id).collect();
    let mut organizations: Vec<i32> = candidates.iter().map(|c| c.organization_id).collect();
    organizations.sort_unstable();
    organizations.dedup();
    type Row = (Option<i32>, Option<i32>, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = ia::table
        .filter(ia::user_id.eq_any(own).or(ia::organization_id.eq_any(organizations)))
        .order(ia::id)
        .select((
            ia::user_id,
            ia::organization_id,
            ia::location_type,
            ia::region_code,
            ia::departement_code,
            ia::epci_code,
            ia::city_code,
        ))
        .load(conn)?;
    let (mut by_user, mut by_organization) = (AreasBy::new(), AreasBy::new());
    for (user, organization, level, region, departement, epci, city) in rows {
        let level: LocationType = decode(&level)?;
        let code = match level {
            LocationType::Nation => None,
            LocationType::Region => region,
            LocationType::Departement => departement,
            LocationType::Epci => epci,
            LocationType::City => city,
        };
        let area = Area { level, code };
        match (user, organization) {
            (Some(user), _) => by_user.entry(user).or_default().push(area),
            (None, Some(organization)) => by_organization.entry(organization).or_default().push(area),
            (None, None) => {}
        }
    }
    Ok((by_user, by_organization))
}

/// The options of the candidates, by user.
fn options(conn: &mut Conn, candidates: &[Candidate]) -> AppResult<HashMap<i32, Vec<PermissionOption>>> {
    let ids: Vec<i32> = candidates.iter().map(|c| c.id).collect();
    let rows: Vec<(i32, String)> = user_options::table
        .filter(user_options::user_id.eq_any(ids))
        .select((user_options::user_id, user_options::option_code))
        .load(conn)?;
    let mut by_user: HashMap<i32, Vec<PermissionOption>> = HashMap::new();
    for (user, code) in rows {
        if let Some(option) = PermissionOption::from_code(&code) {
            by_user.entry(user).or_default().push(option);
        }
    }
    Ok(by_user)
}

/// The readers by organization and reason: pilots first, then the territory, then the nation,
/// by organization name; users by last name.
fn grouped(conn: &mut Conn, reasons: &HashMap<i32, FinanceReaderReason>) -> AppResult<FinanceReaders> {
    let ids: Vec<i32> = reasons.keys().copied().collect();
    let refs = crate::users::store::refs(conn, &ids)?;
    let mut groups: BTreeMap<(FinanceReaderReason, i32), FinanceReaderOrganization> = BTreeMap::new();
    for (id, user) in refs {
        let Some(reason) = reasons.get(&id).copied() else { continue };
        groups
            .entry((reason, user.organization.id))
            .or_insert_with(|| FinanceReaderOrganization {
                organization: user.organization.clone(),
                reason,
                users: Vec::new(),
            })
            .users
            .push(user);
    }
    let normalize = crate::text::normalize;
    let mut organizations: Vec<FinanceReaderOrganization> = groups.into_values().collect();
    for group in &mut organizations {
        group.users.sort_by_cached_key(|u| (normalize(&u.last_name), normalize(&u.first_name), u.id));
    }
    organizations.sort_by_cached_key(|g| (g.reason, normalize(&g.organization.name), g.organization.id));
    Ok(FinanceReaders { organizations })
}
