use actix_web::http::Method;
use serde_json::json;

use crate::support::access::allowed;
use crate::support::{assert_access, table, Caller, Expect, Persona, TestApp};

#[actix_web::test]
async fn only_admins_list_users_and_each_sees_only_their_territory() {
    let app = TestApp::spawn().await;
    let expectations = table(&[(Persona::NationalAdmin, 200), (Persona::LocalAdmin93, 200)], 403);
    assert_access(&app, Method::GET, "/api/users", None, &expectations).await;
    let local: Vec<String> = app
        .get("/api/users", Persona::LocalAdmin93)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect();
    assert!(local.contains(&Persona::Commune93.email().to_owned()));
    assert!(local.contains(&Persona::Asso93.email().to_owned()));
    assert!(!local.contains(&Persona::Asso13.email().to_owned()), "13 is outside the local admin's territory");
    assert!(!local.contains(&Persona::NationalAdmin.email().to_owned()));
    let national = app.get("/api/users", Persona::NationalAdmin).await.json();
    assert_eq!(national.as_array().unwrap().len(), 9);
    let filtered = app.get("/api/users?q=popescu", Persona::NationalAdmin).await.json();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn a_user_outside_the_admins_territory_is_not_found() {
    let app = TestApp::spawn().await;
    let asso13 = app.user_id(Persona::Asso13.email()).await;
    let asso93 = app.user_id(Persona::Asso93.email()).await;
    let expectations = table(&[(Persona::NationalAdmin, 200), (Persona::LocalAdmin93, 404)], 403);
    assert_access(&app, Method::GET, &format!("/api/users/{asso13}"), None, &expectations).await;
    let detail = app.get(&format!("/api/users/{asso93}"), Persona::LocalAdmin93).await;
    assert_eq!(detail.status, 200);
    assert_eq!(detail.json()["organization"]["name"], "Association Solidarité Terrain 93");
    assert_eq!(app.get("/api/users/999999", Persona::NationalAdmin).await.status, 404);
}

#[actix_web::test]
async fn an_admin_creates_accounts_only_in_organizations_of_their_territory() {
    let app = TestApp::spawn().await;
    let organizations = app.get("/api/organizations", Persona::NationalAdmin).await.json();
    let id_of = |name: &str| {
        organizations.as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap()
    };
    let in_93 = json!({"email": "new.agent@example.org", "first_name": "Léa", "last_name": "Petit", "position": "Agente",
        "organization_id": id_of("Association Solidarité Terrain 93")});
    let in_13 = json!({"email": "other@example.org", "first_name": "Léo", "last_name": "Petit", "position": "Agent",
        "organization_id": id_of("Association Accueil Marseille")});
    let expectations = vec![
        Expect(Caller::Anonymous, 401),
        allowed(Persona::Prefecture93, 403),
        allowed(Persona::Asso93, 403),
        allowed(Persona::LocalAdmin93, 201),
    ];
    assert_access(&app, Method::POST, "/api/users", Some(in_93.clone()), &expectations).await;
    let outside = app.post("/api/users", Persona::LocalAdmin93, in_13).await;
    assert_eq!(outside.status, 422);
    assert_eq!(outside.error_fields(), vec!["organization_id"]);
    let duplicate = app.post("/api/users", Persona::NationalAdmin, in_93).await;
    assert_eq!(duplicate.status, 409);
    assert_eq!(duplicate.json()["code"], "email_taken");
}

#[actix_web::test]
async fn only_national_admins_grant_admin_roles() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Prefecture93.email()).await;
    let path = format!("/api/users/{id}");
    let promote = json!({"admin_role": "local_admin"});
    let refused = app.patch(&path, Persona::LocalAdmin93, promote.clone()).await;
    assert_eq!(refused.status, 403);
    let granted = app.patch(&path, Persona::NationalAdmin, promote).await;
    assert_eq!(granted.status, 200);
    assert_eq!(granted.json()["admin_role"], "local_admin");
    let renamed = app.patch(&path, Persona::LocalAdmin93, json!({"position": "Chef de bureau"})).await;
    assert_eq!(renamed.json()["position"], "Chef de bureau");
    let revoked = app.patch(&path, Persona::NationalAdmin, json!({"admin_role": null})).await;
    assert_eq!(revoked.json()["admin_role"], json!(null));
    assert_eq!(app.patch(&path, Persona::Asso93, json!({"position": "x"})).await.status, 403);
}

#[actix_web::test]
async fn changing_a_role_drops_the_options_it_may_not_hold() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Asso93.email()).await;
    app.put(&format!("/api/users/{id}/options"), Persona::LocalAdmin93, json!({"options": ["create_shantytown"]}))
        .await;
    let changed = app.patch(&format!("/api/users/{id}"), Persona::LocalAdmin93, json!({"role": "intervener"})).await;
    assert_eq!(changed.json()["role"], "intervener");
    assert_eq!(changed.json()["options"], json!([]));
}

