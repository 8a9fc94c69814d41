//! Start-up: connect, migrate, load reference data, then serve until a signal asks to stop
//! (in-flight requests finish first).

use std::sync::Arc;

use actix_web::{web, HttpServer};

use crate::auth::tokens::JwtKeys;
use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use crate::state::AppState;
use crate::territories::Geography;

/// Connects to the database, applies migrations and reference data, loads the geography, then
/// runs the data steps of the migrations (`upgrade`).
pub fn prepare(config: &Config) -> Result<(Db, Geography), String> {
    let db = Db::connect(&config.database_url, config.db_pool_size)?;
    db.migrate().map_err(|error| error.to_string())?;
    db.write_blocking(crate::seed::reference::load).map_err(|error| error.to_string())?;
    let geography = db.get().and_then(|mut conn| Geography::load(&mut conn)).map_err(|error| error.to_string())?;
    crate::upgrade::run(&db, &geography).map_err(|error| error.to_string())?;
    Ok((db, geography))
}

/// Everything a request needs, ready to share.
pub fn state(config: Config, db: Db, geography: Geography) -> Result<web::Data<AppState>, String> {
    let mailer = Mailer::from_config(&config)?;
    Ok(web::Data::new(AppState {
        db,
        keys: JwtKeys::new(&config.jwt_secret),
        config: Arc::new(config),
        geography: Arc::new(geography),
        mailer,
        actors: Default::default(),
        site_answers: Default::default(),
        exports: Default::default(),
    }))
}

pub fn metrics() -> Result<actix_web_prom::PrometheusMetrics, String> {
    actix_web_prom::PrometheusMetricsBuilder::new("resorption")
        .endpoint("/metrics")
        .build()
        .map_err(|error| format!("metrics: {error}"))
}

pub async fn serve(config: Config) -> Result<(), String> {
    let started = std::time::Instant::now();
    let bind = config.bind;
    let (db, geography) = web::block({
        let config = config.clone();
        move || prepare(&config)
    })
    .await
    .map_err(|error| error.to_string())??;
    let state = state(config, db, geography)?;
    let metrics = metrics()?;
    let server = HttpServer::new(move || crate::app::build(state.clone(), metrics.clone()))
        .bind(bind)
        .map_err(|error| format!("écoute sur {bind} impossible : {error}"))?
        .shutdown_timeout(10)
        .run();
    tracing::info!(address = %bind, ready_in_ms = started.elapsed().as_millis() as u64, "Résorption is listening");
    server.await.map_err(|error| error.to_string())
}
