//! Refresh tokens: opaque, stored hashed, rotated at each use, revoked by family. Presenting a
//! token that was already rotated means it leaked: the whole family is revoked.

use chrono::Duration;
use diesel::prelude::*;

use super::tokens::{random_token, token_hash};
use crate::db::schema::refresh_tokens as rt;
use crate::db::{now, Conn};
use crate::error::AppResult;

/// Issues a refresh token, in a new family or continuing one.
pub fn issue(conn: &mut Conn, user_id: i32, family: Option<String>, days: i64) -> AppResult<String> {
    let token = random_token();
    let created_at = now();
    diesel::insert_into(rt::table)
        .values((
            rt::user_id.eq(user_id),
            rt::token_hash.eq(token_hash(&token)),
            rt::family.eq(family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())),
            rt::created_at.eq(created_at),
            rt::expires_at.eq(created_at + Duration::days(days)),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Exchanges a refresh token for a new one. `None` when it is unknown, expired, revoked or
/// already used (then its family is revoked).
pub fn rotate(conn: &mut Conn, token: &str, days: i64) -> AppResult<Option<(i32, String)>> {
    let found: Option<(
        i32,
        i32,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    )> = rt::table
        .filter(rt::token_hash.eq(token_hash(token)))
        .select((rt::id, rt::user_id, rt::family, rt::expires_at, rt::rotated_at, rt::revoked_at))
        .first(conn)
        .optional()?;
    let Some((id, user_id, family, expires_at, rotated_at, revoked_at)) = found else {
        return Ok(None);
    };
    let now = now();
    if rotated_at.is_some() {
        tracing::warn!(user_id, "refresh token reused: family revoked");
        revoke_family(conn, &family)?;
        return Ok(None);
    }
    if revoked_at.is_some() || expires_at <= now {
        return Ok(None);
    }
    // Only one concurrent rotation may win.
    let claimed = diesel::update(rt::table.find(id).filter(rt::rotated_at.is_null()))
        .set(rt::rotated_at.eq(now))
        .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    Ok(Some((user_id, issue(conn, user_id, Some(family), days)?)))
}

pub fn revoke_family(conn: &mut Conn, family: &str) -> AppResult<()> {
    diesel::update(rt::table.filter(rt::family.eq(family)).filter(rt::revoked_at.is_null()))
        .set(rt::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Signs a session out: revokes the family of this token.
pub fn revoke(conn: &mut Conn, token: &str) -> AppResult<()> {
    let family: Option<String> =
        rt::table.filter(rt::token_hash.eq(token_hash(token))).select(rt::family).first(conn).optional()?;
    if let Some(family) = family {
        revoke_family(conn, &family)?;
    }
    Ok(())
}

/// Signs every session of a user out (deactivation, password change).
pub fn revoke_all(conn: &mut Conn, user_id: i32) -> AppResult<()> {
    diesel::update(rt::table.filter(rt::user_id.eq(user_id)).filter(rt::revoked_at.is_null()))
        .set(rt::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}
