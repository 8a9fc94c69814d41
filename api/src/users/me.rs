//! The signed-in user: profile, permissions, password, charter.

use actix_web::{get, patch, post, put, HttpResponse};
use contract::access::Permission;
use contract::problem::Problem;
use contract::users::{CharterAcceptance, CharterStatus, Me, PasswordChange, ProfileChanges};
use diesel::prelude::*;
use utoipa_actix_web::service_config::ServiceConfig;

use super::store;
use crate::auth::{password, Actor, SignedIn};
use crate::db::schema::users;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::extract::Body;
use crate::state::State;
use crate::territories::Geography;

pub fn routes(config: &mut ServiceConfig) {
    config.service(get_me).service(get_permissions).service(update_me).service(change_password).service(accept_charter);
}

fn build_me(conn: &mut Conn, geography: &Geography, actor: &Actor) -> AppResult<Me> {
    let user = &actor.user;
    Ok(Me {
        id: user.id,
        email: user.email.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        phone: user.phone.clone(),
        position: user.position.clone(),
        organization: crate::organizations::store::summary(conn, geography, user.organization_id)?,
        role: actor.role,
        admin_role: actor.admin_role,
        options: actor.options.clone(),
        territories: actor.areas.iter().map(|area| area.to_contract(geography)).collect(),
        permissions: actor.permissions.to_contract(),
        charter: CharterStatus {
            current_version: actor.current_charter,
            accepted_version: user.charter_version,
            must_accept: !actor.charter_accepted(),
        },
        email_subscriptions: store::subscriptions_of(conn, user.id)?,
    })
}

/// The signed-in user: identity, organization, roles, territories, effective permissions, and
/// whether the charter must be accepted first. Answers even before the charter is accepted.
#[utoipa::path(
    tag = "Current user",
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
async fn get_me(state: State, actor: SignedIn) -> AppResult<HttpResponse> {
    let geography = state.geography.clone();
    let me = state.db.read(move |conn| build_me(conn, &geography, &actor.0)).await?;
    Ok(HttpResponse::Ok().json(me))
}

/// The effective permissions of the signed-in user: for each entity and feature, where.
#[utoipa::path(
    tag = "Current user",
    responses(
        (status = 200, body = Vec<Permission>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/permissions")]
async fn get_permissions(actor: SignedIn) -> HttpResponse {
    HttpResponse::Ok().json(actor.0.permissions.to_contract())
}

/// Changes one's own profile and e-mail subscriptions.
#[utoipa::path(
    tag = "Current user",
    request_body = ProfileChanges,
    responses(
        (status = 200, body = Me),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
async fn update_me(state: State, actor: Actor, body: Body<ProfileChanges>) -> AppResult<HttpResponse> {
    let changes = body.into_inner();
    let geography = state.geography.clone();
    let me = state
        .db
        .write(move |conn| {
            let user = &actor.user;
            let first_name = changes.first_name.clone().unwrap_or_else(|| user.first_name.clone());
            let last_name = changes.last_name.clone().unwrap_or_else(|| user.last_name.clone());
            let position = changes.position.clone().unwrap_or_else(|| user.position.clone());
            let phone = changes.phone.clone().or_else(|| user.phone.clone()).filter(|p| !p.trim().is_empty());
            diesel::update(users::table.find(user.id))
                .set((
                    users::first_name.eq(first_name.trim()),
                    users::last_name.eq(last_name.trim()),
                    users::position.eq(position.trim()),
                    users::phone.eq(phone),
                    users::search_text.eq(super::model::search_text_of(
                        &first_name,
                        &last_name,
                        &user.email,
                        &position,
                    )),
                    users::updated_at.eq(now()),
                ))
                .execute(conn)?;
            if let Some(subscriptions) = &changes.email_subscriptions {
                store::set_subscriptions(conn, user.id, subscriptions)?;
            }
            let refreshed = store::load_actor(conn, &geography, user.id)?.ok_or(AppError::Unauthenticated)?;
            build_me(conn, &geography, &refreshed)
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Changes one's own password; every other session is signed out.
#[utoipa::path(
    tag = "Current user",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Password changed"),
        (status = 422, description = "Current password wrong, or new one too short", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
async fn change_password(state: State, actor: Actor, body: Body<PasswordChange>) -> AppResult<HttpResponse> {
    let change = body.into_inner();
    let current_hash = actor.user.password_hash.clone().unwrap_or_default();
    let new_hash = actix_web::web::block(move || {
        if !password::verify(&change.current_password, &current_hash) {
            return Err(AppError::field("current_password", "wrong_password", "Mot de passe actuel incorrect."));
        }
        password::hash(&change.new_password)
    })
    .await??;
    let id = actor.id();
    state
        .db
        .write(move |conn| {
            diesel::update(users::table.find(id))
                .set((users::password_hash.eq(new_hash), users::updated_at.eq(now())))
                .execute(conn)?;
            crate::auth::store::revoke_all(conn, id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Accepts the charter in force. Until then, every other protected route answers 403
/// `charter_not_accepted`.
#[utoipa::path(
    tag = "Current user",
    request_body = CharterAcceptance,
    responses(
        (status = 200, body = Me),
        (status = 422, description = "Not the current version, or an agreement missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/charter")]
async fn accept_charter(state: State, actor: SignedIn, body: Body<CharterAcceptance>) -> AppResult<HttpResponse> {
    let acceptance = body.into_inner();
    let actor = actor.0;
    let mut errors = Vec::new();
    if acceptance.version != actor.current_charter {
        errors.push(contract::problem::FieldError::new(
            "version",
            "not_current",
            "Ce n'est pas la version en vigueur.",
        ));
    }
    if !acceptance.charter_agreement {
        errors.push(contract::problem::FieldError::new(
            "charter_agreement",
            "required",
            "Vous devez accepter la charte.",
        ));
    }
    if !acceptance.confidentiality_agreement {
        errors.push(contract::problem::FieldError::new(
            "confidentiality_agreement",
            "required",
            "Vous devez vous engager à respecter la confidentialité des données.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let geography = state.geography.clone();
    let me = state
        .db
        .write(move |conn| {
            diesel::update(users::table.find(actor.id()))
                .set((users::charter_version.eq(acceptance.version), users::charter_accepted_at.eq(now())))
                .execute(conn)?;
            let refreshed = store::load_actor(conn, &geography, actor.id())?.ok_or(AppError::Unauthenticated)?;
            build_me(conn, &geography, &refreshed)
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
