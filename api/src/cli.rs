//! The maintenance commands of the binary.

use contract::users::{AdminRole, Role, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use crate::config::Config;
use crate::db::now;
use crate::db::schema::users;
use crate::error::AppError;
use crate::users::model::{normalize_email, search_text_of, NewUserRow};

pub fn migrate(config: &Config) -> Result<(), String> {
    let started = std::time::Instant::now();
    crate::server::prepare(config)?;
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "database ready");
    Ok(())
}

pub fn seed(config: &Config, demo: bool, if_empty: bool) -> Result<(), String> {
    if !demo {
        return Err("précisez ce qu'il faut créer : --demo".into());
    }
    if config.is_production() {
        return Err("les données de démonstration sont refusées en production (RESORPTION_ENV=production)".into());
    }
    let (db, geography) = crate::server::prepare(config)?;
    if if_empty {
        let users: i64 = db
            .get()
            .and_then(|mut conn| Ok(users::table.count().get_result(&mut *conn)?))
            .map_err(|e| e.to_string())?;
        if users > 0 {
            tracing::info!(users, "database already in use: no demo data added");
            return Ok(());
        }
    }
    let hash = crate::auth::password::hash(crate::seed::demo::DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let created =
        db.write_blocking(|conn| crate::seed::demo::seed(conn, &geography, &hash)).map_err(|e| e.to_string())?;
    tracing::info!(users_created = created, "demo data ready");
    Ok(())
}

pub fn seed_scale(config: &Config, units: usize) -> Result<(), String> {
    if config.is_production() {
        return Err("les données de banc d'essai sont refusées en production (RESORPTION_ENV=production)".into());
    }
    if units == 0 {
        return Err("--scale attend un nombre d'unités ≥ 1".into());
    }
    seed(config, true, false)?;
    let (db, geography) = crate::server::prepare(config)?;
    let started = std::time::Instant::now();
    let written = crate::seed::scale::seed(&db, &geography, units).map_err(|e| e.to_string())?;
    tracing::info!(sites = written, elapsed_s = started.elapsed().as_secs(), "benchmark data ready");
    Ok(())
}

pub fn create_admin(config: &Config, email: &str, first_name: &str, last_name: &str) -> Result<(), String> {
    let password = std::env::var("RESORPTION_ADMIN_PASSWORD")
        .map_err(|_| "RESORPTION_ADMIN_PASSWORD doit contenir le mot de passe".to_owned())?;
    if password.chars().count() < contract::users::PASSWORD_MIN_LENGTH {
        return Err("le mot de passe doit compter au moins 12 caractères".into());
    }
    let (db, geography) = crate::server::prepare(config)?;
    let hash = crate::auth::password::hash(&password).map_err(|e| e.to_string())?;
    let email = normalize_email(email);
    db.write_blocking(|conn| {
        if crate::users::store::by_email(conn, &email)?.is_some() {
            return Err(AppError::Conflict { code: "email_taken", detail: format!("{email} a déjà un compte") });
        }
        let organization = crate::seed::demo::national_organization(conn, &geography)?;
        let at = now();
        diesel::insert_into(users::table)
            .values(NewUserRow {
                search_text: search_text_of(first_name, last_name, &email, "Administrateur national"),
                email: email.clone(),
                password_hash: Some(hash),
                first_name: first_name.to_owned(),
                last_name: last_name.to_owned(),
                phone: None,
                position: "Administrateur national".into(),
                organization_id: organization,
                role: Role::NationalEstablishment.code().into(),
                admin_role: Some(AdminRole::NationalAdmin.code().into()),
                status: UserStatus::Active.code().into(),
                access_request_message: None,
                use_custom_areas: false,
                charter_version: None,
                charter_accepted_at: None,
                created_by: None,
                created_at: at,
                updated_at: at,
            })
            .execute(conn)?;
        Ok(())
    })
    .map_err(|error| error.to_string())?;
    tracing::info!(%email, "national administrator created");
    Ok(())
}
