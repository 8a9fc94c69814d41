use diesel::prelude::*;
use serde_json::{json, Value};

use crate::support::{Caller, Persona, TestApp};

async fn organization_id(app: &TestApp, name: &str) -> i32 {
    let found = app.get(&format!("/api/organizations/search?q={}", name.replace(' ', "+")), Caller::Anonymous).await;
    found.json()[0]["id"].as_i64().unwrap() as i32
}

fn request_body(email: &str, organization_id: Option<i32>) -> Value {
    json!({
        "email": email,
        "first_name": "Ana",
        "last_name": "Ionescu",
        "phone": "01 23 45 67 89",
        "position": "Médiatrice",
        "organization_id": organization_id,
        "message": "Je suis les familles du site de la rue des Lilas.",
        "legal_consent": true
    })
}

#[actix_web::test]
async fn an_access_request_waits_for_the_local_admin_who_is_told_by_email() {
    let app = TestApp::spawn().await;
    let organization = organization_id(&app, "solidarite terrain").await;
    let reply =
        app.post("/api/access-requests", Caller::Anonymous, request_body("ana@example.org", Some(organization))).await;
    assert_eq!(reply.status, 202, "{}", reply.text());
    assert_eq!(app.mail.to("ana@example.org").len(), 1, "confirmation to the requester");
    let to_admin = app.mail.to(Persona::LocalAdmin93.email());
    assert_eq!(to_admin.len(), 1, "the local admin of 93 is told");
    assert!(to_admin[0].subject.contains("Ana Ionescu"));
    assert!(app.mail.to(Persona::NationalAdmin.email()).is_empty(), "national admins only when no local admin");
    let pending = app.get("/api/users?status=new", Persona::LocalAdmin93).await.json();
    assert_eq!(pending[0]["email"], "ana@example.org");
    assert_eq!(pending[0]["role"], "association", "the type's default role");
}

#[actix_web::test]
async fn a_request_naming_a_new_association_creates_it_inactive() {
    let app = TestApp::spawn().await;
    let mut body = request_body("new-asso@example.org", None);
    body["organization_id"] = Value::Null;
    body["new_association"] = json!({"name": "Les Amis du Canal", "departement_code": "13"});
    assert_eq!(app.post("/api/access-requests", Caller::Anonymous, body).await.status, 202);
    let search = app.get("/api/organizations/search?q=amis+du+canal", Caller::Anonymous).await.json();
    assert_eq!(search, json!([]), "an unvalidated association is not offered to others");
    let all = app.get("/api/organizations?q=amis+du+canal", Persona::NationalAdmin).await.json();
    assert_eq!(all[0]["active"], false);
    assert_eq!(app.mail.to(Persona::NationalAdmin.email()).len(), 1, "no local admin in 13: national admins");
}

#[actix_web::test]
async fn requests_naming_the_same_new_association_join_one_association() {
    let app = TestApp::spawn().await;
    for (email, name, abbreviation) in [
        ("first@example.org", "Les Amis du Canal", Value::Null),
        ("second@example.org", "les amis du canal", json!("LADC")),
    ] {
        let mut body = request_body(email, None);
        body["organization_id"] = Value::Null;
        body["new_association"] = json!({"name": name, "abbreviation": abbreviation, "departement_code": "13"});
        let reply = app.post("/api/access-requests", Caller::Anonymous, body).await;
        assert_eq!(reply.status, 202, "{email}: {}", reply.text());
    }
    let all = app.get("/api/organizations?q=amis+du+canal", Persona::NationalAdmin).await.json();
    assert_eq!(all.as_array().unwrap().len(), 1, "one association: {all}");
    let members = app.get(&format!("/api/users?organization_id={}", all[0]["id"]), Persona::NationalAdmin).await.json();
    assert_eq!(members.as_array().unwrap().len(), 2, "both requests wait in it: {members}");
}

#[actix_web::test]
async fn an_invalid_access_request_names_each_faulty_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let mut body = request_body("not-an-email", None);
    body["legal_consent"] = json!(false);
    body["first_name"] = json!("");
    let reply = app.post("/api/access-requests", Caller::Anonymous, body).await;
    assert_eq!(reply.status, 422);
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["email", "first_name"]);
    let mut body = request_body("valid@example.org", Some(999_999));
    body["legal_consent"] = json!(false);
    let reply = app.post("/api/access-requests", Caller::Anonymous, body).await;
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["legal_consent", "organization_id"]);
    let users = app.get("/api/users?q=valid", Persona::NationalAdmin).await.json();
    assert_eq!(users, json!([]));
    assert!(app.mail.all().is_empty());
}

