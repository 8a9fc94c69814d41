//! Organization routes: categories and types (public), search (public, for the access-request
//! form), list, detail and directory (signed in), creation and changes (national admins).

use actix_web::{get, patch, post, web, HttpResponse};
use contract::organizations::{
    CategoryWithTypes, DirectoryEntry, NewOrganization, OrganizationCategory, OrganizationChanges, OrganizationDetail,
    OrganizationSummary,
};
use contract::problem::Problem;
use contract::Labelled;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::store::{self, SearchFilter};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Query};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config
        .service(list_categories)
        .service(search_organizations)
        .service(list_organizations)
        .service(get_organization)
        .service(create_organization)
        .service(update_organization)
        .service(directory);
}

/// Organization categories with their types and the default role of each type (public).
#[utoipa::path(
    security(()),tag = "Organizations", responses((status = 200, body = Vec<CategoryWithTypes>)))]
#[get("/organization-categories")]
async fn list_categories(state: State) -> AppResult<HttpResponse> {
    let types = state.db.read(store::types).await?;
    let mut categories = Vec::new();
    for category in OrganizationCategory::ALL {
        let mut of_category = Vec::new();
        for kind in types.iter().filter(|kind| kind.category == category.code()) {
            of_category.push(kind.to_contract()?);
        }
        categories.push(CategoryWithTypes {
            category: *category,
            label: category.label().to_owned(),
            types: of_category,
        });
    }
    Ok(HttpResponse::Ok().json(categories))
}

/// Filters of the organization search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OrganizationQuery {
    /// Text in the name or acronym.
    q: Option<String>,
    category: Option<OrganizationCategory>,
    /// An organization type uid, e.g. `pref_departement`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    type_uid: Option<String>,
    /// Organizations located in this département.
    departement: Option<String>,
    /// At most this many answers (default 20, at most 100).
    limit: Option<i64>,
}

impl OrganizationQuery {
    fn filter(self, include_inactive: bool, default_limit: i64) -> SearchFilter {
        SearchFilter {
            query: self.q,
            category: self.category,
            type_uid: self.type_uid,
            departement: self.departement,
            include_inactive,
            limit: self.limit.unwrap_or(default_limit).clamp(1, 1000),
        }
    }
}

/// Active organizations matching a text, for autocompletion (public: the access-request form
/// uses it).
#[utoipa::path(
    security(()),tag = "Organizations", params(OrganizationQuery), responses((status = 200, body = Vec<OrganizationSummary>)))]
#[get("/organizations/search")]
async fn search_organizations(state: State, query: Query<OrganizationQuery>) -> AppResult<HttpResponse> {
    let mut filter = query.0.filter(false, 20);
    filter.limit = filter.limit.min(100);
    let geography = state.geography.clone();
    let found = state.db.read(move |conn| store::search(conn, &geography, &filter)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// All organizations (national admins also see inactive ones).
#[utoipa::path(
    tag = "Organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, body = Vec<OrganizationSummary>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations")]
async fn list_organizations(state: State, actor: Actor, query: Query<OrganizationQuery>) -> AppResult<HttpResponse> {
    let filter = query.0.filter(actor.is_national_admin(), 1000);
    let geography = state.geography.clone();
    let found = state.db.read(move |conn| store::search(conn, &geography, &filter)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// An organization with its intervention areas and active members.
#[utoipa::path(
    tag = "Organizations",
    params(("id" = i32, Path)),
    responses(
        (status = 200, body = OrganizationDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}")]
async fn get_organization(state: State, actor: Actor, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let geography = state.geography.clone();
    let national_admin = actor.is_national_admin();
    let detail = state
        .db
        .read(move |conn| {
            let detail = store::detail(conn, &geography, id, true)?;
            if !detail.summary.active && !national_admin {
                return Err(crate::error::AppError::NotFound);
            }
            Ok(detail)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Creates an organization (national admins). Its members work in its intervention areas,
/// its own territory by default.
#[utoipa::path(
    tag = "Organizations",
    request_body = NewOrganization,
    responses(
        (status = 201, body = OrganizationDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations")]
async fn create_organization(state: State, actor: Actor, body: Body<NewOrganization>) -> AppResult<HttpResponse> {
    actor.require_national_admin()?;
    let input = body.into_inner();
    let geography = state.geography.clone();
    let detail = state
        .db
        .write(move |conn| {
            let id = store::create(conn, &geography, &input)?;
            crate::audit::record(conn, Some(actor.id()), "organization.create", "organization", Some(id), None)?;
            store::detail(conn, &geography, id, false)
        })
        .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// Changes an organization (national admins): name, acronym, active flag, intervention areas.
#[utoipa::path(
    tag = "Organizations",
    params(("id" = i32, Path)),
    request_body = OrganizationChanges,
    responses(
        (status = 200, body = OrganizationDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name taken, or the caller's own organization deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}")]
async fn update_organization(
    state: State,
    actor: Actor,
    id: web::Path<i32>,
    body: Body<OrganizationChanges>,
) -> AppResult<HttpResponse> {
    actor.require_national_admin()?;
    let id = id.into_inner();
    let changes = body.into_inner();
    let geography = state.geography.clone();
    let detail = state
        .db
        .write(move |conn| {
            if changes.active == Some(false) && id == actor.user.organization_id {
                return Err(AppError::Conflict {
                    code: "own_organization",
                    detail: "Vous ne pouvez pas désactiver votre propre structure.".into(),
                });
            }
            store::update(conn, &geography, id, &changes)?;
            crate::audit::record(conn, Some(actor.id()), "organization.update", "organization", Some(id), None)?;
            store::detail(conn, &geography, id, false)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// The directory: active organizations and their active members, to find who works where.
#[utoipa::path(
    tag = "Organizations",
    responses(
        (status = 200, body = Vec<DirectoryEntry>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory")]
async fn directory(state: State, _actor: Actor) -> AppResult<HttpResponse> {
    let geography = state.geography.clone();
    let entries = state.db.read(move |conn| store::directory(conn, &geography)).await?;
    Ok(HttpResponse::Ok().json(entries))
}
