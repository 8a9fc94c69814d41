//! Publishes the role matrix.

use actix_web::{get, HttpResponse};
use contract::access::{Grant, RolePermission};
use contract::problem::Problem;
use contract::Labelled;
use utoipa_actix_web::service_config::ServiceConfig;

use super::matrix::{Cell, RoleKey, MATRIX};
use crate::auth::Actor;

pub fn routes(config: &mut ServiceConfig) {
    config.service(role_permissions);
}

/// The role matrix: for each role, entity and feature, whether it holds nationwide, on its
/// territory, or on its territory with an option. Cells a role does not hold are absent.
#[utoipa::path(
    tag = "Access",
    responses(
        (status = 200, body = Vec<RolePermission>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/role-permissions")]
async fn role_permissions(_actor: Actor) -> HttpResponse {
    let mut cells = Vec::new();
    for role in RoleKey::all() {
        for row in MATRIX {
            let (grant, option) = match row.cell(role) {
                Cell::N => (Grant::Nation, None),
                Cell::L => (Grant::Local, None),
                Cell::O(option) => (Grant::Option, Some(option.code().to_owned())),
                Cell::X => continue,
            };
            cells.push(RolePermission {
                role: role.code().to_owned(),
                entity: row.entity,
                feature: row.feature,
                grant,
                option,
                writing: row.writing,
            });
        }
    }
    HttpResponse::Ok().json(cells)
}
