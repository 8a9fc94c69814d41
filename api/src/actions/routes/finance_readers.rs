//! Who will read an action's finances: asked by the forms before figures are entered.

use actix_web::{get, web, HttpResponse};
use contract::access::{Entity, Feature};
use contract::actions::output::FinanceReaders;
use contract::problem::Problem;
use contract::sites::filters::comma_separated;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::{access, finance_readers};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(preview).service(of_action);
}

/// The action the creation form would save.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FinanceReadersQuery {
    /// The département of the action, e.g. `93`.
    departement_code: String,
    /// The user ids of its pilots, comma-separated, e.g. `4,7`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[param(value_type = Option<String>)]
    pilots: Vec<i32>,
}

/// Who would read the finances of an action not yet created, in this département with these
/// pilots: the members of the pilots' organizations, and those allowed to read finances there
/// (in their territory or nationwide). For callers who may create actions somewhere; each pilot
/// must be one the creation would accept.
#[utoipa::path(
    operation_id = "finance_readers_preview",
    tag = "Actions",
    params(FinanceReadersQuery),
    responses(
        (status = 200, body = FinanceReaders),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may create no action", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown département, or a user who may not pilot", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/finance-readers")]
async fn preview(state: State, actor: Actor, query: Query<FinanceReadersQuery>) -> AppResult<HttpResponse> {
    if !actor.permissions.allows_somewhere(Entity::Action, Feature::Create) {
        return Err(AppError::forbidden());
    }
    let FinanceReadersQuery { departement_code, pilots } = query.0;
    let region_code = state
        .geography
        .departements
        .get(&departement_code)
        .map(|departement| departement.region_code.clone())
        .ok_or_else(|| AppError::field("departement_code", "unknown_territory", "Département inconnu."))?;
    let geography = state.geography.clone();
    let readers = state
        .db
        .read(move |conn| finance_readers::readers(conn, &geography, &departement_code, &region_code, &pilots))
        .await?;
    Ok(HttpResponse::Ok().json(readers))
}

/// Who reads the finances of an action as it is stored (its département and pilots), for those
/// who may update it: the answer to "who will see these figures" before saving them.
#[utoipa::path(
    operation_id = "action_finance_readers",
    tag = "Actions",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = FinanceReaders),
        (status = 403, description = "The caller reads the action but may not update it", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/{id}/finance-readers")]
async fn of_action(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let geography = state.geography.clone();
    let readers = state
        .db
        .read(move |conn| {
            let reachable = access::readable(conn, &actor, id)?;
            if !reachable.can_update(&actor) {
                return Err(AppError::forbidden());
            }
            finance_readers::of_action(conn, &geography, &reachable.located)
        })
        .await?;
    Ok(HttpResponse::Ok().json(readers))
}
