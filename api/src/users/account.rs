//! Public account flows: asking for access, activating an account, resetting a password.
//! None of them tells a stranger whether an address has an account.

use actix_web::{get, post, web, HttpResponse};
use chrono::Duration;
use contract::access::{Entity, Feature};
use contract::problem::{FieldError, Problem};
use contract::territories::LocationType;
use contract::users::{AccessRequest, Activation, NewPassword, PasswordResetRequest, TokenInfo, UserStatus};
use contract::Labelled;
use diesel::prelude::*;
use utoipa_actix_web::service_config::ServiceConfig;

use super::model::{normalize_email, search_text_of, NewUserRow, UserRow};
use super::store;
use crate::access::{Permissions, RoleKey};
use crate::auth::password;
use crate::auth::tokens::{random_token, token_hash};
use crate::db::schema::{
    organization_types as ot, organizations as o, password_resets as pr, user_accesses as ua, users,
};
use crate::db::{now, utc, Conn};
use crate::error::{AppError, AppResult};
use crate::extract::Body;
use crate::mail::{templates, Mail};
use crate::organizations::areas::AreaRow;
use crate::state::State;
use crate::territories::Geography;

pub fn routes(config: &mut ServiceConfig) {
    config
        .service(request_access)
        .service(check_activation)
        .service(activate)
        .service(request_password_reset)
        .service(check_password_reset)
        .service(reset_password);
}

/// Active admins whose user-administration scope covers an organization: local admins of its
/// territory, or the national admins when there is none.
pub fn admins_for_organization(
    conn: &mut Conn,
    geography: &Geography,
    organization_id: i32,
) -> AppResult<Vec<UserRow>> {
    let (organization, _) = crate::organizations::store::get(conn, organization_id)?.ok_or(AppError::NotFound)?;
    let territory = organization.location(geography)?;
    let admins: Vec<UserRow> = users::table
        .filter(users::status.eq(UserStatus::Active.code()))
        .filter(users::admin_role.is_not_null())
        .select(UserRow::as_select())
        .load(conn)?;
    let mut local = Vec::new();
    let mut national = Vec::new();
    for admin in admins {
        let role = RoleKey::of(admin.role()?, admin.admin_role()?);
        if role == RoleKey::NationalAdmin {
            national.push(admin);
            continue;
        }
        let areas: Vec<_> = store::areas_of(conn, &admin)?.iter().map(AreaRow::to_area).collect();
        let permissions = Permissions::resolve(role, &[], &areas, geography);
        if permissions.scope(Entity::User, Feature::Activate).is_some_and(|scope| scope.contains_territory(&territory))
        {
            local.push(admin);
        }
    }
    Ok(if local.is_empty() { national } else { local })
}

