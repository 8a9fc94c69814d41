//! The demo and scale seeds' actions (issue 12, item 11): finances for the years of each one
//! and indicators for its last years, which the API's own rules accept as they are.

use chrono::Datelike;
use serde_json::{json, Value};

use super::fixtures::patch_action;
use super::indicators::put;
use crate::support::{Persona, TestApp};

use Persona::*;

fn this_year() -> i64 {
    chrono::Utc::now().date_naive().year() as i64
}

/// The ids of every action, ongoing and ended, as the national admin lists them.
async fn every_action(app: &TestApp) -> Vec<i32> {
    let mut ids = Vec::new();
    for phase in ["ongoing", "ended"] {
        let mut cursor = String::new();
        loop {
            let page = app.get(&format!("/api/actions?phase={phase}&limit=200{cursor}"), NationalAdmin).await.json();
            ids.extend(page["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap() as i32));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
    }
    ids
}

/// Saving the action and each year of its indicators as they are stores nothing: its figures
/// pass every rule the API applies. Returns the action as read.
async fn assert_accepted_as_they_are(app: &TestApp, id: i32) -> Value {
    let action = app.get(&format!("/api/actions/{id}"), NationalAdmin).await.json();
    let current = action["version"].as_i64().unwrap();
    let saved = patch_action(app, NationalAdmin, id, current, json!({})).await;
    assert_eq!((saved.status, saved.json()["version"].as_i64()), (200, Some(current)), "{id}: {}", saved.text());
    for year in action["indicators"].as_array().unwrap() {
        let (number, values) = (year["year"].as_i64().unwrap() as i32, year["values"].clone());
        let reply = put(app, NationalAdmin, id, number, Some(current), values).await;
        assert_eq!((reply.status, reply.json()["version"].as_i64()), (200, Some(current)), "{id}: {}", reply.text());
    }
    action
}

/// The years of the finances of an action, once each.
fn finance_years(action: &Value) -> Vec<i64> {
    let mut years: Vec<i64> =
        action["finances"].as_array().unwrap().iter().map(|r| r["year"].as_i64().unwrap()).collect();
    years.dedup();
    years
}

#[actix_web::test]
async fn the_demo_actions_have_finances_every_year_and_indicators_their_rules_accept() {
    let app = TestApp::spawn().await;
    let ids = every_action(&app).await;
    assert_eq!(ids.len(), 7, "the seven demo actions");
    for id in ids {
        let action = assert_accepted_as_they_are(&app, id).await;
        let started = action["started_at"].as_str().unwrap()[..4].parse::<i64>().unwrap();
        let ended = action["ended_at"].as_str().map(|day| day[..4].parse::<i64>().unwrap());
        let last = ended.unwrap_or(this_year() + 1);
        assert_eq!(finance_years(&action), (started..=last).collect::<Vec<_>>(), "{action}");
        let rows = action["finances"].as_array().unwrap().len() as i64;
        assert!(rows <= 2 * (last - started + 1), "one or two rows a year: {action}");
        let years = action["indicators"].as_array().unwrap();
        let expected = (last.min(this_year()) - started + 1).min(2);
        assert!(years.len() as i64 >= expected && years.len() <= 3, "{id}: {action}");
        let history = app.get(&format!("/api/actions/{id}/history"), NationalAdmin).await.json();
        let kinds: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
        assert_eq!(kinds, vec!["indicators", "update", "creation"], "{history}");
        let pilots = super::fixtures::ids(&action["pilots"]);
        assert!(pilots.contains(&history[2]["author"]["id"].as_i64().unwrap()), "a pilot set the finances: {history}");
    }
    let filled = app.get("/api/actions?indicators=filled&limit=200", NationalAdmin).await.json();
    assert!(filled["total"].as_i64().unwrap() >= 3, "last year is filled for most: {filled}");
}

#[actix_web::test]
async fn the_scale_actions_have_finances_and_indicators_their_rules_accept() {
    let app = TestApp::spawn().await;
    let demo = every_action(&app).await;
    let (db, geography) = (app.state.db.clone(), app.state.geography.clone());
    let written =
        actix_web::web::block(move || api::seed::scale_actions::seed(&db, &geography, 1)).await.unwrap().unwrap();
    assert_eq!(written, 300);
    let generated: Vec<i32> = every_action(&app).await.into_iter().filter(|id| !demo.contains(id)).collect();
    assert_eq!(generated.len(), 300);
    let mut with_indicators = 0;
    for id in generated.iter().step_by(10) {
        let action = assert_accepted_as_they_are(&app, *id).await;
        let years = finance_years(&action);
        assert!(!years.is_empty() && years.len() <= 5, "{action}");
        let indicators = action["indicators"].as_array().unwrap();
        assert!(indicators.len() <= 5, "{action}");
        if !indicators.is_empty() {
            with_indicators += 1;
            let history = app.get(&format!("/api/actions/{id}/history"), NationalAdmin).await.json();
            assert_eq!(history[0]["kind"], "indicators", "{history}");
        }
    }
    assert!(with_indicators >= 20, "most actions have indicators: {with_indicators} of 30");
}
