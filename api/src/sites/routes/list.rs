//! Lists and the map.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, HttpRequest, HttpResponse};
use contract::problem::Problem;
use contract::sites::filters::{SiteFilter, SiteSort};
use contract::sites::output::SitePage;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::parse_query;
use crate::sites::map as site_map;
use crate::sites::search;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(list_sites).service(map);
}

/// Page and order of a list.
// Read from the query string by `filters_and`, not by an extractor utoipa would see: where the
// parameters are is said here.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// 50 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// `city`, `built_at`, `updated_at` (default for open sites), `declared_at`, `closed_at`
    /// (default for closed sites).
    #[param(inline)]
    sort: Option<SiteSort>,
}

/// The query string holds both the filters and the paging: each is read on its own, and a
/// parameter neither knows is refused.
fn filters_and<T: serde::de::DeserializeOwned>(req: &HttpRequest, own: &[&str]) -> AppResult<(SiteFilter, T)> {
    const FILTERS: &[&str] = &[
        "status",
        "location_type",
        "location_code",
        "zone",
        "q",
        "population",
        "field_type",
        "origin",
        "target",
        "justice",
        "administrative_order",
        "rhi",
        "heatwave",
        "actors",
        "has_action",
        "conditions",
        "closing_reason",
        "outcome",
        "closure_year",
        "as_of",
    ];
    for (name, _) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if !FILTERS.contains(&name.as_ref()) && !own.contains(&name.as_ref()) {
            return Err(AppError::BadRequest {
                code: "invalid_query",
                detail: format!("Paramètre inconnu : « {name} »."),
                errors: vec![contract::problem::FieldError::new(
                    name.to_string(),
                    "unknown_field",
                    "Paramètre inconnu.",
                )],
            });
        }
    }
    Ok((parse_query(req.query_string())?, parse_query(req.query_string())?))
}

/// Sites of the caller's territory matching the filters, one page at a time (cursor
/// pagination), with the totals of the whole selection. With `as_of`, the list is the
/// situation at the end of that day. Justice filters need the justice permission.
#[utoipa::path(
    tag = "Sites",
    params(SiteFilter, Paging),
    responses(
        (status = 200, body = SitePage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A justice filter without the justice permission", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites")]
async fn list_sites(state: State, actor: Actor, req: HttpRequest) -> AppResult<HttpResponse> {
    let (filter, paging): (SiteFilter, Paging) = filters_and(&req, &["limit", "cursor", "sort"])?;
    let limit = paging.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::field("limit", "out_of_range", "Entre 1 et 200."));
    }
    let sort = paging.sort.unwrap_or_else(|| search::default_sort(&filter));
    // Every page of a selection has the same totals, and counting a national selection costs more
    // than reading a page: they are kept like other shared answers (D20).
    let filters_only: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(req.query_string().as_bytes())
                .filter(|(name, _)| !["limit", "cursor", "sort"].contains(&name.as_ref())),
        )
        .finish();
    let totals_key = shared_key(&actor, &filter, "totals", &filters_only)?;
    let known: Option<search::Totals> =
        state.site_answers.get(&totals_key).and_then(|body| serde_json::from_slice(&body).ok());
    let generation = state.site_answers.generation();
    let geography = state.geography.clone();
    let page = state
        .db
        .read(move |conn| search::list(conn, &geography, &actor, &filter, sort, limit, paging.cursor.as_deref(), known))
        .await?;
    // Totals as of a date are kept too: they change only with a write, which renews the
    // generation like any other.
    if known.is_none() {
        let totals = search::Totals { sites: page.total, people: page.population_total, minors: page.minors_total };
        let body = serde_json::to_vec(&totals).map_err(AppError::internal)?;
        state.site_answers.put(totals_key, generation, Bytes::from(body));
    }
    Ok(HttpResponse::Ok().json(page))
}