fn check_request(conn: &mut Conn, geography: &Geography, request: &AccessRequest) -> AppResult<()> {
    let mut errors = Vec::new();
    if !request.legal_consent {
        errors.push(FieldError::new("legal_consent", "required", "Vous devez accepter le traitement de vos données."));
    }
    match (&request.organization_id, &request.new_association) {
        (Some(id), None) => {
            let active: Option<bool> = o::table.find(id).select(o::active).first(conn).optional()?;
            if active != Some(true) {
                errors.push(FieldError::new("organization_id", "unknown_organization", "Structure inconnue."));
            }
        }
        (None, Some(association)) => {
            if !geography.departements.contains_key(&association.departement_code) {
                errors.push(FieldError::new(
                    "new_association.departement_code",
                    "unknown_territory",
                    "Département inconnu.",
                ));
            }
        }
        _ => errors.push(FieldError::new(
            "organization_id",
            "required",
            "Choisissez une structure existante, ou indiquez le nom de votre association.",
        )),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Creates the inactive association named in a request; an admin activates it with the user.
fn create_requested_association(conn: &mut Conn, geography: &Geography, request: &AccessRequest) -> AppResult<i32> {
    let Some(association) = &request.new_association else {
        return request.organization_id.ok_or(AppError::NotFound);
    };
    let input = contract::organizations::NewOrganization {
        name: association.name.clone(),
        abbreviation: association.abbreviation.clone(),
        type_uid: "association".into(),
        location: contract::territories::LocationInput {
            location_type: LocationType::Departement,
            code: Some(association.departement_code.clone()),
        },
        intervention_areas: Vec::new(),
    };
    // Someone already named it: join that one.
    if let Some(id) = crate::organizations::store::already_named(conn, geography, &input)? {
        return Ok(id);
    }
    let id = crate::organizations::store::create(conn, geography, &input)?;
    // Unknown to the platform until an admin accepts its first member.
    diesel::update(o::table.find(id)).set(o::active.eq(false)).execute(conn)?;
    Ok(id)
}

/// Asks for an account (public). The request waits, in status `new`, for an admin of the
/// organization's territory. The answer is the same whether the address is known or not; a
/// known address is told by e-mail instead.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    request_body = AccessRequest,
    responses(
        (status = 202, description = "Request recorded (or the address was told it already has an account)"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/access-requests")]
async fn request_access(state: State, body: Body<AccessRequest>) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let geography = state.geography.clone();
    let public_url = state.config.public_url.clone();
    let mails = state
        .db
        .write(move |conn| {
            check_request(conn, &geography, &request)?;
            let email = normalize_email(&request.email);
            if let Some(existing) = store::by_email(conn, &email)? {
                return Ok(vec![templates::access_request_received(&existing.email, &existing.first_name)]);
            }
            let organization_id = create_requested_association(conn, &geography, &request)?;
            let role: String = o::table
                .inner_join(ot::table)
                .filter(o::id.eq(organization_id))
                .select(ot::default_role)
                .first(conn)?;
            let created_at = now();
            let id: i32 = diesel::insert_into(users::table)
                .values(NewUserRow {
                    search_text: search_text_of(&request.first_name, &request.last_name, &email, &request.position),
                    email: email.clone(),
                    password_hash: None,
                    first_name: request.first_name.trim().to_owned(),
                    last_name: request.last_name.trim().to_owned(),
                    phone: request.phone.clone().filter(|p| !p.trim().is_empty()),
                    position: request.position.trim().to_owned(),
                    organization_id,
                    role,
                    admin_role: None,
                    status: UserStatus::New.code().to_owned(),
                    access_request_message: Some(request.message.clone()),
                    use_custom_areas: false,
                    charter_version: None,
                    charter_accepted_at: None,
                    created_by: None,
                    created_at,
                    updated_at: created_at,
                })
                .returning(users::id)
                .get_result(conn)?;
            let organization = crate::organizations::store::summary(conn, &geography, organization_id)?;
            let requester = format!("{} {}", request.first_name, request.last_name);
            let link = format!("{public_url}/administration/utilisateurs/{id}");
            let mut mails = vec![templates::access_request_received(&email, &request.first_name)];
            for admin in admins_for_organization(conn, &geography, organization_id)? {
                mails.push(templates::access_request_to_admin(
                    &admin.email,
                    &requester,
                    &organization.name,
                    &request.message,
                    &link,
                ));
            }
            Ok(mails)
        })
        .await;
    let mails = match mails {
        // The same request sent twice at once: the other one recorded it and sends its e-mails.
        Err(AppError::Taken { code: "email_taken", .. }) => Vec::new(),
        other => other?,
    };
    state.mailer.send_all(mails).await;
    Ok(HttpResponse::Accepted().finish())
}

type TokenRow = (i32, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>);

fn activation_of(conn: &mut Conn, token: &str) -> AppResult<(UserRow, i32)> {
    let found: Option<TokenRow> = ua::table
        .filter(ua::token_hash.eq(token_hash(token)))
        .select((ua::id, ua::expires_at, ua::used_at))
        .first(conn)
        .optional()?;
    let (access_id, expires_at, used_at) = found.ok_or(AppError::InvalidToken)?;
    if used_at.is_some() || expires_at <= now() {
        return Err(AppError::InvalidToken);
    }
    let user_id: i32 = ua::table.find(access_id).select(ua::user_id).first(conn)?;
    let user = store::get(conn, user_id)?.ok_or(AppError::InvalidToken)?;
    if user.status()? != UserStatus::New {
        return Err(AppError::InvalidToken);
    }
    // A newer link replaces older ones.
    let newest: i32 = ua::table
        .filter(ua::user_id.eq(user_id))
        .select(diesel::dsl::max(ua::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or(access_id);
    if newest != access_id {
        return Err(AppError::InvalidToken);
    }
    Ok((user, access_id))
}

fn token_info(conn: &mut Conn, user: &UserRow, expires_at: chrono::NaiveDateTime) -> AppResult<TokenInfo> {
    Ok(TokenInfo {
        email: user.email.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        expires_at: utc(expires_at),
        charter_version: store::current_charter(conn)?,
    })
}

/// Tells whether an activation link is valid, and for whom.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    params(("token" = String, Path, description = "The secret of the activation link")),
    responses(
        (status = 200, body = TokenInfo),
        (status = 404, description = "Unknown, used, replaced or expired link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activation/{token}")]
async fn check_activation(state: State, token: web::Path<String>) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let info = state
        .db
        .read(move |conn| {
            let (user, access_id) = activation_of(conn, &token)?;
            let expires_at: chrono::NaiveDateTime = ua::table.find(access_id).select(ua::expires_at).first(conn)?;
            token_info(conn, &user, expires_at)
        })
        .await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Activates an account with its first password, accepting the current charter. The
/// organization of a requested association is activated with its first member.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    params(("token" = String, Path, description = "The secret of the activation link")),
    request_body = Activation,
    responses(
        (status = 204, description = "Account active: sign in with the password"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activation/{token}")]
async fn activate(state: State, token: web::Path<String>, body: Body<Activation>) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let activation = body.into_inner();
    let hash = web::block(move || password::hash(&activation.password)).await??;
    let mails = state
        .db
        .write(move |conn| {
            let (user, access_id) = activation_of(conn, &token)?;
            let charter = store::current_charter(conn)?;
            if activation.charter_version != charter {
                return Err(AppError::field("charter_version", "not_current", "Acceptez la charte en vigueur."));
            }
            let at = now();
            diesel::update(ua::table.find(access_id)).set(ua::used_at.eq(at)).execute(conn)?;
            diesel::update(users::table.find(user.id))
                .set((
                    users::password_hash.eq(hash),
                    users::status.eq(UserStatus::Active.code()),
                    users::charter_version.eq(charter),
                    users::charter_accepted_at.eq(at),
                    users::updated_at.eq(at),
                ))
                .execute(conn)?;
            diesel::update(o::table.find(user.organization_id)).set(o::active.eq(true)).execute(conn)?;
            let sent_by: Option<i32> = ua::table.find(access_id).select(ua::sent_by).first(conn)?;
            let mut mails = Vec::new();
            if let Some(admin) = sent_by.map(|id| store::get(conn, id)).transpose()?.flatten() {
                mails.push(templates::account_activated_to_admin(&admin.email, &user.full_name()));
            }
            Ok(mails)
        })
        .await?;
    state.mailer.send_all(mails).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a password-reset link. Always 202: an unknown address is not revealed.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an active account, a link was sent"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-resets")]
async fn request_password_reset(state: State, body: Body<PasswordResetRequest>) -> AppResult<HttpResponse> {
    let email = normalize_email(&body.into_inner().email);
    let hours = state.config.password_reset_hours;
    let public_url = state.config.public_url.clone();
    let mails: Vec<Mail> = state
        .db
        .write(move |conn| {
            let Some(user) = store::by_email(conn, &email)? else {
                return Ok(Vec::new());
            };
            if user.status()? != UserStatus::Active {
                return Ok(Vec::new());
            }
            let token = random_token();
            let created_at = now();
            let expires_at = created_at + Duration::hours(hours);
            diesel::insert_into(pr::table)
                .values((
                    pr::user_id.eq(user.id),
                    pr::token_hash.eq(token_hash(&token)),
                    pr::created_at.eq(created_at),
                    pr::expires_at.eq(expires_at),
                ))
                .execute(conn)?;
            let link = format!("{public_url}/nouveau-mot-de-passe/{token}");
            let expires = super::admin::french_datetime(expires_at);
            Ok(vec![templates::password_reset(&user.email, &user.first_name, &link, &expires)])
        })
        .await?;
    state.mailer.send_all(mails).await;
    Ok(HttpResponse::Accepted().finish())
}

fn reset_of(conn: &mut Conn, token: &str) -> AppResult<(UserRow, i32, chrono::NaiveDateTime)> {
    let found: Option<(i32, i32, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)> = pr::table
        .filter(pr::token_hash.eq(token_hash(token)))
        .select((pr::id, pr::user_id, pr::expires_at, pr::used_at))
        .first(conn)
        .optional()?;
    let (id, user_id, expires_at, used_at) = found.ok_or(AppError::InvalidToken)?;
    if used_at.is_some() || expires_at <= now() {
        return Err(AppError::InvalidToken);
    }
    let user = store::get(conn, user_id)?.ok_or(AppError::InvalidToken)?;
    if user.status()? != UserStatus::Active {
        return Err(AppError::InvalidToken);
    }
    Ok((user, id, expires_at))
}

/// Tells whether a password-reset link is valid.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    params(("token" = String, Path, description = "The secret of the reset link")),
    responses(
        (status = 200, body = TokenInfo),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/password-resets/{token}")]
async fn check_password_reset(state: State, token: web::Path<String>) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let info = state
        .db
        .read(move |conn| {
            let (user, _, expires_at) = reset_of(conn, &token)?;
            token_info(conn, &user, expires_at)
        })
        .await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Sets a new password from a reset link; every open session is signed out.
#[utoipa::path(
    security(()),
    tag = "Accounts",
    params(("token" = String, Path, description = "The secret of the reset link")),
    request_body = NewPassword,
    responses(
        (status = 204, description = "Password changed"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-resets/{token}")]
async fn reset_password(state: State, token: web::Path<String>, body: Body<NewPassword>) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let new_password = body.into_inner().password;
    let hash = web::block(move || password::hash(&new_password)).await??;
    state
        .db
        .write(move |conn| {
            let (user, id, _) = reset_of(conn, &token)?;
            let at = now();
            diesel::update(pr::table.find(id)).set(pr::used_at.eq(at)).execute(conn)?;
            diesel::update(users::table.find(user.id))
                .set((users::password_hash.eq(hash), users::updated_at.eq(at)))
                .execute(conn)?;
            crate::auth::store::revoke_all(conn, user.id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
