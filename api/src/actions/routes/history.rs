//! The history of an action.

use actix_web::{get, web, HttpResponse};
use contract::actions::codes::ActionChangeKind;
use contract::actions::output::ActionHistoryEntry;
use contract::problem::Problem;
use contract::Labelled;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::{access, fields, store};
use crate::auth::Actor;
use crate::db::utc;
use crate::error::AppResult;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(history);
}

/// Every version of an action, newest first, with who changed what field, from what to what.
/// Finances appear only to those who read them.
#[utoipa::path(
    operation_id = "action_history",
    tag = "Actions",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Vec<ActionHistoryEntry>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/{id}/history")]
async fn history(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let entries = state
        .db
        .read(move |conn| {
            let finances = access::readable(conn, &actor, id)?.reads_finances(&actor);
            let versions = store::versions(conn, id)?;
            let mut people: Vec<i32> = versions.iter().filter_map(|(_, author, _, _)| *author).collect();
            for (_, _, _, record) in &versions {
                people.extend(record.data.pilots.iter().chain(&record.data.operators));
            }
            people.sort_unstable();
            people.dedup();
            let refs = crate::users::store::refs(conn, &people)?;
            let name_of = |id: i32| match refs.get(&id) {
                Some(user) => format!("{} {} ({})", user.first_name, user.last_name, user.organization.name),
                None => format!("utilisateur n°{id}"),
            };
            let mut entries = Vec::with_capacity(versions.len());
            let mut previous: Option<Vec<fields::Field>> = None;
            for (kind, author, at, record) in &versions {
                let current = fields::fields(record, &name_of);
                let changes =
                    previous.as_ref().map(|before| fields::diff(before, &current, finances)).unwrap_or_default();
                entries.push(ActionHistoryEntry {
                    version: record.version,
                    kind: ActionChangeKind::from_code(kind).unwrap_or(ActionChangeKind::Update),
                    author: author.and_then(|id| refs.get(&id).cloned()),
                    at: utc(*at),
                    changes,
                });
                previous = Some(current);
            }
            entries.reverse();
            Ok(entries)
        })
        .await?;
    Ok(HttpResponse::Ok().json(entries))
}
