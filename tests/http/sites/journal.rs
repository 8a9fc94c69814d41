use actix_web::http::Method;
use serde_json::json;

use super::fixtures::demo_site;
use crate::support::access::allowed;
use crate::support::{assert_access, table, Caller, Expect, Persona, TestApp};

async fn organization(app: &TestApp, query: &str) -> i64 {
    app.get(&format!("/api/organizations/search?q={query}"), Caller::Anonymous).await.json()[0]["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn who_may_read_and_write_the_journal_of_a_93_site() {
    // Bondy: a commune partner of Montreuil reads the whole département but writes only in
    // Montreuil, the journal included.
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/comments");
    let message = json!({"body": "Passage ce matin.", "tags": ["passage_sur_site"], "visibility": "public"});
    let cases = [
        (Persona::NationalAdmin, 200, 201),
        (Persona::LocalAdmin93, 200, 201),
        (Persona::Prefecture93, 200, 201),
        (Persona::Commune93, 200, 403),
        (Persona::Asso93, 200, 201),
        (Persona::Intervenant93, 200, 201),
        (Persona::National, 200, 403),
        (Persona::Asso13, 404, 404),
        (Persona::Observateur44, 404, 404),
    ];
    for (persona, read, write) in cases {
        assert_eq!(app.get(&path, persona).await.status, read, "{persona:?} reads");
        assert_eq!(app.post(&path, persona, message.clone()).await.status, write, "{persona:?} writes");
    }
    assert_eq!(app.get(&path, Caller::Anonymous).await.status, 401);
    let comments = app.get(&path, Persona::Asso93).await.json();
    assert_eq!(comments.as_array().unwrap().len(), 5 + 2, "5 new, 2 from the demo");
    assert_eq!(comments[0]["tags"], json!(["passage_sur_site"]));
}

#[actix_web::test]
async fn a_message_for_one_organization_is_seen_only_by_its_members_and_its_author() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let montreuil = organization(&app, "commune+montreuil").await;
    let posted = app
        .post(
            &format!("/api/sites/{id}/comments"),
            Persona::Asso93,
            json!({"body": "Information confidentielle pour la commune.", "visibility": "custom", "organization_ids": [montreuil]}),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.text());
    assert_eq!(posted.json()["comment"]["target_organizations"][0]["name"], "Commune de Montreuil");
    let sees = |persona| {
        let app = &app;
        async move { app.get(&format!("/api/sites/{id}/comments"), persona).await.text().contains("confidentielle") }
    };
    assert!(sees(Persona::Commune93).await, "the targeted organization");
    assert!(sees(Persona::Asso93).await, "the author");
    for persona in [Persona::Prefecture93, Persona::Intervenant93, Persona::NationalAdmin, Persona::LocalAdmin93] {
        assert!(!sees(persona).await, "{persona:?} is not targeted");
    }
    let feed = app.get("/api/activities?kinds=site_comment", Persona::Prefecture93).await.text();
    assert!(!feed.contains("confidentielle"), "nor in the activity feed");
    let csv = app.get("/api/sites/comments/export", Persona::Prefecture93).await.text();
    assert!(!csv.contains("confidentielle"), "nor in the export");
    assert!(app.get("/api/sites/comments/export", Persona::Commune93).await.text().contains("confidentielle"));
}

#[actix_web::test]
async fn targeted_visibility_is_checked() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/comments");
    let empty = app.post(&path, Persona::Asso93, json!({"body": "x", "visibility": "custom"})).await;
    assert_eq!(empty.error_fields(), vec!["organization_ids"]);
    let unknown =
        app.post(&path, Persona::Asso93, json!({"body": "x", "visibility": "custom", "user_ids": [99999]})).await;
    assert_eq!(unknown.error_fields(), vec!["user_ids"]);
    let blank = app.post(&path, Persona::Asso93, json!({"body": "", "visibility": "public"})).await;
    assert_eq!(blank.error_fields(), vec!["body"]);
    let prefecture =
        app.post(&path, Persona::Asso93, json!({"body": "Pour la préfecture", "visibility": "pref_et_ddets"})).await;
    assert_eq!(prefecture.status, 201);
    let posted = prefecture.json();
    let targets: Vec<&str> = posted["comment"]["target_organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert!(app.get(&path, Persona::Prefecture93).await.text().contains("Pour la préfecture"));
    assert!(!app.get(&path, Persona::Commune93).await.text().contains("Pour la préfecture"));
}

