//! Creating and updating actions: every rule of DOMAIN §10.1 on the whole input, whatever the
//! client sent, then one new version. What a caller may not change (pilots and département
//! without finance access, sites they cannot read) keeps its stored value.

use std::collections::HashMap;

use contract::access::{Entity, Feature};
use contract::actions::finances::FinanceRow;
use contract::actions::input::ActionInput;
use contract::problem::FieldError;
use contract::territories::LocationType;
use diesel::prelude::*;
use serde_json::Value;

use super::access;
use super::members::{self, Person};
use super::record::{delimited, ActionRecord, Derived, MemberRole};
use super::store;
use crate::auth::Actor;
use crate::db::schema::site_versions as sv;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::territories::{Geography, Resolved};

fn departement(geography: &Geography, code: &str) -> Option<Resolved> {
    geography.resolve(LocationType::Departement, Some(code)).filter(|found| found.code() == Some(code))
}

/// Runs every rule; one error per faulty field. `stored` is the current data on update: people
/// and sites already named are not checked again. `finances`: whether the caller reads the
/// finances (their rows are checked) or not (kept rows, checked against the dates only).
fn check(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    input: &ActionInput,
    stored: Option<&ActionInput>,
    finances: bool,
) -> AppResult<HashMap<i32, Person>> {
    let mut errors = input.check();
    if let Some((first, last)) = input.years(crate::sites::write::today()) {
        if finances {
            contract::actions::finances::check(&input.finances, first, last, &mut errors);
        } else {
            finances_outside(&input.finances, first, last, &mut errors);
        }
    }
    if !input.departement_code.is_empty() && departement(geography, &input.departement_code).is_none() {
        errors.push(FieldError::new("departement_code", "unknown_territory", "Département inconnu."));
    }
    if let Some(eti) = input.eti.as_ref().filter(|eti| !eti.city_code.is_empty()) {
        match geography.resolve(LocationType::City, Some(&eti.city_code)) {
            None => errors.push(FieldError::new("eti.city_code", "unknown_territory", "Commune inconnue.")),
            Some(city) if city.departement.as_ref().map(|d| d.code.as_str()) != Some(&input.departement_code) => errors
                .push(FieldError::new(
                    "eti.city_code",
                    "outside_departement",
                    "La commune de l'ETI doit être dans le département de l'action.",
                )),
            Some(_) => {}
        }
    }
    let stored_sites = stored.map(|data| data.site_ids.as_slice()).unwrap_or_default();
    let added: Vec<i32> = input.site_ids.iter().copied().filter(|id| !stored_sites.contains(id)).collect();
    if !added.is_empty() && crate::sites::view::links(conn, actor, &added)?.len() != added.len() {
        errors.push(FieldError::new(
            "site_ids",
            "unknown_site",
            "Un des sites est inconnu ou hors de votre territoire.",
        ));
    }
    let everyone: Vec<i32> = input.pilots.iter().chain(&input.operators).copied().collect();
    let people = members::people(conn, &everyone)?;
    let stored_pilots = stored.map(|data| data.pilots.as_slice()).unwrap_or_default();
    let stored_operators = stored.map(|data| data.operators.as_slice()).unwrap_or_default();
    members::check(&people, &input.pilots, MemberRole::Pilot, stored_pilots, &mut errors);
    members::check(&people, &input.operators, MemberRole::Operator, stored_operators, &mut errors);
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Kept finances the caller does not see (only their years can turn faulty, when the dates
/// move): told on the dates, without their rows or figures.
fn finances_outside(rows: &[FinanceRow], first: i32, last: i32, errors: &mut Vec<FieldError>) {
    let message = "Des financements sont saisis pour des années hors de cette période : \
                   un lecteur des financements doit d'abord les modifier.";
    if rows.iter().any(|row| row.year < first) {
        errors.push(FieldError::new("started_at", "finances_outside", message));
    }
    if rows.iter().any(|row| row.year > last) {
        errors.push(FieldError::new("ended_at", "finances_outside", message));
    }
}

/// The columns and tables of a version, from its data.
pub fn derive(
    conn: &mut Conn,
    geography: &Geography,
    input: &ActionInput,
    people: &HashMap<i32, Person>,
) -> AppResult<Derived> {
    let region_code = departement(geography, &input.departement_code)
        .and_then(|found| found.region.map(|region| region.code))
        .ok_or_else(|| AppError::internal(format!("unknown département {}", input.departement_code)))?;
    let sites: Vec<(String, Option<String>, Option<String>)> = if input.site_ids.is_empty() {
        Vec::new()
    } else {
        sv::table
            .filter(sv::site_id.eq_any(input.site_ids.clone()))
            .filter(sv::valid_to.is_null())
            .select((sv::city_code, sv::epci_code, sv::city_name))
            .load(conn)?
    };
    let mut cities: Vec<(String, Option<String>, String)> =
        sites.into_iter().map(|(code, epci, name)| (code, epci, name.unwrap_or_default())).collect();
    if let Some(city) = input.eti.as_ref().and_then(|eti| geography.resolve(LocationType::City, Some(&eti.city_code))) {
        let name = city.city.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        let code = city.city.map(|c| c.code).unwrap_or_default();
        cities.push((code, city.epci.map(|e| e.code), name));
    }
    cities.sort();
    cities.dedup();
    let mut words = vec![input.name.clone()];
    words.extend(cities.iter().map(|(_, _, name)| name.clone()));
    words.extend(input.pilots.iter().chain(&input.operators).filter_map(|id| people.get(id)).map(Person::search_words));
    let mut epcis: Vec<&str> = cities.iter().filter_map(|(_, epci, _)| epci.as_deref()).collect();
    epcis.sort_unstable();
    epcis.dedup();
    Ok(Derived {
        region_code,
        city_codes: delimited(cities.iter().map(|(code, _, _)| code.as_str())),
        epci_codes: delimited(epcis),
        search_text: crate::text::normalize(&words.join(" ")),
        members: members::of(people, &input.pilots, &input.operators, input.principal_operator),
    })
}

/// Creates an action; the caller needs the right to create actions in its département.
/// Finances sent by someone who would not read them are left out (and named).
pub fn create(conn: &mut Conn, geography: &Geography, actor: &Actor, mut input: ActionInput) -> AppResult<Updated> {
    if !actor.permissions.allows_somewhere(Entity::Action, Feature::Create) {
        return Err(AppError::forbidden());
    }
    input.normalize();
    let mut kept_fields = Vec::new();
    if let Some(found) = departement(geography, &input.departement_code) {
        actor.require(Entity::Action, Feature::Create, found.place())?;
        // Who creates an action reads its finances when they may where it is, or pilot it.
        let pilots = members::people(conn, &input.pilots)?;
        let pilot_organization = pilots.values().any(|person| person.organization_id == actor.user.organization_id);
        let reads = pilot_organization || actor.can(Entity::ActionFinances, Feature::Access, found.place());
        if !reads && !input.finances.is_empty() {
            input.finances.clear();
            kept_fields.push("finances".to_owned());
        }
    }
    let people = check(conn, geography, actor, &input, None, true)?;
    let derived = derive(conn, geography, &input, &people)?;
    let at = now();
    let mut record = ActionRecord {
        id: 0,
        version: 1,
        data: input,
        indicators: Vec::new(),
        created_at: at,
        created_by: Some(actor.id()),
        updated_at: at,
        updated_by: Some(actor.id()),
    };
    store::insert(conn, &mut record, &derived)?;
    Ok(Updated { record, kept_fields })
}

/// The data of an action as the caller may see it: only the sites they may read, and the
/// finances when they read them.
pub fn visible(conn: &mut Conn, actor: &Actor, data: &ActionInput, finances: bool) -> AppResult<ActionInput> {
    let mut visible = data.clone();
    if !finances {
        visible.finances.clear();
    }
    let readable: Vec<i32> = crate::sites::view::links(conn, actor, &data.site_ids)?.iter().map(|s| s.id).collect();
    visible.site_ids.retain(|id| readable.contains(id));
    Ok(visible)
}

/// An update and the fields of the patch the caller may not change, kept as stored.
pub struct Updated {
    pub record: ActionRecord,
    pub kept_fields: Vec<String>,
}

/// Updates an action with a merge patch over what the caller may see of it. A patch that
/// changes nothing stores nothing and answers the action as it is.
pub fn update(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    patch: &Value,
) -> AppResult<Updated> {
    let reachable = access::updatable(conn, actor, id, expected_version)?;
    let mut record = store::current(conn, id)?.ok_or(AppError::NotFound)?;
    let reads_finances = reachable.reads_finances(actor);
    let visible = visible(conn, actor, &record.data, reads_finances)?;
    let mut merged = serde_json::to_value(&visible).map_err(AppError::internal)?;
    crate::sites::write::merge(&mut merged, patch);
    let bytes = serde_json::to_vec(&merged).map_err(AppError::internal)?;
    let mut input: ActionInput = crate::extract::parse_json(&bytes)?;
    input.normalize();
    let mut kept_fields = Vec::new();
    if !reads_finances {
        if input.finances != visible.finances {
            kept_fields.push("finances".to_owned());
        }
        input.finances = record.data.finances.clone();
        if input.pilots != record.data.pilots {
            kept_fields.push("pilots".to_owned());
            input.pilots = record.data.pilots.clone();
        }
        if input.departement_code != record.data.departement_code {
            kept_fields.push("departement_code".to_owned());
            input.departement_code = record.data.departement_code.clone();
        }
    }
    if input.departement_code != record.data.departement_code {
        if let Some(found) = departement(geography, &input.departement_code) {
            actor.require(Entity::Action, Feature::Create, found.place())?;
        }
    }
    let hidden = record.data.site_ids.iter().filter(|id| !visible.site_ids.contains(id));
    if input.location_type == Some(contract::actions::codes::ActionLocationType::OnSite) {
        let kept: Vec<i32> = hidden.copied().collect();
        input.site_ids.extend(kept);
    }
    input.normalize();
    let people = check(conn, geography, actor, &input, Some(&record.data), reads_finances)?;
    if input == record.data {
        return Ok(Updated { record, kept_fields });
    }
    let derived = derive(conn, geography, &input, &people)?;
    record.data = input;
    record.updated_at = now();
    record.updated_by = Some(actor.id());
    store::save(conn, &mut record, expected_version, &derived)?;
    Ok(Updated { record, kept_fields })
}

/// Deletes an action for good (national admins); the deletion is logged.
pub fn delete(conn: &mut Conn, actor: &Actor, id: i32) -> AppResult<()> {
    let reachable = access::readable(conn, actor, id)?;
    actor.require(Entity::Action, Feature::Delete, reachable.located.place())?;
    store::delete(conn, id)?;
    crate::audit::record(conn, Some(actor.id()), "delete", "action", Some(id), None)
}
