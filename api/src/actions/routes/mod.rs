//! Action routes, registered through the documented router.

mod detail;
mod history;
mod journal;
mod list;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(config: &mut ServiceConfig) {
    // `/actions` and `/actions/comments/export` before `/actions/{id}`.
    list::routes(config);
    journal::routes(config);
    detail::routes(config);
    history::routes(config);
}
