//! The journal of an action: read, post, edit, remove, export.

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use contract::access::{Entity, Feature};
use contract::actions::journal::{ActionComment, ActionCommentEdit, ActionCommentInput, PostedActionComment};
use contract::problem::Problem;
use contract::sites::journal::Moderation;
use contract::Labelled;
use diesel::prelude::*;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::actions::{journal, store, watchers};
use crate::auth::Actor;
use crate::db::schema::{action_comments as comments, action_members, action_versions as av};
use crate::error::{AppError, AppResult};
use crate::extract::Body;
use crate::mail::templates;
use crate::sites::journal::Reader;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    // The export's fixed path before `/actions/{id}/…`.
    config
        .service(export_comments)
        .service(list_comments)
        .service(post_comment)
        .service(edit_comment)
        .service(remove_comment);
}

/// The messages of an action's journal the caller may read, newest first: public ones, and
/// targeted ones when the caller or their organization is targeted (or wrote it).
#[utoipa::path(
    operation_id = "list_action_comments",
    tag = "Journal",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Vec<ActionComment>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/{id}/comments")]
async fn list_comments(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let comments = state.db.read(move |conn| journal::list(conn, &actor, id)).await?;
    Ok(HttpResponse::Ok().json(comments))
}

/// Posts a message on an action. `public`: every reader of the action; `pref_et_ddets`: the
/// préfecture and DDETS of its département; `custom`: chosen organizations and people. Its
/// observers are told by e-mail (unless they unsubscribed).
#[utoipa::path(
    operation_id = "post_action_comment",
    tag = "Journal",
    params(("id" = i32, Path)),
    request_body = ActionCommentInput,
    responses(
        (status = 201, body = PostedActionComment),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/actions/{id}/comments")]
async fn post_comment(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<ActionCommentInput>,
) -> AppResult<HttpResponse> {
    let action_id = id.into_inner();
    let input = body.into_inner();
    let geography = state.geography.clone();
    let public_url = state.config.public_url.clone();
    let (comment, mails) = state
        .db
        .write(move |conn| {
            let posted = journal::post(conn, &actor, action_id, &input)?;
            let comment_id = posted.message.id;
            let observers = watchers::of_comment(conn, &geography, &posted)?;
            let name = store::current(conn, action_id)?.map(|record| record.data.name).unwrap_or_default();
            let author = actor.user.full_name();
            let link = format!("{public_url}/action/{action_id}#journal");
            let mails: Vec<_> = observers
                .iter()
                .map(|(email, first_name)| {
                    templates::new_action_comment(email, first_name, &author, &name, &input.body, &link)
                })
                .collect();
            let comment = journal::one(conn, &actor, action_id, comment_id)?;
            Ok((comment, mails))
        })
        .await?;
    let notified = mails.len() as i32;
    state.mailer.send_all(mails).await;
    Ok(HttpResponse::Created().json(PostedActionComment { comment, notified }))
}

/// Edits one's own message.
#[utoipa::path(
    operation_id = "edit_action_comment",
    tag = "Journal",
    params(("id" = i32, Path), ("comment_id" = i32, Path)),
    request_body = ActionCommentEdit,
    responses(
        (status = 200, body = ActionComment),
        (status = 403, description = "Not the author", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/actions/{id}/comments/{comment_id}")]
async fn edit_comment(
    state: State,
    actor: Actor,
    path: web::Path<(i32, i32)>,
    body: Body<ActionCommentEdit>,
) -> AppResult<HttpResponse> {
    let (action_id, comment_id) = path.into_inner();
    let edit = body.into_inner();
    let comment = state.db.write(move |conn| journal::edit(conn, &actor, action_id, comment_id, &edit)).await?;
    Ok(HttpResponse::Ok().json(comment))
}

/// Removes a message: its author freely; a moderator (admins of the territory) with a reason,
/// which is e-mailed to the author.
#[utoipa::path(
    operation_id = "remove_action_comment",
    tag = "Journal",
    params(("id" = i32, Path), ("comment_id" = i32, Path)),
    request_body(content = Option<Moderation>),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A moderator gave no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/actions/{id}/comments/{comment_id}")]
async fn remove_comment(
    state: State,
    actor: Actor,
    path: web::Path<(i32, i32)>,
    body: Option<Body<Moderation>>,
) -> AppResult<HttpResponse> {
    let (action_id, comment_id) = path.into_inner();
    let reason = body.map(|b| b.into_inner().reason);
    let removal = state
        .db
        .write(move |conn| journal::remove(conn, &actor, action_id, comment_id, reason.clone()).map(|r| (r, reason)))
        .await?;
    if let (journal::Removal { moderated: Some((email, first_name, action)) }, Some(reason)) = removal {
        state.mailer.send(templates::action_comment_moderated(&email, &first_name, &action, &reason)).await;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Every message of the actions' journals the caller may read, as CSV (UTF-8 with BOM for
/// spreadsheets); logged.
#[utoipa::path(
    operation_id = "export_action_comments",
    tag = "Exports",
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/actions/comments/export")]
async fn export_comments(state: State, actor: Actor) -> AppResult<HttpResponse> {
    let _turn = state.exports.turn().await?;
    let body = state
        .db
        .read(move |conn| {
            let scope = actor.scope(Entity::ActionComment, Feature::Export)?.clone();
            let organization = actor.user.organization_id;
            let mine: Vec<i32> = action_members::table
                .filter(action_members::organization_id.eq(organization))
                .select(action_members::action_id)
                .load(conn)?;
            // The action's name and place from its current version; within the scope or one of
            // the caller's organization's actions.
            let mut query = comments::table
                .inner_join(av::table.on(av::action_id.eq(comments::action_id).and(av::valid_to.is_null())))
                .filter(comments::deleted_at.is_null())
                .into_boxed();
            if !scope.national {
                query = query.filter(
                    av::departement_code
                        .eq_any(scope.departement_codes())
                        .or(av::region_code.eq_any(scope.region_codes()))
                        .or(av::action_id.eq_any(mine)),
                );
            }
            type Line = (journal::ActionCommentRow, String, String);
            let rows: Vec<Line> = query
                .order((comments::created_at.desc(), comments::id.desc()))
                .select((journal::ActionCommentRow::as_select(), av::name, av::departement_code))
                .load(conn)?;
            let ids: Vec<i32> = rows.iter().map(|r| r.0.id).collect();
            let targets = journal::targets_of(conn, &ids)?;
            let reader = Reader::of(&actor);
            let rows: Vec<_> =
                rows.into_iter().filter(|(row, ..)| journal::visible(&reader, row, targets.get(&row.id))).collect();
            let authors: Vec<i32> = rows.iter().map(|r| r.0.author_id).collect();
            let refs = crate::users::store::refs(conn, &authors)?;
            let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
            let csv_error = |e: csv::Error| AppError::internal(format!("csv: {e}"));
            writer
                .write_record([
                    "Action",
                    "Nom de l'action",
                    "Département",
                    "Date",
                    "Auteur",
                    "Structure",
                    "Visibilité",
                    "Message",
                ])
                .map_err(csv_error)?;
            for (row, name, departement) in &rows {
                let author = refs.get(&row.author_id);
                let visibility = contract::sites::codes::CommentVisibility::from_code(&row.visibility)
                    .map(|v| v.label())
                    .unwrap_or("");
                writer
                    .write_record([
                        row.action_id.to_string(),
                        name.clone(),
                        departement.clone(),
                        row.created_at.format("%Y-%m-%d %H:%M").to_string(),
                        author.map(|a| format!("{} {}", a.first_name, a.last_name)).unwrap_or_default(),
                        author.map(|a| a.organization.name.clone()).unwrap_or_default(),
                        visibility.to_owned(),
                        row.body.clone(),
                    ])
                    .map_err(csv_error)?;
            }
            crate::audit::record(
                conn,
                Some(actor.id()),
                "export.comments",
                "action_comment",
                None,
                Some(format!("messages={}", rows.len())),
            )?;
            writer.into_inner().map_err(|e| AppError::internal(format!("csv: {e}")))
        })
        .await?;
    let name = format!("{}-journal-des-actions-resorption.csv", chrono::Utc::now().date_naive());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body))
}
