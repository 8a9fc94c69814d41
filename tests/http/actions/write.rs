use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, ids, patch_action, stored_versions, user_id, version};
use crate::support::{Persona, TestApp};

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `body` with the top-level fields of `changes` replaced.
fn with(mut body: Value, changes: &Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key.as_str()] = value.clone();
    }
    body
}

#[actix_web::test]
async fn every_rule_of_an_action_names_its_field_with_its_code_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let prefecture = user_id(&app, Persona::Prefecture93).await;
    let asso = user_id(&app, Persona::Asso93).await;
    let intervenant = user_id(&app, Persona::Intervenant93).await;
    let valid = action_93(&app).await;
    let eti_in =
        |city: &str| json!({"address": "12 rue de Paris", "city_code": city, "latitude": 48.86, "longitude": 2.44});
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"name": ""}), "name", "required"),
        (json!({"name": "x".repeat(201)}), "name", "too_long"),
        (json!({"started_at": null}), "started_at", "required"),
        (json!({"ended_at": "2024-12-31"}), "ended_at", "before_start"),
        (json!({"topics": []}), "topics", "required"),
        (json!({"goals": "   "}), "goals", "required"),
        (json!({"departement_code": ""}), "departement_code", "required"),
        (json!({"departement_code": "00"}), "departement_code", "unknown_territory"),
        (json!({"location_type": null}), "location_type", "required"),
        (
            json!({"location_type": "eti", "eti": {"city_code": "93048", "latitude": 48.86, "longitude": 2.44}}),
            "eti.address",
            "required",
        ),
        // Aix-en-Provence exists, but not in Seine-Saint-Denis.
        (json!({"location_type": "eti", "eti": eti_in("13001")}), "eti.city_code", "outside_departement"),
        (
            json!({"location_type": "eti", "eti": {"address": "12 rue de Paris", "city_code": "93048"}}),
            "eti.latitude",
            "required",
        ),
        (json!({"location_type": "sur_site", "site_ids": []}), "site_ids", "required"),
        (json!({"location_type": "sur_site", "site_ids": [987654]}), "site_ids", "unknown_site"),
        (json!({"location_type": "autre"}), "location_other", "required"),
        (json!({"pilots": []}), "pilots", "required"),
        // An association steers nothing; an unknown id is nobody.
        (json!({"pilots": [asso]}), "pilots", "not_a_pilot"),
        (json!({"pilots": [987654]}), "pilots", "not_a_pilot"),
        (json!({"operators": []}), "operators", "required"),
        // A préfecture steers but does not operate.
        (json!({"operators": [prefecture]}), "operators", "not_an_operator"),
        (json!({"operators": [asso, intervenant]}), "principal_operator", "required"),
        (
            json!({"operators": [asso, intervenant], "principal_operator": prefecture}),
            "principal_operator",
            "not_an_operator",
        ),
    ];
    let before = stored_versions(&app).await;
    for (changes, field, code) in &cases {
        // The national admin creates everywhere: no refusal of rights hides a rule.
        let reply = app.post("/api/actions", Persona::NationalAdmin, with(valid.clone(), changes)).await;
        assert_eq!(reply.status, 422, "{changes}: {}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{changes}");
        assert_eq!(reply.error_fields(), vec![field.to_string()], "{changes}: {}", reply.text());
        let error = &reply.json()["errors"][0];
        assert_eq!(error["code"], *code, "{changes}: {}", reply.text());
        assert!(error["message"].as_str().unwrap().len() > 5, "{changes}: a French message");
    }
    assert_eq!(stored_versions(&app).await, before, "no refused action was written");
}

#[actix_web::test]
async fn one_answer_names_every_faulty_field_once() {
    let app = TestApp::spawn().await;
    let reply = app.post("/api/actions", Persona::NationalAdmin, json!({})).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    let mut fields = reply.error_fields();
    for field in ["name", "started_at", "topics", "goals", "departement_code", "location_type", "pilots", "operators"] {
        assert!(fields.contains(&field.to_string()), "{field} missing: {}", reply.text());
    }
    let named = fields.len();
    fields.sort();
    fields.dedup();
    assert_eq!(fields.len(), named, "one error per field: {}", reply.text());
}

