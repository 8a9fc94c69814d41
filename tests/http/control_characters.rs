//! A control character (NUL above all, which PostgreSQL refuses) in any text input answers 422
//! naming the field, the same on both databases, and writes nothing; tabs and line breaks pass.

use actix_web::http::Method;
use serde_json::json;

use crate::sites::{create_site, montreuil_body};
use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn a_nul_byte_in_any_text_input_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let site = create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let user = app.user_id(Persona::Asso93.email()).await;
    let organization = app.get("/api/me", Persona::Asso93).await.json()["organization"]["id"].clone();
    let mut declaration = montreuil_body();
    declaration["name"] = json!("Les\u{0}Tilleuls");
    let cases: Vec<(Method, String, Caller, serde_json::Value, &str)> = vec![
        (Method::POST, "/api/sites".into(), Persona::Prefecture93.into(), declaration, "name"),
        (
            Method::POST,
            format!("/api/sites/{site}/comments"),
            Persona::Asso93.into(),
            json!({"body": "Passage\u{0}", "visibility": "public"}),
            "body",
        ),
        (
            Method::PATCH,
            format!("/api/users/{user}"),
            Persona::LocalAdmin93.into(),
            json!({"first_name": "Ana\u{0}"}),
            "first_name",
        ),
        (
            Method::POST,
            "/api/access-requests".into(),
            Caller::Anonymous,
            json!({"email": "nul@example.org", "first_name": "Ana", "last_name": "Lopes", "position": "Bénévole",
                "organization_id": organization, "message": "Accès\u{0}", "legal_consent": true}),
            "message",
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            Caller::Anonymous,
            json!({"email": "admin@demo.resorption.fr\u{0}", "password": "resorption-demo"}),
            "email",
        ),
    ];
    for (method, path, caller, body, field) in cases {
        let reply = app.call(method.clone(), &path, caller, Some(body)).await;
        assert_eq!(reply.status, 422, "{method} {path}: {}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/problem+json"));
        assert_eq!(reply.error_fields(), vec![field.to_owned()], "{method} {path}");
        assert_eq!(reply.json()["errors"][0]["code"], "control_character");
    }
    let patched = app
        .call_with_headers(
            Method::PATCH,
            &format!("/api/sites/{site}"),
            Persona::Prefecture93,
            Some(json!({"justice": {"bailiff": "Me\u{7} Durand"}, "population": {"total": 31}})),
            &[("If-Match", "\"1\"")],
        )
        .await;
    assert_eq!(patched.status, 422, "{}", patched.text());
    assert_eq!(patched.error_fields(), vec!["justice.bailiff"]);
    let search = app.get("/api/sites?q=til%00leuls", Persona::Prefecture93).await;
    assert_eq!(search.status, 422, "{}", search.text());
    assert_eq!(search.error_fields(), vec!["q"]);
    let territories = app.get("/api/territories/search?q=mont%00", Persona::Prefecture93).await;
    assert_eq!(territories.status, 422, "{}", territories.text());
    let after = app.get(&format!("/api/sites/{site}"), Persona::NationalAdmin).await.json();
    assert_eq!(after["version"], 1, "nothing written");
    let journal = app.get(&format!("/api/sites/{site}/comments"), Persona::Asso93).await.json();
    assert_eq!(journal, json!([]));
    let requests = app.get("/api/users?q=nul%40example.org", Persona::NationalAdmin).await.json();
    assert_eq!(requests, json!([]));
}

#[actix_web::test]
async fn tabs_and_line_breaks_are_kept() {
    let app = TestApp::spawn().await;
    let site = create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let body = "Passage ce matin :\n\t- eau coupée\r\n\t- 3 familles arrivées";
    let posted = app
        .post(&format!("/api/sites/{site}/comments"), Persona::Asso93, json!({"body": body, "visibility": "public"}))
        .await;
    assert_eq!(posted.status, 201, "{}", posted.text());
    assert_eq!(posted.json()["comment"]["body"], body);
}
