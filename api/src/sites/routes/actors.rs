//! Actors of a site, invitations, and the colleague picker.

use actix_web::{delete, get, post, put, web, HttpResponse};
use contract::problem::Problem;
use contract::sites::actions::{ActorInput, ActorInvitation};
use contract::sites::output::{SiteActor, UserRef};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Query};
use crate::mail::templates;
use crate::sites::{access, actors, store, view};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(candidates).service(declare).service(change).service(remove).service(invite);
}

async fn current_actors(state: &State, actor: Actor, site_id: i32) -> AppResult<Vec<SiteActor>> {
    state
        .db
        .read(move |conn| {
            access::readable(conn, &actor, site_id)?;
            view::actors(conn, site_id)
        })
        .await
}

/// Declares oneself (no `user_id`), or a colleague who can read the site, as actor of the site,
/// with themes. A declared colleague is told by e-mail.
#[utoipa::path(
    tag = "Actors",
    params(("id" = i32, Path)),
    request_body = ActorInput,
    responses(
        (status = 201, description = "The actors of the site", body = Vec<SiteActor>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already an actor", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/actors")]
async fn declare(state: State, actor: Actor, id: web::Path<i32>, body: Body<ActorInput>) -> AppResult<HttpResponse> {
    let site_id = id.into_inner();
    let input = body.into_inner();
    let geography = state.geography.clone();
    let public_url = state.config.public_url.clone();
    let reader = actor.clone();
    let mail = state
        .db
        .write(move |conn| {
            let (_, other) = actors::declare(conn, &geography, &actor, site_id, &input)?;
            let site = store::current(conn, site_id)?.map(|r| r.display_name()).unwrap_or_default();
            Ok(other.map(|user| {
                templates::added_as_actor(
                    &user.email,
                    &user.first_name,
                    &actor.user.full_name(),
                    &site,
                    &format!("{public_url}/site/{site_id}"),
                )
            }))
        })
        .await?;
    if let Some(mail) = mail {
        state.mailer.send(mail).await;
    }
    Ok(HttpResponse::Created().json(current_actors(&state, reader, site_id).await?))
}

/// Changes the themes of an actor (the actor themself, or who may update the site).
#[utoipa::path(
    tag = "Actors",
    params(("id" = i32, Path), ("user_id" = i32, Path)),
    request_body = ActorInput,
    responses(
        (status = 200, body = Vec<SiteActor>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sites/{id}/actors/{user_id}")]
async fn change(
    state: State,
    actor: Actor,
    path: web::Path<(i32, i32)>,
    body: Body<ActorInput>,
) -> AppResult<HttpResponse> {
    let (site_id, user_id) = path.into_inner();
    let input = body.into_inner();
    let reader = actor.clone();
    state.db.write(move |conn| actors::change_themes(conn, &actor, site_id, user_id, &input)).await?;
    Ok(HttpResponse::Ok().json(current_actors(&state, reader, site_id).await?))
}

/// Removes an actor (the actor themself, or who may update the site).
#[utoipa::path(
    tag = "Actors",
    params(("id" = i32, Path), ("user_id" = i32, Path)),
    responses(
        (status = 200, body = Vec<SiteActor>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sites/{id}/actors/{user_id}")]
async fn remove(state: State, actor: Actor, path: web::Path<(i32, i32)>) -> AppResult<HttpResponse> {
    let (site_id, user_id) = path.into_inner();
    let reader = actor.clone();
    state.db.write(move |conn| actors::remove(conn, &actor, site_id, user_id)).await?;
    Ok(HttpResponse::Ok().json(current_actors(&state, reader, site_id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CandidateQuery {
    /// Name, e-mail or position.
    q: String,
}

/// People who could be declared on the site (active, allowed to read it), by name.
#[utoipa::path(
    tag = "Actors",
    params(("id" = i32, Path), CandidateQuery),
    responses(
        (status = 200, body = Vec<UserRef>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/{id}/actor-candidates")]
async fn candidates(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    query: Query<CandidateQuery>,
) -> AppResult<HttpResponse> {
    let site_id = id.into_inner();
    let text = query.0.q;
    let geography = state.geography.clone();
    let found = state.db.read(move |conn| actors::candidates(conn, &geography, &actor, site_id, &text)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Invites someone who has no account to ask for one and work on the site.
#[utoipa::path(
    tag = "Actors",
    params(("id" = i32, Path)),
    request_body = ActorInvitation,
    responses(
        (status = 202, description = "Invitation sent"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address already has an account: declare them instead", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/actor-invitations")]
async fn invite(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<ActorInvitation>,
) -> AppResult<HttpResponse> {
    let site_id = id.into_inner();
    let email = crate::users::model::normalize_email(&body.into_inner().email);
    let public_url = state.config.public_url.clone();
    let mail = state
        .db
        .read(move |conn| {
            access::readable(conn, &actor, site_id)?;
            if crate::users::store::by_email(conn, &email)?.is_some() {
                return Err(AppError::Conflict {
                    code: "already_user",
                    detail: "Cette personne a déjà un compte : déclarez-la directement.".into(),
                });
            }
            let site = store::current(conn, site_id)?.map(|r| r.display_name()).unwrap_or_default();
            Ok(templates::actor_invitation(
                &email,
                &actor.user.full_name(),
                &site,
                &format!("{public_url}/demande-acces"),
            ))
        })
        .await?;
    state.mailer.send(mail).await;
    Ok(HttpResponse::Accepted().finish())
}
