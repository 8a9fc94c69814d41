//! Lists "as of" a past day against the same lists asked on that day. Writes always happen now,
//! so history is moved back ten days after each stage of changes; then every question asked at
//! a stage must get, as of a day of that stage, the answer it got then: every filter, order and
//! page, for several scopes. Past lists and current lists come from two readings of the data
//! (`site_versions` and `sites`): this holds them to the same answers.

use actix_web::http::Method;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{json, Value};

use super::fixtures::{create, montreuil, patch, post_versioned, version};
use crate::support::{Persona, TestApp};
use api::db::schema::site_versions as sv;

/// Who asks what: every filter of `every_filter_narrows_the_list` and more values of each,
/// orders, justice filters for a justice reader, and narrower scopes.
fn questions(year: i32) -> Vec<(Persona, String)> {
    let everyone = [
        "",
        "location_type=departement&location_code=93",
        "location_type=departement&location_code=13",
        "location_type=city&location_code=13055",
        "location_type=region&location_code=11",
        "location_type=epci&location_code=200054781",
        "zone=outre_mer",
        "zone=hexagone",
        "q=canal",
        "q=SAINT-DENIS",
        "q=montreuil",
        "q=chemin%20roses",
        "q=acacias",
        "q=tilleuls%20montreuil",
        "q=peupliers",
        "population=gte100",
        "population=lt10",
        "population=10_99",
        "population=unknown",
        "population=unknown,gte100",
        "field_type=building",
        "field_type=land,building",
        "field_type=unknown",
        "origin=european_only",
        "origin=european",
        "origin=unknown",
        "origin=other",
        "origin=french",
        "origin=french,other",
        "target=true",
        "target=false",
        "heatwave=true",
        "heatwave=false",
        "actors=true",
        "actors=false",
        "conditions=water",
        "conditions=water&population=gte100",
        "conditions=sanitary,electricity",
        "conditions=pests",
        "status=in_progress",
        "status=closed",
        "status=resorbed",
        "status=resorbed&location_type=departement&location_code=93",
        "status=closed&closing_reason=closed_by_justice",
        "status=closed&closing_reason=closed_by_pref_admin,resorbed",
        "status=closed&outcome=closed",
        "status=closed&outcome=resorbed",
        "status=closed&closure_year=1999",
        "sort=city",
        "sort=declared_at",
        "sort=built_at",
        "sort=updated_at",
        "sort=closed_at",
        "sort=declared_at&location_type=departement&location_code=93",
        "status=closed&sort=city",
        "status=closed&sort=updated_at",
    ];
    let justice = [
        "",
        "justice=justice_procedure",
        "justice=justice_rendered",
        "justice=owner_complaint",
        "justice=none,unknown",
        "administrative_order=evacuation_under_time_limit",
        "administrative_order=none",
        "administrative_order=unknown",
        "rhi=insalubrity_order",
        "rhi=none,unknown",
        "status=closed&justice=owner_complaint",
    ];
    let narrower = [
        (Persona::Asso13, ""),
        (Persona::Asso13, "status=closed"),
        (Persona::Asso13, "q=marseille"),
        (Persona::Asso13, "actors=true"),
        (Persona::Commune93, ""),
        (Persona::Commune93, "status=in_progress"),
        (Persona::Commune93, "population=10_99"),
    ];
    let mut asked: Vec<(Persona, String)> =
        everyone.iter().map(|query| (Persona::NationalAdmin, (*query).to_owned())).collect();
    asked.push((Persona::NationalAdmin, format!("status=closed&closure_year={year}")));
    asked.extend(justice.iter().map(|query| (Persona::Prefecture93, (*query).to_owned())));
    asked.extend(narrower.iter().map(|(who, query)| (*who, (*query).to_owned())));
    asked
}

/// Orders walked page by page (two sites a page) as of each day; by closing date, open sites
/// have none to page by.
const WALKED: [&str; 5] =
    ["sort=closed_at", "", "sort=city", "status=closed", "sort=declared_at&location_type=departement&location_code=93"];

