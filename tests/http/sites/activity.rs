use serde_json::json;

use super::fixtures::{create, montreuil, patch};
use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn the_feed_shows_declarations_updates_and_messages_of_the_scope_newest_first() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    patch(
        &app,
        Persona::Prefecture93,
        id,
        1,
        json!({"population": {"total": 33}, "justice": {"owner_complaint": false}}),
    )
    .await;
    app.post(
        &format!("/api/sites/{id}/comments"),
        Persona::Asso93,
        json!({"body": "Nouvelles familles arrivées", "visibility": "public"}),
    )
    .await;
    let feed = app.get("/api/activities?limit=3", Persona::Commune93).await.json();
    let kinds: Vec<&str> = feed["items"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["site_comment", "site_update", "site_creation"]);
    assert_eq!(feed["items"][0]["comment"], "Nouvelles familles arrivées");
    assert_eq!(feed["items"][0]["author"]["last_name"], "Popescu");
    let update = &feed["items"][1];
    let fields: Vec<&str> =
        update["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["population.total"], "no justice change for a commune");
    let prefecture = app.get("/api/activities?limit=3", Persona::Prefecture93).await.json();
    assert!(prefecture["items"][1]["changes"].to_string().contains("justice.owner_complaint"));
    let next = feed["next_before"].as_str().unwrap();
    let older = app
        .get(&format!("/api/activities?limit=3&before={}", next.replace('+', "%2B")), Persona::Commune93)
        .await
        .json();
    assert!(!older["items"].as_array().unwrap().is_empty());
    assert!(older["items"][0]["at"].as_str().unwrap() < next);
}

#[actix_web::test]
async fn the_feed_is_filtered_by_scope_kind_and_territory() {
    let app = TestApp::spawn().await;
    let operator = app.get("/api/activities?limit=100", Persona::Asso13).await.json();
    let events = operator["items"].as_array().unwrap();
    // The sites and actions of 13, and the action of Toulouse (31) the association operates.
    let operated_in_31 = |a: &serde_json::Value| a["departement"]["code"] == "31" && a.get("action").is_some();
    assert!(events.iter().all(|a| a["departement"]["code"] == "13" || operated_in_31(a)));
    assert!(events.iter().any(|a| a["departement"]["code"] == "31"), "an action operated from 13");
    assert!(!events.is_empty());
    let closings = app.get("/api/activities?kinds=site_closing&limit=100", Persona::NationalAdmin).await.json();
    assert_eq!(closings["items"].as_array().unwrap().len(), 3);
    let in_44 = app
        .get("/api/activities?location_type=departement&location_code=44&limit=100", Persona::NationalAdmin)
        .await
        .json();
    assert!(in_44["items"].as_array().unwrap().iter().all(|a| a["departement"]["code"] == "44"));
    assert_eq!(app.get("/api/activities?kinds=everything", Persona::NationalAdmin).await.error_fields(), vec!["kinds"]);
    assert_eq!(app.get("/api/activities", Caller::Anonymous).await.status, 401);
}
