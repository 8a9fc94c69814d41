//! Password hashing with argon2id (default parameters: 19 MiB, 2 passes). Each hash takes
//! 19 MiB for its duration, so at most two run at once: a burst of sign-ins waits instead of
//! exhausting memory.

use std::sync::{Condvar, Mutex};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::{AppError, AppResult};

const AT_ONCE: usize = 2;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Runs `work` once fewer than [`AT_ONCE`] hashes are running (called on blocking threads).
fn limited<T>(work: impl FnOnce() -> T) -> T {
    let mut running = RUNNING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    while *running >= AT_ONCE {
        running = FREED.wait(running).unwrap_or_else(|poisoned| poisoned.into_inner());
    }
    *running += 1;
    drop(running);
    let result = work();
    let mut running = RUNNING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *running -= 1;
    FREED.notify_one();
    result
}

pub fn hash(password: &str) -> AppResult<String> {
    limited(|| {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| AppError::internal(format!("password hash: {error}")))
    })
}

pub fn verify(password: &str, hash: &str) -> bool {
    limited(|| Argon2::default().verify_password(password.as_bytes(), hash).is_ok())
}

/// Spends the time of a real verification, so that an unknown e-mail answers as slowly as a
/// wrong password and timing does not reveal which accounts exist.
pub fn verify_nothing(password: &str) {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1NPE4R2BvLzbCMCOcAgmcdwHQJu2t7h0PkP5jfZ2H8Y";
    let _ = verify(password, DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse battery!", &stored));
    }
}
