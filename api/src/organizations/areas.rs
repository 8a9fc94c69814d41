//! Intervention areas of organizations and users (DOMAIN §5.4).

use std::collections::HashMap;

use contract::organizations::{InterventionArea, InterventionAreaInput};
use contract::problem::FieldError;
use contract::territories::LocationType;
use diesel::prelude::*;

use crate::access::Area;
use crate::db::schema::intervention_areas as ia;
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::users::model::decode;

/// A stored intervention area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRow {
    pub level: LocationType,
    pub code: Option<String>,
    pub is_main: bool,
}

impl AreaRow {
    pub fn to_area(&self) -> Area {
        Area { level: self.level, code: self.code.clone() }
    }

    pub fn to_contract(&self, geography: &Geography) -> InterventionArea {
        let resolved = geography.resolve(self.level, self.code.as_deref());
        InterventionArea {
            location_type: self.level,
            code: self.code.clone(),
            name: resolved.map(|r| r.label()).unwrap_or_default(),
            is_main: self.is_main,
        }
    }
}

type Row = (Option<i32>, Option<i32>, String, Option<String>, Option<String>, Option<String>, Option<String>, bool);

fn to_area_row(row: &Row) -> AppResult<AreaRow> {
    let level: LocationType = decode(&row.2)?;
    let code = match level {
        LocationType::Nation => None,
        LocationType::Region => row.3.clone(),
        LocationType::Departement => row.4.clone(),
        LocationType::Epci => row.5.clone(),
        LocationType::City => row.6.clone(),
    };
    Ok(AreaRow { level, code, is_main: row.7 })
}

fn select() -> ia::BoxedQuery<'static, crate::db::DbBackend> {
    ia::table.order(ia::id).into_boxed()
}

fn load(query: ia::BoxedQuery<'static, crate::db::DbBackend>, conn: &mut Conn) -> AppResult<Vec<Row>> {
    Ok(query
        .select((
            ia::organization_id,
            ia::user_id,
            ia::location_type,
            ia::region_code,
            ia::departement_code,
            ia::epci_code,
            ia::city_code,
            ia::is_main,
        ))
        .load::<Row>(conn)?)
}

/// The areas of several organizations at once, by organization id.
pub fn of_organizations(conn: &mut Conn, ids: &[i32]) -> AppResult<HashMap<i32, Vec<AreaRow>>> {
    let rows = load(select().filter(ia::organization_id.eq_any(ids.to_vec())), conn)?;
    let mut by_id: HashMap<i32, Vec<AreaRow>> = HashMap::new();
    for row in &rows {
        if let Some(id) = row.0 {
            by_id.entry(id).or_default().push(to_area_row(row)?);
        }
    }
    Ok(by_id)
}

pub fn of_organization(conn: &mut Conn, id: i32) -> AppResult<Vec<AreaRow>> {
    Ok(of_organizations(conn, &[id])?.remove(&id).unwrap_or_default())
}

pub fn of_user(conn: &mut Conn, id: i32) -> AppResult<Vec<AreaRow>> {
    load(select().filter(ia::user_id.eq(id)), conn)?.iter().map(to_area_row).collect()
}

/// Checks submitted areas against the geography, naming each faulty entry.
pub fn check(inputs: &[InterventionAreaInput], geography: &Geography, field: &str) -> Result<(), Vec<FieldError>> {
    let errors: Vec<FieldError> = inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| geography.resolve(input.location.location_type, input.location.code.as_deref()).is_none())
        .map(|(index, _)| FieldError::new(format!("{field}[{index}].code"), "unknown_territory", "Territoire inconnu."))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Who an area belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Organization(i32),
    User(i32),
}

/// Replaces the areas of an organization or a user.
pub fn replace(
    conn: &mut Conn,
    geography: &Geography,
    owner: Owner,
    inputs: &[InterventionAreaInput],
) -> AppResult<()> {
    match owner {
        Owner::Organization(id) => diesel::delete(ia::table.filter(ia::organization_id.eq(id))).execute(conn)?,
        Owner::User(id) => diesel::delete(ia::table.filter(ia::user_id.eq(id))).execute(conn)?,
    };
    let has_main = inputs.iter().any(|input| input.is_main);
    for (index, input) in inputs.iter().enumerate() {
        let resolved = geography
            .resolve(input.location.location_type, input.location.code.as_deref())
            .ok_or_else(|| AppError::field("intervention_areas", "unknown_territory", "Territoire inconnu."))?;
        let (organization_id, user_id) = match owner {
            Owner::Organization(id) => (Some(id), None),
            Owner::User(id) => (None, Some(id)),
        };
        diesel::insert_into(ia::table)
            .values((
                ia::organization_id.eq(organization_id),
                ia::user_id.eq(user_id),
                ia::location_type.eq(contract::Labelled::code(resolved.location_type)),
                ia::region_code.eq(resolved.region.as_ref().map(|t| t.code.clone())),
                ia::departement_code.eq(resolved.departement.as_ref().map(|t| t.code.clone())),
                ia::epci_code.eq(resolved.epci.as_ref().map(|t| t.code.clone())),
                ia::city_code.eq(resolved.city.as_ref().map(|t| t.code.clone())),
                ia::is_main.eq(input.is_main || (!has_main && index == 0)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
