//! Queries on organizations, their types and members.

use std::collections::HashMap;

use contract::organizations::{
    DirectoryEntry, InterventionAreaInput, Member, NewOrganization, OrganizationCategory, OrganizationChanges,
    OrganizationDetail, OrganizationSummary,
};
use contract::problem::FieldError;
use contract::users::UserStatus;
use contract::Labelled;
use diesel::prelude::*;

use super::areas::{self, Owner};
use super::model::{LocationColumns, OrganizationRow, TypeRow};
use crate::db::schema::{organization_types as ot, organizations as o, users as u};
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::text::{normalize, word_patterns};
use crate::users::model::decode;

pub fn types(conn: &mut Conn) -> AppResult<Vec<TypeRow>> {
    Ok(ot::table.order((ot::position, ot::id)).select(TypeRow::as_select()).load(conn)?)
}

pub fn get(conn: &mut Conn, id: i32) -> AppResult<Option<(OrganizationRow, TypeRow)>> {
    Ok(o::table
        .inner_join(ot::table)
        .filter(o::id.eq(id))
        .select((OrganizationRow::as_select(), TypeRow::as_select()))
        .first(conn)
        .optional()?)
}

pub fn summary(conn: &mut Conn, geography: &Geography, id: i32) -> AppResult<OrganizationSummary> {
    let (row, kind) = get(conn, id)?.ok_or(AppError::NotFound)?;
    row.summary(&kind, geography)
}

/// Filters of the organization search.
#[derive(Debug, Default, Clone)]
pub struct SearchFilter {
    pub query: Option<String>,
    pub category: Option<OrganizationCategory>,
    pub type_uid: Option<String>,
    pub departement: Option<String>,
    pub include_inactive: bool,
    pub limit: i64,
}

pub fn search(conn: &mut Conn, geography: &Geography, filter: &SearchFilter) -> AppResult<Vec<OrganizationSummary>> {
    let mut query = o::table.inner_join(ot::table).into_boxed();
    if !filter.include_inactive {
        query = query.filter(o::active.eq(true));
    }
    for pattern in word_patterns(filter.query.as_deref().unwrap_or("")) {
        query = query.filter(o::search_text.like(pattern));
    }
    if let Some(category) = filter.category {
        query = query.filter(ot::category.eq(category.code()));
    }
    if let Some(uid) = &filter.type_uid {
        query = query.filter(ot::uid.eq(uid.clone()));
    }
    if let Some(departement) = &filter.departement {
        query = query.filter(o::departement_code.eq(departement.clone()));
    }
    let rows: Vec<(OrganizationRow, TypeRow)> = query
        .order((o::name, o::id))
        .limit(filter.limit)
        .select((OrganizationRow::as_select(), TypeRow::as_select()))
        .load(conn)?;
    rows.iter().map(|(row, kind)| row.summary(kind, geography)).collect()
}

/// The members of several organizations, by organization id, sorted by name.
pub fn members(conn: &mut Conn, organization_ids: &[i32], active_only: bool) -> AppResult<HashMap<i32, Vec<Member>>> {
    let mut query = u::table.filter(u::organization_id.eq_any(organization_ids.to_vec())).into_boxed();
    if active_only {
        query = query.filter(u::status.eq(UserStatus::Active.code()));
    }
    let rows: Vec<(i32, i32, String, String, String, String, Option<String>, String)> = query
        .order((u::last_name, u::first_name))
        .select((u::organization_id, u::id, u::first_name, u::last_name, u::position, u::email, u::phone, u::role))
        .load(conn)?;
    let mut by_organization: HashMap<i32, Vec<Member>> = HashMap::new();
    for (organization_id, id, first_name, last_name, position, email, phone, role) in rows {
        by_organization.entry(organization_id).or_default().push(Member {
            id,
            first_name,
            last_name,
            position,
            email,
            phone,
            role: decode(&role)?,
        });
    }
    Ok(by_organization)
}