#[actix_web::test]
async fn a_request_for_a_known_address_answers_the_same_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let organization = organization_id(&app, "solidarite terrain").await;
    let before = app.get("/api/users", Persona::NationalAdmin).await.json().as_array().unwrap().len();
    let reply = app
        .post("/api/access-requests", Caller::Anonymous, request_body(Persona::Asso93.email(), Some(organization)))
        .await;
    assert_eq!(reply.status, 202);
    let after = app.get("/api/users", Persona::NationalAdmin).await.json().as_array().unwrap().len();
    assert_eq!(before, after);
    assert!(app.mail.to(Persona::LocalAdmin93.email()).is_empty());
}

#[actix_web::test]
async fn an_admin_grants_access_and_the_user_activates_with_a_password() {
    let app = TestApp::spawn().await;
    let organization = organization_id(&app, "commune montreuil").await;
    app.post("/api/access-requests", Caller::Anonymous, request_body("agent@montreuil.example", Some(organization)))
        .await;
    let id = app.get("/api/users?status=new", Persona::LocalAdmin93).await.json()[0]["id"].as_i64().unwrap();
    let granted = app
        .post(
            &format!("/api/users/{id}/activation-links"),
            Persona::LocalAdmin93,
            json!({"options": ["close_shantytown"]}),
        )
        .await;
    assert_eq!(granted.status, 201, "{}", granted.text());
    assert_eq!(granted.json()["options"], json!(["close_shantytown"]));
    let mails = app.mail.to("agent@montreuil.example");
    let link =
        mails.iter().find_map(|m| m.link("http://resorption.test/activer-mon-compte/")).expect("activation link");
    let token = link.rsplit('/').next().unwrap().to_owned();
    let info = app.get(&format!("/api/activation/{token}"), Caller::Anonymous).await;
    assert_eq!(info.status, 200);
    assert_eq!(info.json()["email"], "agent@montreuil.example");
    let short = app
        .post(
            &format!("/api/activation/{token}"),
            Caller::Anonymous,
            json!({"password": "short", "charter_version": 1}),
        )
        .await;
    assert_eq!(short.error_fields(), vec!["password"]);
    let activated = app
        .post(
            &format!("/api/activation/{token}"),
            Caller::Anonymous,
            json!({"password": "montreuil-agent-2026", "charter_version": 1}),
        )
        .await;
    assert_eq!(activated.status, 204, "{}", activated.text());
    let used = app.get(&format!("/api/activation/{token}"), Caller::Anonymous).await;
    assert_eq!(used.status, 404, "a link works once");
    let session = app
        .post(
            "/api/auth/login",
            Caller::Anonymous,
            json!({"email": "agent@montreuil.example", "password": "montreuil-agent-2026"}),
        )
        .await;
    assert_eq!(session.status, 200);
    let token = session.json()["access_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/me", Caller::Bearer(token)).await.json();
    assert_eq!(me["options"], json!(["close_shantytown"]));
    assert_eq!(me["charter"]["must_accept"], false);
}

