//! Reading and writing actions: the `actions` row and one version per change (valid-time rows,
//! DESIGN §5), with the members and sites of the current version.

use chrono::NaiveDateTime;
use contract::actions::codes::ActionChangeKind;
use contract::Labelled;
use diesel::prelude::*;

use super::record::{delimited, ActionRecord, Derived};
use crate::db::schema::{action_sites, action_versions as av, actions};
use crate::db::Conn;
use crate::error::{AppError, AppResult};

/// Where an action is, to decide access before loading it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = actions)]
pub struct Located {
    pub id: i32,
    pub version: i32,
    pub departement_code: String,
    pub region_code: String,
}

impl Located {
    /// An action is placed in a département: rights on its communes or EPCI do not reach it.
    pub fn place(&self) -> crate::access::Place<'_> {
        crate::access::Place { region: &self.region_code, departement: &self.departement_code, epci: None, city: "" }
    }
}

pub fn locate(conn: &mut Conn, id: i32) -> AppResult<Option<Located>> {
    Ok(actions::table.find(id).select(Located::as_select()).first(conn).optional()?)
}

/// The current record of an action.
pub fn current(conn: &mut Conn, id: i32) -> AppResult<Option<ActionRecord>> {
    let snapshot: Option<String> = av::table
        .filter(av::action_id.eq(id))
        .filter(av::valid_to.is_null())
        .select(av::snapshot)
        .first(conn)
        .optional()?;
    snapshot.as_deref().map(ActionRecord::from_snapshot).transpose()
}

/// The record as it was at `at`; `None` when the action did not exist yet.
pub fn as_of(conn: &mut Conn, id: i32, at: NaiveDateTime) -> AppResult<Option<ActionRecord>> {
    let snapshot: Option<String> = av::table
        .filter(av::action_id.eq(id))
        .filter(av::valid_from.le(at))
        .filter(av::valid_to.is_null().or(av::valid_to.gt(at)))
        .select(av::snapshot)
        .first(conn)
        .optional()?;
    snapshot.as_deref().map(ActionRecord::from_snapshot).transpose()
}

fn write_version(conn: &mut Conn, record: &ActionRecord, kind: ActionChangeKind, derived: &Derived) -> AppResult<()> {
    diesel::update(av::table.filter(av::action_id.eq(record.id)).filter(av::valid_to.is_null()))
        .set(av::valid_to.eq(record.updated_at))
        .execute(conn)?;
    let data = &record.data;
    let location_type = data.location_type.map(Labelled::code).unwrap_or_default();
    diesel::insert_into(av::table)
        .values((
            av::action_id.eq(record.id),
            av::version.eq(record.version),
            av::kind.eq(kind.code()),
            av::valid_from.eq(record.updated_at),
            av::valid_to.eq(None::<NaiveDateTime>),
            av::author_id.eq(record.updated_by),
            av::departement_code.eq(&data.departement_code),
            av::region_code.eq(&derived.region_code),
            av::name.eq(&data.name),
            av::started_at.eq(data.started_at.unwrap_or_default()),
            av::ended_at.eq(data.ended_at),
            av::location_type.eq(location_type),
            av::topics.eq(delimited(data.topics.iter().map(|topic| topic.code()))),
            av::city_codes.eq(&derived.city_codes),
            av::epci_codes.eq(&derived.epci_codes),
            av::search_text.eq(&derived.search_text),
            av::snapshot.eq(record.to_snapshot()?),
            av::indicator_years.eq(record.indicator_years()),
            av::indicators_updated_at.eq(record.indicators_updated_at()),
        ))
        .execute(conn)?;
    super::members::replace(conn, record.id, &derived.members)?;
    diesel::delete(action_sites::table.filter(action_sites::action_id.eq(record.id))).execute(conn)?;
    for site_id in &data.site_ids {
        diesel::insert_into(action_sites::table)
            .values((action_sites::action_id.eq(record.id), action_sites::site_id.eq(site_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a new action (version 1) and returns its id.
pub fn insert(conn: &mut Conn, record: &mut ActionRecord, derived: &Derived) -> AppResult<i32> {
    let id: i32 = diesel::insert_into(actions::table)
        .values((
            actions::version.eq(1),
            actions::departement_code.eq(&record.data.departement_code),
            actions::region_code.eq(&derived.region_code),
            actions::created_at.eq(record.created_at),
            actions::created_by.eq(record.created_by),
            actions::updated_at.eq(record.updated_at),
            actions::updated_by.eq(record.updated_by),
        ))
        .returning(actions::id)
        .get_result(conn)?;
    record.id = id;
    record.version = 1;
    write_version(conn, record, ActionChangeKind::Creation, derived)?;
    Ok(id)
}

/// Stores a new version of an action, if nobody saved another since `expected_version` (412).
pub fn save(conn: &mut Conn, record: &mut ActionRecord, expected_version: i32, derived: &Derived) -> AppResult<()> {
    save_as(conn, record, expected_version, derived, ActionChangeKind::Update)
}

/// [`save`] with the kind of change the version records.
pub fn save_as(
    conn: &mut Conn,
    record: &mut ActionRecord,
    expected_version: i32,
    derived: &Derived,
    kind: ActionChangeKind,
) -> AppResult<()> {
    record.version = expected_version + 1;
    let updated = diesel::update(actions::table.find(record.id).filter(actions::version.eq(expected_version)))
        .set((
            actions::version.eq(record.version),
            actions::departement_code.eq(&record.data.departement_code),
            actions::region_code.eq(&derived.region_code),
            actions::updated_at.eq(record.updated_at),
            actions::updated_by.eq(record.updated_by),
        ))
        .execute(conn)?;
    if updated == 0 {
        let current: Option<i32> = actions::table.find(record.id).select(actions::version).first(conn).optional()?;
        return Err(match current {
            Some(current_version) => AppError::PreconditionFailed { current_version },
            None => AppError::NotFound,
        });
    }
    write_version(conn, record, kind, derived)
}

/// Every version of an action, oldest first: (kind, author, time, record).
pub fn versions(conn: &mut Conn, id: i32) -> AppResult<Vec<(String, Option<i32>, NaiveDateTime, ActionRecord)>> {
    let rows: Vec<(String, Option<i32>, NaiveDateTime, String)> = av::table
        .filter(av::action_id.eq(id))
        .order(av::version)
        .select((av::kind, av::author_id, av::valid_from, av::snapshot))
        .load(conn)?;
    rows.into_iter()
        .map(|(kind, author, at, snapshot)| Ok((kind, author, at, ActionRecord::from_snapshot(&snapshot)?)))
        .collect()
}

/// Deletes an action and everything attached to it.
pub fn delete(conn: &mut Conn, id: i32) -> AppResult<()> {
    diesel::delete(actions::table.find(id)).execute(conn)?;
    Ok(())
}
