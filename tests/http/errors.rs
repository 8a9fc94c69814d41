use actix_web::http::Method;
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn unreadable_bodies_answer_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let malformed = app.post_raw("/api/auth/login", "application/json", b"{\"email\": ".to_vec()).await;
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.json()["code"], "malformed_json");
    let unknown = app
        .post("/api/auth/login", Caller::Anonymous, json!({"email": "a@b.fr", "password": "x", "admin": true}))
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.json()["errors"][0],
        json!({"field": "admin", "code": "unknown_field", "message": "Champ inconnu."})
    );
    let wrong_type = app.post("/api/auth/login", Caller::Anonymous, json!({"email": "a@b.fr", "password": 12})).await;
    assert_eq!(wrong_type.status, 400);
    assert_eq!(wrong_type.error_fields(), vec!["password"]);
    assert_eq!(wrong_type.json()["errors"][0]["code"], "invalid_type");
    let missing = app.post("/api/auth/login", Caller::Anonymous, json!({"email": "a@b.fr"})).await;
    assert_eq!(missing.error_fields(), vec!["password"]);
    let nested = app
        .post(
            "/api/organizations",
            Persona::NationalAdmin,
            json!({"name": "Xy", "type_uid": "commune", "location": {"type": "county"}}),
        )
        .await;
    assert_eq!(nested.status, 400);
    assert_eq!(nested.error_fields(), vec!["location.type"]);
    assert_eq!(nested.header("content-type"), Some("application/problem+json"));
}

#[actix_web::test]
async fn a_body_that_is_not_json_or_too_large_is_refused() {
    let app = TestApp::spawn_with(&[("RESORPTION_MAX_BODY_BYTES", "2048")]).await;
    let form = app.post_raw("/api/auth/login", "application/x-www-form-urlencoded", b"email=a".to_vec()).await;
    assert_eq!(form.status, 415);
    let big = json!({"email": "a@b.fr", "password": "x".repeat(4096)});
    let reply = app.post_raw("/api/auth/login", "application/json", serde_json::to_vec(&big).unwrap()).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["code"], "payload_too_large");
}

#[actix_web::test]
async fn an_unknown_insee_code_is_a_field_error() {
    let app = TestApp::spawn().await;
    let reply = app
        .post(
            "/api/organizations",
            Persona::NationalAdmin,
            json!({"name": "Commune fantôme", "type_uid": "commune", "location": {"type": "city", "code": "93999"}}),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json()["errors"][0]["field"], "location.code");
    assert_eq!(reply.json()["errors"][0]["code"], "unknown_territory");
}

#[actix_web::test]
async fn an_internal_error_shows_only_a_correlation_id() {
    let app = TestApp::spawn().await;
    app.state
        .db
        .write(|conn| {
            conn.batch_execute("DROP TABLE charters")?;
            Ok(())
        })
        .await
        .unwrap();
    let reply = app.get("/api/reference", Caller::Anonymous).await;
    assert_eq!(reply.status, 500);
    let problem = reply.json();
    let request_id = problem["request_id"].as_str().expect("request id");
    assert_eq!(Some(request_id), reply.header("x-request-id"));
    assert_eq!(problem["code"], "internal_error");
    let text = reply.text().to_lowercase();
    for leak in ["charters", "sql", "table", "database"] {
        assert!(!text.contains(leak), "500 leaks {leak}: {text}");
    }
}

#[actix_web::test]
async fn an_unknown_api_route_is_a_problem_not_the_web_app() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/does-not-exist", Caller::Anonymous).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/problem+json"));
    let bad_id = app.get("/api/users/abc", Persona::NationalAdmin).await;
    assert_eq!(bad_id.status, 404);
}

/// A route asked with a method it does not have answers 405 with the methods it has (`Allow`),
/// as a problem; a path that is no route stays 404.
#[actix_web::test]
async fn a_method_a_route_does_not_have_answers_405_with_allow() {
    let app = TestApp::spawn().await;
    let cases = [
        (Method::DELETE, "/api/sites", "GET, POST"),
        (Method::PUT, "/api/sites/map", "GET"),
        (Method::PATCH, "/api/sites/12/comments", "GET, POST"),
        (Method::POST, "/api/me", "GET, PATCH"),
        // Also the route of `PATCH /api/sites/{id}`, whose handler meets it first.
        (Method::PATCH, "/api/sites/nearby", "GET"),
    ];
    for (method, path, allow) in cases {
        let reply = app.call(method.clone(), path, Persona::NationalAdmin, None).await;
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text());
        assert_eq!(reply.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(reply.header("content-type"), Some("application/problem+json"));
        assert_eq!(reply.json()["code"], "method_not_allowed");
    }
    assert_eq!(app.call(Method::GET, "/api/nowhere", Persona::NationalAdmin, None).await.status, 404);
    assert_eq!(app.call(Method::DELETE, "/api/nowhere/else", Caller::Anonymous, None).await.status, 404);
}
