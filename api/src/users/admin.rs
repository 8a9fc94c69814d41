//! Administration of users by local and national admins: lists, detail, creation, changes,
//! options, activation links, refusal, deactivation and reactivation. An admin sees and acts
//! only on users of organizations inside their territory; others answer 404.

use actix_web::{get, patch, post, put, web, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use contract::access::{Entity, Feature};
use contract::problem::Problem;
use contract::users::{
    AccessLink, AdminRole, NewUser, OptionsInput, ReasonInput, Role, UserChanges, UserDetail, UserStatus, UserSummary,
};
use contract::Labelled;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::model::{normalize_email, search_text_of, NewUserRow, UserRow};
use super::store;
use crate::auth::tokens::{random_token, token_hash};
use crate::auth::Actor;
use crate::db::schema::{organizations as o, user_accesses as ua, users};
use crate::db::{now, utc, Conn};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Query};
use crate::filter_in_scope;
use crate::mail::templates;
use crate::state::State;
use crate::territories::Geography;

pub fn routes(config: &mut ServiceConfig) {
    config
        .service(list_users)
        .service(get_user)
        .service(create_user)
        .service(update_user)
        .service(set_options)
        .service(send_activation_link)
        .service(refuse_access)
        .service(deactivate)
        .service(reactivate);
}

/// "26/11/2026 à 15h40 (UTC)".
pub fn french_datetime(at: NaiveDateTime) -> String {
    at.format("%d/%m/%Y à %Hh%M (UTC)").to_string()
}

/// Loads a user the actor may administer with `feature`; 404 when outside their territory.
fn user_in_scope(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    feature: Feature,
    id: i32,
) -> AppResult<UserRow> {
    let scope = actor.scope(Entity::User, feature)?;
    let user = store::get(conn, id)?.ok_or(AppError::NotFound)?;
    let (organization, _) = crate::organizations::store::get(conn, user.organization_id)?.ok_or(AppError::NotFound)?;
    if !scope.contains_territory(&organization.location(geography)?) {
        return Err(AppError::NotFound);
    }
    Ok(user)
}

fn organization_in_scope(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    feature: Feature,
    id: i32,
) -> AppResult<()> {
    let scope = actor.scope(Entity::User, feature)?;
    let found = crate::organizations::store::get(conn, id)?;
    match found {
        Some((organization, _)) if scope.contains_territory(&organization.location(geography)?) => Ok(()),
        _ => Err(AppError::field(
            "organization_id",
            "unknown_organization",
            "Structure inconnue ou hors de votre territoire.",
        )),
    }
}

/// True when the actor may do `feature` on the national admins' notes about `user` (DOMAIN §4.1).
fn on_admin_comments(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    user: &UserRow,
    feature: Feature,
) -> AppResult<bool> {
    let (organization, _) = crate::organizations::store::get(conn, user.organization_id)?.ok_or(AppError::NotFound)?;
    let location = organization.location(geography)?;
    Ok(actor.can(Entity::UserAdminComments, feature, location.place()))
}

/// A user as `actor` may see them.
pub fn detail(conn: &mut Conn, geography: &Geography, actor: &Actor, user: &UserRow) -> AppResult<UserDetail> {
    let admin_comments = if on_admin_comments(conn, geography, actor, user, Feature::Read)? {
        user.admin_comments.clone()
    } else {
        None
    };
    let last_access: Option<(NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>, Option<i32>)> = ua::table
        .filter(ua::user_id.eq(user.id))
        .order(ua::id.desc())
        .select((ua::created_at, ua::expires_at, ua::used_at, ua::sent_by))
        .first(conn)
        .optional()?;
    let last_access = match last_access {
        Some((created_at, expires_at, used_at, sent_by)) => Some(AccessLink {
            created_at: utc(created_at),
            expires_at: utc(expires_at),
            used_at: used_at.map(utc),
            refused_at: user.access_refused_at.map(utc),
            sent_by: sent_by.map(|id| store::get(conn, id)).transpose()?.flatten().map(|admin| admin.full_name()),
        }),
        None => None,
    };
    Ok(UserDetail {
        id: user.id,
        email: user.email.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        phone: user.phone.clone(),
        position: user.position.clone(),
        organization: crate::organizations::store::summary(conn, geography, user.organization_id)?,
        role: user.role()?,
        admin_role: user.admin_role()?,
        status: user.status()?,
        options: store::options_of(conn, user.id)?,
        access_request_message: user.access_request_message.clone(),
        access_refused_at: user.access_refused_at.map(utc),
        last_access,
        intervention_areas: store::areas_of(conn, user)?.iter().map(|area| area.to_contract(geography)).collect(),
        admin_comments,
        last_sign_in_at: user.last_sign_in_at.map(utc),
        created_at: utc(user.created_at),
    })
}

