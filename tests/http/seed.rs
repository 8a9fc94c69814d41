use serde_json::Value;

use crate::support::{Persona, TestApp};

#[actix_web::test]
async fn seeding_the_demo_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let before: Value = app.get("/api/organizations", Persona::NationalAdmin).await.json();
    let geography = app.state.geography.clone();
    let created = app.state.db.write(move |conn| api::seed::demo::seed(conn, &geography, "unused-hash")).await.unwrap();
    assert_eq!(created, 0);
    let after: Value = app.get("/api/organizations", Persona::NationalAdmin).await.json();
    assert_eq!(before, after);
}

#[test]
fn the_demo_seed_refuses_a_production_instance() {
    let config = api::config::Config::from_lookup(|name| match name {
        "RESORPTION_ENV" => Some("production".into()),
        "RESORPTION_JWT_SECRET" => Some("a-production-secret-of-enough-length-0123".into()),
        "DATABASE_URL" => Some("sqlite:///nonexistent/never-created.db".into()),
        _ => None,
    })
    .unwrap();
    let refused = api::cli::seed(&config, true, false).unwrap_err();
    assert!(refused.contains("production"), "{refused}");
}

#[test]
fn production_requires_a_signing_secret() {
    let error =
        api::config::Config::from_lookup(|name| (name == "RESORPTION_ENV").then(|| "production".into())).unwrap_err();
    assert_eq!(error.variable, "RESORPTION_JWT_SECRET");
}

#[actix_web::test]
async fn the_scale_seed_writes_a_france_per_unit_that_the_api_serves() {
    let app = TestApp::spawn().await;
    let (db, geography) = (app.state.db.clone(), app.state.geography.clone());
    let written = actix_web::web::block(move || api::seed::scale::seed(&db, &geography, 1)).await.unwrap().unwrap();
    assert_eq!(written, 1400);
    let open = app.get("/api/sites?limit=1", Persona::NationalAdmin).await.json();
    assert_eq!(open["total"], 1000 + 9, "a thousand open sites, plus the demo ones");
    let people = open["population_total"].as_i64().unwrap();
    assert!((15_000..25_000).contains(&people), "about 20,000 people: {people}");
    let closed = app.get("/api/sites?status=closed&limit=1", Persona::NationalAdmin).await.json();
    assert_eq!(closed["total"], 400 + 3);
    // The first generated site, after the twelve demo ones, is the busy one.
    let history = app.get("/api/sites/13/history", Persona::NationalAdmin).await.json();
    assert_eq!(history.as_array().unwrap().len(), api::seed::scale::BUSY_SITE_VERSIONS);
    let created = app.post("/api/sites", Persona::NationalAdmin, crate::sites::montreuil_body()).await;
    assert_eq!(created.status, 201, "ids keep counting after the bulk load: {}", created.text());
}
