use actix_web::http::Method;
use serde_json::json;

use super::fixtures::{create, montreuil, patch, post_versioned, version};
use crate::support::{Caller, Persona, TestApp};

fn closure() -> serde_json::Value {
    json!({
        "closed_at": "2026-11-01",
        "status": "closed_by_pref_admin",
        "closed_with_solutions": true,
        "solutions": [{"solution": "housing", "people": 10, "households": 3}, {"solution": "temporary_shelter", "people": 5}]
    })
}

#[actix_web::test]
async fn closure_rules_name_their_fields() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let path = format!("/api/sites/{id}/closure");
    let cases = [
        (json!({"closed_at": "2099-01-01"}), "closed_at"),
        (json!({"closed_at": "2026-01-15"}), "closed_at"),
        (json!({"status": "open"}), "status"),
        (json!({"status": "other", "closing_context": " "}), "closing_context"),
        (json!({"solutions": [{"solution": "housing"}, {"solution": "housing"}]}), "solutions[1].solution"),
        (json!({"solutions": [{"solution": "housing", "people": 2, "households": 3}]}), "solutions[0].households"),
        (json!({"solutions": [{"solution": "housing", "people": -2}]}), "solutions[0].people"),
    ];
    for (change, field) in cases {
        let mut body = closure();
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let reply = post_versioned(&app, Persona::Prefecture93, &path, 1, body).await;
        assert_eq!(reply.status, 422, "{change}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec![field.to_owned()], "{change}");
    }
    assert_eq!(version(&app, id).await, 1, "nothing written");
}

#[actix_web::test]
async fn closing_a_site_records_the_outcome_and_anonymises_owners_everywhere() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let path = format!("/api/sites/{id}/closure");
    assert_eq!(
        post_versioned(&app, Persona::Asso93, &path, 1, closure()).await.status,
        403,
        "operators need the option"
    );
    assert_eq!(post_versioned(&app, Persona::Commune93, &path, 1, closure()).await.status, 403);
    assert_eq!(post_versioned(&app, Persona::Asso13, &path, 1, closure()).await.status, 404);
    assert_eq!(post_versioned(&app, Persona::Prefecture93, &path, 7, closure()).await.status, 412);
    let closed = post_versioned(&app, Persona::Prefecture93, &path, 1, closure()).await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    let site = closed.json();
    assert_eq!(site["status"], "closed_by_pref_admin");
    assert_eq!(site["closure"]["closed_with_solutions"], "yes");
    assert_eq!(site["closure"]["solutions"][0]["people"], 10);
    assert_eq!(site["owners"][0]["name"], "Propriétaire anonymisé");
    let history = app.get(&format!("/api/sites/{id}/history"), Persona::NationalAdmin).await.text();
    assert!(!history.contains("SCI du Parc"), "owner names leave the history too");
    let first =
        app.get(&format!("/api/sites/{id}?as_of={}", chrono::Utc::now().date_naive()), Persona::NationalAdmin).await;
    assert!(!first.text().contains("SCI du Parc"));
    let again = post_versioned(&app, Persona::Prefecture93, &path, 2, closure()).await;
    assert_eq!(again.status, 409);
    let update = patch(&app, Persona::Prefecture93, id, 2, json!({"name": "X"})).await;
    assert_eq!(update.status, 409, "a closed site is not updated");
    assert_eq!(update.json()["code"], "site_closed");
}

#[actix_web::test]
async fn the_outcome_of_a_closed_site_can_be_corrected_by_those_allowed() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let path = format!("/api/sites/{id}/closure/outcome");
    let fix = json!({"closed_with_solutions": "no"});
    let open = app
        .call_with_headers(Method::PUT, &path, Persona::Prefecture93, Some(fix.clone()), &[("If-Match", "\"1\"")])
        .await;
    assert_eq!(open.status, 409, "an open site has no outcome");
    post_versioned(&app, Persona::Prefecture93, &format!("/api/sites/{id}/closure"), 1, closure()).await;
    for (persona, status) in [(Persona::Asso93, 403), (Persona::Commune93, 403), (Persona::LocalAdmin93, 200)] {
        let reply =
            app.call_with_headers(Method::PUT, &path, persona, Some(fix.clone()), &[("If-Match", "\"2\"")]).await;
        assert_eq!(reply.status, status, "{persona:?}");
    }
    let site = app.get(&format!("/api/sites/{id}"), Persona::Prefecture93).await.json();
    assert_eq!(site["closure"]["closed_with_solutions"], "no");
    let list = app.get("/api/sites?status=resorbed", Persona::NationalAdmin).await.text();
    assert!(!list.contains("Les Tilleuls"));
}