#[actix_web::test]
async fn a_created_action_answers_with_its_version_its_address_and_everything_it_holds() {
    let app = TestApp::spawn().await;
    let prefecture = user_id(&app, Persona::Prefecture93).await as i64;
    let asso = user_id(&app, Persona::Asso93).await as i64;
    let reply = app.post("/api/actions", Persona::Prefecture93, action_93(&app).await).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.header("etag"), Some("\"1\""));
    let action = reply.json();
    let id = action["id"].as_i64().unwrap();
    assert_eq!(reply.header("location"), Some(format!("/api/actions/{id}").as_str()));
    assert_eq!(action["version"], 1);
    assert_eq!(action["name"], "Accompagnement santé des familles");
    assert_eq!(action["started_at"], "2025-01-06");
    assert_eq!(action["ended_at"], json!(null));
    assert_eq!(action["phase"], "ongoing");
    assert_eq!(action["topics"], json!(["health", "school"]));
    assert_eq!(action["departement"], json!({"code": "93", "name": "Seine-Saint-Denis"}));
    assert_eq!(action["region"]["code"], "11");
    assert_eq!(action["location_type"], "logement");
    assert_eq!(action["eti"], json!(null));
    assert_eq!(action["sites"], json!([]));
    assert_eq!(ids(&action["pilots"]), vec![prefecture]);
    assert_eq!(ids(&action["operators"]), vec![asso]);
    assert_eq!(action["principal_operator"], asso, "a single operator is the principal one");
    assert_eq!(action["created_by"]["id"], prefecture);
    assert_eq!(action["updated_by"]["id"], prefecture);
    let read = app.get(&format!("/api/actions/{id}"), Persona::Prefecture93).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json()["name"], action["name"]);
}

#[actix_web::test]
async fn an_action_is_ended_once_its_end_date_is_past_and_is_placed_where_it_takes_place() {
    let app = TestApp::spawn().await;
    let valid = action_93(&app).await;
    let ended = with(valid.clone(), &json!({"ended_at": (today() - Duration::days(2)).to_string()}));
    let reply = app.post("/api/actions", Persona::Prefecture93, ended).await;
    assert_eq!(reply.json()["phase"], "ended", "{}", reply.text());
    let running = with(valid.clone(), &json!({"ended_at": (today() + Duration::days(30)).to_string()}));
    assert_eq!(app.post("/api/actions", Persona::Prefecture93, running).await.json()["phase"], "ongoing");
    let eti = json!({"location_type": "eti",
        "eti": {"address": "12 rue de Paris", "city_code": "93048", "latitude": 48.8611, "longitude": 2.4437}});
    let action = app.post("/api/actions", Persona::Prefecture93, with(valid.clone(), &eti)).await.json();
    assert_eq!(action["eti"]["city"], json!({"code": "93048", "name": "Montreuil"}), "{action}");
    assert_eq!(action["eti"]["address"], "12 rue de Paris");
    // Details of another place are dropped, not stored.
    let other = json!({"location_type": "autre", "location_other": "Gymnase municipal", "site_ids": [987654]});
    let action = app.post("/api/actions", Persona::Prefecture93, with(valid, &other)).await.json();
    assert_eq!(action["location_other"], "Gymnase municipal", "{action}");
    assert_eq!(action["sites"], json!([]));
}

