use actix_web::http::Method;
use serde_json::json;

use super::fixtures::{create, montreuil, patch, saint_denis, version};
use crate::support::{assert_access, table, Caller, Persona, TestApp};

#[actix_web::test]
async fn who_may_declare_a_site_in_montreuil() {
    let app = TestApp::spawn().await;
    let expectations = table(
        &[
            (Persona::NationalAdmin, 201),
            (Persona::LocalAdmin93, 201),
            (Persona::Prefecture93, 201),
            (Persona::Commune93, 201),
        ],
        403,
    );
    assert_access(&app, Method::POST, "/api/sites", Some(montreuil()), &expectations).await;
    let outside = app.post("/api/sites", Persona::Commune93, saint_denis()).await;
    assert_eq!(outside.status, 403, "a commune writes only in its own commune");
}

#[actix_web::test]
async fn an_operator_declares_sites_once_given_the_option() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post("/api/sites", Persona::Asso93, montreuil()).await.status, 403);
    let id = app.user_id(Persona::Asso93.email()).await;
    app.put(&format!("/api/users/{id}/options"), Persona::LocalAdmin93, json!({"options": ["create_shantytown"]}))
        .await;
    let created = app.post("/api/sites", Persona::Asso93, montreuil()).await;
    assert_eq!(created.status, 201);
    assert!(created.json()["justice"].is_null(), "an operator may not read justice");
    let stored = app.get(&format!("/api/sites/{}", created.json()["id"]), Persona::Prefecture93).await.json();
    assert_eq!(stored["justice"]["owner_complaint"], json!(null), "justice sent without the right is not kept");
    assert_eq!(stored["owners"], json!([]), "owners sent without the right are not kept");
}

#[actix_web::test]
async fn every_rule_of_a_declaration_names_its_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let before = app.get("/api/sites", Persona::NationalAdmin).await.json()["total"].as_i64().unwrap();
    let cases: &[(&str, serde_json::Value, &str)] = &[
        ("name", json!("Un nom beaucoup trop long pour une appellation"), "name"),
        ("address", json!("  "), "address"),
        ("city_code", json!("99999"), "city_code"),
        ("latitude", json!(51.9), "latitude"),
        ("built_at", json!("2099-01-01"), "built_at"),
        ("declared_at", json!("2025-12-31"), "declared_at"),
        ("population", json!({"total": 10, "minors": 11}), "population.minors"),
        ("population", json!({"total": 10, "households": 11}), "population.households"),
        ("population", json!({"total": 0}), "population.total"),
        ("population", json!({"total": 20, "minors": 5, "minors_in_school": 6}), "population.minors_in_school"),
        ("population", json!({"total": 20, "minors": 3, "minors_0_3": 2, "minors_3_6": 2}), "population.minors"),
        ("population", json!({"caravans": -1}), "population.caravans"),
        ("population", json!({"total": 5, "total_females": 6}), "population.total_females"),
        ("census", json!({"status": "done"}), "census.conducted_at"),
        (
            "census",
            json!({"status": "scheduled", "conducted_at": "2026-03-01", "conducted_by": "X"}),
            "census.conducted_at",
        ),
        ("living_conditions", json!({"water": {}}), "living_conditions.water.access_type"),
        (
            "living_conditions",
            json!({"water": {"access_type": "autre"}}),
            "living_conditions.water.access_type_details",
        ),
        ("justice", json!({"justice_procedure": true}), "justice.justice_rendered"),
        ("justice", json!({"justice_procedure": true, "justice_rendered": true}), "justice.justice_rendered_by"),
        (
            "justice",
            json!({"police_status": "granted", "police_requested_at": "2026-03-01"}),
            "justice.police_granted_at",
        ),
        (
            "justice",
            json!({"police_status": "granted", "police_requested_at": "2026-03-01", "police_granted_at": "2026-02-01"}),
            "justice.police_granted_at",
        ),
        ("owners", json!([{"name": "", "owner_type": "public"}]), "owners[0].name"),
        ("reinstallation_incoming_sites", json!([999999]), "reinstallation_incoming_sites"),
    ];
    for (key, value, field) in cases {
        let mut body = montreuil();
        body[*key] = value.clone();
        if *key == "reinstallation_incoming_sites" {
            body["is_reinstallation"] = json!(true);
        }
        let reply = app.post("/api/sites", Persona::Prefecture93, body).await;
        assert_eq!(reply.status, 422, "{key}={value}: {}", reply.text());
        assert!(
            reply.error_fields().contains(&field.to_string()),
            "{key}={value} should name {field}: {}",
            reply.text()
        );
        assert!(reply.json()["errors"][0]["message"].as_str().unwrap().len() > 5, "a French message");
    }
    let after = app.get("/api/sites", Persona::NationalAdmin).await.json()["total"].as_i64().unwrap();
    assert_eq!(before, after);
}

