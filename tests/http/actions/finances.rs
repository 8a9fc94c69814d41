//! The finances of an action (DOMAIN §10.3): rows per year inside the action's years, read and
//! changed by finance readers only — the members of its pilot organizations and those who hold
//! `action_finances.access` where it is. For everyone else they do not exist: no key in the
//! answer, no figure in the history, the list or an error, and a patch of them is kept.

use chrono::Datelike;
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, patch_action, stored_versions, user_id, valid_action, version};
use crate::support::{Persona, TestApp};

use Persona::*;

fn this_year() -> i32 {
    chrono::Utc::now().date_naive().year()
}

/// A row of finances.
fn row(year: i32, finance_type: &str, amount: f64) -> Value {
    json!({"year": year, "finance_type": finance_type, "amount": amount})
}

/// The budget the tests hide: figures and a comment that appear nowhere else in an answer.
fn budget() -> Value {
    json!([
        {"year": 2025, "finance_type": "dedie", "amount": 45000, "real_amount": 38250.5, "comments": "Crédits BOP 135"},
        {"year": 2026, "finance_type": "collectivite", "amount": 12750, "comments": "Part de la commune"},
    ])
}

/// Every way the budget of [`budget`] could show in a text: raw, French-formatted, or its comments.
const BUDGET_TRACES: [&str; 10] = [
    "45000",
    "45 000",
    "45\u{202f}000",
    "38250",
    "38\u{202f}250",
    "12750",
    "12\u{202f}750",
    "BOP 135",
    "Part de la commune",
    "Financements",
];

/// The traces of the budget `text` holds.
fn traces(text: &str) -> Vec<&'static str> {
    BUDGET_TRACES.iter().copied().filter(|trace| text.contains(trace)).collect()
}

/// An action of 93 (started on 6 January 2025, running) named with a word no other action
/// holds, piloted by the préfecture of 93 and operated by `operator`, with the budget.
async fn budgeted_action(app: &TestApp, operator: Persona) -> i32 {
    let mut body = valid_action(user_id(app, Prefecture93).await, user_id(app, operator).await);
    body["name"] = json!("Quetzalcoatl budgété");
    body["finances"] = budget();
    create_action(app, Prefecture93, body).await
}