#[actix_web::test]
async fn heatwave_target_and_resorption_start_follow_their_rules() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let on = app.put(&format!("/api/sites/{id}/heatwave"), Persona::Asso93, json!({"heatwave": true})).await;
    assert_eq!(on.status, 200);
    assert_eq!(on.json()["heatwave"], true);
    assert_eq!(
        app.put(&format!("/api/sites/{id}/heatwave"), Persona::Intervenant93, json!({"heatwave": false})).await.status,
        403
    );
    let target = format!("/api/sites/{id}/resorption-target");
    assert_eq!(app.post(&target, Persona::Asso93, json!({})).await.status, 403, "operators do not set targets");
    let set = app.post(&target, Persona::Prefecture93, json!({})).await;
    assert_eq!(set.json()["resorption_target"], chrono::Datelike::year(&chrono::Utc::now()));
    assert_eq!(app.post(&target, Persona::LocalAdmin93, json!({})).await.status, 409, "set once");
    let started = app.post(&format!("/api/sites/{id}/resorption-start"), Persona::Commune93, json!({})).await;
    assert_eq!(started.status, 200);
    let started = started.json();
    let phases: Vec<&str> =
        started["preparatory_phases"].as_array().unwrap().iter().map(|p| p["phase"].as_str().unwrap()).collect();
    assert_eq!(
        phases,
        vec!["sociological_diagnosis", "social_assessment", "political_validation", "technical_diagnosis"]
    );
    let in_progress = app.get("/api/sites?status=in_progress", Persona::Prefecture93).await.json();
    assert!(in_progress["items"].as_array().unwrap().iter().any(|s| s["id"] == id));
    let history = app.get(&format!("/api/sites/{id}/history"), Persona::Prefecture93).await.json();
    let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["resorption_start", "resorption_target", "heatwave", "creation"]);
}

#[actix_web::test]
async fn only_national_admins_delete_sites_and_it_is_logged() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let path = format!("/api/sites/{id}");
    for (persona, status) in [(Persona::LocalAdmin93, 403), (Persona::Prefecture93, 403), (Persona::Asso13, 404)] {
        assert_eq!(app.call(Method::DELETE, &path, persona, None).await.status, status, "{persona:?}");
    }
    assert_eq!(app.call(Method::DELETE, &path, Caller::Anonymous, None).await.status, 401);
    assert_eq!(app.call(Method::DELETE, &path, Persona::NationalAdmin, None).await.status, 204);
    assert_eq!(app.get(&path, Persona::NationalAdmin).await.status, 404);
    let logged = app
        .state
        .db
        .read(move |conn| {
            use api::db::schema::audit_events as a;
            use diesel::prelude::*;
            Ok(a::table
                .filter(a::action.eq("site.delete"))
                .filter(a::object_id.eq(id.to_string()))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[actix_web::test]
async fn favorites_are_personal() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    assert_eq!(app.post(&format!("/api/sites/{id}/favorite"), Persona::Intervenant93, json!({})).await.status, 204);
    assert_eq!(app.get(&format!("/api/sites/{id}"), Persona::Intervenant93).await.json()["is_favorite"], true);
    assert_eq!(app.get(&format!("/api/sites/{id}"), Persona::Asso93).await.json()["is_favorite"], false);
    assert_eq!(app.post(&format!("/api/sites/{id}/favorite"), Persona::Asso13, json!({})).await.status, 404);
    app.call(Method::DELETE, &format!("/api/sites/{id}/favorite"), Persona::Intervenant93, None).await;
    assert_eq!(app.get(&format!("/api/sites/{id}"), Persona::Intervenant93).await.json()["is_favorite"], false);
}

#[actix_web::test]
async fn a_closure_without_solutions_leaves_the_site_readable_everywhere() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let bare = json!({"closed_at": "2026-11-01", "status": "closed_by_justice", "closed_with_solutions": false});
    let closed = post_versioned(&app, Persona::Prefecture93, &format!("/api/sites/{id}/closure"), 1, bare).await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    assert_eq!(closed.json()["closure"]["solutions"], json!([]), "the list is sent, empty");
    let today = chrono::Utc::now().date_naive();
    for persona in [Persona::NationalAdmin, Persona::Prefecture93, Persona::Asso93, Persona::Intervenant93] {
        for path in [
            format!("/api/sites/{id}"),
            format!("/api/sites/{id}?as_of={today}"),
            format!("/api/sites/{id}/history"),
            "/api/activities?limit=100".to_owned(),
            "/api/sites?status=closed&limit=200".to_owned(),
            "/api/sites/export?status=closed".to_owned(),
            format!("/api/sites/export?status=closed&as_of={today}"),
        ] {
            let reply = app.get(&path, persona).await;
            assert_eq!(reply.status, 200, "{persona:?} {path}: {}", reply.text());
        }
    }
    let site = app.get(&format!("/api/sites/{id}"), Persona::Prefecture93).await.json();
    assert_eq!(site["closure"]["closed_with_solutions"], "no");
    assert_eq!(site["owners"][0]["name"], "Propriétaire anonymisé");
    let fixed = app
        .call_with_headers(
            Method::PUT,
            &format!("/api/sites/{id}/closure/outcome"),
            Persona::Prefecture93,
            Some(json!({"closed_with_solutions": "yes"})),
            &[("If-Match", "\"2\"")],
        )
        .await;
    assert_eq!(fixed.status, 200, "a later write reads it back too: {}", fixed.text());
}
