use crate::support::{Caller, Persona, TestApp};

/// The header row and the data rows of the sheet, as text.
pub fn sheet(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    crate::support::spreadsheet::read_sheet(bytes, "Sites")
}

async fn exports_logged(app: &TestApp) -> i64 {
    app.state
        .db
        .read(|conn| {
            use api::db::schema::audit_events as a;
            use diesel::prelude::*;
            Ok(a::table.filter(a::action.eq("export.sites")).count().get_result::<i64>(conn)?)
        })
        .await
        .unwrap()
}

#[actix_web::test]
async fn the_spreadsheet_has_the_sections_asked_for_and_the_caller_may_read() {
    let app = TestApp::spawn().await;
    let path = "/api/sites/export?location_type=departement&location_code=93&options=justice,owner,living_conditions,actors,comments";
    let prefecture = app.get(path, Persona::Prefecture93).await;
    assert_eq!(prefecture.status, 200, "{}", prefecture.text());
    assert!(prefecture.header("content-disposition").unwrap().contains("sites-open-resorption.xlsx"));
    let (headers, rows) = sheet(&prefecture.body);
    assert_eq!(rows.len(), 4, "the four open sites of 93");
    for header in [
        "Département",
        "Existence d'une procédure judiciaire",
        "Propriétaire(s)",
        "Accès à l'eau",
        "Intervenants",
        "Derniers commentaires",
    ] {
        assert!(headers.iter().any(|h| h == header), "{header} missing from {headers:?}");
    }
    let people = headers.iter().position(|h| h == "Personnes").unwrap();
    assert!(rows.iter().all(|row| row[people].parse::<f64>().is_ok()), "counts are numbers");
    let operator = app.get(path, Persona::Asso93).await;
    let (headers, rows) = sheet(&operator.body);
    assert_eq!(rows.len(), 4);
    assert!(!headers.iter().any(|h| h.contains("procédure judiciaire") || h == "Propriétaire(s)"), "{headers:?}");
    let text = rows.concat().join("|");
    assert!(!text.contains("Établissement public foncier"), "no owner for an operator");
}

#[actix_web::test]
async fn closed_sites_export_their_closure_and_orientation_and_each_export_is_logged() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/sites/export?status=closed", Persona::NationalAdmin).await;
    let (headers, rows) = sheet(&reply.body);
    assert_eq!(rows.len(), 3);
    assert!(headers.iter().any(|h| h == "Cause de la fermeture"));
    assert!(headers.iter().any(|h| h.starts_with("Hébergement ou logement adapté") && h.ends_with("personnes")));
    assert_eq!(exports_logged(&app).await, 1);
}

/// A spreadsheet asked again before any write is the copy just made, still logged; a write makes
/// the next one fresh; another caller never gets this caller's copy.
#[actix_web::test]
async fn an_export_asked_again_is_the_same_copy_until_a_write() {
    let app = TestApp::spawn().await;
    let path = "/api/sites/export?location_type=departement&location_code=93&options=owner";
    let first = app.get(path, Persona::Prefecture93).await;
    let second = app.get(path, Persona::Prefecture93).await;
    assert_eq!(second.status, 200);
    assert_eq!(first.body, second.body, "the kept copy");
    assert!(sheet(&first.body).0.iter().any(|h| h == "Propriétaire(s)"));
    assert_eq!(exports_logged(&app).await, 2, "each export is logged, kept or not");
    let operator = app.get(path, Persona::Asso93).await;
    let (headers, _) = sheet(&operator.body);
    assert!(!headers.iter().any(|h| h == "Propriétaire(s)"), "the operator's own spreadsheet, without owners");
    super::fixtures::create(&app, Persona::Prefecture93, super::fixtures::montreuil()).await;
    let third = app.get(path, Persona::Prefecture93).await;
    assert_eq!(sheet(&third.body).1.len(), sheet(&first.body).1.len() + 1, "the new site is in the next export");
}

#[actix_web::test]
async fn an_export_as_of_a_past_day_reads_history() {
    let app = TestApp::spawn().await;
    let day = chrono::Utc::now().date_naive() - chrono::Duration::days(21);
    let reply = app.get(&format!("/api/sites/export?status=closed&as_of={day}"), Persona::NationalAdmin).await;
    assert_eq!(sheet(&reply.body).1.len(), 0, "none of the demo sites was closed three weeks ago");
    let open = app.get(&format!("/api/sites/export?as_of={day}"), Persona::NationalAdmin).await;
    assert_eq!(sheet(&open.body).1.len(), 12, "all twelve were open then");
}

#[actix_web::test]
async fn who_may_export() {
    let app = TestApp::spawn().await;
    for persona in [Persona::Observateur44, Persona::Intervenant93, Persona::National] {
        assert_eq!(app.get("/api/sites/export", persona).await.status, 200, "{persona:?}");
    }
    assert_eq!(app.get("/api/sites/export", Caller::Anonymous).await.status, 401);
    let observer = app.get("/api/sites/export", Persona::Observateur44).await;
    assert_eq!(sheet(&observer.body).1.len(), 2, "only the 44 sites");
    let bad = app.get("/api/sites/export?options=everything", Persona::NationalAdmin).await;
    assert_eq!(bad.error_fields(), vec!["options"]);
}