#[actix_web::test]
async fn every_rule_of_the_finances_names_its_row_and_field_with_its_code_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let valid = action_93(&app).await;
    let next_year = this_year() + 1;
    // The action runs from 2025 and has not ended: its years go to next year.
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([row(2024, "dedie", 1000.0)]), "finances[0].year", "outside_action"),
        (json!([row(next_year + 1, "dedie", 1000.0)]), "finances[0].year", "outside_action"),
        (json!([row(2025, "dedie", 1000.0), row(2025, "prive", -0.01)]), "finances[1].amount", "negative"),
        (
            json!([{"year": 2025, "finance_type": "dedie", "amount": 10, "real_amount": -5}]),
            "finances[0].real_amount",
            "negative",
        ),
        (
            json!([{"year": 2025, "finance_type": "dedie", "amount": 10, "comments": "x".repeat(256)}]),
            "finances[0].comments",
            "too_long",
        ),
        (
            json!([row(2025, "dedie", 1000.0), row(2026, "dedie", 1000.0), row(2025, "dedie", 5.0)]),
            "finances[2].finance_type",
            "duplicate",
        ),
    ];
    let before = stored_versions(&app).await;
    for (finances, field, code) in &cases {
        let mut body = valid.clone();
        body["finances"] = finances.clone();
        let reply = app.post("/api/actions", NationalAdmin, body).await;
        assert_eq!(reply.status, 422, "{finances}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec![field.to_string()], "{finances}: {}", reply.text());
        let error = &reply.json()["errors"][0];
        assert_eq!(error["code"], *code, "{finances}: {}", reply.text());
        assert!(error["message"].as_str().unwrap().len() > 5, "{finances}: a French message");
    }
    // The same rules on an update, with the row they concern.
    let id = create_action(&app, Prefecture93, valid.clone()).await;
    let written = stored_versions(&app).await;
    for (finances, field, code) in &cases {
        let reply = patch_action(&app, Prefecture93, id, 1, json!({"finances": finances})).await;
        assert_eq!(reply.status, 422, "{finances}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec![field.to_string()], "{finances}: {}", reply.text());
        assert_eq!(reply.json()["errors"][0]["code"], *code, "{finances}");
    }
    assert_eq!(stored_versions(&app).await, written, "no refused update was written");
    assert_eq!(written, before + 1, "only the valid creation was written");
    // An ended action's years stop at its end.
    let mut ended = valid.clone();
    ended["ended_at"] = json!("2025-06-30");
    ended["finances"] = json!([row(2025, "dedie", 1000.0), row(2026, "dedie", 1000.0)]);
    let reply = app.post("/api/actions", NationalAdmin, ended).await;
    assert_eq!(reply.error_fields(), vec!["finances[1].year"], "{}", reply.text());
    assert!(reply.json()["errors"][0]["message"].as_str().unwrap().contains("2025 et 2025"), "{}", reply.text());
}

#[actix_web::test]
async fn the_limits_themselves_are_accepted() {
    let app = TestApp::spawn().await;
    let mut body = action_93(&app).await;
    let next_year = this_year() + 1;
    body["finances"] = json!([
        {"year": next_year, "finance_type": "autre", "amount": 0, "real_amount": 0, "comments": "é".repeat(255)},
        row(2025, "dedie", 1000.0),
        row(2025, "europeen", 1000.0),
    ]);
    let reply = app.post("/api/actions", Prefecture93, body).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    let finances = &reply.json()["finances"];
    assert_eq!(finances.as_array().unwrap().len(), 3, "{finances}");
    assert_eq!(finances[0]["year"], next_year, "rows keep the order sent: {finances}");
    assert_eq!(finances[0]["amount"], 0.0);
}

#[actix_web::test]
async fn a_pilot_adds_a_year_of_finances_and_reads_them_back() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let created = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(created["finances"], json!([]), "a reader sees the finances, empty at first: {created}");
    let year = json!([
        {"year": 2025, "finance_type": "dedie", "amount": 45000.004, "real_amount": 38250.5,
            "comments": "  Crédits BOP 135  "},
        {"year": 2025, "finance_type": "etatique", "amount": 1234.567},
    ]);
    let reply = patch_action(&app, Prefecture93, id, 1, json!({"finances": year})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json().get("kept_fields").is_none(), "nothing kept from a pilot: {}", reply.text());
    // Amounts to the cent, comments trimmed, rows in the order sent.
    let expected = json!([
        {"year": 2025, "finance_type": "dedie", "amount": 45000.0, "real_amount": 38250.5,
            "comments": "Crédits BOP 135"},
        {"year": 2025, "finance_type": "etatique", "amount": 1234.57, "real_amount": null, "comments": null},
    ]);
    assert_eq!(reply.json()["finances"], expected);
    let read = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(read["version"], 2);
    assert_eq!(read["finances"], expected);
    // A merge patch replaces the list: the next year comes with the rows kept.
    let mut both = expected.as_array().unwrap().clone();
    both.push(row(2026, "collectivite", 12750.0));
    let reply = patch_action(&app, Prefecture93, id, 2, json!({"finances": both})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["finances"].as_array().unwrap().len(), 3);
    // The history tells the finances to their readers, in euros.
    let history = app.get(&format!("/api/actions/{id}/history"), Prefecture93).await.json();
    let change = history[1]["changes"].as_array().unwrap().iter().find(|c| c["field"] == "finances").cloned();
    let change = change.unwrap_or_else(|| panic!("the finance change is told: {history}"));
    assert_eq!(change["label"], "Financements");
    assert_eq!(change["before"], "non renseigné");
    let after = change["after"].as_str().unwrap();
    assert!(
        after.contains("2025 · Crédits dédiés à la résorption des bidonvilles : 45\u{202f}000,00 € prévus"),
        "{after}"
    );
    assert!(after.contains("38\u{202f}250,50 € exécutés"), "{after}");
}

