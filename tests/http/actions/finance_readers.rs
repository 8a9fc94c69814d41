//! "Who will see these figures" (issue 12 item 3): `GET /api/actions/{id}/finance-readers` for
//! a stored action and `GET /api/actions/finance-readers` for the creation form. Readers are
//! the members of the pilots' organizations and those whose permissions grant
//! `action_finances.access` where the action is; never its operators as such.

use actix_web::http::Method;
use diesel::prelude::*;
use serde_json::Value;

use super::fixtures::{create_action, user_id, valid_action};
use crate::support::{assert_access, table, Persona, TestApp};

use Persona::*;

/// One group of the answer: (reason, organization name, user ids).
type Group = (String, String, Vec<i32>);

fn groups(answer: &Value) -> Vec<Group> {
    answer["organizations"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .map(|group| {
            let users = group["users"].as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap() as i32).collect();
            (
                group["reason"].as_str().unwrap().to_owned(),
                group["organization"]["name"].as_str().unwrap().to_owned(),
                users,
            )
        })
        .collect()
}

/// The reason each persona reads for, `None` when they do not read.
async fn reasons(app: &TestApp, answer: &Value) -> Vec<(Persona, Option<String>)> {
    let groups = groups(answer);
    let mut found = Vec::new();
    for persona in Persona::ALL {
        let id = user_id(app, persona).await;
        let reasons: Vec<&String> = groups.iter().filter(|(_, _, users)| users.contains(&id)).map(|g| &g.0).collect();
        assert!(reasons.len() <= 1, "{persona:?} listed once at most: {answer}");
        found.push((persona, reasons.first().map(|reason| (*reason).clone())));
    }
    found
}

fn expected(listed: &[(Persona, &str)]) -> Vec<(Persona, Option<String>)> {
    Persona::ALL
        .iter()
        .map(|persona| (*persona, listed.iter().find(|(p, _)| p == persona).map(|(_, reason)| (*reason).to_owned())))
        .collect()
}

/// An action of 93 piloted by the commune of Montreuil and operated by the association of 93.
async fn piloted_by_the_commune(app: &TestApp) -> i32 {
    let body = valid_action(user_id(app, Commune93).await, user_id(app, Asso93).await);
    create_action(app, Prefecture93, body).await
}

