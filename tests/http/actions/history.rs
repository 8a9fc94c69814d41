use actix_web::http::Method;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::fixtures::{action_93, create_action, patch_action, user_id};
use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn history_lists_versions_newest_first_with_their_author_and_french_labels() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let reply = patch_action(&app, Persona::Asso93, id, 1, json!({"name": "Suivi santé", "topics": ["health"]})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = app.get(&format!("/api/actions/{id}/history"), Persona::Prefecture93).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let history = reply.json();
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{history}");
    let (update, creation) = (&entries[0], &entries[1]);
    assert_eq!(update["version"], 2);
    assert_eq!(update["kind"], "update");
    assert_eq!(update["author"]["id"], user_id(&app, Persona::Asso93).await);
    assert_eq!(update["author"]["last_name"], "Popescu");
    assert_eq!(creation["version"], 1);
    assert_eq!(creation["kind"], "creation");
    assert_eq!(creation["author"]["last_name"], "Lefèvre");
    let at = |entry: &serde_json::Value| entry["at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    assert!(at(update) >= at(creation));
    let changes = update["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["before"] == "Accompagnement santé des familles" && c["after"] == "Suivi santé"),
        "the name change is told with both values: {history}"
    );
    assert!(changes.len() >= 2, "the name and the topics changed: {history}");
    for change in changes {
        assert!(!change["field"].as_str().unwrap().is_empty(), "{change}");
        assert!(!change["label"].as_str().unwrap().trim().is_empty(), "a French label: {change}");
    }
    assert_eq!(app.get(&format!("/api/actions/{id}/history"), Persona::Asso13).await.status, 404);
    assert_eq!(app.get(&format!("/api/actions/{id}/history"), Caller::Anonymous).await.status, 401);
}

#[actix_web::test]
async fn an_action_is_read_as_it_was_at_the_end_of_a_past_day() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let history = app.get(&format!("/api/actions/{id}/history"), Persona::Prefecture93).await.json();
    // The day of the creation as the server wrote it, so that the test holds around midnight.
    let created: DateTime<Utc> = history[0]["at"].as_str().unwrap().parse().unwrap();
    let day = created.date_naive();
    let before = day - Duration::days(1);
    let then = app.get(&format!("/api/actions/{id}?as_of={before}"), Persona::Prefecture93).await;
    assert_eq!(then.status, 404, "the action did not exist yet: {}", then.text());
    let reply = app.get(&format!("/api/actions/{id}?as_of={day}"), Persona::Prefecture93).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(reply.json()["name"], "Accompagnement santé des familles");
    let patched = patch_action(&app, Persona::Prefecture93, id, 1, json!({"name": "Suivi santé"})).await;
    assert_eq!(patched.status, 200, "{}", patched.text());
    let end_of_day = app.get(&format!("/api/actions/{id}?as_of={day}"), Persona::Prefecture93).await.json();
    assert_eq!(end_of_day["version"], 2, "the end of the day holds the last version of that day");
    assert_eq!(end_of_day["name"], "Suivi santé");
    let outside = app.get(&format!("/api/actions/{id}?as_of={day}"), Persona::Asso13).await;
    assert_eq!(outside.status, 404, "the past is no wider than the present");
}

#[actix_web::test]
async fn only_the_national_admin_deletes_an_action_and_then_it_is_gone() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let path = format!("/api/actions/{id}");
    let refused = app.call(Method::DELETE, &path, Persona::Prefecture93, None).await;
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert_eq!(app.call(Method::DELETE, &path, Persona::Asso13, None).await.status, 404);
    let deleted = app.call(Method::DELETE, &path, Persona::NationalAdmin, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert!(deleted.body.is_empty());
    assert_eq!(app.get(&path, Persona::NationalAdmin).await.status, 404);
    assert_eq!(app.get(&path, Persona::Prefecture93).await.status, 404);
    assert_eq!(app.get(&format!("{path}/history"), Persona::NationalAdmin).await.status, 404);
    let again = patch_action(&app, Persona::NationalAdmin, id, 1, json!({"name": "Fantôme"})).await;
    assert_eq!(again.status, 404, "{}", again.text());
    assert_eq!(app.call(Method::DELETE, &path, Persona::NationalAdmin, None).await.status, 404);
}
