//! The events of actions in the activity feed (issue 12, item 9): creations, updates with what
//! changed (finances for their readers only) and journal messages, for those who read the
//! action — its territory, or the members of its organizations — and the messages they read.

use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, patch_action, user_id, valid_action};
use crate::sites::fixtures::demo_site;
use crate::support::{Persona, TestApp};

use Persona::*;

/// The last hundred events `persona` sees with `query` (`kinds=…`, a territory…).
async fn feed(app: &TestApp, persona: Persona, query: &str) -> Vec<Value> {
    let reply = app.get(&format!("/api/activities?limit=100&{query}"), persona).await;
    assert_eq!(reply.status, 200, "{persona:?} {query}: {}", reply.text());
    reply.json()["items"].as_array().unwrap().clone()
}

/// The events of action `id` among them, newest first.
async fn events_of(app: &TestApp, persona: Persona, id: i32, query: &str) -> Vec<Value> {
    feed(app, persona, query).await.into_iter().filter(|event| event["action"]["id"] == id).collect()
}

fn kinds(events: &[Value]) -> Vec<&str> {
    events.iter().map(|event| event["kind"].as_str().unwrap()).collect()
}

/// The `field`s of an update's `changes`.
fn changed_fields(event: &Value) -> Vec<&str> {
    event["changes"]
        .as_array()
        .map(|changes| changes.iter().map(|c| c["field"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

async fn post_message(app: &TestApp, author: Persona, id: i32, message: Value) {
    let reply = app.post(&format!("/api/actions/{id}/comments"), author, message).await;
    assert_eq!(reply.status, 201, "{author:?}: {}", reply.text());
}

async fn organization_of(app: &TestApp, persona: Persona) -> i64 {
    app.get("/api/me", persona).await.json()["organization"]["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn creating_updating_and_commenting_an_action_reach_the_readers_of_its_territory() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let renamed = patch_action(&app, Prefecture93, id, 1, json!({"name": "Accompagnement santé et école"})).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let message = json!({"body": "Première visite aux familles.", "visibility": "public"});
    post_message(&app, Asso93, id, message).await;
    let (prefecture, asso) = (user_id(&app, Prefecture93).await, user_id(&app, Asso93).await);
    for persona in [Prefecture93, Intervenant93, Commune93, Asso93] {
        let events = events_of(&app, persona, id, "").await;
        assert_eq!(kinds(&events), ["action_comment", "action_update", "action_creation"], "{persona:?}: {events:?}");
        let [comment, update, creation] = [&events[0], &events[1], &events[2]];
        assert_eq!(comment["comment"], "Première visite aux familles.");
        assert_eq!(comment["author"]["id"], asso);
        assert_eq!(comment["action"]["name"], "Accompagnement santé et école", "the action as it is now");
        assert_eq!(changed_fields(update), ["name"], "{persona:?}: {update}");
        assert_eq!(update["changes"][0]["before"], "Accompagnement santé des familles");
        assert_eq!(update["changes"][0]["after"], "Accompagnement santé et école");
        assert_eq!(update["author"]["id"], prefecture);
        assert_eq!(creation["author"]["id"], prefecture);
        assert_eq!(creation["changes"], Value::Null, "a creation lists no change");
        for event in &events {
            assert_eq!(event["departement"]["code"], "93");
            assert_eq!(event["action"]["topics"], json!(["health", "school"]));
            assert!(event.get("site").is_none(), "an action's event names no site: {event}");
        }
    }
    for persona in [Asso13, Observateur44] {
        assert_eq!(events_of(&app, persona, id, "").await, Vec::<Value>::new(), "{persona:?}");
    }
    // Operating an action of 93 opens its events to the association of 13, and only those.
    let mut body = valid_action(prefecture, user_id(&app, Asso13).await);
    body["name"] = json!("Action opérée depuis Marseille");
    let operated = create_action(&app, Prefecture93, body).await;
    assert_eq!(kinds(&events_of(&app, Asso13, operated, "").await), ["action_creation"]);
    assert_eq!(events_of(&app, Observateur44, operated, "").await, Vec::<Value>::new());
    let seen = feed(&app, Asso13, "").await;
    let of_93: Vec<&Value> = seen.iter().filter(|event| event["departement"]["code"] == "93").collect();
    assert!(of_93.iter().all(|event| event["action"]["id"] == operated), "{of_93:?}");
}

#[actix_web::test]
async fn a_change_of_finances_shows_in_the_feed_for_finance_readers_only() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let change = json!({
        "goals": "Scolariser chaque enfant avant la rentrée.",
        "finances": [{"year": 2025, "finance_type": "dedie", "amount": 45000, "comments": "Crédits BOP 135"}],
    });
    let reply = patch_action(&app, Prefecture93, id, 1, change).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    // (persona, reads the finances): the pilot's organization and the admin of 93 do; the
    // operator, the commune and the intervener read the action but not its finances.
    let cases = [
        (Prefecture93, true),
        (LocalAdmin93, true),
        (NationalAdmin, true),
        (Asso93, false),
        (Commune93, false),
        (Intervenant93, false),
    ];
    let mut mismatches = Vec::new();
    for (persona, reads) in cases {
        let events = events_of(&app, persona, id, "kinds=action_update").await;
        let fields: Vec<&str> = events.iter().flat_map(changed_fields).collect();
        let expected = if reads { vec!["goals", "finances"] } else { vec!["goals"] };
        let mut sorted = fields.clone();
        sorted.sort_unstable();
        let mut wanted = expected.clone();
        wanted.sort_unstable();
        if sorted != wanted {
            mismatches.push(format!("{persona:?}: expected {expected:?}, got {fields:?}"));
        }
        let text = serde_json::to_string(&events).unwrap();
        let traces = ["45000", "45\u{202f}000", "45 000", "BOP 135", "Financements"];
        if !reads && traces.iter().any(|trace| text.contains(trace)) {
            mismatches.push(format!("{persona:?} sees a figure of the finances: {text}"));
        }
    }
    assert!(mismatches.is_empty(), "the finance change in the feed:\n{}", mismatches.join("\n"));
}

#[actix_web::test]
async fn a_targeted_message_is_only_in_the_feeds_of_its_targets_and_its_author() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let asso93 = organization_of(&app, Asso93).await;
    let targeted =
        json!({"body": "Confidentiel pour l'opérateur.", "visibility": "custom", "organization_ids": [asso93]});
    post_message(&app, Prefecture93, id, targeted).await;
    post_message(&app, Asso93, id, json!({"body": "Message pour tous.", "visibility": "public"})).await;
    let comments = |events: Vec<Value>| -> Vec<String> {
        events.iter().map(|event| event["comment"].as_str().unwrap().to_owned()).collect()
    };
    let mut mismatches = Vec::new();
    for (persona, reads) in [(Prefecture93, true), (Asso93, true), (Commune93, false), (Intervenant93, false)] {
        let seen = comments(events_of(&app, persona, id, "kinds=action_comment").await);
        let expected: Vec<String> = if reads {
            vec!["Message pour tous.".into(), "Confidentiel pour l'opérateur.".into()]
        } else {
            vec!["Message pour tous.".into()]
        };
        if seen != expected {
            mismatches.push(format!("{persona:?}: expected {expected:?}, got {seen:?}"));
        }
    }
    assert!(mismatches.is_empty(), "the journal of action {id} in the feed:\n{}", mismatches.join("\n"));
    let page = app.get("/api/activities?limit=100", Commune93).await.text();
    assert!(!page.contains("Confidentiel"), "nothing of it leaks: {page}");
}

#[actix_web::test]
async fn action_events_are_filtered_by_kind_and_territory() {
    let app = TestApp::spawn().await;
    // In housing (no commune), on the site of Bondy, and in 13.
    let housing = create_action(&app, Prefecture93, action_93(&app).await).await;
    let mut body = action_93(&app).await;
    body["location_type"] = json!("sur_site");
    body["site_ids"] = json!([demo_site(&app, "Bondy", "open").await]);
    let in_bondy = create_action(&app, Prefecture93, body).await;
    let mut body = valid_action(user_id(&app, National).await, user_id(&app, Asso13).await);
    body["departement_code"] = json!("13");
    let in_13 = create_action(&app, NationalAdmin, body).await;
    post_message(&app, Asso93, housing, json!({"body": "Point d'étape.", "visibility": "public"})).await;

    let messages = feed(&app, Prefecture93, "kinds=action_comment").await;
    assert!(messages.iter().any(|event| event["action"]["id"] == housing), "{messages:?}");
    assert!(messages.iter().all(|event| event["kind"] == "action_comment"), "{messages:?}");
    let made = feed(&app, Prefecture93, "kinds=action_creation,site_comment").await;
    assert!(made.iter().all(|event| ["action_creation", "site_comment"].contains(&event["kind"].as_str().unwrap())));
    assert!(made.iter().any(|event| event["action"]["id"] == in_13), "{made:?}");

    let of = |events: &[Value]| -> Vec<i64> {
        let mut ids: Vec<i64> = events.iter().filter_map(|event| event["action"]["id"].as_i64()).collect();
        ids.dedup();
        ids
    };
    let in_departement_13 = feed(&app, Prefecture93, "location_type=departement&location_code=13").await;
    assert!(in_departement_13.iter().all(|event| event["departement"]["code"] == "13"), "{in_departement_13:?}");
    assert!(of(&in_departement_13).contains(&i64::from(in_13)));
    assert!(!of(&in_departement_13).iter().any(|id| [housing, in_bondy].contains(&(*id as i32))));
    // A commune finds the actions whose sites (or ETI) are there.
    let bondy = feed(&app, Prefecture93, "location_type=city&location_code=93010").await;
    assert!(of(&bondy).contains(&i64::from(in_bondy)), "{bondy:?}");
    assert!(!of(&bondy).iter().any(|id| [housing, in_13].contains(&(*id as i32))), "{bondy:?}");
}

#[actix_web::test]
async fn each_event_names_its_site_or_its_action() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    post_message(&app, Asso93, id, json!({"body": "Point d'étape.", "visibility": "public"})).await;
    let events = feed(&app, NationalAdmin, "").await;
    let (mut sites, mut actions) = (0, 0);
    for event in &events {
        let kind = event["kind"].as_str().unwrap();
        if kind.starts_with("site_") {
            sites += 1;
            assert!(event["site"]["id"].is_i64() && event.get("action").is_none(), "{event}");
        } else {
            actions += 1;
            assert!(kind.starts_with("action_"), "{event}");
            assert!(event["action"]["id"].is_i64() && event.get("site").is_none(), "{event}");
            assert!(event["action"]["name"].is_string() && event["action"]["phase"].is_string(), "{event}");
        }
    }
    assert!(sites > 0 && actions >= 2, "both kinds of events: {sites} of sites, {actions} of actions");
}
