//! The action list.

use actix_web::{get, HttpRequest, HttpResponse};
use contract::actions::filters::{ActionFilter, ActionSort};
use contract::actions::output::ActionPage;
use contract::problem::{FieldError, Problem};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::search;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::parse_query;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(list_actions);
}

/// Page and order of the list.
// Read from the query string beside the filters, not by an extractor utoipa would see: where the
// parameters are is said here.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionPaging {
    /// 50 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// `started_at` (default, newest first), `name`, `updated_at` (newest first), `departement`.
    #[param(inline)]
    sort: Option<ActionSort>,
}

/// Actions the caller may read (in the territories where they read actions, and those their
/// organization pilots or operates) matching the filters, one page at a time, with the counts
/// of ongoing and ended ones for the tabs.
#[utoipa::path(
    tag = "Actions",
    params(ActionFilter, ActionPaging),
    responses(
        (status = 200, body = ActionPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions")]
async fn list_actions(state: State, actor: Actor, req: HttpRequest) -> AppResult<HttpResponse> {
    for (name, _) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if !ActionFilter::NAMES.contains(&name.as_ref()) && !["limit", "cursor", "sort"].contains(&name.as_ref()) {
            return Err(AppError::BadRequest {
                code: "invalid_query",
                detail: format!("Paramètre inconnu : « {name} »."),
                errors: vec![FieldError::new(name.to_string(), "unknown_field", "Paramètre inconnu.")],
            });
        }
    }
    let filter: ActionFilter = parse_query(req.query_string())?;
    let paging: ActionPaging = parse_query(req.query_string())?;
    let limit = paging.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::field("limit", "out_of_range", "Entre 1 et 200."));
    }
    let sort = paging.sort.unwrap_or(ActionSort::StartedAt);
    let geography = state.geography.clone();
    let page = state
        .db
        .read(move |conn| search::list(conn, &geography, &actor, &filter, sort, limit, paging.cursor.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
