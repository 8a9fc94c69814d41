//! The actions spreadsheet of one year.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, HttpRequest, HttpResponse};
use chrono::Datelike;
use contract::actions::filters::ActionFilter;
use contract::problem::{FieldError, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::export;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::parse_query;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(export_actions);
}

/// The actions spreadsheet (XLSX) of one year (`year`, last year by default): one row per
/// action the caller reads (as in the list, both tabs) running during that year and matching
/// the list's filters, with its indicators of the year. The finances of the year appear only
/// for the actions whose finances the caller reads (pilots' organizations, `action_finances`
/// access), and their columns only when there is at least one. Needs `action.export`; every
/// export is logged.
#[utoipa::path(
    operation_id = "export_actions",
    tag = "Exports",
    params(ActionFilter),
    responses(
        (status = 200, description = "The spreadsheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/export")]
async fn export_actions(state: State, actor: Actor, req: HttpRequest) -> AppResult<HttpResponse> {
    for (name, _) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if !ActionFilter::NAMES.contains(&name.as_ref()) {
            return Err(AppError::BadRequest {
                code: "invalid_query",
                detail: format!("Paramètre inconnu : « {name} »."),
                errors: vec![FieldError::new(name.to_string(), "unknown_field", "Paramètre inconnu.")],
            });
        }
    }
    let filter: ActionFilter = parse_query(req.query_string())?;
    let today = crate::sites::write::today();
    let year = filter.year.unwrap_or(today.year() - 1);
    let _turn = state.exports.turn().await?;
    let user_id = actor.id();
    let geography = state.geography.clone();
    let (bytes, details) =
        state.db.read(move |conn| export::spreadsheet(conn, &geography, &actor, &filter, year)).await?;
    state
        .db
        .write(move |conn| crate::audit::record(conn, Some(user_id), "export.actions", "action", None, Some(details)))
        .await?;
    let name = format!("{today}-actions-{year}-resorption.xlsx");
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(crate::sites::cache::chunked(Bytes::from(bytes))))
}
