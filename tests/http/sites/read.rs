use serde_json::json;

use super::fixtures::{create, montreuil, patch};
use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn each_persona_reads_a_93_site_with_only_the_blocks_it_may_read() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    // (persona, status, justice visible, owners visible)
    let cases = [
        (Persona::NationalAdmin, 200, true, true),
        (Persona::LocalAdmin93, 200, true, true),
        (Persona::Prefecture93, 200, true, true),
        (Persona::National, 200, true, false),
        (Persona::Commune93, 200, false, true),
        (Persona::Asso93, 200, false, false),
        (Persona::Intervenant93, 200, false, false),
        (Persona::Asso13, 404, false, false),
        (Persona::Observateur44, 404, false, false),
    ];
    for (persona, status, justice, owners) in cases {
        let reply = app.get(&format!("/api/sites/{id}"), persona).await;
        assert_eq!(reply.status, status, "{persona:?}");
        if status != 200 {
            assert!(!reply.text().contains("SCI du Parc"), "{persona:?}: nothing leaks in the error");
            continue;
        }
        assert_eq!(reply.header("etag"), Some("\"1\""));
        let site = reply.json();
        assert_eq!(site["justice"].is_object(), justice, "{persona:?} justice");
        assert_eq!(site["owners"].is_array(), owners, "{persona:?} owners");
        assert_eq!(reply.text().contains("SCI du Parc"), owners, "{persona:?}: owner name only with the right");
        assert_eq!(site["abilities"]["read_justice"], justice, "{persona:?}");
    }
    assert_eq!(app.get(&format!("/api/sites/{id}"), Caller::Anonymous).await.status, 401);
    assert_eq!(app.get("/api/sites/987654", Persona::NationalAdmin).await.status, 404);
}

#[actix_web::test]
async fn history_gives_field_diffs_in_french_and_hides_restricted_fields() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let reply = patch(
        &app,
        Persona::Prefecture93,
        id,
        1,
        json!({"population": {"total": 35}, "is_reinstallation": null, "justice": {"owner_complaint": false}, "owners": [{"name": "Commune", "owner_type": "public"}]}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let history = app.get(&format!("/api/sites/{id}/history"), Persona::Prefecture93).await.json();
    assert_eq!(history[0]["version"], 2);
    assert_eq!(history[0]["kind"], "update");
    assert_eq!(history[0]["author"]["last_name"], "Lefèvre");
    let changes = history[0]["changes"].as_array().unwrap();
    let change = |field: &str| changes.iter().find(|c| c["field"] == field).cloned();
    assert_eq!(
        change("population.total").unwrap(),
        json!({"field": "population.total", "label": "Nombre de personnes", "before": "30", "after": "35"})
    );
    assert_eq!(change("is_reinstallation").unwrap()["after"], "inconnu");
    assert_eq!(change("justice.owner_complaint").unwrap()["before"], "oui");
    assert!(change("owners").is_some());
    assert_eq!(history[1]["kind"], "creation");
    let operator = app.get(&format!("/api/sites/{id}/history"), Persona::Asso93).await;
    let text = operator.text();
    assert!(text.contains("population.total"));
    assert!(!text.contains("justice."), "no justice field for an operator");
    assert!(!text.contains("SCI du Parc") && !text.contains("owners"), "no owner for an operator");
    assert_eq!(app.get(&format!("/api/sites/{id}/history"), Persona::Asso13).await.status, 404);
}

#[actix_web::test]
async fn a_site_can_be_read_as_it_was_on_a_past_day() {
    let app = TestApp::spawn().await;
    let id = super::fixtures::demo_site(&app, "Montreuil", "open").await;
    let history = app.get(&format!("/api/sites/{id}/history"), Persona::Prefecture93).await.json();
    let created: chrono::DateTime<chrono::Utc> =
        history.as_array().unwrap().last().unwrap()["at"].as_str().unwrap().parse().unwrap();
    let first_day = created.date_naive();
    let then = app.get(&format!("/api/sites/{id}?as_of={first_day}"), Persona::Prefecture93).await.json();
    let now = app.get(&format!("/api/sites/{id}"), Persona::Prefecture93).await.json();
    assert_eq!(then["version"], 1);
    assert_eq!(now["population"]["total"].as_i64().unwrap(), then["population"]["total"].as_i64().unwrap() + 5);
    let before = first_day - chrono::Duration::days(1);
    assert_eq!(app.get(&format!("/api/sites/{id}?as_of={before}"), Persona::Prefecture93).await.status, 404);
    let as_of_commune = app.get(&format!("/api/sites/{id}?as_of={first_day}"), Persona::Commune93).await.json();
    assert!(as_of_commune["justice"].is_null(), "restricted blocks stay hidden in the past too");
}