#[actix_web::test]
async fn an_expired_activation_link_is_refused() {
    let app = TestApp::spawn().await;
    let organization = organization_id(&app, "solidarite terrain").await;
    app.post("/api/access-requests", Caller::Anonymous, request_body("late@example.org", Some(organization))).await;
    let id = app.get("/api/users?status=new", Persona::LocalAdmin93).await.json()[0]["id"].as_i64().unwrap();
    app.post(&format!("/api/users/{id}/activation-links"), Persona::LocalAdmin93, json!({})).await;
    let link = app
        .mail
        .to("late@example.org")
        .iter()
        .find_map(|m| m.link("http://resorption.test/activer-mon-compte/"))
        .unwrap();
    app.state
        .db
        .write(|conn| {
            use api::db::schema::user_accesses as ua;
            diesel::update(ua::table)
                .set(ua::expires_at.eq(api::db::now() - chrono::Duration::minutes(1)))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let token = link.rsplit('/').next().unwrap();
    let reply = app.get(&format!("/api/activation/{token}"), Caller::Anonymous).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["code"], "invalid_token");
}

#[actix_web::test]
async fn a_refused_request_is_told_and_its_earlier_link_stops_working() {
    let app = TestApp::spawn().await;
    let organization = organization_id(&app, "solidarite terrain").await;
    app.post("/api/access-requests", Caller::Anonymous, request_body("refused@example.org", Some(organization))).await;
    let id = app.get("/api/users?status=new", Persona::LocalAdmin93).await.json()[0]["id"].as_i64().unwrap();
    app.post(&format!("/api/users/{id}/activation-links"), Persona::LocalAdmin93, json!({})).await;
    let reply = app
        .post(&format!("/api/users/{id}/refuse-access"), Persona::LocalAdmin93, json!({"reason": "Hors périmètre"}))
        .await;
    assert_eq!(reply.status, 200);
    assert!(reply.json()["access_refused_at"].is_string());
    let mails = app.mail.to("refused@example.org");
    assert!(mails.iter().any(|m| m.body.contains("Hors périmètre")));
    let link = mails.iter().find_map(|m| m.link("http://resorption.test/activer-mon-compte/")).unwrap();
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(app.get(&format!("/api/activation/{token}"), Caller::Anonymous).await.status, 404);
}

#[actix_web::test]
async fn a_password_reset_link_sets_a_new_password_and_unknown_addresses_learn_nothing() {
    let app = TestApp::spawn().await;
    let unknown = app.post("/api/password-resets", Caller::Anonymous, json!({"email": "ghost@example.org"})).await;
    assert_eq!(unknown.status, 202);
    assert!(app.mail.all().is_empty());
    let known =
        app.post("/api/password-resets", Caller::Anonymous, json!({"email": Persona::Observateur44.email()})).await;
    assert_eq!(known.status, 202);
    let link = app
        .mail
        .to(Persona::Observateur44.email())
        .iter()
        .find_map(|m| m.link("http://resorption.test/nouveau-mot-de-passe/"))
        .expect("reset link");
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(app.get(&format!("/api/password-resets/{token}"), Caller::Anonymous).await.status, 200);
    let reset = app
        .post(&format!("/api/password-resets/{token}"), Caller::Anonymous, json!({"password": "observer-new-password"}))
        .await;
    assert_eq!(reset.status, 204);
    let login = |password: &'static str| {
        app.post(
            "/api/auth/login",
            Caller::Anonymous,
            json!({"email": Persona::Observateur44.email(), "password": password}),
        )
    };
    assert_eq!(login("resorption-demo").await.status, 401);
    assert_eq!(login("observer-new-password").await.status, 200);
    let again = app
        .post(&format!("/api/password-resets/{token}"), Caller::Anonymous, json!({"password": "yet-another-password"}))
        .await;
    assert_eq!(again.status, 404, "a reset link works once");
}

#[actix_web::test]
async fn an_admin_deactivates_and_reactivates_an_account_and_the_user_is_told() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Asso93.email()).await;
    let path = format!("/api/users/{id}/deactivate");
    assert_eq!(app.post(&path, Persona::Asso13, json!({})).await.status, 403, "not an admin");
    assert_eq!(app.post(&path, Caller::Anonymous, json!({})).await.status, 401);
    let off = app.post(&path, Persona::LocalAdmin93, json!({"reason": "Départ de la structure"})).await;
    assert_eq!(off.json()["status"], "inactive");
    assert_eq!(app.post(&path, Persona::LocalAdmin93, json!({})).await.status, 409);
    assert!(app.mail.to(Persona::Asso93.email()).iter().any(|m| m.subject.contains("désactivé")));
    let reactivate = format!("/api/users/{id}/reactivate");
    assert_eq!(app.post(&reactivate, Persona::Prefecture93, json!({})).await.status, 403);
    let on = app.post(&reactivate, Persona::LocalAdmin93, json!({})).await;
    assert_eq!(on.json()["status"], "active");
    assert!(app.mail.to(Persona::Asso93.email()).iter().any(|m| m.subject.contains("réactivé")));
}

#[actix_web::test]
async fn users_may_deactivate_their_own_account() {
    let app = TestApp::spawn().await;
    let id = app.user_id(Persona::Observateur44.email()).await;
    let reply = app.post(&format!("/api/users/{id}/deactivate"), Persona::Observateur44, json!({})).await;
    assert_eq!(reply.status, 200);
    assert_eq!(app.get("/api/me", Persona::Observateur44).await.status, 401);
}
