//! The actions spreadsheet of one year: rows, indicators, finances for finance readers only,
//! who may export, and the log of each export.

use chrono::Datelike;
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, user_id, valid_action, version};
use crate::support::{Caller, Persona, TestApp};

/// The headers and the data rows of the sheet, as text.
fn sheet(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    crate::support::spreadsheet::read_sheet(bytes, "Actions")
}

/// The exported sheet of `persona` (the export must succeed).
async fn export(app: &TestApp, path: &str, persona: Persona) -> (Vec<String>, Vec<Vec<String>>) {
    let reply = app.get(path, persona).await;
    assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
    sheet(&reply.body)
}

/// The row of action `id`, if exported.
fn row_of(rows: &[Vec<String>], id: i32) -> Option<&Vec<String>> {
    rows.iter().find(|row| row.first().map(String::as_str) == Some(id.to_string().as_str()))
}

fn cell<'a>(headers: &[String], row: &'a [String], header: &str) -> &'a str {
    let index = headers.iter().position(|h| h == header).unwrap_or_else(|| panic!("{header} not in {headers:?}"));
    row.get(index).map(String::as_str).unwrap_or("")
}

const PLANNED: &str = "Crédits dédiés à la résorption des bidonvilles : prévu";
const EXECUTED: &str = "Crédits dédiés à la résorption des bidonvilles : exécuté";

/// An action of 93 started in 2024, with `amount` of dedicated credits planned for 2025 (30 000
/// executed), created by the préfecture of 93 (a finance reader).
async fn financed(app: &TestApp, mut body: Value, amount: f64) -> i32 {
    body["started_at"] = json!("2024-01-15");
    body["finances"] = json!([{"year": 2025, "finance_type": "dedie", "amount": amount, "real_amount": 30000}]);
    create_action(app, Persona::Prefecture93, body).await
}

