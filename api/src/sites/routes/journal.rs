//! The journal of a site: read, post, edit, remove, export.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use contract::problem::Problem;
use contract::sites::journal::{Comment, CommentEdit, CommentInput, Moderation, PostedComment};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::error::AppResult;
use crate::extract::Body;
use crate::mail::templates;
use crate::sites::{journal, store, watchers};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(list_comments).service(post_comment).service(edit_comment).service(remove_comment);
}

/// The messages of a site's journal the caller may read, newest first: public ones, and
/// targeted ones when the caller or their organization is targeted (or wrote it).
#[utoipa::path(
    tag = "Journal",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Vec<Comment>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/{id}/comments")]
async fn list_comments(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let comments = state.db.read(move |conn| journal::list(conn, &actor, id)).await?;
    Ok(HttpResponse::Ok().json(comments))
}

/// Posts a message. `public`: everyone who reads the journal; `pref_et_ddets`: the préfecture
/// and DDETS of the département; `custom`: chosen organizations and people. The watchers of
/// the site are told by e-mail (unless they unsubscribed).
#[utoipa::path(
    tag = "Journal",
    params(("id" = i32, Path)),
    request_body = CommentInput,
    responses(
        (status = 201, body = PostedComment),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/comments")]
async fn post_comment(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<CommentInput>,
) -> AppResult<HttpResponse> {
    let site_id = id.into_inner();
    let input = body.into_inner();
    let geography = state.geography.clone();
    let public_url = state.config.public_url.clone();
    let (comment, mails) = state
        .db
        .write(move |conn| {
            let posted = journal::post(conn, &actor, site_id, &input)?;
            let comment_id = posted.message.id;
            let watchers = watchers::of_comment(conn, &geography, &posted)?;
            let site = store::current(conn, site_id)?.map(|r| r.display_name()).unwrap_or_default();
            let author = actor.user.full_name();
            let link = format!("{public_url}/site/{site_id}#journal");
            let mails: Vec<_> = watchers
                .iter()
                .map(|(email, first_name)| {
                    templates::new_site_comment(email, first_name, &author, &site, &input.body, &link)
                })
                .collect();
            // The new message only: reading the whole journal made each post slower than the last
            // on a busy site (found by the soak).
            let comment = journal::one(conn, &actor, site_id, comment_id)?;
            Ok((comment, mails))
        })
        .await?;
    let notified = mails.len() as i32;
    state.mailer.send_all(mails).await;
    Ok(HttpResponse::Created().json(PostedComment { comment, notified }))
}

/// Edits one's own message.
#[utoipa::path(
    tag = "Journal",
    params(("id" = i32, Path), ("comment_id" = i32, Path)),
    request_body = CommentEdit,
    responses(
        (status = 200, body = Comment),
        (status = 403, description = "Not the author", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/sites/{id}/comments/{comment_id}")]
async fn edit_comment(
    state: State,
    actor: Actor,
    path: web::Path<(i32, i32)>,
    body: Body<CommentEdit>,
) -> AppResult<HttpResponse> {
    let (site_id, comment_id) = path.into_inner();
    let edit = body.into_inner();
    let comment = state.db.write(move |conn| journal::edit(conn, &actor, site_id, comment_id, &edit)).await?;
    Ok(HttpResponse::Ok().json(comment))
}

/// Removes a message: its author freely; a moderator (admins of the territory) with a reason,
/// which is e-mailed to the author.
#[utoipa::path(
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
#[delete("/sites/{id}/comments/{comment_id}")]
async fn remove_comment(
    state: State,
    actor: Actor,
    path: web::Path<(i32, i32)>,
    body: Option<Body<Moderation>>,
) -> AppResult<HttpResponse> {
    let (site_id, comment_id) = path.into_inner();
    let reason = body.map(|b| b.into_inner().reason);
    let removal = state
        .db
        .write(move |conn| journal::remove(conn, &actor, site_id, comment_id, reason.clone()).map(|r| (r, reason)))
        .await?;
    if let (journal::Removal { moderated: Some((email, first_name, site)) }, Some(reason)) = removal {
        state.mailer.send(templates::comment_moderated(&email, &first_name, &site, &reason)).await;
    }
    Ok(HttpResponse::NoContent().finish())
}