#[actix_web::test]
async fn wrong_types_and_unknown_codes_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let mut body = montreuil();
    body["field_type"] = json!("castle");
    let reply = app.post("/api/sites", Persona::Prefecture93, body).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_fields(), vec!["field_type"]);
    let mut body = montreuil();
    body["population"]["total"] = json!("many");
    assert_eq!(app.post("/api/sites", Persona::Prefecture93, body).await.error_fields(), vec!["population.total"]);
    let mut body = montreuil();
    body["living_conditions"]["water"]["colour"] = json!("blue");
    assert_eq!(
        app.post("/api/sites", Persona::Prefecture93, body).await.error_fields(),
        vec!["living_conditions.water.colour"]
    );
}

#[actix_web::test]
async fn answers_made_irrelevant_by_others_are_emptied_by_the_server() {
    let app = TestApp::spawn().await;
    let mut body = montreuil();
    body["living_conditions"] = json!({
        "water": {"access_type": "borne_incendie", "is_public": true, "is_local": true, "is_close": false},
        "sanitary": {"working_toilets": false, "toilet_types": ["toilettes_seches"], "hand_washing": true},
        "electricity": {"access": false, "access_types": ["electrogene"]},
        "trash": {"evacuation_is_close": false, "evacuation_is_safe": true}
    });
    let site = app.post("/api/sites", Persona::Prefecture93, body).await.json();
    let lc = &site["living_conditions"];
    assert_eq!(lc["water"]["is_public"], json!(null));
    assert_eq!(lc["water"]["is_close"], json!(null));
    assert_eq!(lc["sanitary"]["toilet_types"], json!([]));
    assert_eq!(lc["sanitary"]["hand_washing"], json!(null));
    assert_eq!(lc["electricity"]["access_types"], json!([]));
    assert_eq!(lc["trash"]["evacuation_is_safe"], json!(null));
    let statuses: Vec<(String, String)> = site["living_condition_statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["theme"].as_str().unwrap().to_owned(), s["status"].as_str().unwrap().to_owned()))
        .collect();
    assert!(statuses.contains(&("water".into(), "bad".into())));
    assert!(statuses.contains(&("electricity".into(), "bad".into())));
    assert!(statuses.contains(&("fire".into(), "unknown".into())));
}

#[actix_web::test]
async fn an_update_needs_the_version_read_and_exactly_one_of_two_concurrent_updates_wins() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let missing = app.patch(&format!("/api/sites/{id}"), Persona::Prefecture93, json!({"name": "X"})).await;
    assert_eq!(missing.status, 428);
    let (a, b) = futures_join(
        patch(&app, Persona::Prefecture93, id, 1, json!({"population": {"total": 31}})),
        patch(&app, Persona::Asso93, id, 1, json!({"population": {"total": 32}})),
    )
    .await;
    let mut statuses = vec![a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, vec![200, 412], "{} / {}", a.text(), b.text());
    let loser = if a.status == 412 { &a } else { &b };
    assert_eq!(loser.header("etag"), Some("\"2\""), "the 412 tells the current version");
    let site = app.get(&format!("/api/sites/{id}"), Persona::NationalAdmin).await.json();
    let winner = if a.status == 200 { 31 } else { 32 };
    assert_eq!(site["population"]["total"], winner);
    assert_eq!(site["version"], 2);
}

async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    futures_util::join!(a, b)
}

#[actix_web::test]
async fn who_may_update_a_site_in_montreuil() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let mut expected = vec![
        (Persona::NationalAdmin, 200),
        (Persona::LocalAdmin93, 200),
        (Persona::Prefecture93, 200),
        (Persona::Commune93, 200),
        (Persona::Asso93, 200),
        (Persona::Intervenant93, 403),
        (Persona::National, 403),
        (Persona::Asso13, 404),
        (Persona::Observateur44, 404),
    ];
    let mut total = 40;
    for (persona, status) in expected.drain(..) {
        total += 1;
        let current = version(&app, id).await;
        let reply = patch(&app, persona, id, current, json!({"population": {"total": total}})).await;
        assert_eq!(reply.status, status, "{persona:?}: {}", reply.text());
    }
    assert_eq!(patch(&app, Caller::Anonymous, id, 1, json!({})).await.status, 401);
    let saint_denis = create(&app, Persona::Prefecture93, saint_denis()).await;
    let refused = patch(&app, Persona::Commune93, saint_denis, 1, json!({"population": {"total": 3}})).await;
    assert_eq!(refused.status, 403, "a commune reads Saint-Denis but does not write there");
}

