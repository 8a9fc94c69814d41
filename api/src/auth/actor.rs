//! The `Actor` extractor: who calls, with their effective permissions. A request is
//! authenticated by a bearer token or, for the web app, by the access cookie; a cookie-borne
//! write must also carry the CSRF header. Inactive users and members of inactive organizations
//! are refused even with a valid token. [`Actor`] also requires the current charter to be
//! accepted; [`SignedIn`] does not (for the routes that let a user accept it).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{header, Method};
use actix_web::{FromRequest, HttpRequest};
use contract::access::{Entity, Feature};
use contract::auth::{CSRF_HEADER, CSRF_HEADER_VALUE};
use contract::users::{AdminRole, PermissionOption, Role};

use super::cookies::ACCESS_COOKIE;
use crate::access::{Permissions, Place, RoleKey, Scope};
use crate::error::{AppError, AppResult};
use crate::organizations::areas::AreaRow;
use crate::state::State;
use crate::users::model::UserRow;

/// The signed-in user.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: UserRow,
    pub role: Role,
    pub admin_role: Option<AdminRole>,
    pub options: Vec<PermissionOption>,
    /// Where the user works: their own areas, or their organization's.
    pub areas: Vec<AreaRow>,
    pub permissions: Permissions,
    pub current_charter: i32,
}

impl Actor {
    pub fn id(&self) -> i32 {
        self.user.id
    }

    pub fn role_key(&self) -> RoleKey {
        RoleKey::of(self.role, self.admin_role)
    }

    pub fn is_national_admin(&self) -> bool {
        self.admin_role == Some(AdminRole::NationalAdmin)
    }

    pub fn charter_accepted(&self) -> bool {
        self.user.charter_version.is_some_and(|version| version >= self.current_charter)
    }

    /// True when the user may do `feature` on `entity` at `place`.
    pub fn can(&self, entity: Entity, feature: Feature, place: Place<'_>) -> bool {
        self.permissions.allows(entity, feature, place)
    }

    /// Refuses with 403 unless allowed at `place`.
    pub fn require(&self, entity: Entity, feature: Feature, place: Place<'_>) -> AppResult<()> {
        if self.can(entity, feature, place) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    /// The scope of a permission, or 403 when the user holds it nowhere.
    pub fn scope(&self, entity: Entity, feature: Feature) -> AppResult<&Scope> {
        self.permissions.scope(entity, feature).ok_or_else(AppError::forbidden)
    }

    /// Refuses with 403 unless the user is a national admin.
    pub fn require_national_admin(&self) -> AppResult<()> {
        if self.is_national_admin() {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

/// A signed-in user who may not have accepted the current charter yet.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Actor);

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

/// True when the request carries the header the web app sends (and a cross-site form cannot).
pub fn has_csrf_header(req: &HttpRequest) -> bool {
    req.headers().get(CSRF_HEADER).and_then(|value| value.to_str().ok()) == Some(CSRF_HEADER_VALUE)
}

/// The user id of the valid access token a request presents (bearer or cookie), without the
/// checks of [`Actor`]: for code that only needs to know whose request it is.
pub fn presented_user(req: &HttpRequest, keys: &super::tokens::JwtKeys) -> Option<i32> {
    let token = bearer(req).or_else(|| req.cookie(ACCESS_COOKIE).map(|cookie| cookie.value().to_owned()))?;
    keys.verify(&token)
}

fn token_of(req: &HttpRequest) -> AppResult<String> {
    if let Some(token) = bearer(req) {
        return Ok(token);
    }
    let cookie = req.cookie(ACCESS_COOKIE).ok_or(AppError::Unauthenticated)?;
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !has_csrf_header(req) {
        return Err(AppError::Forbidden { code: "csrf_check_failed", detail: "En-tête de protection CSRF manquant." });
    }
    Ok(cookie.value().to_owned())
}

async fn load(req: &HttpRequest) -> AppResult<Actor> {
    let state = req.app_data::<State>().ok_or_else(|| AppError::internal("state missing"))?.clone();
    let token = token_of(req)?;
    let user_id = state.keys.verify(&token).ok_or(AppError::Unauthenticated)?;
    if let Some(actor) = state.actors.get(user_id) {
        return Ok((*actor).clone());
    }
    let geography = state.geography.clone();
    let actor = state
        .db
        .read(move |conn| crate::users::store::load_actor(conn, &geography, user_id))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    state.actors.put(std::sync::Arc::new(actor.clone()));
    Ok(actor)
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = AppResult<Self>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { load(&req).await.map(SignedIn) })
    }
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = AppResult<Self>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let actor = load(&req).await?;
            if !actor.charter_accepted() {
                return Err(AppError::Forbidden {
                    code: "charter_not_accepted",
                    detail: "Vous devez accepter la charte d'engagement en vigueur.",
                });
            }
            Ok(actor)
        })
    }
}
