//! Slows down password guessing, per account and per client address, in the database so that
//! every replica sees the same counters (D15). After `max` failures within the window, each
//! further failure locks the key for twice as long (30 s, 60 s, … at most 15 min); while locked,
//! sign-in answers 429 with `Retry-After`, whatever the password.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::login_throttles as lt;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

const WINDOW_MINUTES: i64 = 15;
const FIRST_LOCK_SECONDS: i64 = 30;
const LONGEST_LOCK_SECONDS: i64 = 15 * 60;

/// Refuses with 429 while any of the keys is locked.
pub fn check(conn: &mut Conn, keys: &[String], now: NaiveDateTime) -> AppResult<()> {
    let locked: Option<NaiveDateTime> = lt::table
        .filter(lt::throttle_key.eq_any(keys.to_vec()))
        .filter(lt::locked_until.gt(now))
        .select(diesel::dsl::max(lt::locked_until))
        .first::<Option<NaiveDateTime>>(conn)?;
    match locked {
        Some(until) => Err(AppError::TooManyRequests { retry_after_seconds: (until - now).num_seconds().max(1) }),
        None => Ok(()),
    }
}

/// Counts one failure for each key and locks those past the limit.
pub fn record_failure(conn: &mut Conn, keys: &[String], max: i32, now: NaiveDateTime) -> AppResult<()> {
    for key in keys {
        let previous: Option<(i32, NaiveDateTime)> =
            lt::table.find(key).select((lt::failures, lt::updated_at)).first(conn).optional()?;
        let failures = match previous {
            Some((count, updated_at)) if now - updated_at < Duration::minutes(WINDOW_MINUTES) => count + 1,
            _ => 1,
        };
        let locked_until = (failures >= max).then(|| {
            let doublings = (failures - max).min(10) as u32;
            now + Duration::seconds((FIRST_LOCK_SECONDS << doublings).min(LONGEST_LOCK_SECONDS))
        });
        if previous.is_some() {
            diesel::update(lt::table.find(key))
                .set((lt::failures.eq(failures), lt::locked_until.eq(locked_until), lt::updated_at.eq(now)))
                .execute(conn)?;
        } else {
            diesel::insert_into(lt::table)
                .values((
                    lt::throttle_key.eq(key),
                    lt::failures.eq(failures),
                    lt::locked_until.eq(locked_until),
                    lt::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Forgets the failures of a key after a successful sign-in.
pub fn clear(conn: &mut Conn, key: &str) -> AppResult<()> {
    diesel::delete(lt::table.find(key)).execute(conn)?;
    Ok(())
}
