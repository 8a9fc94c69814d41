//! The same creation sent twenty times at once (a double click, a retrying client, two
//! colleagues): one succeeds, the others meet the rule the first one made true, and none
//! answers 500. The requests leave together from one task; the server runs them on its workers.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::sites::montreuil_body;
use crate::support::{Persona, Reply, TestApp};

const AT_ONCE: usize = 20;

/// Sends the same POST `AT_ONCE` times at once and counts the answers by status.
async fn at_once(
    app: &TestApp,
    path: &str,
    persona: Option<Persona>,
    body: Value,
) -> (BTreeMap<u16, usize>, Vec<Reply>) {
    let requests = (0..AT_ONCE).map(|_| {
        let body = body.clone();
        async move {
            match persona {
                Some(persona) => app.post(path, persona, body).await,
                None => app.post(path, crate::support::Caller::Anonymous, body).await,
            }
        }
    });
    let replies = futures_util::future::join_all(requests).await;
    let mut counts = BTreeMap::new();
    for reply in &replies {
        *counts.entry(reply.status).or_insert(0) += 1;
    }
    (counts, replies)
}

#[actix_web::test]
async fn one_account_per_email_when_twenty_admins_create_it_at_once() {
    let app = TestApp::spawn().await;
    let organization = app.get("/api/me", Persona::LocalAdmin93).await.json()["organization"]["id"].clone();
    let body = json!({"email": "double@example.org", "first_name": "Léa", "last_name": "Petit", "position": "Agente",
        "organization_id": organization});
    let (counts, replies) = at_once(&app, "/api/users", Some(Persona::NationalAdmin), body).await;
    assert_eq!(counts, BTreeMap::from([(201, 1), (409, AT_ONCE - 1)]), "{counts:?}");
    for reply in replies.iter().filter(|r| r.status == 409) {
        assert_eq!(reply.json()["code"], "email_taken");
        assert_eq!(reply.error_fields(), vec!["email"]);
    }
    let found = app.get("/api/users?q=double", Persona::NationalAdmin).await.json();
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn an_access_request_sent_twenty_times_at_once_records_one_request() {
    let app = TestApp::spawn().await;
    let organization = app.get("/api/me", Persona::Asso93).await.json()["organization"]["id"].clone();
    let body = json!({"email": "impatient@example.org", "first_name": "Ana", "last_name": "Lopes",
        "position": "Bénévole", "organization_id": organization, "message": "Accès au site de Bondy",
        "legal_consent": true});
    let (counts, _) = at_once(&app, "/api/access-requests", None, body).await;
    assert_eq!(counts, BTreeMap::from([(202, AT_ONCE)]), "{counts:?}");
    let found = app.get("/api/users?q=impatient", Persona::NationalAdmin).await.json();
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn declaring_oneself_actor_twenty_times_at_once_declares_once() {
    let app = TestApp::spawn().await;
    let id = crate::sites::create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let path = format!("/api/sites/{id}/actors");
    let (counts, replies) = at_once(&app, &path, Some(Persona::Intervenant93), json!({"themes": ["sante"]})).await;
    assert_eq!(counts, BTreeMap::from([(201, 1), (409, AT_ONCE - 1)]), "{counts:?}");
    assert!(replies.iter().filter(|r| r.status == 409).all(|r| r.json()["code"] == "already_actor"));
    let site = app.get(&format!("/api/sites/{id}"), Persona::Intervenant93).await.json();
    assert_eq!(site["actors"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn a_favorite_added_twenty_times_at_once_is_simply_a_favorite() {
    let app = TestApp::spawn().await;
    let id = crate::sites::create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let (counts, _) = at_once(&app, &format!("/api/sites/{id}/favorite"), Some(Persona::Asso93), json!({})).await;
    assert_eq!(counts, BTreeMap::from([(204, AT_ONCE)]), "{counts:?}");
    assert_eq!(app.get(&format!("/api/sites/{id}"), Persona::Asso93).await.json()["is_favorite"], true);
}