#[actix_web::test]
async fn finances_are_read_by_admins_the_state_and_the_pilots_organizations_only() {
    let app = TestApp::spawn().await;
    let id = budgeted_action(&app, Asso93).await;
    // (persona, reads the finances): the operator, the commune, the intervener and the national
    // establishment read the action but not its finances.
    let cases = [
        (NationalAdmin, true),
        (LocalAdmin93, true),
        (Prefecture93, true),
        (Commune93, false),
        (Asso93, false),
        (Intervenant93, false),
        (National, false),
    ];
    let mut mismatches = Vec::new();
    for (persona, reads) in cases {
        let reply = app.get(&format!("/api/actions/{id}"), persona).await;
        assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
        let action = reply.json();
        let shown = action.get("finances").is_some();
        if shown != reads || action["abilities"]["read_finances"] != reads {
            mismatches.push(format!("{persona:?}: expected finances {reads}, got {action}"));
        }
        if !reads && !traces(&reply.text()).is_empty() {
            mismatches.push(format!("{persona:?} sees {:?}", traces(&reply.text())));
        }
    }
    assert!(mismatches.is_empty(), "GET /api/actions/{id}:\n{}", mismatches.join("\n"));
    // Piloting opens them: to the commune of Montreuil, and to the observer of 44 in 44.
    let mut body = valid_action(user_id(&app, Commune93).await, user_id(&app, Asso93).await);
    body["finances"] = budget();
    let piloted = create_action(&app, Prefecture93, body).await;
    let read = app.get(&format!("/api/actions/{piloted}"), Commune93).await.json();
    assert_eq!(read["finances"].as_array().map(Vec::len), Some(2), "{read}");
    for (pilot, reads) in [(Observateur44, true), (NationalAdmin, false)] {
        let mut body = valid_action(user_id(&app, pilot).await, user_id(&app, Asso93).await);
        body["departement_code"] = json!("44");
        body["finances"] = budget();
        let in_44 = create_action(&app, NationalAdmin, body).await;
        let read = app.get(&format!("/api/actions/{in_44}"), Observateur44).await;
        assert_eq!(read.status, 200, "{}", read.text());
        assert_eq!(read.json().get("finances").is_some(), reads, "piloted by {pilot:?}: {}", read.text());
    }
}

#[actix_web::test]
async fn the_operator_finds_no_figure_of_the_finances_in_the_action_its_history_the_list_or_an_error() {
    let app = TestApp::spawn().await;
    let id = budgeted_action(&app, Asso93).await;
    // A second version changes the finances, so that the history has something to hide.
    let mut changed = budget();
    changed[1]["amount"] = json!(13750);
    let reply = patch_action(&app, Prefecture93, id, 1, json!({"finances": changed})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let path = format!("/api/actions/{id}");
    let read = app.get(&path, Asso93).await;
    assert_eq!(read.status, 200, "{}", read.text());
    assert!(read.json().get("finances").is_none(), "no finances key: {}", read.text());
    assert_eq!(traces(&read.text()), Vec::<&str>::new(), "GET: {}", read.text());
    let history = app.get(&format!("{path}/history"), Asso93).await;
    assert_eq!(history.status, 200, "{}", history.text());
    assert_eq!(history.json().as_array().unwrap().len(), 2, "the version is listed: {}", history.text());
    assert_eq!(history.json()[0]["changes"], json!([]), "its finance change is not: {}", history.text());
    assert_eq!(traces(&history.text()), Vec::<&str>::new(), "history: {}", history.text());
    let list = app.get("/api/actions?q=quetzalcoatl", Asso93).await;
    assert_eq!(list.json()["total"], 1, "{}", list.text());
    assert_eq!(traces(&list.text()), Vec::<&str>::new(), "list: {}", list.text());
    let faulty =
        patch_action(&app, Asso93, id, 2, json!({"name": "", "goals": "", "finances": [row(2025, "dedie", -45000.0)]}))
            .await;
    assert_eq!(faulty.status, 422, "{}", faulty.text());
    assert_eq!(faulty.error_fields(), vec!["name", "goals"], "its finances are not checked: {}", faulty.text());
    assert_eq!(traces(&faulty.text()), Vec::<&str>::new(), "422: {}", faulty.text());
    // The préfecture, which reads them, sees the change.
    let history = app.get(&format!("{path}/history"), Prefecture93).await.json();
    let fields: Vec<&str> =
        history[0]["changes"].as_array().unwrap().iter().filter_map(|c| c["field"].as_str()).collect();
    assert_eq!(fields, vec!["finances"], "{history}");
    assert!(history[0]["changes"][0]["after"].as_str().unwrap().contains("13\u{202f}750,00 €"), "{history}");
}

#[actix_web::test]
async fn finances_patched_by_the_operator_are_kept_and_named() {
    let app = TestApp::spawn().await;
    let id = budgeted_action(&app, Asso93).await;
    let stored = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json()["finances"].clone();
    let reply = patch_action(&app, Asso93, id, 1, json!({"finances": [row(2025, "prive", 1.0)]})).await;
    assert_eq!(reply.status, 200, "kept, not refused: {}", reply.text());
    assert_eq!(reply.json()["kept_fields"], json!(["finances"]), "{}", reply.text());
    assert!(reply.json().get("finances").is_none(), "{}", reply.text());
    assert_eq!(reply.json()["version"], 1, "nothing else changed: nothing stored");
    // Kept beside a change it may make; even faulty rows are not its to check.
    let patch = json!({"goals": "Objectifs revus.", "finances": [row(1990, "prive", -1.0)]});
    let reply = patch_action(&app, Asso93, id, 1, patch).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["kept_fields"], json!(["finances"]));
    assert_eq!(reply.json()["version"], 2);
    let after = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(after["finances"], stored, "the stored finances are untouched");
    assert_eq!(after["goals"], "Objectifs revus.");
    // An empty list is what it sees: sending it back changes nothing and keeps nothing.
    let reply = patch_action(&app, Asso93, id, 2, json!({"finances": [], "goals": "Objectifs revus encore."})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json().get("kept_fields").is_none(), "{}", reply.text());
    assert_eq!(app.get(&format!("/api/actions/{id}"), Prefecture93).await.json()["finances"], stored);
}

