//! Creating, reading, updating and deleting one action.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use contract::actions::input::ActionInput;
use contract::actions::output::Action;
use contract::problem::Problem;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::{access, store, view, write};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::{if_match, Body, Query};
use crate::sites::routes::{end_of, etag};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(create_action).service(get_action).service(update_action).service(delete_action);
}

/// A JSON merge patch (RFC 7396) of `ActionInput`: the fields to change; `null` empties one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(value_type = Object, example = json!({"ended_at": "2026-12-31", "topics": ["health", "housing"]}))]
#[serde(transparent)]
pub struct ActionPatch(serde_json::Value);

impl validator::Validate for ActionPatch {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// The action as it was at the end of this day (404 if it did not exist yet).
    as_of: Option<chrono::NaiveDate>,
}

/// Creates an action. The caller needs the right to create actions in its département; pilots
/// must work for State services or local authorities, operators for associations or
/// interveners, and a `sur_site` action names sites the caller may read.
#[utoipa::path(
    tag = "Actions",
    request_body = ActionInput,
    responses(
        (status = 201, description = "Created; `ETag` holds the version", body = Action),
        (status = 403, description = "Not allowed to create an action in this département", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Faulty fields, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/actions")]
async fn create_action(state: State, actor: Actor, body: Body<ActionInput>) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let geography = state.geography.clone();
    let action = state
        .db
        .write(move |conn| {
            let created = write::create(conn, &geography, &actor, input)?;
            let reachable = access::readable(conn, &actor, created.record.id)?;
            let mut action = view::action(conn, &geography, &actor, &reachable, created.record)?;
            action.kept_fields = created.kept_fields;
            Ok(action)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(etag(action.version))
        .insert_header((actix_web::http::header::LOCATION, format!("/api/actions/{}", action.id)))
        .json(action))
}

/// An action with everything the caller may read. Readable by those with the right in its
/// département and by every member of its pilot and operator organizations; otherwise 404.
#[utoipa::path(
    tag = "Actions",
    params(("id" = i32, Path), AsOf),
    responses(
        (status = 200, description = "The action; `ETag` holds its version", body = Action),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/{id}")]
async fn get_action(state: State, actor: Actor, id: web::Path<i32>, query: Query<AsOf>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let as_of = query.0.as_of;
    let geography = state.geography.clone();
    let action = state
        .db
        .read(move |conn| {
            let reachable = access::readable(conn, &actor, id)?;
            let record = match as_of {
                Some(day) => store::as_of(conn, id, end_of(day))?,
                None => store::current(conn, id)?,
            };
            view::action(conn, &geography, &actor, &reachable, record.ok_or(AppError::NotFound)?)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(action.version)).json(action))
}

/// Updates an action with a JSON merge patch of `ActionInput`, given `If-Match` with the
/// version read (412 with the current version when someone saved in between). Callers who do
/// not read the finances cannot change the pilots nor the département: the stored values are
/// kept and `kept_fields` names them. Sites the caller cannot read stay linked. A patch that
/// changes nothing stores nothing.
#[utoipa::path(
    tag = "Actions",
    params(("id" = i32, Path), ("If-Match" = String, Header, description = "The ETag read, e.g. \"3\"")),
    request_body(content = ActionPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, body = Action),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/actions/{id}")]
async fn update_action(
    state: State,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i32>,
    body: Body<ActionPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req)?;
    let patch = body.into_inner().0;
    let geography = state.geography.clone();
    let action = state
        .db
        .write(move |conn| {
            let updated = write::update(conn, &geography, &actor, id, expected, &patch)?;
            let reachable = access::readable(conn, &actor, id)?;
            let mut action = view::action(conn, &geography, &actor, &reachable, updated.record)?;
            action.kept_fields = updated.kept_fields;
            Ok(action)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(action.version)).json(action))
}

/// Deletes an action and its history for good (national admins only); the deletion is logged.
#[utoipa::path(
    tag = "Actions",
    params(("id" = i32, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/actions/{id}")]
async fn delete_action(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state.db.write(move |conn| write::delete(conn, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
