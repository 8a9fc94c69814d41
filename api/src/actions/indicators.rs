//! Entering the indicators of one year (DOMAIN §10.4): a short form field workers fill once a
//! year, stored as a new version of the action like any other change.

use contract::actions::codes::ActionChangeKind;
use contract::actions::indicators::Indicators;
use contract::problem::FieldError;

use super::record::{ActionRecord, StoredIndicators};
use super::{access, members, store, write};
use crate::auth::Actor;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

/// Sets (or, when every count is empty, removes) the indicators of `year`, given the version
/// the caller read. Values equal to the stored ones store nothing.
pub fn set(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    year: i32,
    values: Indicators,
) -> AppResult<ActionRecord> {
    access::updatable(conn, actor, id, expected_version)?;
    let mut record = store::current(conn, id)?.ok_or(AppError::NotFound)?;
    let (first, last) =
        record.data.years(crate::sites::write::today()).ok_or_else(|| AppError::internal("action without start"))?;
    if year < first || year > last {
        return Err(AppError::Validation(vec![FieldError::new(
            "year",
            "outside_action",
            format!("L'année doit être comprise entre {first} et {last}, les années de l'action."),
        )]));
    }
    let errors = values.check(&record.data.topics);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let stored = record.indicators.iter().position(|entry| entry.year == year);
    let unchanged = match stored {
        Some(index) => record.indicators[index].values == values,
        None => values.is_empty(),
    };
    if unchanged {
        return Ok(record);
    }
    let at = now();
    if let Some(index) = stored {
        record.indicators.remove(index);
    }
    if !values.is_empty() {
        record.indicators.push(StoredIndicators { year, values, updated_at: at, updated_by: Some(actor.id()) });
        record.indicators.sort_by_key(|entry| entry.year);
    }
    let everyone: Vec<i32> = record.data.pilots.iter().chain(&record.data.operators).copied().collect();
    let people = members::people(conn, &everyone)?;
    let derived = write::derive(conn, geography, &record.data, &people)?;
    record.updated_at = at;
    record.updated_by = Some(actor.id());
    store::save_as(conn, &mut record, expected_version, &derived, ActionChangeKind::Indicators)?;
    Ok(record)
}
