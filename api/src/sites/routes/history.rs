//! The history of a site.

use actix_web::{get, web, HttpResponse};
use contract::problem::Problem;
use contract::sites::history::{ChangeKind, HistoryEntry};
use contract::Labelled;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::db::utc;
use crate::error::AppResult;
use crate::sites::{access, fields, store};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(history);
}

/// Every version of a site, newest first, with who changed what field, from what to what.
/// Justice and owner fields appear only to those allowed to read them.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/{id}/history")]
async fn history(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let shared = state.clone();
    let generation = state.site_answers.generation();
    let body = state
        .db
        .read(move |conn| {
            let located = access::readable(conn, &actor, id)?;
            let justice = access::reads_justice(&actor, located.place());
            let owners = access::reads_owners(&actor, located.place());
            // A history changes only with a new version: the same version reads the same.
            let key = format!("history|{id}|{}|{justice}|{owners}", located.version);
            if let Some(body) = shared.site_answers.get(&key) {
                return Ok(body);
            }
            let versions = store::versions(conn, id)?;
            let authors: Vec<i32> = versions.iter().filter_map(|(_, author, _, _)| *author).collect();
            let refs = crate::users::store::refs(conn, &authors)?;
            let mut entries = Vec::with_capacity(versions.len());
            let mut previous: Option<Vec<fields::Field>> = None;
            for (kind, author, at, record) in &versions {
                let current = fields::fields(record);
                let changes = previous
                    .as_ref()
                    .map(|before| fields::diff_fields(before, &current, justice, owners))
                    .unwrap_or_default();
                entries.push(HistoryEntry {
                    version: record.version,
                    kind: ChangeKind::from_code(kind).unwrap_or(ChangeKind::Update),
                    author: author.and_then(|id| refs.get(&id).cloned()),
                    at: utc(*at),
                    changes,
                });
                previous = Some(current);
            }
            entries.reverse();
            let body =
                actix_web::web::Bytes::from(serde_json::to_vec(&entries).map_err(crate::error::AppError::internal)?);
            shared.site_answers.put(key, generation, body.clone());
            Ok(body)
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("application/json").body(crate::sites::cache::chunked(body)))
}