#[actix_web::test]
async fn an_update_must_change_something_and_may_be_back_dated_only_after_the_last_one() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let same = patch(&app, Persona::Prefecture93, id, 1, json!({"name": "Les Tilleuls"})).await;
    assert_eq!(same.status, 422);
    assert_eq!(same.json()["errors"][0]["code"], "no_change");
    let confirmed = super::fixtures::post_versioned(
        &app,
        Persona::Prefecture93,
        &format!("/api/sites/{id}/confirmation"),
        1,
        json!({}),
    )
    .await;
    assert_eq!(confirmed.status, 200);
    assert_eq!(confirmed.json()["updated_without_any_change"], true);
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let back = patch(&app, Persona::Prefecture93, id, 2, json!({"name": "Nouveau", "updated_at": yesterday})).await;
    assert_eq!(back.status, 422, "the confirmation was today");
    assert_eq!(back.error_fields(), vec!["updated_at"]);
    let future =
        patch(&app, Persona::Prefecture93, id, 2, json!({"name": "Nouveau", "updated_at": "2099-01-01"})).await;
    assert_eq!(future.error_fields(), vec!["updated_at"]);
    let done = patch(&app, Persona::Prefecture93, id, 2, json!({"name": "Nouveau"})).await;
    assert_eq!(done.status, 200);
    assert_eq!(done.json()["updated_without_any_change"], false);
}

#[actix_web::test]
async fn an_empty_patch_writes_nothing_when_justice_and_owners_are_empty() {
    let app = TestApp::spawn().await;
    let mut body = montreuil();
    body.as_object_mut().unwrap().remove("justice");
    body.as_object_mut().unwrap().remove("owners");
    let id = create(&app, Persona::Prefecture93, body).await;
    for (persona, version) in [(Persona::Prefecture93, 1), (Persona::Asso93, 1), (Persona::LocalAdmin93, 1)] {
        for change in [json!({}), json!({"justice": {}, "owners": []})] {
            let reply = patch(&app, persona, id, version, change.clone()).await;
            assert_eq!(reply.status, 422, "{persona:?} {change}: {}", reply.text());
            assert_eq!(reply.json()["errors"][0]["code"], "no_change", "{persona:?} {change}");
        }
    }
    let history = app.get(&format!("/api/sites/{id}/history"), Persona::NationalAdmin).await.json();
    assert_eq!(history.as_array().unwrap().len(), 1, "no version written: {history}");
    assert_eq!(version(&app, id).await, 1);
}

#[actix_web::test]
async fn a_merge_patch_changes_only_what_it_names_and_keeps_restricted_blocks_of_those_who_cannot_read_them() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    let reply = patch(
        &app,
        Persona::Asso93,
        id,
        1,
        json!({"population": {"minors": 10}, "justice": {"owner_complaint": false}, "owners": [{"name": "Moi", "owner_type": "public"}]}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let site = app.get(&format!("/api/sites/{id}"), Persona::Prefecture93).await.json();
    assert_eq!(site["population"]["minors"], 10);
    assert_eq!(site["population"]["total"], 30, "untouched");
    assert_eq!(site["justice"]["owner_complaint"], true, "an operator cannot write justice");
    assert_eq!(site["owners"][0]["name"], "SCI du Parc", "nor owners");
    let removed = patch(&app, Persona::Prefecture93, id, 2, json!({"name": null})).await;
    assert_eq!(removed.json()["name"], json!(null));
}

#[actix_web::test]
async fn a_site_may_move_only_to_a_commune_the_caller_writes_in() {
    let app = TestApp::spawn().await;
    let id = create(&app, Persona::Commune93, montreuil()).await;
    let moved = patch(&app, Persona::Commune93, id, 1, json!({"city_code": "93066"})).await;
    assert_eq!(moved.status, 403);
    let moved = patch(&app, Persona::Prefecture93, id, 1, json!({"city_code": "93066"})).await;
    assert_eq!(moved.status, 200);
    assert_eq!(moved.json()["city"]["name"], "Saint-Denis");
}

#[actix_web::test]
async fn nearby_lists_open_sites_of_the_scope_by_distance() {
    let app = TestApp::spawn().await;
    create(&app, Persona::Prefecture93, montreuil()).await;
    let near = app.get("/api/sites/nearby?latitude=48.8591&longitude=2.4421", Persona::Commune93).await.json();
    assert_eq!(near[0]["display_name"], "7 rue des Tilleuls « Les Tilleuls »");
    assert!(near[0]["distance"].as_i64().unwrap() < 50);
    let far = app.get("/api/sites/nearby?latitude=48.8591&longitude=2.4421", Persona::Asso13).await.json();
    assert_eq!(far, json!([]), "outside the operator's territory");
    assert_eq!(app.get("/api/sites/nearby?latitude=abc&longitude=2", Persona::Asso13).await.status, 400);
    assert_eq!(app.get("/api/sites/nearby?latitude=1&longitude=2", Caller::Anonymous).await.status, 401);
}
