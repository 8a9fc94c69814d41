//! Territory routes (public): autocompletion and one territory with its parents.

use actix_web::{get, web, HttpResponse};
use contract::problem::Problem;
use contract::territories::{LocationType, Territory, TerritoryMatch};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(search_territories).service(get_territory);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TerritorySearch {
    /// A name (accents and case ignored) or an official code.
    q: String,
    /// At most this many answers (default 20, at most 50).
    limit: Option<usize>,
}

/// Régions, départements, EPCI and communes matching a name or code, best match first.
#[utoipa::path(
    security(()),
    tag = "Territories",
    params(TerritorySearch),
    responses(
        (status = 200, body = Vec<TerritoryMatch>, example = json!([{"type": "city", "code": "93048", "name": "Montreuil", "label": "Montreuil (93)", "departement_code": "93"}])),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/territories/search")]
async fn search_territories(state: State, query: Query<TerritorySearch>) -> HttpResponse {
    let limit = query.0.limit.unwrap_or(20).clamp(1, 50);
    HttpResponse::Ok().json(state.geography.search(&query.0.q, limit))
}

/// One territory with every level above it. For the nation, use the code `FR`.
#[utoipa::path(
    security(()),
    tag = "Territories",
    params(
        ("type" = LocationType, Path, description = "nation, region, departement, epci or city"),
        ("code" = String, Path, description = "The official code (INSEE, SIREN for EPCI)"),
    ),
    responses(
        (status = 200, body = Territory),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/territories/{type}/{code}")]
async fn get_territory(state: State, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (kind, code) = path.into_inner();
    let level = <LocationType as contract::Labelled>::from_code(&kind).ok_or(AppError::NotFound)?;
    let resolved = state.geography.resolve(level, Some(&code)).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok().json(resolved.to_territory()))
}
