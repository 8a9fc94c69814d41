//! `Idempotency-Key`: a creation retried with the same key gets the first answer again, twenty
//! at once make one site, and the key means nothing for another caller or after 24 hours.

use std::collections::BTreeMap;

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::sites::montreuil_body;
use crate::support::{Caller, Persona, Reply, TestApp};

async fn create_with_key(app: &TestApp, who: impl Into<Caller>, key: &str, body: Value) -> Reply {
    app.call_with_headers(Method::POST, "/api/sites", who, Some(body), &[("Idempotency-Key", key)]).await
}

async fn sites_named(app: &TestApp, name: &str) -> usize {
    let page = app.get("/api/sites?limit=200", Persona::NationalAdmin).await.json();
    page["items"].as_array().unwrap().iter().filter(|site| site["name"] == name).count()
}

#[actix_web::test]
async fn a_retried_creation_gets_the_first_answer_again() {
    let app = TestApp::spawn().await;
    let key = "5f0c9b7e-6a51-4e1b-9d3a-2f8c1e7a4b10";
    let first = create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await;
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await;
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(again.header("content-type"), first.header("content-type"));
    assert_eq!(sites_named(&app, "Les Tilleuls").await, 1);
    let without = app.post("/api/sites", Persona::Prefecture93, montreuil_body()).await;
    assert_eq!(without.status, 201, "no key, no protection");
    assert_eq!(sites_named(&app, "Les Tilleuls").await, 2);
}

#[actix_web::test]
async fn twenty_identical_creations_at_once_make_one_site() {
    let app = TestApp::spawn().await;
    let key = "double-click-7d1e";
    let requests = (0..20).map(|_| create_with_key(&app, Persona::Prefecture93, key, montreuil_body()));
    let replies = futures_util::future::join_all(requests).await;
    let mut counts = BTreeMap::new();
    for reply in &replies {
        *counts.entry(reply.status).or_insert(0) += 1;
    }
    assert!(counts.keys().all(|status| [201, 409].contains(status)), "{counts:?}");
    let ids: std::collections::BTreeSet<String> =
        replies.iter().filter(|r| r.status == 201).map(|r| r.json()["id"].to_string()).collect();
    assert_eq!(ids.len(), 1, "every 201 is the same site: {ids:?}");
    for reply in replies.iter().filter(|r| r.status == 409) {
        assert_eq!(reply.json()["code"], "idempotency_key_in_flight");
    }
    assert_eq!(sites_named(&app, "Les Tilleuls").await, 1);
}

#[actix_web::test]
async fn a_key_reused_for_another_request_is_refused_and_names_the_header() {
    let app = TestApp::spawn().await;
    let key = "one-key-one-request";
    assert_eq!(create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await.status, 201);
    let mut other = montreuil_body();
    other["name"] = json!("Autre site");
    let reused = create_with_key(&app, Persona::Prefecture93, key, other).await;
    assert_eq!(reused.status, 422, "{}", reused.text());
    assert_eq!(reused.error_fields(), vec!["Idempotency-Key"]);
    assert_eq!(reused.json()["errors"][0]["code"], "idempotency_key_reused");
    assert_eq!(sites_named(&app, "Autre site").await, 0);
    let comment = app
        .call_with_headers(
            Method::POST,
            "/api/sites/1/comments",
            Persona::Prefecture93,
            Some(montreuil_body()),
            &[("Idempotency-Key", key)],
        )
        .await;
    assert_eq!(comment.status, 422, "the same key on another route is another request");
    let garbled = create_with_key(&app, Persona::Prefecture93, &"x".repeat(300), montreuil_body()).await;
    assert_eq!(garbled.status, 400);
    assert_eq!(garbled.error_fields(), vec!["Idempotency-Key"]);
}

#[actix_web::test]
async fn a_refused_request_frees_its_key_for_the_corrected_one() {
    let app = TestApp::spawn().await;
    let key = "fix-and-resend";
    let mut wrong = montreuil_body();
    wrong["city_code"] = json!("99999");
    let refused = create_with_key(&app, Persona::Prefecture93, key, wrong).await;
    assert_eq!(refused.status, 422);
    let corrected = create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await;
    assert_eq!(corrected.status, 201, "{}", corrected.text());
}

#[actix_web::test]
async fn a_key_belongs_to_its_caller_and_lasts_a_day() {
    let app = TestApp::spawn().await;
    let key = "shared-by-chance";
    let mine = create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await;
    let theirs = create_with_key(&app, Persona::LocalAdmin93, key, montreuil_body()).await;
    assert_eq!((mine.status, theirs.status), (201, 201));
    assert_ne!(mine.json()["id"], theirs.json()["id"], "another caller's key is not mine");
    app.state
        .db
        .write(|conn| {
            use api::db::schema::idempotency_keys as ik;
            use diesel::prelude::*;
            let yesterday = chrono::Utc::now().naive_utc() - chrono::Duration::hours(25);
            diesel::update(ik::table).set(ik::created_at.eq(yesterday)).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let later = create_with_key(&app, Persona::Prefecture93, key, montreuil_body()).await;
    assert_eq!(later.status, 201);
    assert_eq!(later.header("idempotent-replayed"), None, "a key older than 24 hours is forgotten");
    assert_eq!(sites_named(&app, "Les Tilleuls").await, 3);
}

#[actix_web::test]
async fn a_sign_in_sent_with_a_key_is_never_kept() {
    let app = TestApp::spawn().await;
    let body = json!({"email": Persona::Asso93.email(), "password": "resorption-demo"});
    for _ in 0..2 {
        let reply = app
            .call_with_headers(
                Method::POST,
                "/api/auth/login",
                Caller::Anonymous,
                Some(body.clone()),
                &[("Idempotency-Key", "login-key")],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(reply.header("idempotent-replayed"), None, "each sign-in opens its own session");
    }
    let kept = app
        .state
        .db
        .read(|conn| {
            use api::db::schema::idempotency_keys as ik;
            use diesel::prelude::*;
            Ok(ik::table.count().get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(kept, 0, "no session token is stored");
}
