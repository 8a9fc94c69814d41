//! Building sites for tests.

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::support::{Caller, Persona, Reply, TestApp};

/// A valid declaration in Montreuil (93048), with justice and an owner.
pub fn montreuil() -> Value {
    json!({
        "name": "Les Tilleuls",
        "address": "7 rue des Tilleuls 93100 Montreuil",
        "city_code": "93048",
        "latitude": 48.8590,
        "longitude": 2.4420,
        "built_at": "2026-01-10",
        "declared_at": "2026-02-01",
        "field_type": "land",
        "owner_type": "private",
        "is_reinstallation": false,
        "population": {"total": 30, "households": 8, "minors": 12, "minors_0_3": 2, "minors_3_6": 3},
        "social_origins": ["european"],
        "living_conditions": {"water": {"access_type": "fontaine_publique"}},
        "justice": {"owner_complaint": true, "justice_procedure": true, "justice_rendered": false},
        "owners": [{"name": "SCI du Parc", "owner_type": "private"}]
    })
}

/// The same in Saint-Denis (93066).
pub fn saint_denis() -> Value {
    let mut body = montreuil();
    body["address"] = json!("5 rue du Port 93200 Saint-Denis");
    body["city_code"] = json!("93066");
    body["latitude"] = json!(48.9300);
    body["longitude"] = json!(2.3560);
    body["name"] = json!("Le Port");
    body
}

/// Declares a site and returns its id (the declaration must succeed).
pub async fn create(app: &TestApp, who: Persona, body: Value) -> i32 {
    let reply = app.post("/api/sites", who, body).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["id"].as_i64().unwrap() as i32
}

/// Sends a merge patch with the given version.
pub async fn patch(app: &TestApp, who: impl Into<Caller>, id: i32, version: i64, body: Value) -> Reply {
    app.call_with_headers(
        Method::PATCH,
        &format!("/api/sites/{id}"),
        who,
        Some(body),
        &[("If-Match", &format!("\"{version}\""))],
    )
    .await
}

/// Posts with an If-Match version.
pub async fn post_versioned(app: &TestApp, who: impl Into<Caller>, path: &str, version: i64, body: Value) -> Reply {
    app.call_with_headers(Method::POST, path, who, Some(body), &[("If-Match", &format!("\"{version}\""))]).await
}

pub async fn version(app: &TestApp, id: i32) -> i64 {
    app.get(&format!("/api/sites/{id}"), Persona::NationalAdmin).await.json()["version"].as_i64().unwrap()
}

/// The id of a demo site by commune name.
pub async fn demo_site(app: &TestApp, city_name: &str, status: &str) -> i32 {
    let page = app.get(&format!("/api/sites?status={status}&limit=200"), Persona::NationalAdmin).await.json();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["city"]["name"] == city_name)
        .unwrap_or_else(|| panic!("no demo site in {city_name}"))["id"]
        .as_i64()
        .unwrap() as i32
}
