use actix_web::http::Method;
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, patch_action, user_id, valid_action, version};
use crate::sites::fixtures::demo_site;
use crate::support::{assert_access, table, Caller, Persona, TestApp};

use Persona::*;

/// Those for whom an action of 93, piloted and operated from 93, does not exist.
const OUTSIDE_93: [(Persona, u16); 2] = [(Asso13, 404), (Observateur44, 404)];

#[actix_web::test]
async fn an_action_of_93_is_read_by_its_territory_and_does_not_exist_for_the_others() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    let readers = table(&OUTSIDE_93, 200);
    assert_access(&app, Method::GET, &format!("/api/actions/{id}"), None, &readers).await;
    assert_access(&app, Method::GET, &format!("/api/actions/{id}/history"), None, &readers).await;
    let hidden = app.get(&format!("/api/actions/{id}"), Asso13).await;
    assert!(!hidden.text().contains("Accompagnement"), "nothing leaks in the error: {}", hidden.text());
    assert_eq!(app.get("/api/actions/987654", NationalAdmin).await.status, 404);
}

#[actix_web::test]
async fn abilities_tell_each_reader_what_it_may_do_with_the_action() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    // (persona, update, read finances, comment): finances are read by admins, State
    // correspondents and the pilots' organization (here the préfecture of 93), never by the
    // operator; the commune writes in its commune only, and an action has none; the national
    // establishment reads. Moderators are the admins of the territory.
    let cases = [
        (NationalAdmin, true, true, true),
        (LocalAdmin93, true, true, true),
        (Prefecture93, true, true, true),
        (Asso93, true, false, true),
        (Commune93, false, false, false),
        (Intervenant93, false, false, true),
        (National, false, false, false),
    ];
    for (persona, update, finances, comment) in cases {
        let reply = app.get(&format!("/api/actions/{id}"), persona).await;
        assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
        let expected = json!({
            "update": update,
            "update_restricted": update && finances,
            "read_finances": finances,
            "delete": persona == NationalAdmin,
            "comment": comment,
            "moderate": matches!(persona, NationalAdmin | LocalAdmin93),
        });
        assert_eq!(reply.json()["abilities"], expected, "{persona:?}");
    }
}

#[actix_web::test]
async fn who_may_update_an_action_of_93() {
    let app = TestApp::spawn().await;
    let id = create_action(&app, Prefecture93, action_93(&app).await).await;
    // The commune of Montreuil writes in its commune only, not in the whole département.
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
    for (n, (persona, status)) in cases.into_iter().enumerate() {
        let current = version(&app, id).await;
        let reply = patch_action(&app, persona, id, current, json!({"goals": format!("Objectifs revus {n}.")})).await;
        assert_eq!(reply.status, status, "{persona:?}: {}", reply.text());
    }
    assert_eq!(patch_action(&app, Caller::Anonymous, id, 1, json!({"name": "Anonyme"})).await.status, 401);
}