pub fn detail(conn: &mut Conn, geography: &Geography, id: i32, active_only: bool) -> AppResult<OrganizationDetail> {
    let (row, kind) = get(conn, id)?.ok_or(AppError::NotFound)?;
    let intervention_areas = areas::of_organization(conn, id)?.iter().map(|area| area.to_contract(geography)).collect();
    let members = members(conn, &[id], active_only)?.remove(&id).unwrap_or_default();
    Ok(OrganizationDetail { summary: row.summary(&kind, geography)?, intervention_areas, members })
}

/// Active organizations with their active members, by name.
pub fn directory(conn: &mut Conn, geography: &Geography) -> AppResult<Vec<DirectoryEntry>> {
    let rows: Vec<(OrganizationRow, TypeRow)> = o::table
        .inner_join(ot::table)
        .filter(o::active.eq(true))
        .order((o::name, o::id))
        .select((OrganizationRow::as_select(), TypeRow::as_select()))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(row, _)| row.id).collect();
    let mut members = members(conn, &ids, true)?;
    rows.iter()
        .map(|(row, kind)| {
            Ok(DirectoryEntry {
                organization: row.summary(kind, geography)?,
                members: members.remove(&row.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Creates an organization with its intervention areas (its own territory when none given).
pub fn create(conn: &mut Conn, geography: &Geography, input: &NewOrganization) -> AppResult<i32> {
    let mut errors = Vec::new();
    let kind = ot::table.filter(ot::uid.eq(&input.type_uid)).select(TypeRow::as_select()).first(conn).optional()?;
    if kind.is_none() {
        errors.push(FieldError::new("type_uid", "unknown_type", "Type de structure inconnu."));
    }
    let resolved = geography.resolve(input.location.location_type, input.location.code.as_deref());
    if resolved.is_none() {
        errors.push(FieldError::new("location.code", "unknown_territory", "Territoire inconnu."));
    }
    if let Err(area_errors) = areas::check(&input.intervention_areas, geography, "intervention_areas") {
        errors.extend(area_errors);
    }
    let (Some(kind), Some(resolved)) = (kind, resolved) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let search_text = normalize(&format!("{} {}", input.name, input.abbreviation.clone().unwrap_or_default()));
    let columns = LocationColumns::from(&resolved);
    refuse_taken_name(conn, kind.id, &columns, &input.name, None)?;
    let created_at = now();
    let id: i32 = diesel::insert_into(o::table)
        .values((
            o::name.eq(input.name.trim()),
            o::abbreviation.eq(input.abbreviation.as_deref().map(str::trim).filter(|a| !a.is_empty())),
            o::type_id.eq(kind.id),
            o::location_type.eq(&columns.location_type),
            o::region_code.eq(&columns.region_code),
            o::departement_code.eq(&columns.departement_code),
            o::epci_code.eq(&columns.epci_code),
            o::city_code.eq(&columns.city_code),
            o::active.eq(true),
            o::search_text.eq(&search_text),
            o::created_at.eq(created_at),
            o::updated_at.eq(created_at),
        ))
        .returning(o::id)
        .get_result(conn)?;
    let own_area = [InterventionAreaInput { location: input.location.clone(), is_main: true }];
    let chosen = if input.intervention_areas.is_empty() { &own_area[..] } else { &input.intervention_areas[..] };
    areas::replace(conn, geography, Owner::Organization(id), chosen)?;
    Ok(id)
}

/// The organization of this type bearing this name on this territory, if any (DOMAIN §3.3:
/// names are unique per type and territory), compared as search compares them: "Mairie de
/// Saint-Ouen" is "mairie de saint ouen".
fn bearing(
    conn: &mut Conn,
    type_id: i32,
    territory: &LocationColumns,
    name: &str,
    except: Option<i32>,
) -> AppResult<Option<i32>> {
    let mut query =
        o::table.filter(o::type_id.eq(type_id)).filter(o::location_type.eq(&territory.location_type)).into_boxed();
    query = match &territory.region_code {
        Some(code) => query.filter(o::region_code.eq(code.clone())),
        None => query.filter(o::region_code.is_null()),
    };
    query = match &territory.departement_code {
        Some(code) => query.filter(o::departement_code.eq(code.clone())),
        None => query.filter(o::departement_code.is_null()),
    };
    query = match &territory.epci_code {
        Some(code) => query.filter(o::epci_code.eq(code.clone())),
        None => query.filter(o::epci_code.is_null()),
    };
    query = match &territory.city_code {
        Some(code) => query.filter(o::city_code.eq(code.clone())),
        None => query.filter(o::city_code.is_null()),
    };
    if let Some(id) = except {
        query = query.filter(o::id.ne(id));
    }
    let named: Vec<(i32, String)> = query.select((o::id, o::name)).load(conn)?;
    let wanted = normalize(name);
    Ok(named.into_iter().find(|(_, taken)| normalize(taken) == wanted).map(|(id, _)| id))
}

fn refuse_taken_name(
    conn: &mut Conn,
    type_id: i32,
    territory: &LocationColumns,
    name: &str,
    except: Option<i32>,
) -> AppResult<()> {
    match bearing(conn, type_id, territory, name, except)? {
        Some(_) => Err(AppError::Taken {
            field: "name",
            code: "organization_exists",
            detail: "Une structure de ce type porte déjà ce nom sur ce territoire.".into(),
        }),
        None => Ok(()),
    }
}

/// The organization that creating `input` would duplicate, if any.
pub fn already_named(conn: &mut Conn, geography: &Geography, input: &NewOrganization) -> AppResult<Option<i32>> {
    let type_id: Option<i32> = ot::table.filter(ot::uid.eq(&input.type_uid)).select(ot::id).first(conn).optional()?;
    let resolved = geography.resolve(input.location.location_type, input.location.code.as_deref());
    match (type_id, resolved) {
        (Some(type_id), Some(resolved)) => bearing(conn, type_id, &LocationColumns::from(&resolved), &input.name, None),
        _ => Ok(None),
    }
}

/// Applies an admin's changes to an organization.
pub fn update(conn: &mut Conn, geography: &Geography, id: i32, changes: &OrganizationChanges) -> AppResult<()> {
    let (row, _) = get(conn, id)?.ok_or(AppError::NotFound)?;
    if let Some(inputs) = &changes.intervention_areas {
        areas::check(inputs, geography, "intervention_areas").map_err(AppError::Validation)?;
        if inputs.is_empty() {
            return Err(AppError::field(
                "intervention_areas",
                "required",
                "Une structure doit avoir au moins un territoire d'intervention.",
            ));
        }
        areas::replace(conn, geography, Owner::Organization(id), inputs)?;
    }
    if let Some(name) = &changes.name {
        let territory = LocationColumns {
            location_type: row.location_type.clone(),
            region_code: row.region_code.clone(),
            departement_code: row.departement_code.clone(),
            epci_code: row.epci_code.clone(),
            city_code: row.city_code.clone(),
        };
        refuse_taken_name(conn, row.type_id, &territory, name, Some(id))?;
    }
    let name = changes.name.clone().unwrap_or(row.name);
    let abbreviation = match &changes.abbreviation {
        Some(value) => value.clone().filter(|a| !a.trim().is_empty()),
        None => row.abbreviation,
    };
    let search_text = normalize(&format!("{} {}", name, abbreviation.clone().unwrap_or_default()));
    diesel::update(o::table.find(id))
        .set((
            o::name.eq(name.trim()),
            o::abbreviation.eq(abbreviation),
            o::active.eq(changes.active.unwrap_or(row.active)),
            o::search_text.eq(search_text),
            o::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