async fn readers_of(app: &TestApp, id: i32) -> Value {
    let reply = app.get(&format!("/api/actions/{id}/finance-readers"), Prefecture93).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

async fn preview(app: &TestApp, query: &str) -> Value {
    let reply = app.get(&format!("/api/actions/finance-readers?{query}"), NationalAdmin).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    reply.json()
}

#[actix_web::test]
async fn the_pilots_organization_and_those_who_read_finances_in_93_or_nationwide_read_an_action_of_93() {
    let app = TestApp::spawn().await;
    let id = piloted_by_the_commune(&app).await;
    let answer = readers_of(&app, id).await;
    // The préfecture of 93 reads twice over: its local admin in her territory, its direct
    // collaborator nationwide; the national establishment reads finances only with the option.
    assert_eq!(
        reasons(&app, &answer).await,
        expected(&[
            (Commune93, "pilot"),
            (LocalAdmin93, "territory"),
            (Prefecture93, "national"),
            (NationalAdmin, "national"),
        ]),
        "{answer}"
    );
    let groups = groups(&answer);
    assert_eq!(groups[0].0, "pilot", "pilots first: {answer}");
    assert_eq!(groups[0].1, "Commune de Montreuil");
    let order = ["pilot", "territory", "national"];
    let ranks: Vec<usize> = groups.iter().map(|g| order.iter().position(|r| *r == g.0).unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "pilots, then the territory, then the nation: {answer}");
    let names: Vec<&str> = groups.iter().map(|g| g.1.as_str()).collect();
    for never in [
        "Association Solidarité Terrain 93",
        "Équipe mobile santé précarité 93",
        "Conseil départemental de Loire-Atlantique",
    ] {
        assert!(!names.contains(&never), "{never} does not read the finances: {answer}");
    }
    assert!(names.contains(&"Préfecture de la Seine-Saint-Denis"), "{answer}");
}

#[actix_web::test]
async fn the_preview_answers_for_the_departement_and_pilots_sent() {
    let app = TestApp::spawn().await;
    let id = piloted_by_the_commune(&app).await;
    let commune = user_id(&app, Commune93).await;
    assert_eq!(preview(&app, &format!("departement_code=93&pilots={commune}")).await, readers_of(&app, id).await);
    let in_13 = preview(&app, "departement_code=13").await;
    // Nobody pilots it, and the admin of 93 reads finances in 93 only.
    assert_eq!(
        reasons(&app, &in_13).await,
        expected(&[(Prefecture93, "national"), (NationalAdmin, "national")]),
        "{in_13}"
    );
    assert!(groups(&in_13).iter().all(|g| g.0 != "pilot"), "{in_13}");
}

#[actix_web::test]
async fn an_option_or_own_areas_change_who_reads() {
    let app = TestApp::spawn().await;
    let national = user_id(&app, National).await;
    let local_admin = user_id(&app, LocalAdmin93).await;
    app.state
        .db
        .write(move |conn| {
            use api::db::schema::{intervention_areas as ia, user_options, users};
            diesel::insert_into(user_options::table)
                .values((user_options::user_id.eq(national), user_options::option_code.eq("access_action_finances")))
                .execute(conn)?;
            // The admin of 93 now works in Bouches-du-Rhône instead of her préfecture's 93.
            diesel::update(users::table.find(local_admin)).set(users::use_custom_areas.eq(true)).execute(conn)?;
            diesel::insert_into(ia::table)
                .values((
                    ia::user_id.eq(Some(local_admin)),
                    ia::location_type.eq("departement"),
                    ia::region_code.eq(Some("93")),
                    ia::departement_code.eq(Some("13")),
                    ia::is_main.eq(true),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let in_13 = preview(&app, "departement_code=13").await;
    assert_eq!(
        reasons(&app, &in_13).await,
        expected(&[
            (LocalAdmin93, "territory"),
            (Prefecture93, "national"),
            (NationalAdmin, "national"),
            (National, "national")
        ]),
        "{in_13}"
    );
    let in_93 = preview(&app, "departement_code=93").await;
    assert_eq!(
        reasons(&app, &in_93).await,
        expected(&[(Prefecture93, "national"), (NationalAdmin, "national"), (National, "national")]),
        "{in_93}"
    );
}

#[actix_web::test]
async fn the_preview_refuses_an_unknown_departement_and_a_user_who_may_not_pilot() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/actions/finance-readers?departement_code=00", NationalAdmin).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.error_fields(), vec!["departement_code"]);
    let operator = user_id(&app, Asso93).await;
    let reply =
        app.get(&format!("/api/actions/finance-readers?departement_code=93&pilots={operator}"), NationalAdmin).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.error_fields(), vec!["pilots"]);
    let reply = app.get("/api/actions/finance-readers?departement_code=93&pilots=quatre", NationalAdmin).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(app.get("/api/actions/finance-readers", NationalAdmin).await.status, 400, "the département is required");
}

#[actix_web::test]
async fn who_may_ask_who_reads_the_finances_of_an_action() {
    let app = TestApp::spawn().await;
    let id = piloted_by_the_commune(&app).await;
    // Those who update it: admins and the correspondent of 93, its pilot and its operator.
    let expectations = table(
        &[
            (NationalAdmin, 200),
            (LocalAdmin93, 200),
            (Prefecture93, 200),
            (Commune93, 200),
            (Asso93, 200),
            (Asso13, 404),
            (Observateur44, 404),
        ],
        403,
    );
    assert_access(&app, Method::GET, &format!("/api/actions/{id}/finance-readers"), None, &expectations).await;
    assert_eq!(app.get("/api/actions/987654/finance-readers", NationalAdmin).await.status, 404);
}

#[actix_web::test]
async fn who_may_preview_the_finance_readers_of_a_new_action() {
    let app = TestApp::spawn().await;
    // Those who create actions somewhere; the commune creates in its commune.
    let expectations = table(&[(NationalAdmin, 200), (LocalAdmin93, 200), (Prefecture93, 200), (Commune93, 200)], 403);
    assert_access(&app, Method::GET, "/api/actions/finance-readers?departement_code=93", None, &expectations).await;
}
