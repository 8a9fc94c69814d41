//! Site routes, registered through the documented router.

mod actors;
mod detail;
mod feed;
mod history;
mod journal;
mod lifecycle;
mod list;

use utoipa_actix_web::service_config::ServiceConfig;

pub use detail::end_of;

pub fn routes(config: &mut ServiceConfig) {
    // Fixed paths (`/sites/map`, `/sites/nearby`) before `/sites/{id}`.
    list::routes(config);
    feed::routes(config);
    detail::routes(config);
    history::routes(config);
    journal::routes(config);
    actors::routes(config);
    lifecycle::routes(config);
}

/// The ETag of a site version.
pub fn etag(version: i32) -> (actix_web::http::header::HeaderName, String) {
    (actix_web::http::header::ETAG, format!("\"{version}\""))
}
