//! Password hashing with argon2id (default parameters: 19 MiB, 2 passes).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::{AppError, AppResult};

pub fn hash(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| AppError::internal(format!("password hash: {error}")))
}

pub fn verify(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
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