/// One whole list (at most 200 sites) as `who` sees it, without `actors_count`: actors have no
/// history, so a past list counts today's; nor `data_updated_at`, which moves back with history
/// (the order it gives is still compared).
async fn answer(app: &TestApp, who: Persona, query: &str) -> Value {
    let reply = app.get(&format!("/api/sites?limit=200&{query}"), who).await;
    assert_eq!(reply.status, 200, "{who:?} {query}: {}", reply.text());
    let mut page = reply.json();
    let items = page["items"].as_array_mut().unwrap();
    let listed = items.len();
    for item in items {
        let item = item.as_object_mut().unwrap();
        item.remove("actors_count");
        item.remove("data_updated_at");
    }
    assert_eq!(page["total"], listed, "{who:?} {query}: the total counts the list");
    page
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|site| site["id"].as_i64().unwrap()).collect()
}

async fn answers(app: &TestApp, asked: &[(Persona, String)]) -> Vec<Value> {
    let mut all = Vec::with_capacity(asked.len());
    for (who, query) in asked {
        all.push(answer(app, *who, query).await);
    }
    all
}

/// The ids of a list walked two sites a page with its cursors; every page carries the total.
async fn walk(app: &TestApp, query: &str) -> Vec<i64> {
    let (mut walked, mut totals) = (Vec::new(), Vec::new());
    let mut cursor = String::new();
    loop {
        let page = app.get(&format!("/api/sites?limit=2&{query}{cursor}"), Persona::NationalAdmin).await;
        assert_eq!(page.status, 200, "{query}{cursor}: {}", page.text());
        let page = page.json();
        walked.extend(ids(&page));
        totals.push(page["total"].as_u64().unwrap() as usize);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert!(totals.iter().all(|total| *total == walked.len()), "{query}: totals {totals:?} on every page");
    walked
}

/// Moves every version back `days`, as if the whole history had been written that much earlier:
/// its validity and its date of data update (never after the day a version was written, which
/// past lists rely on). Row by row from Rust, so that the same code runs on both databases.
async fn move_history_back(app: &TestApp, days: i64) {
    let shift = Duration::days(days);
    app.state
        .db
        .write(move |conn| {
            let versions: Vec<(i32, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDate>)> =
                sv::table.select((sv::id, sv::valid_from, sv::valid_to, sv::data_updated_at)).load(conn)?;
            for (id, from, to, updated) in versions {
                diesel::update(sv::table.find(id))
                    .set((
                        sv::valid_from.eq(from - shift),
                        sv::valid_to.eq(to.map(|to| to - shift)),
                        sv::data_updated_at.eq(updated.map(|day| day - shift)),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

/// The id of an open site by its name.
async fn named(app: &TestApp, name: &str) -> i32 {
    let page = app.get("/api/sites?limit=200", Persona::NationalAdmin).await.json();
    let site = page["items"].as_array().unwrap().iter().find(|s| s["name"] == name);
    site.unwrap_or_else(|| panic!("no open site named {name}"))["id"].as_i64().unwrap() as i32
}

async fn updated(app: &TestApp, who: Persona, id: i32, body: Value) {
    let reply = patch(app, who, id, version(app, id).await, body.clone()).await;
    assert_eq!(reply.status, 200, "{id} {body}: {}", reply.text());
}

async fn closed(app: &TestApp, who: Persona, id: i32, body: Value) {
    let reply = post_versioned(app, who, &format!("/api/sites/{id}/closure"), version(app, id).await, body).await;
    assert_eq!(reply.status, 200, "closing {id}: {}", reply.text());
}

async fn sent(app: &TestApp, method: Method, path: &str, who: Persona, body: Option<Value>) {
    let reply = app.call(method, path, who, body).await;
    assert!(matches!(reply.status, 200 | 201), "{path}: {} {}", reply.status, reply.text());
}

/// A good water supply (tap on the site, private, continuous, close).
fn good_water() -> Value {
    json!({"access_type": "robinet_connecte_au_reseau", "is_public": false, "is_continuous": true, "is_local": true,
        "is_close": true, "is_unequal": false, "has_stagnant_water": false})
}

/// Changes that move most filters: a 93 site renamed and changed in every respect, a target, a
/// heatwave, a new site, an actor on a site without any, a resorption started, a closure.
async fn first_changes(app: &TestApp, today: NaiveDate) {
    let roses = named(app, "Les Roses").await;
    let rendered = today - Duration::days(30);
    let body = json!({
        "name": "Les Acacias",
        "population": {"total": 150},
        "field_type": "building",
        "social_origins": ["french"],
        "living_conditions": {"water": good_water(), "pests": {"presence": false}},
        "justice": {"justice_rendered": true, "justice_rendered_by": "Tribunal judiciaire de Bobigny",
            "justice_rendered_at": rendered, "justice_challenged": false,
            "evacuation_under_time_limit": true, "insalubrity_order": true}
    });
    updated(app, Persona::Prefecture93, roses, body).await;
    let canal = named(app, "Canal").await;
    sent(app, Method::POST, &format!("/api/sites/{canal}/resorption-target"), Persona::Prefecture93, None).await;
    let milles = named(app, "Les Milles").await;
    let heatwave = json!({"heatwave": true});
    sent(app, Method::PUT, &format!("/api/sites/{milles}/heatwave"), Persona::NationalAdmin, Some(heatwave)).await;
    let actor = json!({"themes": ["sante"]});
    sent(app, Method::POST, &format!("/api/sites/{milles}/actors"), Persona::Asso13, Some(actor)).await;
    create(app, Persona::Prefecture93, montreuil()).await;
    let ginestous = named(app, "Ginestous").await;
    sent(app, Method::POST, &format!("/api/sites/{ginestous}/resorption-start"), Persona::NationalAdmin, None).await;
    let cap = named(app, "Cap Pinède").await;
    let closure = json!({"closed_at": today, "status": "closed_by_pref_admin", "closed_with_solutions": false});
    closed(app, Persona::NationalAdmin, cap, closure).await;
}

/// More changes: a population unknown and another under ten, origins removed, justice changed,
/// a site resorbed with solutions, a heatwave over, an actor gone, a renaming.
async fn second_changes(app: &TestApp, today: NaiveDate) {
    let mauves = named(app, "Prairie de Mauves").await;
    let body = json!({"population": {"total": null}, "social_origins": [], "field_type": "unknown",
        "living_conditions": {"water": {"access_type": "fontaine_publique"}}});
    updated(app, Persona::NationalAdmin, mauves, body).await;
    let prairie = named(app, "La Prairie").await;
    let body = json!({"population": {"total": 6},
        "justice": {"owner_complaint": false, "justice_procedure": true, "justice_rendered": false}});
    updated(app, Persona::Prefecture93, prairie, body).await;
    let acacias = named(app, "Les Acacias").await;
    let body = json!({"justice": {"evacuation_under_time_limit": false}, "social_origins": ["french", "other"]});
    updated(app, Persona::Prefecture93, acacias, body).await;
    let tilleuls = named(app, "Les Tilleuls").await;
    updated(app, Persona::Prefecture93, tilleuls, json!({"name": "Les Peupliers"})).await;
    let canal = named(app, "Canal").await;
    let heatwave = json!({"heatwave": false});
    sent(app, Method::PUT, &format!("/api/sites/{canal}/heatwave"), Persona::Prefecture93, Some(heatwave)).await;
    let milles = named(app, "Les Milles").await;
    let asso13 = app.user_id(Persona::Asso13.email()).await;
    sent(app, Method::DELETE, &format!("/api/sites/{milles}/actors/{asso13}"), Persona::Asso13, None).await;
    let pleyel = named(app, "Pleyel").await;
    let closure = json!({"closed_at": today, "status": "resorbed", "closed_with_solutions": true,
        "solutions": [{"solution": "housing", "people": 40, "households": 10}]});
    closed(app, Persona::Prefecture93, pleyel, closure).await;
}

/// How many questions got other sites from one stage to the next.
fn moved(before: &[Value], after: &[Value]) -> usize {
    let sites = |page: &Value| {
        let mut ids = ids(page);
        ids.sort();
        ids
    };
    before.iter().zip(after).filter(|(before, after)| sites(before) != sites(after)).count()
}

#[actix_web::test]
async fn every_list_as_of_a_past_day_is_the_list_of_that_day() {
    let app = TestApp::spawn().await;
    let today = chrono::Utc::now().date_naive();
    let asked = questions(chrono::Datelike::year(&today));
    // The shifts below are plain SQL: they do not empty `site_answers` (the kept totals and
    // maps), and they leave current versions current. Past lists are asked only after the last
    // shift, so no answer kept before it is served for them.
    let first = answers(&app, &asked).await;
    move_history_back(&app, 10).await;
    first_changes(&app, today).await;
    let second = answers(&app, &asked).await;
    move_history_back(&app, 10).await;
    second_changes(&app, today).await;
    let third = answers(&app, &asked).await;

    // Most questions get other sites at each stage, so equal answers below cannot come from lists
    // that are empty or never move: 56 and 53 of the 75 did when this was written.
    assert!(moved(&first, &second) >= 45, "{} questions moved at the first stage", moved(&first, &second));
    assert!(moved(&second, &third) >= 45, "{} questions moved at the second stage", moved(&second, &third));

    // Once moved, the first stage ended ten days ago, the second began then and ended with today's
    // changes.
    let days = [(today - Duration::days(15), &first), (today - Duration::days(5), &second), (today, &third)];
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (day, expected) in days {
        for ((who, query), then) in asked.iter().zip(expected.iter()) {
            // Actors have no history: a past list filters on today's actors.
            if day < today && query.contains("actors=") {
                continue;
            }
            let past = answer(&app, *who, &format!("{query}&as_of={day}")).await;
            compared += 1;
            if past != *then {
                let (now, then_ids) = (ids(&past), ids(then));
                mismatches.push(if now != then_ids {
                    format!("{who:?} {query:?} as of {day}: sites {now:?} instead of {then_ids:?}")
                } else {
                    let items = |page: &Value| page["items"].as_array().unwrap().clone();
                    let first = items(&past).into_iter().zip(items(then)).find(|(past, then)| past != then);
                    format!("{who:?} {query:?} as of {day}: same sites, totals or summaries differ: {first:?}")
                });
            }
        }
        for query in WALKED {
            let position = asked.iter().position(|(who, asked)| *who == Persona::NationalAdmin && asked == query);
            let then = &expected[position.unwrap_or_else(|| panic!("{query} is not asked"))];
            let walked = walk(&app, &format!("{query}&as_of={day}")).await;
            compared += 1;
            if walked != ids(then) {
                mismatches.push(format!("{query:?} as of {day}, page by page: {walked:?} instead of {:?}", ids(then)));
            }
        }
    }
    // The current list pages the same way (open sites have no closing date to page by).
    for query in WALKED {
        let position = asked.iter().position(|(who, asked)| *who == Persona::NationalAdmin && asked == query);
        let now = &third[position.unwrap_or_else(|| panic!("{query} is not asked"))];
        let walked = walk(&app, query).await;
        compared += 1;
        if walked != ids(now) {
            mismatches.push(format!("{query:?} now, page by page: {walked:?} instead of {:?}", ids(now)));
        }
    }
    // The map of a past day shows the sites of that day's list.
    for (day, expected) in days {
        for query in ["", "status=closed"] {
            let position = asked.iter().position(|(who, asked)| *who == Persona::NationalAdmin && asked == query);
            let mut listed = ids(&expected[position.unwrap_or_else(|| panic!("{query} is not asked"))]);
            let map = app.get(&format!("/api/sites/map?{query}&as_of={day}"), Persona::NationalAdmin).await;
            assert_eq!(map.status, 200, "{}", map.text());
            let mut drawn: Vec<i64> =
                map.json()["features"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()).collect();
            drawn.sort();
            listed.sort();
            compared += 1;
            if drawn != listed {
                mismatches.push(format!("map {query:?} as of {day}: {drawn:?} instead of {listed:?}"));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} of {compared} differ:\n{}", mismatches.len(), mismatches.join("\n"));
    let closed_then = answer(&app, Persona::NationalAdmin, &format!("status=closed&as_of={}", days[0].0)).await;
    let closed_now = answer(&app, Persona::NationalAdmin, "status=closed").await;
    assert_ne!(ids(&closed_then), ids(&closed_now), "two sites closed since");
}

#[actix_web::test]
async fn a_list_as_of_a_day_follows_the_demo_history_and_never_the_future() {
    let app = TestApp::spawn().await;
    let today = chrono::Utc::now().date_naive();
    assert_eq!(answer(&app, Persona::Asso13, &format!("as_of={today}")).await["total"], 2);
    // Three weeks ago the three demo sites closed since were still open.
    let before = today - Duration::days(21);
    assert_eq!(answer(&app, Persona::NationalAdmin, &format!("status=closed&as_of={before}")).await["total"], 0);
    let future = app.get(&format!("/api/sites?as_of={}", today + Duration::days(3)), Persona::NationalAdmin).await;
    assert_eq!(future.error_fields(), vec!["as_of"]);
}