/// The key of an answer that depends only on the filters and on the caller's scopes (to list
/// sites, to read justice when a filter is about it, to read actions — and the organization,
/// whose actions it reads anywhere — when `has_action` is asked): everyone with the same scope
/// asking the same question gets the same answer.
fn shared_key(actor: &Actor, filter: &SiteFilter, what: &str, query: &str) -> AppResult<String> {
    use contract::access::{Entity, Feature};
    let scope_of = |entity, feature| actor.permissions.scope(entity, feature).map(|scope| scope.to_contract());
    serde_json::to_string(&(
        what,
        scope_of(Entity::Site, Feature::List),
        filter.uses_justice().then(|| scope_of(Entity::SiteJustice, Feature::Access)),
        filter.has_action.is_some().then(|| (scope_of(Entity::Action, Feature::Read), actor.user.organization_id)),
        query,
    ))
    .map_err(AppError::internal)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapArea {
    /// `west,south,east,north` in degrees; the whole scope when absent.
    bbox: Option<String>,
}

fn parse_bbox(raw: &str) -> AppResult<[f64; 4]> {
    let invalid = || AppError::field("bbox", "invalid_value", "Attendu : ouest,sud,est,nord en degrés.");
    let values: Vec<f64> =
        raw.split(',').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| invalid())?;
    match values.as_slice() {
        [west, south, east, north] if west <= east && south <= north => Ok([*west, *south, *east, *north]),
        _ => Err(invalid()),
    }
}

/// The sites to draw on a map, as a compact GeoJSON FeatureCollection: id, name, field type,
/// status, population and heatwave of each site the caller may see (open sites by default;
/// every filter of the list applies, `as_of` included: the map at the end of that day).
#[utoipa::path(
    tag = "Sites",
    params(SiteFilter, MapArea),
    responses(
        (status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json",
            example = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": 12,
                "geometry": {"type": "Point", "coordinates": [2.4437, 48.8631]},
                "properties": {"name": "12 rue des Lilas « La Prairie »", "field_type": "land", "status": "open", "population": 45, "heatwave": false}}]})),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/map")]
async fn map(state: State, actor: Actor, req: HttpRequest) -> AppResult<HttpResponse> {
    let (filter, area): (SiteFilter, MapArea) = filters_and(&req, &["bbox"])?;
    let bbox = area.bbox.as_deref().map(parse_bbox).transpose()?;
    let key = shared_key(&actor, &filter, "map", req.query_string())?;
    let gzip = accepts_gzip(&req);
    let gzip_key = format!("{key}#gzip");
    if let Some(answer) = kept_map(&state, &key, &gzip_key, gzip) {
        return Ok(answer);
    }
    let _building = state.site_answers.building.lock().await;
    if let Some(answer) = kept_map(&state, &key, &gzip_key, gzip) {
        return Ok(answer);
    }
    let generation = state.site_answers.generation();
    let geography = state.geography.clone();
    let body = state.db.read(move |conn| site_map::build(conn, &actor, &geography, &filter, bbox)).await?;
    state.site_answers.put(gzip_key, generation, body.gzip.clone());
    if let Some(plain) = &body.plain {
        state.site_answers.put(key, generation, plain.clone());
    }
    Ok(map_answer(body, gzip))
}

/// The kept map, when there is one.
fn kept_map(state: &State, key: &str, gzip_key: &str, gzip: bool) -> Option<HttpResponse> {
    let plain = if gzip { None } else { state.site_answers.get(key) };
    let body = site_map::MapBody { gzip: state.site_answers.get(gzip_key)?, plain };
    Some(map_answer(body, gzip))
}

/// Whether the client takes gzip, negotiated as the compression middleware does it.
fn accepts_gzip(req: &HttpRequest) -> bool {
    use actix_web::http::header::{AcceptEncoding, Encoding, Header};
    let offered = [Encoding::gzip(), Encoding::identity()];
    AcceptEncoding::parse(req).ok().and_then(|accepted| accepted.negotiate(offered.iter())) == Some(Encoding::gzip())
}

/// A map kept compressed goes out as it is (the compression middleware leaves an encoded
/// answer alone), in pieces; a client without gzip gets the plain copy, or the gzip copy inflated
/// as it is sent when the plain one was too large to keep.
fn map_answer(body: site_map::MapBody, gzip: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type("application/geo+json").insert_header((header::VARY, "Accept-Encoding"));
    match (gzip, body.plain) {
        (true, _) => {
            response.insert_header((header::CONTENT_ENCODING, "gzip")).body(crate::sites::cache::chunked(body.gzip))
        }
        (false, Some(plain)) => response.body(crate::sites::cache::chunked(plain)),
        (false, None) => response.streaming(site_map::inflated(body.gzip)),
    }
}
