//! Declaring, reading and updating one site.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use contract::problem::Problem;
use contract::sites::input::SiteInput;
use contract::sites::output::{NearbySite, Site};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::etag;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::{if_match, Body, Query};
use crate::sites::{access, store, view, write};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(nearby).service(create_site).service(get_site).service(update_site).service(confirm_site);
}

/// A JSON merge patch (RFC 7396): the fields to change; `null` empties a field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(value_type = Object, example = json!({"population": {"total": 42, "minors": 15}, "heatwave": null}))]
#[serde(transparent)]
pub struct SitePatch(serde_json::Value);

impl validator::Validate for SitePatch {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

/// The end of a day, for "as of" reads.
pub fn end_of(day: chrono::NaiveDate) -> chrono::NaiveDateTime {
    day.and_hms_opt(23, 59, 59).unwrap_or_default()
}

async fn answer(state: &State, actor: Actor, id: i32, as_of: Option<chrono::NaiveDate>) -> AppResult<HttpResponse> {
    let geography = state.geography.clone();
    let site = state
        .db
        .read(move |conn| {
            let (located, record, known) = match as_of {
                Some(day) => {
                    let located = access::readable(conn, &actor, id)?;
                    (located, store::as_of(conn, id, end_of(day))?.ok_or(AppError::NotFound)?, None)
                }
                None => {
                    let current = store::current_for(conn, id, actor.id())?.ok_or(AppError::NotFound)?;
                    if !actor.can(
                        contract::access::Entity::Site,
                        contract::access::Feature::Read,
                        current.located.place(),
                    ) {
                        return Err(AppError::NotFound);
                    }
                    let authors = current.authors.into_iter().map(|user| (user.id, user)).collect();
                    let known = view::Known { is_favorite: current.is_favorite, authors };
                    (current.located, current.record, Some(known))
                }
            };
            view::site_with(conn, &geography, &actor, &located, record, known)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(site.version)).json(site))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// The site as it was at the end of this day (404 if it was not declared yet).
    as_of: Option<chrono::NaiveDate>,
}

/// Declares a site. The caller needs the right to create sites in its commune; justice and
/// owners are kept only from callers allowed to read them. Every rule of the questionnaire
/// and of the counts is checked; answers made irrelevant by others are emptied.
#[utoipa::path(
    tag = "Sites",
    request_body = SiteInput,
    responses(
        (status = 201, description = "Declared; `ETag` holds the version", body = Site),
        (status = 403, description = "Not allowed to declare a site in this commune", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Faulty fields, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites")]
async fn create_site(state: State, actor: Actor, body: Body<SiteInput>) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let geography = state.geography.clone();
    let site = state
        .db
        .write(move |conn| {
            let record = write::create(conn, &geography, &actor, input)?;
            let located = store::locate(conn, record.id)?.ok_or(AppError::NotFound)?;
            view::site(conn, &geography, &actor, &located, record)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(etag(site.version))
        .insert_header((actix_web::http::header::LOCATION, format!("/api/sites/{}", site.id)))
        .json(site))
}

/// A site with everything the caller may read. Outside the caller's territory: 404.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path), AsOf),
    responses(
        (status = 200, description = "The site; `ETag` holds its version", body = Site),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/{id}")]
async fn get_site(state: State, actor: Actor, id: web::Path<i32>, query: Query<AsOf>) -> AppResult<HttpResponse> {
    answer(&state, actor, id.into_inner(), query.0.as_of).await
}

/// Updates an open site with a JSON merge patch of `SiteInput`, given `If-Match` with the
/// version read (412 with the current version when someone saved in between). At least one
/// field must change; to confirm unchanged data, use `/confirmation`. `updated_at` may
/// back-date the update, never before the previous one.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path), ("If-Match" = String, Header, description = "The ETag read, e.g. \"3\"")),
    request_body(content = SitePatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The site is closed", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/sites/{id}")]
async fn update_site(
    state: State,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i32>,
    body: Body<SitePatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req)?;
    let patch = body.into_inner().0;
    let geography = state.geography.clone();
    let site = state
        .db
        .write(move |conn| {
            let record = write::update(conn, &geography, &actor, id, expected, &patch)?;
            let located = store::locate(conn, id)?.ok_or(AppError::NotFound)?;
            view::site(conn, &geography, &actor, &located, record)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(site.version)).json(site))
}

/// Confirms that the data of an open site is still right: only its update date changes.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path), ("If-Match" = String, Header, description = "The ETag read")),
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/confirmation")]
async fn confirm_site(state: State, actor: Actor, req: HttpRequest, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req)?;
    let geography = state.geography.clone();
    let site = state
        .db
        .write(move |conn| {
            let record = write::confirm(conn, &geography, &actor, id, expected)?;
            let located = store::locate(conn, id)?.ok_or(AppError::NotFound)?;
            view::site(conn, &geography, &actor, &located, record)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(site.version)).json(site))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NearbyQuery {
    latitude: f64,
    longitude: f64,
    /// Metres (default 500, at most 5000).
    radius: Option<f64>,
}

/// Open sites of the caller's territory near a point, nearest first: check before declaring
/// a site that it is not already known.
#[utoipa::path(
    tag = "Sites",
    params(NearbyQuery),
    responses(
        (status = 200, body = Vec<NearbySite>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/nearby")]
async fn nearby(state: State, actor: Actor, query: Query<NearbyQuery>) -> AppResult<HttpResponse> {
    let NearbyQuery { latitude, longitude, radius } = query.0;
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(AppError::field("latitude", "invalid_value", "Coordonnées invalides."));
    }
    let radius = radius.unwrap_or(500.0).clamp(1.0, 5000.0);
    let found = state.db.read(move |conn| write::nearby(conn, &actor, latitude, longitude, radius)).await?;
    Ok(HttpResponse::Ok().json(found))
}