#[actix_web::test]
async fn every_member_of_an_operator_organization_reads_and_updates_the_action_wherever_it_is() {
    let app = TestApp::spawn().await;
    let body = valid_action(user_id(&app, Prefecture93).await, user_id(&app, Asso13).await);
    let id = create_action(&app, Prefecture93, body).await;
    let read = app.get(&format!("/api/actions/{id}"), Asso13).await;
    assert_eq!(read.status, 200, "the association of 13 operates it: {}", read.text());
    assert_eq!(read.json()["abilities"]["update"], true);
    assert_eq!(read.json()["abilities"]["read_finances"], false, "operating gives no finances");
    let reply = patch_action(&app, Asso13, id, 1, json!({"name": "Suivi depuis Marseille"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    // The association of 93 no longer operates it: it reads it in its département, no more.
    let reply = patch_action(&app, Asso93, id, 2, json!({"name": "Suivi local"})).await;
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(app.get(&format!("/api/actions/{id}"), Observateur44).await.status, 404);
}

#[actix_web::test]
async fn the_members_of_a_pilot_organization_read_its_finances_and_update_it() {
    let app = TestApp::spawn().await;
    let body = valid_action(user_id(&app, Commune93).await, user_id(&app, Asso93).await);
    let id = create_action(&app, Prefecture93, body).await;
    let read = app.get(&format!("/api/actions/{id}"), Commune93).await.json();
    assert_eq!(read["abilities"]["read_finances"], true, "{read}");
    assert_eq!(read["abilities"]["update"], true, "piloting reaches beyond the commune: {read}");
    assert_eq!(read["abilities"]["update_restricted"], true, "{read}");
    let reply = patch_action(&app, Commune93, id, 1, json!({"goals": "Scolariser les enfants du site."})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[actix_web::test]
async fn who_may_create_an_action_in_93_and_in_13() {
    let app = TestApp::spawn().await;
    let in_93 = action_93(&app).await;
    let expectations = table(&[(NationalAdmin, 201), (LocalAdmin93, 201), (Prefecture93, 201)], 403);
    assert_access(&app, Method::POST, "/api/actions", Some(in_93), &expectations).await;
    let mut in_13 = valid_action(user_id(&app, NationalAdmin).await, user_id(&app, Asso13).await);
    in_13["departement_code"] = json!("13");
    for persona in [Prefecture93, LocalAdmin93, Asso13] {
        let reply = app.post("/api/actions", persona, in_13.clone()).await;
        assert_eq!(reply.status, 403, "{persona:?} writes in 93 at most: {}", reply.text());
    }
    assert_eq!(app.post("/api/actions", NationalAdmin, in_13).await.status, 201);
}

#[actix_web::test]
async fn only_the_national_admin_may_delete_an_action() {
    let app = TestApp::spawn().await;
    let body = action_93(&app).await;
    let cases = [
        (NationalAdmin, 204),
        (LocalAdmin93, 403),
        (Prefecture93, 403),
        (Commune93, 403),
        (Asso93, 403),
        (Intervenant93, 403),
        (National, 403),
        (Asso13, 404),
        (Observateur44, 404),
    ];
    for (persona, status) in cases {
        // A fresh action each time: a deletion consumes it.
        let id = create_action(&app, Prefecture93, body.clone()).await;
        let reply = app.call(Method::DELETE, &format!("/api/actions/{id}"), persona, None).await;
        assert_eq!(reply.status, status, "{persona:?}: {}", reply.text());
    }
    let id = create_action(&app, Prefecture93, body).await;
    assert_eq!(app.call(Method::DELETE, &format!("/api/actions/{id}"), Caller::Anonymous, None).await.status, 401);
}

/// The communes of the sites an action shows, sorted.
fn site_cities(action: &Value) -> Vec<String> {
    let mut cities: Vec<String> =
        action["sites"].as_array().unwrap().iter().map(|site| site["city_name"].as_str().unwrap().to_owned()).collect();
    cities.sort();
    cities
}

#[actix_web::test]
async fn an_action_shows_only_the_sites_the_caller_reads_and_an_update_keeps_the_others() {
    let app = TestApp::spawn().await;
    let montreuil = demo_site(&app, "Montreuil", "open").await;
    let bondy = demo_site(&app, "Bondy", "open").await;
    let asso_93 = user_id(&app, Asso93).await;
    let mut body = action_93(&app).await;
    body["location_type"] = json!("sur_site");
    body["site_ids"] = json!([montreuil, bondy]);
    // The association of 13 operates beside the one of 93: it reads the action, not the sites.
    body["operators"] = json!([asso_93, user_id(&app, Asso13).await]);
    body["principal_operator"] = json!(asso_93);
    let id = create_action(&app, Prefecture93, body).await;
    let action = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(site_cities(&action), vec!["Bondy", "Montreuil"], "{action}");
    let mut site_ids: Vec<i64> =
        action["sites"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    site_ids.sort_unstable();
    let mut expected = vec![montreuil as i64, bondy as i64];
    expected.sort_unstable();
    assert_eq!(site_ids, expected);
    assert!(action["sites"].as_array().unwrap().iter().all(|site| site["open"] == true));
    let seen = app.get(&format!("/api/actions/{id}"), Asso13).await;
    assert_eq!(seen.status, 200, "{}", seen.text());
    assert_eq!(seen.json()["sites"], json!([]), "no site of 93 for the association of 13");
    let reply = patch_action(&app, Asso13, id, 1, json!({"name": "Suivi des familles"})).await;
    assert_eq!(reply.status, 200, "the sites it cannot read are kept, not refused: {}", reply.text());
    assert_eq!(reply.json()["sites"], json!([]));
    let after = app.get(&format!("/api/actions/{id}"), Prefecture93).await.json();
    assert_eq!(after["name"], "Suivi des familles");
    assert_eq!(site_cities(&after), vec!["Bondy", "Montreuil"], "{after}");
}
