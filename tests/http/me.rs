use diesel::prelude::*;
use serde_json::{json, Value};

use crate::support::{assert_access, everyone, Caller, Persona, TestApp};

fn scope_of(permissions: &Value, entity: &str, feature: &str) -> Option<Value> {
    permissions
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["entity"] == entity && p["feature"] == feature)
        .map(|p| p["scope"].clone())
}

#[actix_web::test]
async fn me_describes_the_user_organization_territories_and_permissions() {
    let app = TestApp::spawn().await;
    let me = app.get("/api/me", Persona::Commune93).await.json();
    assert_eq!(me["role"], "collaborator");
    assert_eq!(me["organization"]["name"], "Commune de Montreuil");
    assert_eq!(me["territories"][0]["type"], "city");
    assert_eq!(me["territories"][0]["code"], "93048");
    assert_eq!(me["charter"]["must_accept"], false);
    assert!(me["email_subscriptions"].as_array().unwrap().len() >= 5);
}

#[actix_web::test]
async fn a_commune_reads_its_departement_but_writes_only_in_its_commune() {
    let app = TestApp::spawn().await;
    let permissions = app.get("/api/me/permissions", Persona::Commune93).await.json();
    let read = scope_of(&permissions, "shantytown", "read").unwrap();
    assert_eq!(read["departements"], json!(["93"]));
    assert_eq!(read["cities"], json!([]));
    let update = scope_of(&permissions, "shantytown", "update").unwrap();
    assert_eq!(update["cities"], json!(["93048"]));
    assert_eq!(update["departements"], json!([]));
    assert!(scope_of(&permissions, "shantytown", "close").is_none(), "closing needs the option");
    assert!(scope_of(&permissions, "shantytown_justice", "access").is_none());
}

#[actix_web::test]
async fn permissions_follow_each_role() {
    let app = TestApp::spawn().await;
    let cases: &[(Persona, &str, &str, Option<bool>)] = &[
        // (persona, entity, feature, Some(national?) or None when absent)
        (Persona::NationalAdmin, "shantytown", "delete", Some(true)),
        (Persona::LocalAdmin93, "shantytown", "delete", None),
        (Persona::LocalAdmin93, "user", "activate", Some(false)),
        (Persona::Prefecture93, "shantytown", "read", Some(true)),
        (Persona::Prefecture93, "shantytown_justice", "access", Some(true)),
        (Persona::Prefecture93, "user", "list", None),
        (Persona::Asso93, "shantytown", "create", None),
        (Persona::Asso93, "shantytown", "update", Some(false)),
        (Persona::Intervenant93, "shantytown_comment", "create", Some(false)),
        (Persona::Intervenant93, "shantytown", "update", None),
        (Persona::Observateur44, "shantytown", "read", Some(false)),
        (Persona::Observateur44, "shantytown_comment", "create", None),
        (Persona::National, "shantytown", "read", Some(true)),
        (Persona::National, "shantytown", "update", None),
        (Persona::National, "action_finances", "access", None),
    ];
    for (persona, entity, feature, expected) in cases {
        let permissions = app.get("/api/me/permissions", *persona).await.json();
        let found = scope_of(&permissions, entity, feature).map(|scope| scope["national"].as_bool().unwrap());
        assert_eq!(found, *expected, "{persona:?} {entity}.{feature}");
    }
}

#[actix_web::test]
async fn options_granted_by_an_admin_open_the_matching_permissions() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Asso93.email()).await;
    let reply = app
        .put(
            &format!("/api/users/{id}/options"),
            Persona::LocalAdmin93,
            json!({"options": ["create_shantytown", "access_justice", "access_action_finances"]}),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["options"], json!(["access_justice", "create_shantytown"]), "finances not for operators");
    let permissions = app.get("/api/me/permissions", Persona::Asso93).await.json();
    assert_eq!(scope_of(&permissions, "shantytown", "create").unwrap()["departements"], json!(["93"]));
    assert_eq!(scope_of(&permissions, "shantytown_justice", "access").unwrap()["departements"], json!(["93"]));
}