async fn set_indicators(app: &TestApp, id: i32, year: i32, values: Value) {
    let version = format!("\"{}\"", version(app, id).await);
    let reply = app
        .call_with_headers(
            actix_web::http::Method::PUT,
            &format!("/api/actions/{id}/indicators/{year}"),
            Persona::Prefecture93,
            Some(values),
            &[("If-Match", version.as_str())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

async fn exports_logged(app: &TestApp) -> Vec<String> {
    app.state
        .db
        .read(|conn| {
            use api::db::schema::audit_events as a;
            use diesel::prelude::*;
            Ok(a::table
                .filter(a::action.eq("export.actions"))
                .order(a::id)
                .select(a::details)
                .load::<Option<String>>(conn)?
                .into_iter()
                .flatten()
                .collect())
        })
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_finance_reader_exports_the_indicators_and_finances_of_the_year() {
    let app = TestApp::spawn().await;
    let id = financed(&app, action_93(&app).await, 45000.0).await;
    set_indicators(&app, id, 2025, json!({"people": 40, "households": 10})).await;
    let reply = app.get("/api/actions/export?year=2025", Persona::Prefecture93).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.header("content-type").unwrap().starts_with("application/vnd.openxmlformats"));
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment") && disposition.contains("-actions-2025-resorption.xlsx"),
        "{disposition}"
    );
    let (headers, rows) = sheet(&reply.body);
    for header in
        ["Identifiant", "Nom de l'action", "Département", "Statut", "Lieu", "Pilotes", "Opérateurs", "Objectifs"]
    {
        assert!(headers.contains(&header.to_owned()), "{header} missing from {headers:?}");
    }
    let row = row_of(&rows, id).expect("the action runs in 2025");
    assert_eq!(cell(&headers, row, "Nom de l'action"), "Accompagnement santé des familles");
    assert_eq!(cell(&headers, row, "Département"), "93 - Seine-Saint-Denis");
    assert_eq!(cell(&headers, row, "Statut"), "En cours");
    assert_eq!(cell(&headers, row, "Lieu"), "Dans le logement");
    assert!(cell(&headers, row, "Pilotes").contains('('), "names with their organization");
    assert_eq!(cell(&headers, row, "Nombre de personnes concernées"), "40");
    assert_eq!(cell(&headers, row, "Nombre de ménages"), "10");
    assert_eq!(cell(&headers, row, "Nombre de femmes"), "");
    assert_eq!(cell(&headers, row, PLANNED), "45000");
    assert_eq!(cell(&headers, row, EXECUTED), "30000");
    let places: Vec<&str> = rows.iter().map(|row| cell(&headers, row, "Lieu")).collect();
    assert!(places.iter().any(|place| place.starts_with("Sur site(s) : ")), "the sites are named: {places:?}");
    let departements: Vec<&str> = rows.iter().map(|row| cell(&headers, row, "Département")).collect();
    assert!(departements.windows(2).all(|pair| pair[0] <= pair[1]), "sorted by département: {departements:?}");
    assert_eq!(exports_logged(&app).await, vec![format!("annee=2025 actions={} financements=oui", rows.len())]);
}

#[actix_web::test]
async fn an_operator_exports_the_action_without_its_finances() {
    let app = TestApp::spawn().await;
    let id = financed(&app, action_93(&app).await, 45000.0).await;
    set_indicators(&app, id, 2025, json!({"people": 40, "households": 10})).await;
    let (headers, rows) = export(&app, "/api/actions/export?year=2025", Persona::Asso93).await;
    let row = row_of(&rows, id).expect("its operator exports it");
    assert_eq!(cell(&headers, row, "Nombre de personnes concernées"), "40");
    assert!(!headers.iter().any(|h| h.ends_with(": prévu")), "no finance column: {headers:?}");
    assert!(!rows.concat().iter().any(|value| value == "45000"), "the amount never appears");
    assert_eq!(exports_logged(&app).await, vec![format!("annee=2025 actions={} financements=non", rows.len())]);
}

/// The members of a pilot organization read the finances of that action only: the other rows
/// keep their finance cells empty.
#[actix_web::test]
async fn finances_are_shown_only_on_the_rows_the_caller_reads_them() {
    let app = TestApp::spawn().await;
    let commune = user_id(&app, Persona::Commune93).await;
    let asso = user_id(&app, Persona::Asso93).await;
    let piloted = financed(&app, valid_action(commune, asso), 12000.0).await;
    let other = financed(&app, action_93(&app).await, 45000.0).await;
    let (headers, rows) = export(&app, "/api/actions/export?year=2025", Persona::Commune93).await;
    assert_eq!(cell(&headers, row_of(&rows, piloted).unwrap(), PLANNED), "12000");
    assert_eq!(cell(&headers, row_of(&rows, other).unwrap(), PLANNED), "");
    assert_eq!(cell(&headers, row_of(&rows, other).unwrap(), EXECUTED), "");
    assert!(!rows.concat().iter().any(|value| value == "45000"));
}

#[actix_web::test]
async fn only_the_actions_running_during_the_year_are_exported() {
    let app = TestApp::spawn().await;
    let mut body = action_93(&app).await;
    body["started_at"] = json!("2024-01-15");
    body["ended_at"] = json!("2024-06-30");
    let ended = create_action(&app, Persona::Prefecture93, body).await;
    let running = financed(&app, action_93(&app).await, 45000.0).await;
    let (_, rows) = export(&app, "/api/actions/export?year=2025", Persona::Prefecture93).await;
    assert!(row_of(&rows, ended).is_none(), "ended in 2024");
    assert!(row_of(&rows, running).is_some());
    let (headers, rows) = export(&app, "/api/actions/export?year=2024", Persona::Prefecture93).await;
    assert_eq!(cell(&headers, row_of(&rows, ended).expect("it ran in 2024"), "Statut"), "Terminée");
    // The list's filters narrow it further.
    let (_, rows) =
        export(&app, "/api/actions/export?year=2025&location_type=departement&location_code=13", Persona::Prefecture93)
            .await;
    assert!(row_of(&rows, running).is_none(), "not in 13");
}

#[actix_web::test]
async fn who_may_export_and_what_is_refused() {
    let app = TestApp::spawn().await;
    for persona in [Persona::Intervenant93, Persona::Observateur44] {
        assert_eq!(app.get("/api/actions/export", persona).await.status, 403, "{persona:?}");
    }
    assert_eq!(app.get("/api/actions/export", Caller::Anonymous).await.status, 401);
    let reply = app.get("/api/actions/export", Persona::NationalAdmin).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let last_year = chrono::Utc::now().year() - 1;
    assert!(reply.header("content-disposition").unwrap().contains(&format!("-actions-{last_year}-resorption.xlsx")));
    let unknown = app.get("/api/actions/export?yaer=2025", Persona::NationalAdmin).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error_fields(), vec!["yaer"]);
    assert_eq!(exports_logged(&app).await.len(), 1, "refused exports are not logged");
}
