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
