//! Entering the indicators of one year.

use actix_web::{put, web, HttpRequest, HttpResponse};
use contract::actions::indicators::Indicators;
use contract::actions::output::Action;
use contract::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::{access, indicators, view};
use crate::auth::Actor;
use crate::error::AppResult;
use crate::extract::{if_match, Body};
use crate::sites::routes::etag;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(set_indicators);
}

/// Sets the indicators of one year of the action (within its years), given `If-Match` with the
/// version read; every count empty removes that year's. Counts are bounded by those they are
/// part of, and a topic's counts are accepted only when the action has that topic: each fault
/// is a 422 naming the field, in French. Who updates the action enters them.
#[utoipa::path(
    tag = "Actions",
    params(
        ("id" = i32, Path),
        ("year" = i32, Path),
        ("If-Match" = String, Header, description = "The ETag read, e.g. \"3\"")
    ),
    request_body = Indicators,
    responses(
        (status = 200, description = "The action with its indicators; `ETag` holds its version", body = Action),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/actions/{id}/indicators/{year}")]
async fn set_indicators(
    state: State,
    actor: Actor,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    body: Body<Indicators>,
) -> AppResult<HttpResponse> {
    let (id, year) = path.into_inner();
    let expected = if_match(&req)?;
    let values = body.into_inner();
    let geography = state.geography.clone();
    let action = state
        .db
        .write(move |conn| {
            let record = indicators::set(conn, &geography, &actor, id, expected, year, values)?;
            let reachable = access::readable(conn, &actor, id)?;
            view::action(conn, &geography, &actor, &reachable, record)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(action.version)).json(action))
}
