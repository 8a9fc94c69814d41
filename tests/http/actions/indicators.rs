//! The yearly indicators of an action (DOMAIN §10.4): `PUT /api/actions/{id}/indicators/{year}`
//! with the version read; each count bounded by those it is part of, a topic's counts only when
//! the action has the topic, a year inside the action's; set by whoever updates the action, as
//! a version of kind `indicators`; the list tells which actions have the year filled.

use actix_web::http::Method;
use chrono::Datelike;
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, patch_action, stored_versions, user_id, valid_action, version};
use crate::support::{Caller, Persona, Reply, TestApp};

use Persona::*;

fn this_year() -> i32 {
    chrono::Utc::now().date_naive().year()
}

/// Sends the indicators of `year` with `If-Match` set to `version` (none when `None`).
pub(super) async fn put(
    app: &TestApp,
    who: impl Into<Caller>,
    id: i32,
    year: i32,
    version: Option<i64>,
    values: Value,
) -> Reply {
    let path = format!("/api/actions/{id}/indicators/{year}");
    let version = version.map(|v| format!("\"{v}\""));
    let headers: Vec<(&str, &str)> = version.iter().map(|v| ("If-Match", v.as_str())).collect();
    app.call_with_headers(Method::PUT, &path, who, Some(values), &headers).await
}

/// An action of 93 started on 6 January 2025, running, with every topic.
async fn action_with_every_topic(app: &TestApp) -> i32 {
    let mut body = action_93(app).await;
    body["topics"] = json!(["health", "school", "work", "housing", "safety"]);
    create_action(app, Prefecture93, body).await
}

/// The six school counts bounded by the minors of 3 and over.
const SCHOOL_COUNTS: [&str; 6] =
    ["school_mediation", "school_preschool", "school_elementary", "school_middle", "school_high", "school_other"];

