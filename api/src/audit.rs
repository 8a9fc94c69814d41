//! The audit trail: who did what sensitive thing, when (deletions, exports, admin changes).

use diesel::prelude::*;

use crate::db::schema::audit_events;
use crate::db::{now, Conn};
use crate::error::AppResult;

pub fn record(
    conn: &mut Conn,
    actor_id: Option<i32>,
    action: &str,
    object_type: &str,
    object_id: Option<i32>,
    details: Option<String>,
) -> AppResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::actor_id.eq(actor_id),
            audit_events::action.eq(action),
            audit_events::object_type.eq(object_type),
            audit_events::object_id.eq(object_id.map(|id| id.to_string())),
            audit_events::details.eq(details),
            audit_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
