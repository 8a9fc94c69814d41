//! User rows and the forms that write them.

use chrono::NaiveDateTime;
use contract::users::{AdminRole, Role, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use crate::db::schema::users;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i32,
    pub email: String,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub position: String,
    pub organization_id: i32,
    pub role: String,
    pub admin_role: Option<String>,
    pub status: String,
    pub access_request_message: Option<String>,
    pub access_refused_at: Option<NaiveDateTime>,
    pub use_custom_areas: bool,
    pub charter_version: Option<i32>,
    pub charter_accepted_at: Option<NaiveDateTime>,
    pub admin_comments: Option<String>,
    pub last_sign_in_at: Option<NaiveDateTime>,
    pub deactivated_at: Option<NaiveDateTime>,
    pub deactivation_reason: Option<String>,
    pub search_text: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Reads a stored code back into its enumeration; a bad code in the database is a bug.
pub fn decode<T: Labelled>(code: &str) -> AppResult<T> {
    T::from_code(code).ok_or_else(|| AppError::internal(format!("unknown stored code {code}")))
}

impl UserRow {
    pub fn role(&self) -> AppResult<Role> {
        decode(&self.role)
    }

    pub fn admin_role(&self) -> AppResult<Option<AdminRole>> {
        self.admin_role.as_deref().map(decode).transpose()
    }

    pub fn status(&self) -> AppResult<UserStatus> {
        decode(&self.status)
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow {
    pub email: String,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub position: String,
    pub organization_id: i32,
    pub role: String,
    pub admin_role: Option<String>,
    pub status: String,
    pub access_request_message: Option<String>,
    pub use_custom_areas: bool,
    pub charter_version: Option<i32>,
    pub charter_accepted_at: Option<NaiveDateTime>,
    pub search_text: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The text a user is found by: names, e-mail and position.
pub fn search_text_of(first_name: &str, last_name: &str, email: &str, position: &str) -> String {
    crate::text::normalize(&format!("{first_name} {last_name} {email} {position}"))
}

/// E-mail addresses are compared lower-cased and trimmed.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}
