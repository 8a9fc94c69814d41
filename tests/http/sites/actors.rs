use actix_web::http::Method;
use serde_json::json;

use super::fixtures::demo_site;
use crate::support::access::allowed;
use crate::support::{assert_access, table, Caller, Expect, Persona, TestApp};

#[actix_web::test]
async fn users_declare_themselves_on_sites_they_read() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/actors");
    let declared = app.post(&path, Persona::Intervenant93, json!({"themes": ["sante"]})).await;
    assert_eq!(declared.status, 201, "{}", declared.text());
    assert!(declared.json().as_array().unwrap().iter().any(|a| a["user"]["last_name"] == "Bernard"));
    assert_eq!(app.post(&path, Persona::Intervenant93, json!({"themes": ["sante"]})).await.status, 409);
    assert_eq!(app.post(&path, Persona::Asso13, json!({"themes": ["sante"]})).await.status, 404);
    assert_eq!(app.post(&path, Caller::Anonymous, json!({"themes": ["sante"]})).await.status, 401);
    let no_theme = app.post(&path, Persona::Commune93, json!({"themes": []})).await;
    assert_eq!(no_theme.error_fields(), vec!["themes"]);
    let other = app.post(&path, Persona::Commune93, json!({"themes": ["autre"]})).await;
    assert_eq!(other.error_fields(), vec!["other_theme"]);
    let site = app.get(&format!("/api/sites/{id}"), Persona::Observateur44).await;
    assert_eq!(site.status, 404);
}

#[actix_web::test]
async fn a_colleague_declared_on_a_site_is_told_and_must_be_able_to_read_it() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/actors");
    let colleague = app.user_id(Persona::Commune93.email()).await;
    let outsider = app.user_id(Persona::Asso13.email()).await;
    let refused = app.post(&path, Persona::Asso93, json!({"user_id": outsider, "themes": ["logement"]})).await;
    assert_eq!(refused.error_fields(), vec!["user_id"]);
    let declared = app.post(&path, Persona::Asso93, json!({"user_id": colleague, "themes": ["logement"]})).await;
    assert_eq!(declared.status, 201);
    assert!(app.mail.to(Persona::Commune93.email()).iter().any(|m| m.subject.contains("intervenant")));
    let candidates = app.get(&format!("/api/sites/{id}/actor-candidates?q=martin"), Persona::Asso93).await.json();
    assert_eq!(candidates[0]["last_name"], "Martin");
    let none = app.get(&format!("/api/sites/{id}/actor-candidates?q=haddad"), Persona::Asso93).await.json();
    assert_eq!(none, json!([]), "Karim Haddad cannot read a 93 site");
    let one = format!("{path}/{colleague}");
    assert_eq!(app.put(&one, Persona::Intervenant93, json!({"themes": ["sante"]})).await.status, 403);
    let changed = app.put(&one, Persona::Commune93, json!({"themes": ["logement", "emploi"]})).await.json();
    let themes = changed.as_array().unwrap().iter().find(|a| a["user"]["id"] == colleague).unwrap()["themes"].clone();
    assert_eq!(themes, json!(["emploi", "logement"]));
    assert_eq!(app.call(Method::DELETE, &one, Persona::Intervenant93, None).await.status, 403);
    assert_eq!(app.call(Method::DELETE, &one, Persona::Prefecture93, None).await.status, 200);
    assert_eq!(app.call(Method::DELETE, &one, Persona::Prefecture93, None).await.status, 404);
}

#[actix_web::test]
async fn someone_without_an_account_is_invited_by_email() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/actor-invitations");
    let reply = app.post(&path, Persona::Asso93, json!({"email": "benevole@example.org"})).await;
    assert_eq!(reply.status, 202);
    let mail = &app.mail.to("benevole@example.org")[0];
    assert!(mail.body.contains("Ioana Popescu"));
    assert!(mail.link("http://resorption.test/demande-acces").is_some());
    assert_eq!(app.post(&path, Persona::Asso93, json!({"email": Persona::Commune93.email()})).await.status, 409);
    assert_eq!(app.post(&path, Persona::Asso93, json!({"email": "nope"})).await.error_fields(), vec!["email"]);
}

#[actix_web::test]
async fn who_may_change_or_remove_an_actor_of_a_montreuil_site() {
    let app = TestApp::spawn().await;
    let id = super::fixtures::create(&app, Persona::Prefecture93, super::fixtures::montreuil()).await;
    let declared =
        app.post(&format!("/api/sites/{id}/actors"), Persona::Intervenant93, json!({"themes": ["sante"]})).await;
    assert_eq!(declared.status, 201, "{}", declared.text());
    let user_id = app.user_id(Persona::Intervenant93.email()).await;
    let path = format!("/api/sites/{id}/actors/{user_id}");
    let expectations = table(
        &[
            (Persona::NationalAdmin, 200),
            (Persona::LocalAdmin93, 200),
            (Persona::Prefecture93, 200),
            (Persona::Commune93, 200),
            (Persona::Asso93, 200),
            (Persona::Intervenant93, 200),
            (Persona::National, 403),
        ],
        404,
    );
    assert_access(&app, Method::PUT, &path, Some(json!({"themes": ["logement"]})), &expectations).await;
    let refused = [
        Expect(Caller::Anonymous, 401),
        allowed(Persona::National, 403),
        allowed(Persona::Asso13, 404),
        allowed(Persona::Observateur44, 404),
    ];
    assert_access(&app, Method::DELETE, &path, None, &refused).await;
    let stranger = app.user_id(Persona::Asso13.email()).await;
    let not_actor =
        app.call(Method::DELETE, &format!("/api/sites/{id}/actors/{stranger}"), Persona::NationalAdmin, None).await;
    assert_eq!(not_actor.status, 404, "not an actor of the site");
    let removed = app.call(Method::DELETE, &path, Persona::Intervenant93, None).await;
    assert_eq!(removed.status, 200, "one removes oneself: {}", removed.text());
    assert_eq!(removed.json(), json!([]));
}
