//! What happens to a site besides updates: closure, correction of the closure, heatwave,
//! resorption target and start, deletion (DOMAIN §7).

use chrono::Datelike;
use contract::access::Feature;
use contract::sites::actions::{ClosureInput, StatusFix};
use contract::sites::codes::{ClosedWithSolutions, PreparatoryPhase};
use contract::sites::history::ChangeKind;
use contract::sites::input::PhaseInput;
use contract::sites::output::Closure;
use contract::Labelled;

use super::access;
use super::record::SiteRecord;
use super::store;
use super::write::today;
use crate::access::RoleKey;
use crate::auth::Actor;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

/// What owner names become when a site closes.
pub const ANONYMISED_OWNER: &str = "Propriétaire anonymisé";

fn closed_error() -> AppError {
    AppError::Conflict { code: "site_closed", detail: "Le site est fermé.".into() }
}

/// Loads the current record of a site the actor may do `feature` on.
fn allowed(conn: &mut Conn, actor: &Actor, id: i32, feature: Feature) -> AppResult<(store::Located, SiteRecord)> {
    let located = access::readable(conn, actor, id)?;
    access::require(actor, &located, feature)?;
    let record = store::current(conn, id)?.ok_or(AppError::NotFound)?;
    Ok((located, record))
}

fn touch(record: &mut SiteRecord, actor: &Actor) {
    record.updated_at = now();
    record.updated_by = Some(actor.id());
}

pub fn close(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    input: ClosureInput,
) -> AppResult<SiteRecord> {
    let (located, mut record) = allowed(conn, actor, id, Feature::Close)?;
    if located.version != expected_version {
        return Err(AppError::PreconditionFailed { current_version: located.version });
    }
    if !record.is_open() {
        return Err(closed_error());
    }
    let errors = input.check(record.data.declared_at, today());
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    record.status = input.status;
    record.closure = Some(Closure {
        closed_at: input.closed_at,
        status: input.status,
        context: input.closing_context.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()),
        closed_with_solutions: Some(if input.closed_with_solutions {
            ClosedWithSolutions::Yes
        } else {
            ClosedWithSolutions::No
        }),
        solutions: input.solutions,
    });
    record.heatwave = false;
    anonymise_owners(&mut record);
    touch(&mut record, actor);
    store::rewrite_versions(conn, id, anonymise_owners)?;
    store::save(conn, geography, &mut record, expected_version, ChangeKind::Closure)?;
    Ok(record)
}

/// Owner names do not outlive the site, in its current state or its history.
fn anonymise_owners(record: &mut SiteRecord) {
    for owner in record.data.owners.iter_mut().flatten() {
        owner.name = ANONYMISED_OWNER.to_owned();
    }
}

pub fn fix_status(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    fix: StatusFix,
) -> AppResult<SiteRecord> {
    let (located, mut record) = allowed(conn, actor, id, Feature::FixStatus)?;
    if located.version != expected_version {
        return Err(AppError::PreconditionFailed { current_version: located.version });
    }
    let Some(closure) = record.closure.as_mut() else {
        return Err(AppError::Conflict { code: "site_open", detail: "Le site n'est pas fermé.".into() });
    };
    if fix.closed_with_solutions == ClosedWithSolutions::Unknown {
        return Err(AppError::field("closed_with_solutions", "invalid_code", "Indiquez oui ou non."));
    }
    closure.closed_with_solutions = Some(fix.closed_with_solutions);
    touch(&mut record, actor);
    store::save(conn, geography, &mut record, expected_version, ChangeKind::StatusFix)?;
    Ok(record)
}

pub fn set_heatwave(conn: &mut Conn, geography: &Geography, actor: &Actor, id: i32, on: bool) -> AppResult<SiteRecord> {
    let (located, mut record) = allowed(conn, actor, id, Feature::Update)?;
    if !record.is_open() {
        return Err(closed_error());
    }
    if record.heatwave == on {
        return Ok(record);
    }
    record.heatwave = on;
    touch(&mut record, actor);
    store::save(conn, geography, &mut record, located.version, ChangeKind::Heatwave)?;
    Ok(record)
}

/// Admins and State correspondents steer resorption: they set its targets.
pub fn steers(actor: &Actor) -> bool {
    matches!(
        actor.role_key(),
        RoleKey::NationalAdmin | RoleKey::LocalAdmin | RoleKey::Regular(contract::users::Role::DirectCollaborator)
    )
}

/// "Objectif résorption", set once on an open site by admins and State correspondents.
pub fn set_target(conn: &mut Conn, geography: &Geography, actor: &Actor, id: i32) -> AppResult<SiteRecord> {
    let (located, mut record) = allowed(conn, actor, id, Feature::Update)?;
    if !steers(actor) {
        return Err(AppError::forbidden());
    }
    if !record.is_open() {
        return Err(closed_error());
    }
    if record.resorption_target.is_some() {
        return Err(AppError::Conflict {
            code: "target_exists",
            detail: "L'objectif résorption est déjà fixé.".into(),
        });
    }
    record.resorption_target = Some(today().year());
    touch(&mut record, actor);
    store::save(conn, geography, &mut record, located.version, ChangeKind::ResorptionTarget)?;
    Ok(record)
}

/// "Démarrer la résorption": adds the starting preparatory phases, not yet completed.
pub fn start_resorption(conn: &mut Conn, geography: &Geography, actor: &Actor, id: i32) -> AppResult<SiteRecord> {
    let (located, mut record) = allowed(conn, actor, id, Feature::Update)?;
    if !record.is_open() {
        return Err(closed_error());
    }
    if !record.data.preparatory_phases.is_empty() {
        return Err(AppError::Conflict {
            code: "resorption_started",
            detail: "La résorption est déjà démarrée.".into(),
        });
    }
    record.data.preparatory_phases = PreparatoryPhase::ALL
        .iter()
        .filter(|phase| phase.is_starting())
        .map(|phase| PhaseInput { phase: *phase, completed_at: None })
        .collect();
    touch(&mut record, actor);
    store::save(conn, geography, &mut record, located.version, ChangeKind::ResorptionStart)?;
    Ok(record)
}

/// Deletes a site for good (national admins); the deletion is logged.
pub fn delete(conn: &mut Conn, actor: &Actor, id: i32) -> AppResult<()> {
    let (_, record) = allowed(conn, actor, id, Feature::Delete)?;
    let details = format!("{} ({}) — statut {}", record.display_name(), record.data.city_code, record.status.code());
    store::delete(conn, id)?;
    crate::audit::record(conn, Some(actor.id()), "site.delete", "site", Some(id), Some(details))
}