#[actix_web::test]
async fn the_role_matrix_is_published_to_signed_in_users() {
    let app = TestApp::spawn().await;
    assert_access(&app, actix_web::http::Method::GET, "/api/role-permissions", None, &everyone(200)).await;
    let matrix = app.get("/api/role-permissions", Persona::Asso93).await.json();
    let cell = matrix
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "association" && c["entity"] == "shantytown" && c["feature"] == "create")
        .unwrap()
        .clone();
    assert_eq!(cell["grant"], "option");
    assert_eq!(cell["option"], "create_shantytown");
}

#[actix_web::test]
async fn until_the_charter_is_accepted_only_the_account_routes_answer() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::LocalAdmin93.email()).await;
    app.state
        .db
        .write(move |conn| {
            diesel::update(api::db::schema::users::table.find(id))
                .set(api::db::schema::users::charter_version.eq(None::<i32>))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let refused = app.get("/api/users", Persona::LocalAdmin93).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["code"], "charter_not_accepted");
    let me = app.get("/api/me", Persona::LocalAdmin93).await.json();
    assert_eq!(me["charter"]["must_accept"], true);
    let incomplete = app
        .post(
            "/api/me/charter",
            Persona::LocalAdmin93,
            json!({"version": 1, "charter_agreement": true, "confidentiality_agreement": false}),
        )
        .await;
    assert_eq!(incomplete.status, 422);
    assert_eq!(incomplete.error_fields(), vec!["confidentiality_agreement"]);
    let wrong_version = app
        .post(
            "/api/me/charter",
            Persona::LocalAdmin93,
            json!({"version": 7, "charter_agreement": true, "confidentiality_agreement": true}),
        )
        .await;
    assert_eq!(wrong_version.error_fields(), vec!["version"]);
    let accepted = app
        .post(
            "/api/me/charter",
            Persona::LocalAdmin93,
            json!({"version": 1, "charter_agreement": true, "confidentiality_agreement": true}),
        )
        .await;
    assert_eq!(accepted.status, 200);
    assert_eq!(app.get("/api/users", Persona::LocalAdmin93).await.status, 200);
}

#[actix_web::test]
async fn a_profile_change_is_validated_field_by_field() {
    let app = TestApp::spawn().await;
    let reply = app.patch("/api/me", Persona::Asso93, json!({"first_name": "", "phone": "12"})).await;
    assert_eq!(reply.status, 422);
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["first_name", "phone"]);
    let unsubscribed = app
        .patch(
            "/api/me",
            Persona::Asso93,
            json!({"phone": "06 12 34 56 78", "email_subscriptions": ["weekly_summary"]}),
        )
        .await
        .json();
    assert_eq!(unsubscribed["email_subscriptions"], json!(["weekly_summary"]));
    assert_eq!(unsubscribed["phone"], "06 12 34 56 78");
    assert_eq!(app.patch("/api/me", Caller::Anonymous, json!({})).await.status, 401);
}

#[actix_web::test]
async fn changing_ones_password_needs_the_current_one() {
    let app = TestApp::spawn().await;
    let wrong = app
        .put(
            "/api/me/password",
            Persona::Asso13,
            json!({"current_password": "nope", "new_password": "a-new-long-password"}),
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.error_fields(), vec!["current_password"]);
    let short = app
        .put(
            "/api/me/password",
            Persona::Asso13,
            json!({"current_password": "resorption-demo", "new_password": "short"}),
        )
        .await;
    assert_eq!(short.error_fields(), vec!["new_password"]);
    let changed = app
        .put(
            "/api/me/password",
            Persona::Asso13,
            json!({"current_password": "resorption-demo", "new_password": "a-new-long-password"}),
        )
        .await;
    assert_eq!(changed.status, 204);
    let login = app
        .post(
            "/api/auth/login",
            Caller::Anonymous,
            json!({"email": Persona::Asso13.email(), "password": "a-new-long-password"}),
        )
        .await;
    assert_eq!(login.status, 200);
}