#[actix_web::test]
async fn an_operator_shortening_the_action_is_told_on_the_dates_without_the_finances() {
    let app = TestApp::spawn().await;
    let id = budgeted_action(&app, Asso93).await;
    let before = stored_versions(&app).await;
    // The budget has a row for 2026: ending in 2025 would leave it outside the action.
    let reply = patch_action(&app, Asso93, id, 1, json!({"ended_at": "2025-12-31"})).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.error_fields(), vec!["ended_at"], "not a row it cannot see: {}", reply.text());
    assert_eq!(reply.json()["errors"][0]["code"], "finances_outside");
    assert_eq!(traces(&reply.text()), Vec::<&str>::new(), "{}", reply.text());
    let reply = patch_action(&app, Asso93, id, 1, json!({"started_at": "2026-01-01"})).await;
    assert_eq!(reply.error_fields(), vec!["started_at"], "{}", reply.text());
    assert_eq!(stored_versions(&app).await, before);
    // The préfecture sees the row at fault.
    let reply = patch_action(&app, Prefecture93, id, 1, json!({"ended_at": "2025-12-31"})).await;
    assert_eq!(reply.error_fields(), vec!["finances[1].year"], "{}", reply.text());
    assert_eq!(version(&app, id).await, 1);
}

#[actix_web::test]
async fn an_operator_from_another_departement_does_not_see_the_finances_either() {
    let app = TestApp::spawn().await;
    let id = budgeted_action(&app, Asso13).await;
    let path = format!("/api/actions/{id}");
    let read = app.get(&path, Asso13).await;
    assert_eq!(read.status, 200, "it operates the action: {}", read.text());
    assert!(read.json().get("finances").is_none(), "{}", read.text());
    assert_eq!(traces(&read.text()), Vec::<&str>::new(), "{}", read.text());
    let reply = patch_action(&app, Asso13, id, 1, json!({"finances": [], "name": "Quetzalcoatl à Marseille"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = patch_action(&app, Asso13, id, 2, json!({"finances": budget()})).await;
    assert_eq!(reply.json()["kept_fields"], json!(["finances"]), "{}", reply.text());
    let history = app.get(&format!("{path}/history"), Asso13).await;
    assert_eq!(traces(&history.text()), Vec::<&str>::new(), "{}", history.text());
    let list = app.get("/api/actions?q=quetzalcoatl", Asso13).await;
    assert_eq!(list.json()["total"], 1, "{}", list.text());
    assert_eq!(traces(&list.text()), Vec::<&str>::new(), "{}", list.text());
    let stored = app.get(&path, Prefecture93).await.json();
    assert_eq!(stored["finances"].as_array().map(Vec::len), Some(2), "{stored}");
}

#[actix_web::test]
async fn a_finance_reader_creates_an_action_with_its_finances() {
    let app = TestApp::spawn().await;
    for creator in [NationalAdmin, LocalAdmin93, Prefecture93] {
        let mut body = action_93(&app).await;
        body["finances"] = budget();
        let reply = app.post("/api/actions", creator, body).await;
        assert_eq!(reply.status, 201, "{creator:?}: {}", reply.text());
        assert!(reply.json().get("kept_fields").is_none(), "{creator:?}: {}", reply.text());
        assert_eq!(reply.json()["finances"].as_array().map(Vec::len), Some(2), "{creator:?}: {}", reply.text());
    }
}
