//! Operations endpoints (D14): liveness, readiness. Prometheus metrics are served by the
//! metrics middleware at `/metrics`.

use actix_web::{web, HttpResponse};

use crate::state::State;

pub fn configure(config: &mut web::ServiceConfig) {
    config.route("/healthz", web::get().to(healthz)).route("/readyz", web::get().to(readyz));
}

/// The process answers.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers too.
async fn readyz(state: State) -> HttpResponse {
    let db = state.db.clone();
    let ready = web::block(move || db.ping()).await.unwrap_or(false);
    if ready {
        HttpResponse::Ok().content_type("text/plain").body("ready")
    } else {
        HttpResponse::ServiceUnavailable().content_type("text/plain").body("database unreachable")
    }
}