#[actix_web::test]
async fn an_activation_link_is_only_for_pending_accounts_and_only_by_their_admins() {
    let app = TestApp::spawn().await;
    let active = app.user_id(Persona::Asso93.email()).await;
    let reply = app.post(&format!("/api/users/{active}/activation-links"), Persona::LocalAdmin93, json!({})).await;
    assert_eq!(reply.status, 409);
    let outside = app.user_id(Persona::Asso13.email()).await;
    let reply = app.post(&format!("/api/users/{outside}/activation-links"), Persona::LocalAdmin93, json!({})).await;
    assert_eq!(reply.status, 404);
    let reply = app.post(&format!("/api/users/{outside}/activation-links"), Persona::Commune93, json!({})).await;
    assert_eq!(reply.status, 403);
    let reply = app.put(&format!("/api/users/{outside}/options"), Caller::Anonymous, json!({})).await;
    assert_eq!(reply.status, 401);
}

#[actix_web::test]
async fn a_taken_email_names_the_field() {
    let app = TestApp::spawn().await;
    let organization = app.get("/api/me", Persona::LocalAdmin93).await.json()["organization"]["id"].clone();
    let body = json!({"email": Persona::Asso93.email().to_uppercase(), "first_name": "Léa", "last_name": "Petit",
        "position": "Agente", "organization_id": organization});
    let taken = app.post("/api/users", Persona::LocalAdmin93, body).await;
    assert_eq!(taken.status, 409, "{}", taken.text());
    assert_eq!(taken.json()["code"], "email_taken");
    assert_eq!(taken.error_fields(), vec!["email"]);
}

#[actix_web::test]
async fn only_national_admins_read_and_write_the_admins_notes_on_a_user() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Asso93.email()).await;
    let path = format!("/api/users/{id}");
    let note = "Accès accordé après appel de la DDETS.";
    let written = app.patch(&path, Persona::NationalAdmin, json!({"admin_comments": note})).await;
    assert_eq!(written.status, 200, "{}", written.text());
    assert_eq!(written.json()["admin_comments"], note);
    assert_eq!(app.get(&path, Persona::NationalAdmin).await.json()["admin_comments"], note);
    let local = app.get(&path, Persona::LocalAdmin93).await;
    assert_eq!(local.status, 200);
    assert_eq!(local.json()["admin_comments"], json!(null), "a local admin reads the user, not the notes");
    assert!(!local.text().contains("DDETS"));
    let renamed = app.patch(&path, Persona::LocalAdmin93, json!({"position": "Coordinatrice"})).await;
    assert_eq!(renamed.status, 200);
    assert!(!renamed.text().contains("DDETS"), "nor in the answer to a change");
    let options = app.put(&format!("{path}/options"), Persona::LocalAdmin93, json!({"options": []})).await;
    assert_eq!(options.status, 200);
    assert!(!options.text().contains("DDETS"));
    let overwrite = app.patch(&path, Persona::LocalAdmin93, json!({"admin_comments": "effacé"})).await;
    assert_eq!(overwrite.status, 403, "nor writes them");
    assert_eq!(app.get(&path, Persona::NationalAdmin).await.json()["admin_comments"], note, "nothing written");
    let deactivated = app.post(&format!("{path}/deactivate"), Persona::Asso93, json!({})).await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.text());
    assert!(!deactivated.text().contains("DDETS"), "nor the user themself");
}

#[actix_web::test]
async fn the_last_national_admin_can_neither_leave_nor_be_demoted() {
    let app = TestApp::spawn().await;
    let admin = app.user_id(Persona::NationalAdmin.email()).await;
    let leave = app.post(&format!("/api/users/{admin}/deactivate"), Persona::NationalAdmin, json!({})).await;
    assert_eq!(leave.status, 409, "{}", leave.text());
    assert_eq!(leave.json()["code"], "last_national_admin");
    let demote = app.patch(&format!("/api/users/{admin}"), Persona::NationalAdmin, json!({"admin_role": null})).await;
    assert_eq!(demote.status, 409, "{}", demote.text());
    assert_eq!(app.get("/api/me", Persona::NationalAdmin).await.json()["admin_role"], "national_admin");
    let second = app.user_id(Persona::Prefecture93.email()).await;
    let promoted = app
        .patch(&format!("/api/users/{second}"), Persona::NationalAdmin, json!({"admin_role": "national_admin"}))
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.text());
    let left = app.post(&format!("/api/users/{admin}/deactivate"), Persona::NationalAdmin, json!({})).await;
    assert_eq!(left.status, 200, "another national admin remains: {}", left.text());
    let last = app.post(&format!("/api/users/{second}/deactivate"), Persona::Prefecture93, json!({})).await;
    assert_eq!(last.status, 409, "{}", last.text());
    assert_eq!(app.get("/api/me", Persona::Prefecture93).await.status, 200);
}
