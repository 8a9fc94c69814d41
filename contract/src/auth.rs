//! Signing in, refreshing and signing out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// E-mail and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "prefecture.93@demo.resorption.fr", "password": "resorption-demo"})))]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Asks for a new access token. Browser sessions send nothing (the refresh cookie is used);
/// token clients send the refresh token they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"refresh_token": "J1Hjs8gwJeIWfJKI5ZLjP3F12AWYKQ41GU4aqpddE80"})))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// An open session. In browser mode (the request carries the `X-Requested-With` header) the
/// tokens travel only in HttpOnly cookies and the token fields are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": 4, "expires_at": "2026-11-26T16:09:39Z", "access_token": "eyJ0eXAiOiJKV1Qi…", "refresh_token": "J1Hjs8gwJeIWfJKI5ZLjP3F12AWYKQ41GU4aqpddE80", "token_type": "Bearer"})))]
pub struct Session {
    pub user_id: i32,
    /// When the access token expires; refresh before.
    pub expires_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

/// The header the web app sends with every request; its presence selects cookie sessions and
/// satisfies the CSRF check on writes.
pub const CSRF_HEADER: &str = "X-Requested-With";
/// The value of [`CSRF_HEADER`].
pub const CSRF_HEADER_VALUE: &str = "resorption";
