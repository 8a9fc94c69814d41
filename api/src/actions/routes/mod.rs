//! Action routes, registered through the documented router.

mod detail;
mod export;
mod finance_readers;
mod history;
mod indicators;
mod journal;
mod list;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(config: &mut ServiceConfig) {
    // `/actions`, `/actions/export` and `/actions/comments/export` before `/actions/{id}`.
    list::routes(config);
    export::routes(config);
    journal::routes(config);
    // `/actions/finance-readers` before `/actions/{id}`.
    finance_readers::routes(config);
    detail::routes(config);
    history::routes(config);
    indicators::routes(config);
}
