//! Access tokens (short-lived JWTs) and opaque secrets (refresh, activation and reset tokens),
//! which are stored only as SHA-256 hashes.

use base64::Engine;
use chrono::{Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: i32,
    pub iat: i64,
    pub exp: i64,
    /// Always "access": refresh tokens are never JWTs.
    pub typ: String,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        JwtKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    /// Signs an access token for `user_id`, valid `minutes`.
    pub fn issue(&self, user_id: i32, minutes: i64) -> AppResult<(String, chrono::DateTime<Utc>)> {
        let now = Utc::now();
        let expires_at = now + Duration::minutes(minutes);
        let claims = Claims { sub: user_id, iat: now.timestamp(), exp: expires_at.timestamp(), typ: "access".into() };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| AppError::internal(format!("jwt: {error}")))?;
        Ok((token, expires_at))
    }

    /// The user id of a valid, unexpired access token.
    pub fn verify(&self, token: &str) -> Option<i32> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        let data = decode::<Claims>(token, &self.decoding, &validation).ok()?;
        (data.claims.typ == "access").then_some(data.claims.sub)
    }
}

/// A random secret of 32 bytes, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Random bytes for a development signing key.
pub fn random_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// What is stored for an opaque token: its SHA-256, so a database leak reveals no usable token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_round_trip_and_tampering() {
        let keys = JwtKeys::new(b"a-secret-of-at-least-thirty-two-bytes!!");
        let (token, _) = keys.issue(42, 5).unwrap();
        assert_eq!(keys.verify(&token), Some(42));
        let other = JwtKeys::new(b"another-secret-of-at-least-thirty-two-b");
        assert_eq!(other.verify(&token), None);
        let (expired, _) = keys.issue(42, -1).unwrap();
        assert_eq!(keys.verify(&expired), None);
    }

    #[test]
    fn opaque_tokens_are_unique_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