#[actix_web::test]
async fn watchers_are_told_by_email_unless_they_unsubscribed() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Montreuil", "open").await;
    app.patch("/api/me", Persona::Intervenant93, json!({"email_subscriptions": ["weekly_summary"]})).await;
    let posted = app
        .post(
            &format!("/api/sites/{id}/comments"),
            Persona::Prefecture93,
            json!({"body": "Réunion jeudi sur site.", "visibility": "public"}),
        )
        .await
        .json();
    let told = |persona: Persona| !app.mail.to(persona.email()).is_empty();
    assert!(told(Persona::Commune93), "the commune of the site");
    assert!(told(Persona::Asso93), "a département-level operator");
    assert!(told(Persona::LocalAdmin93));
    assert!(!told(Persona::Intervenant93), "unsubscribed");
    assert!(!told(Persona::Prefecture93), "the author");
    assert!(!told(Persona::Asso13) && !told(Persona::Observateur44), "other départements");
    assert!(!told(Persona::NationalAdmin), "national areas follow the feed, not e-mails");
    let mail = &app.mail.to(Persona::Commune93.email())[0];
    assert!(mail.subject.contains("Nouveau message"));
    assert!(mail.body.contains("Réunion jeudi"));
    assert!(mail.link(&format!("http://resorption.test/site/{id}")).is_some());
    assert_eq!(posted["notified"], 3);
}

#[actix_web::test]
async fn authors_edit_and_remove_their_messages_and_moderators_need_a_reason_sent_to_the_author() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let path = format!("/api/sites/{id}/comments");
    let comment = app.post(&path, Persona::Asso93, json!({"body": "Premier jet", "visibility": "public"})).await.json()
        ["comment"]["id"]
        .as_i64()
        .unwrap();
    let one = format!("{path}/{comment}");
    assert_eq!(app.patch(&one, Persona::Commune93, json!({"body": "Piraté"})).await.status, 403);
    let edited = app.patch(&one, Persona::Asso93, json!({"body": "Version corrigée", "tags": ["incendie"]})).await;
    assert_eq!(edited.json()["body"], "Version corrigée");
    assert!(edited.json()["edited_at"].is_string());
    assert_eq!(app.call(Method::DELETE, &one, Persona::Commune93, None).await.status, 403, "not a moderator");
    let no_reason = app.call(Method::DELETE, &one, Persona::LocalAdmin93, None).await;
    assert_eq!(no_reason.error_fields(), vec!["reason"]);
    let moderated =
        app.call(Method::DELETE, &one, Persona::LocalAdmin93, Some(json!({"reason": "Propos hors sujet"}))).await;
    assert_eq!(moderated.status, 204);
    let told = app.mail.to(Persona::Asso93.email());
    assert!(told.iter().any(|m| m.body.contains("Propos hors sujet")), "the author learns why");
    assert!(!app.get(&path, Persona::Asso93).await.text().contains("Version corrigée"));
    let own =
        app.post(&path, Persona::Intervenant93, json!({"body": "À retirer", "visibility": "public"})).await.json()
            ["comment"]["id"]
            .as_i64()
            .unwrap();
    assert_eq!(app.call(Method::DELETE, &format!("{path}/{own}"), Persona::Intervenant93, None).await.status, 204);
    assert_eq!(app.call(Method::DELETE, &format!("{path}/{own}"), Persona::Intervenant93, None).await.status, 404);
}

#[actix_web::test]
async fn the_comment_export_is_csv_of_readable_messages_and_is_logged() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/sites/comments/export", Persona::Asso93).await;
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").unwrap().starts_with("text/csv"));
    let text = reply.text();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("Site,Adresse,Commune"));
    assert_eq!(text.lines().count(), 1 + 2 * 5, "two demo messages on each of the five 93 sites");
    assert_eq!(app.get("/api/sites/comments/export", Persona::Asso13).await.text().lines().count(), 1);
    assert_eq!(app.get("/api/sites/comments/export", Persona::Observateur44).await.status, 403);
}

#[actix_web::test]
async fn who_may_edit_or_remove_a_message_of_a_93_site() {
    let app = TestApp::spawn().await;
    let id = demo_site(&app, "Bondy", "open").await;
    let posted = app
        .post(
            &format!("/api/sites/{id}/comments"),
            Persona::Asso93,
            json!({"body": "Passage du matin.", "visibility": "public"}),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.text());
    let comment_id = posted.json()["comment"]["id"].as_i64().unwrap();
    let path = format!("/api/sites/{id}/comments/{comment_id}");
    let edit = json!({"body": "Passage du matin, eau coupée."});
    let only_the_author = table(&[(Persona::Asso93, 200), (Persona::Asso13, 404), (Persona::Observateur44, 404)], 403);
    assert_access(&app, Method::PATCH, &path, Some(edit), &only_the_author).await;
    let refused = [
        Expect(Caller::Anonymous, 401),
        allowed(Persona::Prefecture93, 403),
        allowed(Persona::Commune93, 403),
        allowed(Persona::Intervenant93, 403),
        allowed(Persona::National, 403),
        allowed(Persona::Asso13, 404),
        allowed(Persona::Observateur44, 404),
    ];
    assert_access(&app, Method::DELETE, &path, None, &refused).await;
    let without_reason = app.call(Method::DELETE, &path, Persona::LocalAdmin93, None).await;
    assert_eq!(without_reason.status, 422, "a moderator gives a reason: {}", without_reason.text());
    let moderated =
        app.call(Method::DELETE, &path, Persona::LocalAdmin93, Some(json!({"reason": "Données personnelles."}))).await;
    assert_eq!(moderated.status, 204, "{}", moderated.text());
    assert!(!app.get(&format!("/api/sites/{id}/comments"), Persona::Asso93).await.text().contains("eau coupée"));
}