#[actix_web::test]
async fn a_refused_update_keeps_the_version_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let asso = user_id(&app, Persona::Asso93).await;
    let before = stored_versions(&app).await;
    let cases = [
        (json!({"ended_at": "2000-01-01"}), "ended_at", "before_start"),
        (json!({"pilots": [asso]}), "pilots", "not_a_pilot"),
        // A merge patch's null removes the field: a name is required.
        (json!({"name": null}), "name", "required"),
    ];
    for (patch, field, code) in cases {
        let reply = patch_action(&app, Persona::Prefecture93, id, 1, patch.clone()).await;
        assert_eq!(reply.status, 422, "{patch}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec![field.to_string()], "{patch}: {}", reply.text());
        assert_eq!(reply.json()["errors"][0]["code"], code, "{patch}");
    }
    assert_eq!(version(&app, id).await, 1);
    assert_eq!(stored_versions(&app).await, before);
}

#[actix_web::test]
async fn an_update_needs_the_version_read_and_a_stale_one_is_refused() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let missing =
        app.patch(&format!("/api/actions/{id}"), Persona::Prefecture93, json!({"name": "Sans version"})).await;
    assert_eq!(missing.status, 428, "{}", missing.text());
    let first = patch_action(&app, Persona::Prefecture93, id, 1, json!({"name": "Premier"})).await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.header("etag"), Some("\"2\""));
    assert_eq!(first.json()["version"], 2);
    // Both read version 1: the second to save must reload rather than overwrite the first.
    let second = patch_action(&app, Persona::Asso93, id, 1, json!({"name": "Second"})).await;
    assert_eq!(second.status, 412, "{}", second.text());
    assert_eq!(second.json()["code"], "precondition_failed");
    assert_eq!(second.header("etag"), Some("\"2\""), "the 412 tells the current version");
    let action = app.get(&format!("/api/actions/{id}"), Persona::NationalAdmin).await.json();
    assert_eq!(action["name"], "Premier");
    assert_eq!(action["version"], 2);
}

#[actix_web::test]
async fn a_merge_patch_changes_only_what_it_names() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let reply =
        patch_action(&app, Persona::Prefecture93, id, 1, json!({"topics": ["work"], "ended_at": "2027-06-30"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let action = app.get(&format!("/api/actions/{id}"), Persona::Prefecture93).await.json();
    assert_eq!(action["topics"], json!(["work"]));
    assert_eq!(action["ended_at"], "2027-06-30");
    assert_eq!(action["name"], "Accompagnement santé des familles", "untouched");
    assert_eq!(action["goals"], "Ouvrir les droits à la santé et scolariser les enfants.", "untouched");
}

#[actix_web::test]
async fn an_operator_updates_the_action_but_not_its_pilots_nor_its_departement() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Persona::Prefecture93, action_93(&app).await).await;
    let prefecture = user_id(&app, Persona::Prefecture93).await;
    let commune = user_id(&app, Persona::Commune93).await;
    let own = app.get(&format!("/api/actions/{id}"), Persona::Asso93).await.json();
    assert_eq!(own["abilities"]["update"], true);
    assert_eq!(own["abilities"]["update_restricted"], false);
    let patch = json!({"name": "Suivi santé", "pilots": [commune], "departement_code": "13"});
    let reply = patch_action(&app, Persona::Asso93, id, 1, patch).await;
    assert_eq!(reply.status, 200, "the restricted fields are kept, not refused: {}", reply.text());
    assert_eq!(reply.json()["kept_fields"], json!(["pilots", "departement_code"]), "and the answer says so");
    let action = app.get(&format!("/api/actions/{id}"), Persona::NationalAdmin).await.json();
    assert_eq!(action["name"], "Suivi santé");
    assert_eq!(ids(&action["pilots"]), vec![prefecture as i64], "an operator does not choose the pilots");
    assert_eq!(action["departement"]["code"], "93", "nor moves the action");
    // The préfecture reads finances nationwide: it may change the pilots.
    let reply = patch_action(&app, Persona::Prefecture93, id, 2, json!({"pilots": [prefecture, commune]})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut expected = vec![prefecture as i64, commune as i64];
    expected.sort_unstable();
    assert_eq!(ids(&reply.json()["pilots"]), expected);
    assert!(reply.json().get("kept_fields").is_none(), "nothing was kept from a finance reader");
}