/// (values, field at fault, code, the limit the message names when too large).
type Case = (Value, String, &'static str, Option<i32>);

fn case(values: Value, field: &str, code: &'static str, limit: Option<i32>) -> Case {
    (values, field.to_owned(), code, limit)
}

/// Every bound, each with its fallbacks: the narrowest count given bounds.
fn bounds() -> Vec<Case> {
    let mut cases = vec![
        case(json!({"people": 0}), "people", "too_small", None),
        case(json!({"households": 0}), "households", "too_small", None),
        case(json!({"people": -1}), "people", "negative", None),
        case(json!({"people": 10, "minors": -3}), "minors", "negative", None),
        case(json!({"school_other": -1}), "school_other", "negative", None),
        case(json!({"people": 10, "households": 11}), "households", "too_large", Some(10)),
        case(json!({"people": 10, "women": 11}), "women", "too_large", Some(10)),
        case(json!({"people": 10, "minors": 11}), "minors", "too_large", Some(10)),
        case(json!({"people": 10, "health_people": 11}), "health_people", "too_large", Some(10)),
        case(json!({"people": 10, "work_people": 11}), "work_people", "too_large", Some(10)),
        // Women with a contract: within those with a contract, else the women, else everyone.
        case(json!({"people": 10, "women": 6, "work_people": 3, "work_women": 4}), "work_women", "too_large", Some(3)),
        case(json!({"people": 10, "women": 6, "work_women": 7}), "work_women", "too_large", Some(6)),
        case(json!({"people": 10, "work_women": 11}), "work_women", "too_large", Some(10)),
        case(json!({"people": 10, "shelter_people": 11}), "shelter_people", "too_large", Some(10)),
        case(json!({"people": 10, "housing_people": 11}), "housing_people", "too_large", Some(10)),
    ];
    // Households sheltered or housed: within the people sheltered or housed, else the
    // households, else everyone.
    for (people, households) in [("shelter_people", "shelter_households"), ("housing_people", "housing_households")] {
        cases.push(case(
            json!({"people": 10, "households": 5, people: 3, households: 4}),
            households,
            "too_large",
            Some(3),
        ));
        cases.push(case(json!({"people": 10, "households": 5, households: 6}), households, "too_large", Some(5)));
        cases.push(case(json!({"people": 10, households: 11}), households, "too_large", Some(10)));
    }
    cases.push(case(
        json!({"people": 10, "minors": 5, "school_minors_3_and_over": 6}),
        "school_minors_3_and_over",
        "too_large",
        Some(5),
    ));
    cases.push(case(
        json!({"people": 10, "school_minors_3_and_over": 11}),
        "school_minors_3_and_over",
        "too_large",
        Some(10),
    ));
    // The school counts: within the minors of 3 and over, else the minors, else everyone.
    for field in SCHOOL_COUNTS {
        cases.push(case(
            json!({"people": 10, "minors": 8, "school_minors_3_and_over": 5, field: 6}),
            field,
            "too_large",
            Some(5),
        ));
        cases.push(case(json!({"people": 10, "minors": 5, field: 6}), field, "too_large", Some(5)));
        cases.push(case(json!({"people": 10, field: 11}), field, "too_large", Some(10)));
    }
    cases
}

#[actix_web::test]
async fn every_bound_of_the_indicators_names_its_field_with_its_code_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let id = action_with_every_topic(&app).await;
    let before = stored_versions(&app).await;
    let mut mismatches = Vec::new();
    for (values, field, code, limit) in bounds() {
        let reply = put(&app, Prefecture93, id, 2025, Some(1), values.clone()).await;
        let error = &reply.json()["errors"][0];
        let message = error["message"].as_str().unwrap_or_default().to_owned();
        let names_limit = limit.is_none_or(|limit| message.contains(&format!("({limit})")));
        if reply.status != 422
            || reply.error_fields() != vec![field.clone()]
            || error["code"] != code
            || message.len() < 10
            || !names_limit
        {
            mismatches.push(format!(
                "{values}: expected {field} {code} {limit:?}, got {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{} faulty answers:\n{}", mismatches.len(), mismatches.join("\n"));
    assert_eq!(stored_versions(&app).await, before, "no refused indicators were written");
    assert_eq!(version(&app, id).await, 1);
}

#[actix_web::test]
async fn counts_at_their_bounds_are_stored_and_read_back() {
    let app = TestApp::spawn().await;
    let id = action_with_every_topic(&app).await;
    let mut values = json!({
        "people": 40, "households": 40, "women": 20, "minors": 18, "health_people": 40,
        "work_people": 12, "work_women": 12, "shelter_people": 30, "shelter_households": 30,
        "housing_people": 40, "housing_households": 40, "school_minors_3_and_over": 18,
    });
    for field in SCHOOL_COUNTS {
        values[field] = json!(18);
    }
    let reply = put(&app, Asso93, id, 2025, Some(1), values.clone()).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("etag"), Some("\"2\""));
    let action = reply.json();
    assert_eq!(action["version"], 2);
    let year = &action["indicators"][0];
    assert_eq!(year["year"], 2025, "{action}");
    assert_eq!(&year["values"], &values);
    assert_eq!(year["updated_by"], user_id(&app, Asso93).await);
    assert_eq!(action["indicators_updated_at"], year["updated_at"]);
    // A count with nothing to bound it is free; the counts not given are null.
    let reply = put(&app, Asso93, id, 2026, Some(2), json!({"women": 500, "school_high": 3})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let read = app.get(&format!("/api/actions/{id}"), Intervenant93).await.json();
    let years: Vec<i64> = read["indicators"].as_array().unwrap().iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert_eq!(years, vec![2025, 2026], "every reader sees them, oldest year first: {read}");
    assert_eq!(read["indicators"][1]["values"]["women"], 500);
    assert_eq!(read["indicators"][1]["values"]["people"], json!(null));
}

#[actix_web::test]
async fn a_count_of_a_topic_the_action_lacks_is_refused_in_french() {
    let app = TestApp::spawn().await;
    let mut body = action_93(&app).await;
    body["topics"] = json!(["health", "safety"]);
    let id = create_action(&app, Prefecture93, body).await;
    let mut cases = vec![
        ("work_people", "Formation et emploi"),
        ("work_women", "Formation et emploi"),
        ("shelter_people", "Logement"),
        ("shelter_households", "Logement"),
        ("housing_people", "Logement"),
        ("housing_households", "Logement"),
        ("school_minors_3_and_over", "Éducation et scolarisation"),
    ];
    cases.extend(SCHOOL_COUNTS.iter().map(|field| (*field, "Éducation et scolarisation")));
    let mut mismatches = Vec::new();
    for (field, topic) in cases {
        let reply = put(&app, Prefecture93, id, 2025, Some(1), json!({"people": 10, field: 1})).await;
        let error = &reply.json()["errors"][0];
        let message = error["message"].as_str().unwrap_or_default();
        if reply.status != 422
            || reply.error_fields() != vec![field]
            || error["code"] != "topic_missing"
            || !message.contains(&format!("« {topic} »"))
        {
            mismatches.push(format!("{field}: {} {}", reply.status, reply.text()));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The common block and the health count are the action's.
    let reply = put(&app, Prefecture93, id, 2025, Some(1), json!({"people": 10, "health_people": 4})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    // One answer names every count out of the topics.
    let reply = put(&app, Prefecture93, id, 2025, Some(2), json!({"work_people": 1, "school_high": 1})).await;
    assert_eq!(reply.error_fields(), vec!["work_people", "school_high"], "{}", reply.text());
}

#[actix_web::test]
async fn indicators_belong_to_a_year_of_the_action() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    // It started in 2025 and runs: its years go to next year.
    for year in [2024, this_year() + 2] {
        let reply = put(&app, Prefecture93, id, year, Some(1), json!({"people": 10})).await;
        assert_eq!(reply.status, 422, "{year}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec!["year"], "{year}: {}", reply.text());
        assert_eq!(reply.json()["errors"][0]["code"], "outside_action");
        assert!(reply.json()["errors"][0]["message"].as_str().unwrap().contains("2025"), "{}", reply.text());
    }
    let reply = put(&app, Prefecture93, id, this_year() + 1, Some(1), json!({"people": 10})).await;
    assert_eq!(reply.status, 200, "next year is one of a running action's: {}", reply.text());
    let mut ended = action_93(&app).await;
    ended["ended_at"] = json!("2025-06-30");
    let id = create_action(&app, Prefecture93, ended).await;
    let reply = put(&app, Prefecture93, id, 2026, Some(1), json!({"people": 10})).await;
    assert_eq!(reply.error_fields(), vec!["year"], "an ended action's years stop at its end: {}", reply.text());
    assert_eq!(put(&app, Prefecture93, id, 2025, Some(1), json!({"people": 10})).await.status, 200);
}

#[actix_web::test]
async fn indicators_need_the_version_read_and_a_stale_one_is_refused() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let missing = put(&app, Prefecture93, id, 2025, None, json!({"people": 10})).await;
    assert_eq!(missing.status, 428, "{}", missing.text());
    let renamed = patch_action(&app, Asso93, id, 1, json!({"name": "Suivi santé"})).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let stale = put(&app, Prefecture93, id, 2025, Some(1), json!({"people": 10})).await;
    assert_eq!(stale.status, 412, "{}", stale.text());
    assert_eq!(stale.header("etag"), Some("\"2\""), "the 412 tells the current version");
    let action = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(action["indicators"], json!([]), "{action}");
    assert_eq!(action["indicators_updated_at"], json!(null));
}

#[actix_web::test]
async fn who_may_set_the_indicators_of_an_action_of_93() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    // Those who update the action: admins, the State and its operator; the commune writes in its
    // commune only, the intervener and the national establishment never write actions.
    let cases = [
        (NationalAdmin, 200),
        (LocalAdmin93, 200),
        (Prefecture93, 200),
        (Asso93, 200),
        (Commune93, 403),
        (Intervenant93, 403),
        (National, 403),
        (Asso13, 404),
        (Observateur44, 404),
    ];
    let mut mismatches = Vec::new();
    for (n, (persona, status)) in cases.into_iter().enumerate() {
        let current = version(&app, id).await;
        let reply = put(&app, persona, id, 2025, Some(current), json!({"people": 10 + n})).await;
        if reply.status != status {
            mismatches.push(format!("{persona:?}: expected {status}, got {} {}", reply.status, reply.text()));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    let anonymous = put(&app, Caller::Anonymous, id, 2025, Some(version(&app, id).await), json!({"people": 1})).await;
    assert_eq!(anonymous.status, 401);
    let hidden = put(&app, Asso13, id, 2025, Some(1), json!({"people": 1})).await;
    assert!(!hidden.text().contains("Accompagnement"), "nothing leaks in the 404: {}", hidden.text());
}

#[actix_web::test]
async fn members_of_the_pilot_and_operator_organizations_set_them_wherever_they_are() {
    let app = TestApp::spawn().await;
    // The commune pilots, the intervener and the association of 13 operate.
    let (intervenant, asso13) = (user_id(&app, Intervenant93).await, user_id(&app, Asso13).await);
    let mut body = valid_action(user_id(&app, Commune93).await, intervenant);
    body["operators"] = json!([intervenant, asso13]);
    body["principal_operator"] = json!(intervenant);
    let id = create_action(&app, Prefecture93, body).await;
    for (n, persona) in [Commune93, Intervenant93, Asso13].into_iter().enumerate() {
        let current = version(&app, id).await;
        let reply = put(&app, persona, id, 2025, Some(current), json!({"people": 20 + n})).await;
        assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
    }
    let reply = put(&app, Asso93, id, 2025, Some(version(&app, id).await), json!({"people": 5})).await;
    assert_eq!(reply.status, 403, "no longer its operator, the association of 93 only reads: {}", reply.text());
}

#[actix_web::test]
async fn empty_counts_remove_the_year_and_the_same_counts_store_nothing() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let values = json!({"people": 48, "households": 12, "minors": 22, "school_elementary": 9});
    let reply = put(&app, Asso93, id, 2025, Some(1), values.clone()).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let written = stored_versions(&app).await;
    let updated_at = reply.json()["indicators"][0]["updated_at"].clone();
    // The same counts, sent again (nulls are absent counts): nothing stored, same version.
    let mut again = values.clone();
    again["women"] = json!(null);
    let reply = put(&app, Prefecture93, id, 2025, Some(2), again).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("etag"), Some("\"2\""));
    assert_eq!(reply.json()["indicators"][0]["updated_at"], updated_at);
    assert_eq!(reply.json()["indicators"][0]["updated_by"], user_id(&app, Asso93).await, "still its author");
    assert_eq!(stored_versions(&app).await, written);
    // Nothing for a year without indicators: nothing to remove.
    let reply = put(&app, Prefecture93, id, 2026, Some(2), json!({})).await;
    assert_eq!((reply.status, reply.json()["version"].clone()), (200, json!(2)), "{}", reply.text());
    assert_eq!(stored_versions(&app).await, written);
    // Every count empty removes the year.
    let reply = put(&app, Prefecture93, id, 2025, Some(2), json!({"people": null})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["version"], 3);
    assert_eq!(reply.json()["indicators"], json!([]));
    assert_eq!(reply.json()["indicators_updated_at"], json!(null));
    let history = app.get(&format!("/api/actions/{id}/history"), Asso93).await.json();
    let removal = &history[0];
    assert_eq!(removal["kind"], "indicators", "{history}");
    let mut fields: Vec<&str> =
        removal["changes"].as_array().unwrap().iter().filter_map(|c| c["field"].as_str()).collect();
    fields.sort_unstable();
    let expected = [
        "indicators.2025.households",
        "indicators.2025.minors",
        "indicators.2025.people",
        "indicators.2025.school_elementary",
    ];
    assert_eq!(fields, expected, "{history}");
    assert!(removal["changes"].as_array().unwrap().iter().all(|c| c["after"] == "non renseigné"), "{history}");
}

#[actix_web::test]
async fn the_history_tells_each_count_changed_with_its_year_and_french_label() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let reply = put(&app, Asso93, id, 2025, Some(1), json!({"people": 48, "minors": 22})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = put(&app, Asso93, id, 2025, Some(2), json!({"people": 50, "minors": 22, "school_middle": 4})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let history = app.get(&format!("/api/actions/{id}/history"), Commune93).await;
    assert_eq!(history.status, 200, "{}", history.text());
    let history = history.json();
    let kinds: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["indicators", "indicators", "creation"], "{history}");
    assert_eq!(history[0]["author"]["id"], user_id(&app, Asso93).await);
    let changes = history[0]["changes"].as_array().unwrap();
    let people = changes.iter().find(|c| c["field"] == "indicators.2025.people").unwrap_or_else(|| panic!("{history}"));
    assert_eq!(people["label"], "Nombre de personnes concernées (2025)");
    assert_eq!((people["before"].as_str(), people["after"].as_str()), (Some("48"), Some("50")));
    let middle = changes.iter().find(|c| c["field"] == "indicators.2025.school_middle");
    let middle = middle.unwrap_or_else(|| panic!("{history}"));
    assert_eq!((middle["before"].as_str(), middle["after"].as_str()), (Some("non renseigné"), Some("4")));
    assert_eq!(changes.len(), 2, "the minors did not change: {history}");
    let first: Vec<&str> =
        history[1]["changes"].as_array().unwrap().iter().filter_map(|c| c["field"].as_str()).collect();
    assert_eq!(first, vec!["indicators.2025.people", "indicators.2025.minors"], "{history}");
}

/// The names listed for `query` (narrowed to the word of this test's actions), sorted.
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let reply = app.get(&format!("/api/actions?q=xylophone&limit=200&{query}"), NationalAdmin).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    let mut names: Vec<String> =
        reply.json()["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

#[actix_web::test]
async fn the_list_tells_the_actions_whose_indicators_of_a_year_are_filled_or_missing() {
    let app = TestApp::spawn().await;
    let last_year = this_year() - 1;
    let mut ids = Vec::new();
    for name in ["Xylophone rempli", "Xylophone vide"] {
        let mut body = action_93(&app).await;
        body["name"] = json!(name);
        body["started_at"] = json!(format!("{}-01-15", last_year - 1));
        ids.push(create_action(&app, Prefecture93, body).await);
    }
    let (filled, empty) = (ids[0], ids[1]);
    let reply = put(&app, Asso93, filled, last_year, Some(1), json!({"people": 30})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = put(&app, Asso93, empty, last_year - 1, Some(1), json!({"people": 12})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let both = vec!["Xylophone rempli".to_owned(), "Xylophone vide".to_owned()];
    let cases = [
        // Last year by default.
        ("indicators=filled".to_owned(), vec!["Xylophone rempli".to_owned()]),
        ("indicators=missing".to_owned(), vec!["Xylophone vide".to_owned()]),
        (format!("indicators=filled&year={}", last_year - 1), vec!["Xylophone vide".to_owned()]),
        (format!("indicators=missing&year={}", last_year - 1), vec!["Xylophone rempli".to_owned()]),
        (format!("indicators=missing&year={}", this_year()), both.clone()),
        (String::new(), both),
    ];
    for (query, expected) in &cases {
        assert_eq!(&listed(&app, query).await, expected, "{query}");
    }
    let refused = app.get("/api/actions?indicators=partly", NationalAdmin).await;
    assert_eq!(refused.status, 400, "{}", refused.text());
    // Each summary tells when its indicators were last entered.
    let page = app.get("/api/actions?q=xylophone&sort=name", NationalAdmin).await.json();
    let action = app.get(&format!("/api/actions/{filled}"), NationalAdmin).await.json();
    assert_eq!(page["items"][0]["name"], "Xylophone rempli", "{page}");
    // The list reads a column, the detail a snapshot: the same instant, written the same way.
    assert!(page["items"][0]["indicators_updated_at"].is_string(), "{page}");
    assert_eq!(page["items"][0]["indicators_updated_at"], action["indicators_updated_at"], "{page}\n{action}");
    assert_eq!(page["items"][0]["updated_at"], action["updated_at"], "{page}\n{action}");
    assert!(page["items"][1]["indicators_updated_at"].is_string(), "{page}");
    let reply = put(&app, Asso93, empty, last_year - 1, Some(2), json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let page = app.get("/api/actions?q=xylophone&sort=name", NationalAdmin).await.json();
    assert_eq!(page["items"][1]["indicators_updated_at"], json!(null), "none left: {page}");
}
