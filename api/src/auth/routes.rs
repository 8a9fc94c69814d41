//! Sign-in, token refresh and sign-out.

use actix_web::{post, HttpRequest, HttpResponse};
use contract::auth::{Credentials, RefreshRequest, Session};
use contract::problem::Problem;
use contract::users::UserStatus;
use utoipa_actix_web::service_config::ServiceConfig;

use super::actor::has_csrf_header;
use super::cookies::{self, REFRESH_COOKIE};
use super::{password, store, throttle};
use crate::db::now;
use crate::error::{AppError, AppResult};
use crate::extract::Body;
use crate::state::State;
use crate::users::model::normalize_email;

pub fn routes(config: &mut ServiceConfig) {
    config.service(login).service(refresh).service(logout);
}

fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(address) = req.connection_info().realip_remote_addr() {
            return address.to_owned();
        }
    }
    req.peer_addr().map(|address| address.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Opens a session: cookies for the web app (requests carrying `X-Requested-With`), tokens in
/// the body for other clients.
fn open_session(state: &State, req: &HttpRequest, user_id: i32, refresh_token: String) -> AppResult<HttpResponse> {
    let config = &state.config;
    let (access_token, expires_at) = state.keys.issue(user_id, config.access_token_minutes)?;
    if has_csrf_header(req) {
        Ok(HttpResponse::Ok()
            .cookie(cookies::access(access_token, config.access_token_minutes))
            .cookie(cookies::refresh(refresh_token, config.refresh_token_days))
            .json(Session { user_id, expires_at, access_token: None, refresh_token: None, token_type: None }))
    } else {
        Ok(HttpResponse::Ok().json(Session {
            user_id,
            expires_at,
            access_token: Some(access_token),
            refresh_token: Some(refresh_token),
            token_type: Some("Bearer".into()),
        }))
    }
}

/// Signs in with e-mail and password.
///
/// The answer never tells whether the address has an account. After too many failures for an
/// account (5 by default) or, far more, from one client address (50), further attempts answer
/// 429 with `Retry-After` and a detail saying which of the two is slowed down. Attempts sent in
/// parallel are counted one by one.
#[utoipa::path(
    security(()),
    tag = "Session",
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account or organization deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(state: State, req: HttpRequest, body: Body<Credentials>) -> AppResult<HttpResponse> {
    let credentials = body.into_inner();
    let email = normalize_email(&credentials.email);
    let config = &state.config;
    let limits = vec![
        throttle::Limit::account(&email, config.login_max_failures),
        throttle::Limit::address(&client_address(&req, config.trust_proxy), config.login_max_failures_per_address),
    ];
    let counted = limits.clone();
    let user = state
        .db
        .write(move |conn| {
            throttle::attempt(conn, &counted, now())?;
            crate::users::store::by_email(conn, &email)
        })
        .await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_matches = actix_web::web::block(move || match stored_hash {
        Some(hash) => password::verify(&credentials.password, &hash),
        None => {
            password::verify_nothing(&credentials.password);
            false
        }
    })
    .await?;
    // A failure was counted before the password was checked: nothing more to write.
    let user = match (user, password_matches) {
        (Some(user), true) => user,
        _ => return Err(AppError::InvalidCredentials),
    };
    if user.status()? != UserStatus::Active {
        return Err(AppError::Forbidden { code: "account_inactive", detail: "Ce compte est désactivé." });
    }
    let days = state.config.refresh_token_days;
    let user_id = user.id;
    let refresh_token = state
        .db
        .write(move |conn| {
            let organization = crate::organizations::store::get(conn, user.organization_id)?;
            if !organization.is_some_and(|(organization, _)| organization.active) {
                return Err(AppError::Forbidden {
                    code: "organization_inactive",
                    detail: "La structure de ce compte est désactivée.",
                });
            }
            throttle::succeeded(conn, &limits)?;
            crate::users::store::touch_sign_in(conn, user_id)?;
            store::issue(conn, user_id, None, days)
        })
        .await?;
    open_session(&state, &req, user_id, refresh_token)
}

/// Exchanges a refresh token for a new session (and a new refresh token).
///
/// The web app sends no body: its refresh cookie is used. Other clients send `refresh_token`.
/// A refresh token works once; presenting it again revokes the whole session.
#[utoipa::path(
    security(()),
    tag = "Session",
    request_body(content = Option<RefreshRequest>),
    responses(
        (status = 200, description = "New session", body = Session),
        (status = 401, description = "Unknown, expired, revoked or reused token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
async fn refresh(state: State, req: HttpRequest, body: Option<Body<RefreshRequest>>) -> AppResult<HttpResponse> {
    let token = match body.and_then(|body| body.into_inner().refresh_token) {
        Some(token) => token,
        None => {
            if !has_csrf_header(&req) {
                return Err(AppError::Unauthenticated);
            }
            req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()).ok_or(AppError::Unauthenticated)?
        }
    };
    let days = state.config.refresh_token_days;
    let geography = state.geography.clone();
    let rotated = state
        .db
        .write(move |conn| {
            let Some((user_id, token)) = store::rotate(conn, &token, days)? else {
                return Ok(None);
            };
            if crate::users::store::load_actor(conn, &geography, user_id)?.is_none() {
                store::revoke_all(conn, user_id)?;
                return Ok(None);
            }
            Ok(Some((user_id, token)))
        })
        .await?;
    let (user_id, token) = rotated.ok_or(AppError::Unauthenticated)?;
    open_session(&state, &req, user_id, token)
}

/// Signs out: the refresh token (cookie or body) is revoked and the cookies cleared.
#[utoipa::path(
    security(()),
    tag = "Session",
    request_body(content = Option<RefreshRequest>),
    responses((status = 204, description = "Signed out"))
)]
#[post("/auth/logout")]
async fn logout(state: State, req: HttpRequest, body: Option<Body<RefreshRequest>>) -> AppResult<HttpResponse> {
    let token = body
        .and_then(|body| body.into_inner().refresh_token)
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    if let Some(token) = token {
        state.db.write(move |conn| store::revoke(conn, &token)).await?;
    }
    let mut response = HttpResponse::NoContent();
    for cookie in cookies::cleared() {
        response.cookie(cookie);
    }
    Ok(response.finish())
}
