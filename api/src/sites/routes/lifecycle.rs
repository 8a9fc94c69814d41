//! Closing, correcting, flagging and deleting a site; favorites.

use actix_web::{delete, post, put, web, HttpRequest, HttpResponse};
use contract::problem::Problem;
use contract::sites::actions::{ClosureInput, HeatwaveInput, StatusFix};
use contract::sites::output::Site;
use diesel::prelude::*;
use utoipa_actix_web::service_config::ServiceConfig;

use super::etag;
use crate::auth::Actor;
use crate::db::schema::site_favorites;
use crate::error::{AppError, AppResult};
use crate::extract::{if_match, Body};
use crate::sites::record::SiteRecord;
use crate::sites::{access, lifecycle, store, view};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config
        .service(close_site)
        .service(fix_status)
        .service(set_heatwave)
        .service(set_target)
        .service(start_resorption)
        .service(delete_site)
        .service(add_favorite)
        .service(remove_favorite);
}

/// Runs a change and answers the site as the caller sees it.
async fn changed<F>(state: &State, actor: Actor, id: i32, change: F) -> AppResult<HttpResponse>
where
    F: FnOnce(&mut crate::db::Conn, &crate::territories::Geography, &Actor) -> AppResult<SiteRecord> + Send + 'static,
{
    let geography = state.geography.clone();
    let site = state
        .db
        .write(move |conn| {
            let record = change(conn, &geography, &actor)?;
            let located = store::locate(conn, id)?.ok_or(AppError::NotFound)?;
            view::site(conn, &geography, &actor, &located, record)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(site.version)).json(site))
}

/// Closes an open site: date, cause, context, whether it was resorbed, and where the
/// households went. Owner names are anonymised, in the history too.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path), ("If-Match" = String, Header, description = "The ETag read")),
    request_body = ClosureInput,
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed", body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/closure")]
async fn close_site(
    state: State,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i32>,
    body: Body<ClosureInput>,
) -> AppResult<HttpResponse> {
    let (id, expected, input) = (id.into_inner(), if_match(&req)?, body.into_inner());
    changed(&state, actor, id, move |conn, geography, actor| {
        lifecycle::close(conn, geography, actor, id, expected, input)
    })
    .await
}

/// Corrects whether a closed site was resorbed ("résorbé définitivement").
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path), ("If-Match" = String, Header, description = "The ETag read")),
    request_body = StatusFix,
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The site is open", body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sites/{id}/closure/outcome")]
async fn fix_status(
    state: State,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i32>,
    body: Body<StatusFix>,
) -> AppResult<HttpResponse> {
    let (id, expected, fix) = (id.into_inner(), if_match(&req)?, body.into_inner());
    changed(&state, actor, id, move |conn, geography, actor| {
        lifecycle::fix_status(conn, geography, actor, id, expected, fix)
    })
    .await
}

/// Turns the heatwave alert of an open site on or off (update right on the site).
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    request_body = HeatwaveInput,
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sites/{id}/heatwave")]
async fn set_heatwave(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<HeatwaveInput>,
) -> AppResult<HttpResponse> {
    let (id, on) = (id.into_inner(), body.into_inner().heatwave);
    changed(&state, actor, id, move |conn, geography, actor| lifecycle::set_heatwave(conn, geography, actor, id, on))
        .await
}

/// Sets the "Objectif résorption" of an open site to this year, once (admins and State
/// correspondents).
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already set, or closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/resorption-target")]
async fn set_target(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    changed(&state, actor, id, move |conn, geography, actor| lifecycle::set_target(conn, geography, actor, id)).await
}

/// "Démarrer la résorption": adds the starting preparatory phases.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = Site),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites/{id}/resorption-start")]
async fn start_resorption(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    changed(&state, actor, id, move |conn, geography, actor| lifecycle::start_resorption(conn, geography, actor, id))
        .await
}

/// Deletes a site and its history for good (national admins only); the deletion is logged.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sites/{id}")]
async fn delete_site(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state.db.write(move |conn| lifecycle::delete(conn, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Adds a site to the caller's favorites.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses((status = 204, description = "In the favorites"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[post("/sites/{id}/favorite")]
async fn add_favorite(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            access::readable(conn, &actor, id)?;
            // Already a favorite (a double click, a retry) is the state asked for: no error.
            let favorite = (
                site_favorites::user_id.eq(actor.id()),
                site_favorites::site_id.eq(id),
                site_favorites::created_at.eq(crate::db::now()),
            );
            crate::insert_or_ignore!(conn, site_favorites::table, favorite)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a site from the caller's favorites.
#[utoipa::path(
    tag = "Sites",
    params(("id" = i32, Path)),
    responses((status = 204, description = "Not in the favorites"))
)]
#[delete("/sites/{id}/favorite")]
async fn remove_favorite(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            diesel::delete(
                site_favorites::table
                    .filter(site_favorites::user_id.eq(actor.id()))
                    .filter(site_favorites::site_id.eq(id)),
            )
            .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