/// The user as stored now, after a change.
fn fresh_detail(conn: &mut Conn, geography: &Geography, actor: &Actor, id: i32) -> AppResult<UserDetail> {
    let user = store::get(conn, id)?.ok_or(AppError::NotFound)?;
    detail(conn, geography, actor, &user)
}

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Only users in this status.
    status: Option<UserStatus>,
    /// Text in the name, e-mail or position.
    q: Option<String>,
    organization_id: Option<i32>,
}

/// Users of the organizations in the admin's territory, newest first.
#[utoipa::path(
    tag = "Users",
    params(UserFilter),
    responses(
        (status = 200, body = Vec<UserSummary>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
async fn list_users(state: State, actor: Actor, filter: Query<UserFilter>) -> AppResult<HttpResponse> {
    let filter = filter.0;
    let scope = actor.scope(Entity::User, Feature::List)?.clone();
    let geography = state.geography.clone();
    let list = state
        .db
        .read(move |conn| {
            let mut query = users::table.inner_join(o::table).into_boxed();
            query = filter_in_scope!(query, &scope, o::region_code, o::departement_code, o::epci_code, o::city_code);
            if let Some(status) = filter.status {
                query = query.filter(users::status.eq(status.code()));
            }
            for pattern in crate::text::word_patterns(filter.q.as_deref().unwrap_or("")) {
                query = query.filter(users::search_text.like(pattern));
            }
            if let Some(organization_id) = filter.organization_id {
                query = query.filter(users::organization_id.eq(organization_id));
            }
            let rows: Vec<(UserRow, crate::organizations::model::OrganizationRow)> = query
                .order(users::id.desc())
                .limit(1000)
                .select((UserRow::as_select(), crate::organizations::model::OrganizationRow::as_select()))
                .load(conn)?;
            rows.iter()
                .map(|(user, organization)| {
                    Ok(UserSummary {
                        id: user.id,
                        email: user.email.clone(),
                        first_name: user.first_name.clone(),
                        last_name: user.last_name.clone(),
                        position: user.position.clone(),
                        organization_id: organization.id,
                        organization_name: organization.name.clone(),
                        location_label: organization.location(&geography)?.label(),
                        role: user.role()?,
                        admin_role: user.admin_role()?,
                        status: user.status()?,
                        access_refused_at: user.access_refused_at.map(utc),
                        created_at: utc(user.created_at),
                    })
                })
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A user of the admin's territory, with the access request, options and latest link.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = UserDetail),
        (status = 404, description = "Unknown, or outside the admin's territory", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
async fn get_user(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let geography = state.geography.clone();
    let detail = state
        .db
        .read(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Read, id)?;
            detail(conn, &geography, &actor, &user)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Creates an account in status `new`, for an organization of the admin's territory; an
/// activation link is sent separately.
#[utoipa::path(
    tag = "Users",
    request_body = NewUser,
    responses(
        (status = 201, body = UserDetail),
        (status = 409, description = "E-mail already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
async fn create_user(state: State, actor: Actor, body: Body<NewUser>) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let geography = state.geography.clone();
    let created = state
        .db
        .write(move |conn| {
            organization_in_scope(conn, &geography, &actor, Feature::Create, input.organization_id)?;
            let email = normalize_email(&input.email);
            if store::by_email(conn, &email)?.is_some() {
                return Err(AppError::Taken {
                    field: "email",
                    code: "email_taken",
                    detail: "Cette adresse e-mail a déjà un compte.".into(),
                });
            }
            let role = match input.role {
                Some(role) => role.code().to_owned(),
                None => crate::organizations::store::get(conn, input.organization_id)?
                    .map(|(_, kind)| kind.default_role)
                    .ok_or(AppError::NotFound)?,
            };
            let created_at = now();
            let id: i32 = diesel::insert_into(users::table)
                .values(NewUserRow {
                    search_text: search_text_of(&input.first_name, &input.last_name, &email, &input.position),
                    email,
                    password_hash: None,
                    first_name: input.first_name.trim().to_owned(),
                    last_name: input.last_name.trim().to_owned(),
                    phone: input.phone.clone().filter(|p| !p.trim().is_empty()),
                    position: input.position.trim().to_owned(),
                    organization_id: input.organization_id,
                    role,
                    admin_role: None,
                    status: UserStatus::New.code().to_owned(),
                    access_request_message: None,
                    use_custom_areas: false,
                    charter_version: None,
                    charter_accepted_at: None,
                    created_by: Some(actor.id()),
                    created_at,
                    updated_at: created_at,
                })
                .returning(users::id)
                .get_result(conn)?;
            fresh_detail(conn, &geography, &actor, id)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Changes a user. Only national admins grant or remove an admin role, or move a user to an
/// organization outside the admin's territory; only admins give the intervener role.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    request_body = UserChanges,
    responses(
        (status = 200, body = UserDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave no active national admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
async fn update_user(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<UserChanges>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let changes = body.into_inner();
    let geography = state.geography.clone();
    let updated = state
        .db
        .write(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Activate, id)?;
            if changes.admin_role.is_some() && !actor.is_national_admin() {
                return Err(AppError::forbidden());
            }
            if changes.admin_comments.is_some() && !on_admin_comments(conn, &geography, &actor, &user, Feature::Update)?
            {
                return Err(AppError::forbidden());
            }
            if user.admin_role()? == Some(AdminRole::NationalAdmin) && !actor.is_national_admin() {
                return Err(AppError::forbidden());
            }
            let demoted = matches!(changes.admin_role, Some(role) if role != Some(AdminRole::NationalAdmin));
            if demoted && user.admin_role()? == Some(AdminRole::NationalAdmin) {
                store::keep_a_national_admin(conn, id)?;
            }
            if let Some(organization_id) = changes.organization_id {
                organization_in_scope(conn, &geography, &actor, Feature::Activate, organization_id)?;
            }
            let role: Role = changes.role.unwrap_or(user.role()?);
            let first_name = changes.first_name.clone().unwrap_or_else(|| user.first_name.clone());
            let last_name = changes.last_name.clone().unwrap_or_else(|| user.last_name.clone());
            let position = changes.position.clone().unwrap_or_else(|| user.position.clone());
            let admin_role = match changes.admin_role {
                Some(value) => value.map(|r| r.code().to_owned()),
                None => user.admin_role.clone(),
            };
            diesel::update(users::table.find(id))
                .set((
                    users::first_name.eq(first_name.trim()),
                    users::last_name.eq(last_name.trim()),
                    users::position.eq(position.trim()),
                    users::phone.eq(changes.phone.clone().or(user.phone.clone()).filter(|p| !p.trim().is_empty())),
                    users::organization_id.eq(changes.organization_id.unwrap_or(user.organization_id)),
                    users::role.eq(role.code()),
                    users::admin_role.eq(admin_role),
                    users::admin_comments.eq(changes.admin_comments.clone().or(user.admin_comments.clone())),
                    users::search_text.eq(search_text_of(&first_name, &last_name, &user.email, &position)),
                    users::updated_at.eq(now()),
                ))
                .execute(conn)?;
            // Options the new role may not hold are dropped.
            let options = store::options_of(conn, id)?;
            store::set_options(conn, id, role, &options)?;
            fresh_detail(conn, &geography, &actor, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// Sets the options of a user; options their role may not hold are dropped.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    request_body = OptionsInput,
    responses(
        (status = 200, body = UserDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}/options")]
async fn set_options(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<OptionsInput>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let options = body.into_inner().options;
    let geography = state.geography.clone();
    let updated = state
        .db
        .write(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Activate, id)?;
            store::set_options(conn, id, user.role()?, &options)?;
            detail(conn, &geography, &actor, &user)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// Grants access: sets the options and e-mails an activation link (valid for the configured
/// time). A new link replaces the previous one.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    request_body = OptionsInput,
    responses(
        (status = 201, body = UserDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is already active", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/activation-links")]
async fn send_activation_link(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<OptionsInput>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let options = body.into_inner().options;
    let geography = state.geography.clone();
    let hours = state.config.activation_hours;
    let public_url = state.config.public_url.clone();
    let (detail, mail) = state
        .db
        .write(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Activate, id)?;
            if user.status()? != UserStatus::New {
                return Err(AppError::Conflict {
                    code: "not_pending",
                    detail: "Ce compte n'est pas en attente d'activation.".into(),
                });
            }
            store::set_options(conn, id, user.role()?, &options)?;
            let token = random_token();
            let created_at = now();
            let expires_at = created_at + Duration::hours(hours);
            diesel::insert_into(ua::table)
                .values((
                    ua::user_id.eq(id),
                    ua::token_hash.eq(token_hash(&token)),
                    ua::sent_by.eq(actor.id()),
                    ua::created_at.eq(created_at),
                    ua::expires_at.eq(expires_at),
                ))
                .execute(conn)?;
            diesel::update(users::table.find(id))
                .set(users::access_refused_at.eq(None::<NaiveDateTime>))
                .execute(conn)?;
            let link = format!("{public_url}/activer-mon-compte/{token}");
            let mail = templates::activation_link(&user.email, &user.first_name, &link, &french_datetime(expires_at));
            Ok((fresh_detail(conn, &geography, &actor, id)?, mail))
        })
        .await?;
    state.mailer.send(mail).await;
    Ok(HttpResponse::Created().json(detail))
}

/// Refuses a pending access request; the requester is told by e-mail.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    request_body = ReasonInput,
    responses(
        (status = 200, body = UserDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/refuse-access")]
async fn refuse_access(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<ReasonInput>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let reason = body.into_inner().reason;
    let geography = state.geography.clone();
    let (detail, mail) = state
        .db
        .write(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Activate, id)?;
            if user.status()? != UserStatus::New {
                return Err(AppError::Conflict {
                    code: "not_pending",
                    detail: "Ce compte n'est pas en attente d'activation.".into(),
                });
            }
            diesel::update(users::table.find(id)).set(users::access_refused_at.eq(now())).execute(conn)?;
            // A refused request can no longer be activated with an earlier link.
            diesel::update(ua::table.filter(ua::user_id.eq(id)).filter(ua::used_at.is_null()))
                .set(ua::expires_at.eq(now()))
                .execute(conn)?;
            let mail = templates::access_refused(&user.email, &user.first_name, reason.as_deref());
            Ok((fresh_detail(conn, &geography, &actor, id)?, mail))
        })
        .await?;
    state.mailer.send(mail).await;
    Ok(HttpResponse::Ok().json(detail))
}

/// Deactivates an account (the user themself, or an admin of their territory): sessions are
/// revoked and sign-in refused until reactivation.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    request_body = ReasonInput,
    responses(
        (status = 200, body = UserDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/deactivate")]
async fn deactivate(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<ReasonInput>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let reason = body.into_inner().reason;
    let geography = state.geography.clone();
    let (detail, mail) = state
        .db
        .write(move |conn| {
            let user = if id == actor.id() {
                actor.user.clone()
            } else {
                user_in_scope(conn, &geography, &actor, Feature::Deactivate, id)?
            };
            if user.status()? != UserStatus::Active {
                return Err(AppError::Conflict { code: "not_active", detail: "Ce compte n'est pas actif.".into() });
            }
            store::keep_a_national_admin(conn, id)?;
            let at = now();
            diesel::update(users::table.find(id))
                .set((
                    users::status.eq(UserStatus::Inactive.code()),
                    users::deactivated_at.eq(at),
                    users::deactivation_reason.eq(reason),
                    users::updated_at.eq(at),
                ))
                .execute(conn)?;
            crate::auth::store::revoke_all(conn, id)?;
            let mail = templates::account_deactivated(&user.email, &user.first_name);
            Ok((fresh_detail(conn, &geography, &actor, id)?, mail))
        })
        .await?;
    state.mailer.send(mail).await;
    Ok(HttpResponse::Ok().json(detail))
}

/// Reactivates a deactivated account; the user is told by e-mail.
#[utoipa::path(
    tag = "Users",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = UserDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/reactivate")]
async fn reactivate(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let geography = state.geography.clone();
    let public_url = state.config.public_url.clone();
    let (detail, mail) = state
        .db
        .write(move |conn| {
            let user = user_in_scope(conn, &geography, &actor, Feature::Deactivate, id)?;
            if user.status()? != UserStatus::Inactive {
                return Err(AppError::Conflict {
                    code: "not_inactive",
                    detail: "Ce compte n'est pas désactivé.".into(),
                });
            }
            diesel::update(users::table.find(id))
                .set((
                    users::status.eq(UserStatus::Active.code()),
                    users::deactivated_at.eq(None::<NaiveDateTime>),
                    users::deactivation_reason.eq(None::<String>),
                    users::updated_at.eq(now()),
                ))
                .execute(conn)?;
            let mail =
                templates::account_reactivated(&user.email, &user.first_name, &format!("{public_url}/connexion"));
            Ok((fresh_detail(conn, &geography, &actor, id)?, mail))
        })
        .await?;
    state.mailer.send(mail).await;
    Ok(HttpResponse::Ok().json(detail))
}
