//! Building actions for tests.

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::support::{Caller, Persona, Reply, TestApp};

/// The user id of a demo persona.
pub async fn user_id(app: &TestApp, persona: Persona) -> i32 {
    app.user_id(persona.email()).await
}

/// A valid action of Seine-Saint-Denis (93), "in housing" (the location that asks for nothing
/// more), with one pilot and one operator.
pub fn valid_action(pilot: i32, operator: i32) -> Value {
    json!({
        "name": "Accompagnement santé des familles",
        "started_at": "2025-01-06",
        "ended_at": null,
        "topics": ["health", "school"],
        "goals": "Ouvrir les droits à la santé et scolariser les enfants.",
        "departement_code": "93",
        "location_type": "logement",
        "pilots": [pilot],
        "operators": [operator]
    })
}

/// The usual action of 93: piloted by the préfecture of 93, operated by the association of 93.
pub async fn action_93(app: &TestApp) -> Value {
    valid_action(user_id(app, Persona::Prefecture93).await, user_id(app, Persona::Asso93).await)
}

/// Creates an action and returns its id (the creation must succeed).
pub async fn create_action(app: &TestApp, who: Persona, body: Value) -> i32 {
    let reply = app.post("/api/actions", who, body).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["id"].as_i64().unwrap() as i32
}

/// Sends a merge patch (RFC 7396) with the given version.
pub async fn patch_action(app: &TestApp, who: impl Into<Caller>, id: i32, version: i64, patch: Value) -> Reply {
    let version = format!("\"{version}\"");
    app.call_with_headers(
        Method::PATCH,
        &format!("/api/actions/{id}"),
        who,
        Some(patch),
        &[("If-Match", version.as_str()), ("Content-Type", "application/merge-patch+json")],
    )
    .await
}

/// The current version, as the national admin reads it.
pub async fn version(app: &TestApp, id: i32) -> i64 {
    let reply = app.get(&format!("/api/actions/{id}"), Persona::NationalAdmin).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["version"].as_i64().unwrap()
}

/// Every version of every action stored: a refused write must leave it unchanged.
pub async fn stored_versions(app: &TestApp) -> i64 {
    app.state
        .db
        .read(|conn| {
            use api::db::schema::action_versions as av;
            use diesel::prelude::*;
            Ok(av::table.count().get_result::<i64>(conn)?)
        })
        .await
        .unwrap()
}

/// The ids of a list of user references (`pilots`, `operators`), sorted.
pub fn ids(users: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = users.as_array().unwrap().iter().map(|user| user["id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    ids
}
