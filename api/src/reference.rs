//! `GET /api/reference`: every enumeration's codes with their French labels (public).

use actix_web::{get, HttpResponse};
use contract::access::{Entity, Feature};
use contract::organizations::OrganizationCategory;
use contract::reference::{items_of, Reference};
use contract::territories::LocationType;
use contract::users::{AdminRole, EmailSubscription, PermissionOption, Role, UserStatus};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::AppResult;
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(reference);
}

/// Codes and French labels of every enumeration, and the charter in force.
#[utoipa::path(
    security(()),tag = "Reference", responses((status = 200, body = Reference)))]
#[get("/reference")]
async fn reference(state: State) -> AppResult<HttpResponse> {
    let charter_version = state.db.read(crate::users::store::current_charter).await?;
    Ok(HttpResponse::Ok().json(Reference {
        roles: items_of::<Role>(),
        admin_roles: items_of::<AdminRole>(),
        user_statuses: items_of::<UserStatus>(),
        permission_options: items_of::<PermissionOption>(),
        email_subscriptions: items_of::<EmailSubscription>(),
        location_types: items_of::<LocationType>(),
        organization_categories: items_of::<OrganizationCategory>(),
        entities: items_of::<Entity>(),
        features: items_of::<Feature>(),
        charter_version,
        sites: contract::reference::SiteReference::build(),
    }))
}
