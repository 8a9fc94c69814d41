//! Lists and the map.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, HttpRequest, HttpResponse};
use contract::problem::Problem;
use contract::sites::filters::{SiteFilter, SiteSort};
use contract::sites::output::SitePage;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::db::schema::sites;
use crate::error::{AppError, AppResult};
use crate::extract::parse_query;
use crate::sites::search;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(list_sites).service(map);
}

/// Page and order of a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// 50 by default, at most 200.
    limit: Option<i64>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// `city`, `built_at`, `updated_at` (default for open sites), `declared_at`, `closed_at`
    /// (default for closed sites).
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
    let geography = state.geography.clone();
    let page = state
        .db
        .read(move |conn| search::list(conn, &geography, &actor, &filter, sort, limit, paging.cursor.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MapArea {
    /// `west,south,east,north` in degrees; the whole scope when absent.
    bbox: Option<String>,
}

// GeoJSON, serialised straight from structs: the map of a whole country is the largest answer.
#[derive(serde::Serialize)]
struct FeatureCollection {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature>,
}

#[derive(serde::Serialize)]
struct Feature {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i32,
    geometry: Point,
    properties: Properties,
}

#[derive(serde::Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(serde::Serialize)]
struct Properties {
    name: String,
    field_type: String,
    status: String,
    population: Option<i32>,
    heatwave: bool,
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
/// every filter of the list applies).
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
    if filter.as_of.is_some() {
        return Err(AppError::field("as_of", "unsupported", "La carte montre la situation actuelle."));
    }
    let bbox = area.bbox.as_deref().map(parse_bbox).transpose()?;
    // Everyone with the same scope asking the same question gets the same map.
    let scope_of = |entity, feature| actor.permissions.scope(entity, feature).map(|scope| scope.to_contract());
    let key = serde_json::to_string(&(
        "map",
        scope_of(contract::access::Entity::Site, contract::access::Feature::List),
        filter
            .uses_justice()
            .then(|| scope_of(contract::access::Entity::SiteJustice, contract::access::Feature::Access)),
        req.query_string(),
    ))
    .map_err(AppError::internal)?;
    let gzip = accepts_gzip(&req);
    let gzip_key = format!("{key}#gzip");
    let wanted = if gzip { &gzip_key } else { &key };
    if let Some(body) = state.site_answers.get(wanted) {
        return Ok(map_answer(body, gzip));
    }
    let _building = state.site_answers.building.lock().await;
    if let Some(body) = state.site_answers.get(wanted) {
        return Ok(map_answer(body, gzip));
    }
    let generation = state.site_answers.generation();
    let geography = state.geography.clone();
    let body = state
        .db
        .read(move |conn| {
            let mut query = search::sql::filtered(conn.backend(), &actor, &geography, &filter)?;
            if let Some([west, south, east, north]) = bbox {
                query =
                    query.filter(sites::longitude.between(west, east)).filter(sites::latitude.between(south, north));
            }
            type Row = (i32, String, Option<String>, String, String, Option<i32>, bool, f64, f64);
            let rows: Vec<Row> = query
                .order(sites::id)
                .select((
                    sites::id,
                    sites::address,
                    sites::name,
                    sites::field_type,
                    sites::status,
                    sites::population_total,
                    sites::heatwave,
                    sites::longitude,
                    sites::latitude,
                ))
                .load(conn)?;
            let round = |value: f64| (value * 100_000.0).round() / 100_000.0;
            let features: Vec<Feature> = rows
                .into_iter()
                .map(|(id, address, name, field_type, status, population, heatwave, lon, lat)| Feature {
                    kind: "Feature",
                    id,
                    geometry: Point { kind: "Point", coordinates: [round(lon), round(lat)] },
                    properties: Properties {
                        name: crate::sites::record::display_name(&address, name.as_deref()),
                        field_type,
                        status,
                        population,
                        heatwave,
                    },
                })
                .collect();
            let raw = serde_json::to_vec(&FeatureCollection { kind: "FeatureCollection", features })
                .map_err(AppError::internal)?;
            let gzipped = crate::sites::cache::gzip(&raw).map_err(AppError::internal)?;
            Ok((Bytes::from(raw), Bytes::from(gzipped)))
        })
        .await?;
    let (raw, gzipped) = body;
    state.site_answers.put(key, generation, raw.clone());
    state.site_answers.put(gzip_key, generation, gzipped.clone());
    Ok(map_answer(if gzip { gzipped } else { raw }, gzip))
}

/// Whether the client takes gzip, negotiated as the compression middleware does it.
fn accepts_gzip(req: &HttpRequest) -> bool {
    use actix_web::http::header::{AcceptEncoding, Encoding, Header};
    let offered = [Encoding::gzip(), Encoding::identity()];
    AcceptEncoding::parse(req).ok().and_then(|accepted| accepted.negotiate(offered.iter())) == Some(Encoding::gzip())
}

/// A map kept compressed goes out as it is (the compression middleware leaves an encoded
/// answer alone), in pieces.
fn map_answer(body: Bytes, gzip: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type("application/geo+json").insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        response.insert_header((header::CONTENT_ENCODING, "gzip"));
    }
    response.body(crate::sites::cache::chunked(body))
}
