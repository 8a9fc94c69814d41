//! Slows down password guessing, per account and per client address, in the database so that
//! every replica sees the same counters (D15). Each attempt is counted before its password is
//! checked, under the lock of its rows, so that guesses sent in parallel are counted one by one:
//! the attempt that reaches a limit locks its key at once (lifted if its password is right), and
//! each further failure within the window locks it twice as long, up to 15 min. The per-address
//! limit is far higher and its first lock shorter, so that one person mistyping does not lock out
//! an office or a préfecture behind one address. While locked, sign-in answers 429 with
//! `Retry-After` and says whether the account or the address is locked.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::login_throttles as lt;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

const WINDOW_MINUTES: i64 = 15;
const LONGEST_LOCK_SECONDS: i64 = 15 * 60;

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Account,
    Address,
}

impl Counted {
    fn first_lock_seconds(self) -> i64 {
        match self {
            Counted::Account => 30,
            Counted::Address => 5,
        }
    }

    fn locked(self) -> &'static str {
        match self {
            Counted::Account => "Trop de tentatives de connexion pour ce compte.",
            Counted::Address => "Trop de tentatives de connexion depuis votre adresse réseau.",
        }
    }
}

/// One counter and its limit.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    pub counted: Counted,
    pub max: i32,
}

impl Limit {
    pub fn account(email: &str, max: i32) -> Self {
        Limit { key: format!("email:{email}"), counted: Counted::Account, max }
    }

    pub fn address(address: &str, max: i32) -> Self {
        Limit { key: format!("ip:{address}"), counted: Counted::Address, max }
    }

    /// How long the key is locked once `failures` reach the limit: the first lock, doubled for
    /// each failure beyond it.
    fn lock_after(&self, failures: i32, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let beyond = failures - self.max;
        (beyond >= 0).then(|| {
            let seconds = self.counted.first_lock_seconds() << beyond.min(16);
            now + Duration::seconds(seconds.min(LONGEST_LOCK_SECONDS))
        })
    }
}

type Counter = (String, i32, Option<NaiveDateTime>, NaiveDateTime);

/// Takes the rows of the keys for this transaction (creating those missing) and reads them.
fn lock_counters(conn: &mut Conn, limits: &[Limit], now: NaiveDateTime) -> AppResult<Vec<Counter>> {
    let mut keys: Vec<String> = limits.iter().map(|limit| limit.key.clone()).collect();
    keys.sort();
    for key in &keys {
        let fresh = (lt::throttle_key.eq(key), lt::failures.eq(0), lt::updated_at.eq(now));
        crate::insert_or_ignore!(conn, lt::table, fresh)?;
    }
    // A write takes the rows' locks (SQLite's writes are one at a time anyway): attempts on the
    // same keys wait here for each other, then read what the previous one wrote.
    diesel::update(lt::table.filter(lt::throttle_key.eq_any(&keys)))
        .set(lt::updated_at.eq(lt::updated_at))
        .execute(conn)?;
    Ok(lt::table
        .filter(lt::throttle_key.eq_any(&keys))
        .select((lt::throttle_key, lt::failures, lt::locked_until, lt::updated_at))
        .load(conn)?)
}

/// Counts one attempt for each key, as a failure until its password proves right; refuses it
/// with 429 while any key is locked.
pub fn attempt(conn: &mut Conn, limits: &[Limit], now: NaiveDateTime) -> AppResult<()> {
    let counters = lock_counters(conn, limits, now)?;
    let counter = |limit: &Limit| counters.iter().find(|counter| counter.0 == limit.key);
    let locked = limits
        .iter()
        .filter_map(|limit| counter(limit)?.2.filter(|until| *until > now).map(|until| (until, limit.counted)))
        .max_by_key(|(until, _)| *until);
    if let Some((until, counted)) = locked {
        return Err(AppError::TooManyRequests {
            retry_after_seconds: (until - now).num_seconds().max(1),
            detail: counted.locked(),
        });
    }
    for limit in limits {
        let Some((_, failures, _, updated_at)) = counter(limit) else { continue };
        let failures = if now - *updated_at < Duration::minutes(WINDOW_MINUTES) { failures + 1 } else { 1 };
        diesel::update(lt::table.find(&limit.key))
            .set((
                lt::failures.eq(failures),
                lt::locked_until.eq(limit.lock_after(failures, now)),
                lt::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The password was right: the account's failures are forgotten, and this attempt no longer
/// counts against the address, nor keeps it locked (the next failure past the limit locks it
/// again).
pub fn succeeded(conn: &mut Conn, limits: &[Limit]) -> AppResult<()> {
    for limit in limits {
        match limit.counted {
            Counted::Account => {
                diesel::delete(lt::table.find(&limit.key)).execute(conn)?;
            }
            Counted::Address => {
                let failures: Option<i32> = lt::table.find(&limit.key).select(lt::failures).first(conn).optional()?;
                let failures = (failures.unwrap_or(1) - 1).max(0);
                diesel::update(lt::table.find(&limit.key))
                    .set((lt::failures.eq(failures), lt::locked_until.eq(None::<NaiveDateTime>)))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_starts_at_the_limit_and_doubles_up_to_a_quarter_of_an_hour() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let account = Limit::account("a@b.fr", 5);
        let seconds = |failures| account.lock_after(failures, now).map(|until| (until - now).num_seconds());
        assert_eq!(seconds(4), None);
        assert_eq!(seconds(5), Some(30));
        assert_eq!(seconds(6), Some(60));
        assert_eq!(seconds(40), Some(LONGEST_LOCK_SECONDS));
        let address = Limit::address("192.0.2.1", 50);
        assert_eq!(address.lock_after(49, now), None);
        assert_eq!(address.lock_after(50, now).map(|until| (until - now).num_seconds()), Some(5));
    }
}
