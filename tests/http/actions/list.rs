//! The action list `GET /api/actions`: who sees which actions, the two tabs and their counts,
//! every filter, the orders and the cursor. The demo actions exist in every test database: the
//! actions created here carry a word no demo action holds, and the lists are narrowed to it.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::support::{Caller, Persona, TestApp};

async fn user(app: &TestApp, persona: Persona) -> i32 {
    app.user_id(persona.email()).await
}

async fn organization(app: &TestApp, persona: Persona) -> i64 {
    app.get("/api/me", persona).await.json()["organization"]["id"].as_i64().unwrap()
}

/// Creates an action and returns its id. By default it is in Seine-Saint-Denis, in housing,
/// ongoing since 15 January 2024, about health, piloted by Julien Lefèvre (préfecture 93) and
/// operated by Ioana Popescu (Association Solidarité Terrain 93); `changes` replace fields.
async fn create(app: &TestApp, who: Persona, name: &str, changes: Value) -> i64 {
    let (pilot, operator) = (user(app, Persona::Prefecture93).await, user(app, Persona::Asso93).await);
    let mut body = json!({
        "name": name,
        "started_at": "2024-01-15",
        "ended_at": null,
        "topics": ["health"],
        "goals": "Objectifs de l'action.",
        "departement_code": "93",
        "location_type": "logement",
        "pilots": [pilot],
        "operators": [operator],
    });
    for (key, value) in changes.as_object().unwrap() {
        body[key.as_str()] = value.clone();
    }
    let reply = app.post("/api/actions", who, body).await;
    assert_eq!(reply.status, 201, "{name}: {}", reply.text());
    reply.json()["id"].as_i64().unwrap()
}

/// One page, which must be served.
async fn page(app: &TestApp, who: impl Into<Caller>, query: &str) -> Value {
    let reply = app.get(&format!("/api/actions?{query}"), who).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    reply.json()
}

fn items(page: &Value) -> &[Value] {
    page["items"].as_array().unwrap()
}

/// The names of the actions listed, sorted; the total must count them all.
async fn names(app: &TestApp, who: Persona, query: &str) -> Vec<String> {
    let page = page(app, who, &format!("limit=200&{query}")).await;
    let mut names: Vec<String> = items(&page).iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(page["total"].as_i64(), Some(names.len() as i64), "{query}: the total counts every action listed");
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    names.sort();
    names
}

/// Lists each query as `who` and reports every list that differs from the names expected.
async fn assert_lists(app: &TestApp, who: Persona, cases: &[(&str, &[&str])]) {
    let mut mismatches = Vec::new();
    for (query, expected) in cases {
        let found = names(app, who, query).await;
        if found != sorted(expected) {
            mismatches.push(format!("{query}: expected {expected:?}, got {found:?}"));
        }
    }
    assert!(mismatches.is_empty(), "GET /api/actions as {who:?}:\n{}", mismatches.join("\n"));
}

#[actix_web::test]
async fn each_persona_lists_the_actions_of_its_territory_and_of_its_organization() {
    const SEINE_SAINT_DENIS: &str = "Zéphyrin en Seine-Saint-Denis";
    const OPERATED_FROM_MARSEILLE: &str = "Zéphyrin en Seine-Saint-Denis avec Marseille";
    const BOUCHES_DU_RHONE: &str = "Zéphyrin dans les Bouches-du-Rhône";
    const LOIRE_ATLANTIQUE: &str = "Zéphyrin en Loire-Atlantique";
    let app = TestApp::spawn().await;
    let asso13 = user(&app, Persona::Asso13).await;
    create(&app, Persona::Prefecture93, SEINE_SAINT_DENIS, json!({})).await;
    create(&app, Persona::Prefecture93, OPERATED_FROM_MARSEILLE, json!({"operators": [asso13]})).await;
    let national = user(&app, Persona::National).await;
    let in_13 = json!({"departement_code": "13", "pilots": [national], "operators": [asso13]});
    create(&app, Persona::NationalAdmin, BOUCHES_DU_RHONE, in_13).await;
    let observer = user(&app, Persona::Observateur44).await;
    let in_44 = json!({"departement_code": "44", "pilots": [observer]});
    create(&app, Persona::NationalAdmin, LOIRE_ATLANTIQUE, in_44).await;

    let all: &[&str] = &[SEINE_SAINT_DENIS, OPERATED_FROM_MARSEILLE, BOUCHES_DU_RHONE, LOIRE_ATLANTIQUE];
    let in_93: &[&str] = &[SEINE_SAINT_DENIS, OPERATED_FROM_MARSEILLE];
    let cases: [(Persona, &[&str]); 9] = [
        (Persona::NationalAdmin, all),
        (Persona::National, all),
        (Persona::LocalAdmin93, all),
        (Persona::Prefecture93, all),
        // A commune reads the whole département.
        (Persona::Commune93, in_93),
        // Its association operates the action of 44.
        (Persona::Asso93, &[SEINE_SAINT_DENIS, OPERATED_FROM_MARSEILLE, LOIRE_ATLANTIQUE]),
        (Persona::Intervenant93, in_93),
        // Its association operates an action of 93.
        (Persona::Asso13, &[BOUCHES_DU_RHONE, OPERATED_FROM_MARSEILLE]),
        (Persona::Observateur44, &[LOIRE_ATLANTIQUE]),
    ];
    let mut mismatches = Vec::new();
    for (persona, expected) in cases {
        let found = names(&app, persona, "q=zephyrin").await;
        if found != sorted(expected) {
            mismatches.push(format!("{persona:?}: expected {expected:?}, got {found:?}"));
        }
    }
    assert!(mismatches.is_empty(), "GET /api/actions?q=zephyrin:\n{}", mismatches.join("\n"));
    assert_eq!(app.get("/api/actions", Caller::Anonymous).await.status, 401);
    // Without a filter too, the scope holds: the observer of 44 reads nothing of 93 or 13.
    for phase in ["ongoing", "ended"] {
        let seen = page(&app, Persona::Observateur44, &format!("limit=200&phase={phase}")).await;
        let departements: Vec<&str> = items(&seen).iter().map(|a| a["departement"]["code"].as_str().unwrap()).collect();
        assert!(departements.iter().all(|code| *code == "44"), "{phase}: {departements:?}");
    }
}

#[actix_web::test]
async fn an_action_moves_to_the_ended_tab_once_its_end_date_is_past() {
    let app = TestApp::spawn().await;
    let admin = Persona::NationalAdmin;
    let before = page(&app, admin, "limit=1").await;
    let today = chrono::Utc::now().date_naive();
    create(&app, Persona::Prefecture93, "Zéphyrin sans fin", json!({})).await;
    create(&app, Persona::Prefecture93, "Zéphyrin finit aujourd'hui", json!({"ended_at": today.to_string()})).await;
    let yesterday = (today - Duration::days(1)).to_string();
    create(&app, Persona::Prefecture93, "Zéphyrin finie hier", json!({"ended_at": yesterday})).await;
    let long_ago = json!({"started_at": "2019-03-01", "ended_at": "2020-06-30", "topics": ["safety"]});
    create(&app, Persona::Prefecture93, "Zéphyrin finie en 2020", long_ago).await;

    let ongoing = sorted(&["Zéphyrin sans fin", "Zéphyrin finit aujourd'hui"]);
    let ended = sorted(&["Zéphyrin finie hier", "Zéphyrin finie en 2020"]);
    for (query, expected, phase) in [
        ("q=zephyrin", &ongoing, "ongoing"),
        ("q=zephyrin&phase=ongoing", &ongoing, "ongoing"),
        ("q=zephyrin&phase=ended", &ended, "ended"),
    ] {
        assert_eq!(&names(&app, admin, query).await, expected, "{query}");
        let tab = page(&app, admin, query).await;
        assert_eq!((tab["ongoing"].as_i64(), tab["ended"].as_i64()), (Some(2), Some(2)), "{query}: both tabs counted");
        assert!(items(&tab).iter().all(|a| a["phase"] == phase), "{query}: {tab}");
    }
    // The counts of the tabs follow the other filters.
    let safety = page(&app, admin, "q=zephyrin&phase=ended&topic=safety").await;
    assert_eq!(
        (safety["total"].as_i64(), safety["ongoing"].as_i64(), safety["ended"].as_i64()),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(items(&safety)[0]["ended_at"], "2020-06-30");
    // And they cover the whole scope, the demo actions with ours.
    let after = page(&app, admin, "limit=1").await;
    assert_eq!(after["ongoing"].as_i64().unwrap(), before["ongoing"].as_i64().unwrap() + 2);
    assert_eq!(after["ended"].as_i64().unwrap(), before["ended"].as_i64().unwrap() + 2);
    assert_eq!(after["total"], after["ongoing"], "the ongoing tab by default");
}

const UN: &str = "Zéphyrin un";
const DEUX: &str = "Zéphyrin deux";
const TROIS: &str = "Zéphyrin trois";
const QUATRE: &str = "Zéphyrin quatre";
const CINQ: &str = "Zéphyrin cinq";

/// Five actions, each telling one filter apart; returns the id of the Canal site (Bobigny).
/// - un: 93, in housing, health, piloted by Julien Lefèvre, operated by AST 93;
/// - deux: 93, ETI in Montreuil, school, operated by EMSP 93;
/// - trois: 93, on the Canal site, work, operated by Association Accueil Marseille;
/// - quatre: 13, elsewhere, housing, since 2025, operated by Association Accueil Marseille;
/// - cinq: 93, in housing, safety, 2019 to 2020 (ended), operated by AST 93.
///
/// All but un are piloted by Claire Morel, of the same préfecture as Julien Lefèvre.
async fn five_actions(app: &TestApp) -> i64 {
    let sites = page_of_sites(app, "q=canal").await;
    assert_eq!(sites["items"][0]["city"]["code"], "93008", "{sites}");
    let canal = sites["items"][0]["id"].as_i64().unwrap();
    let morel = user(app, Persona::LocalAdmin93).await;
    let asso13 = user(app, Persona::Asso13).await;
    let emsp = user(app, Persona::Intervenant93).await;
    let p93 = Persona::Prefecture93;
    create(app, p93, UN, json!({})).await;
    let eti = json!({"address": "12 rue de Paris", "city_code": "93048", "latitude": 48.8611, "longitude": 2.4437});
    let in_eti =
        json!({"topics": ["school"], "location_type": "eti", "eti": eti, "pilots": [morel], "operators": [emsp]});
    create(app, p93, DEUX, in_eti).await;
    let on_site = json!({"topics": ["work"], "location_type": "sur_site", "site_ids": [canal],
        "pilots": [morel], "operators": [asso13]});
    create(app, p93, TROIS, on_site).await;
    let national = user(app, Persona::National).await;
    let in_13 = json!({"departement_code": "13", "started_at": "2025-02-01", "topics": ["housing"],
        "location_type": "autre", "location_other": "Local associatif", "pilots": [national], "operators": [asso13]});
    create(app, Persona::NationalAdmin, QUATRE, in_13).await;
    let ended = json!({"started_at": "2019-03-01", "ended_at": "2020-06-30", "topics": ["safety"], "pilots": [morel]});
    create(app, p93, CINQ, ended).await;
    canal
}

async fn page_of_sites(app: &TestApp, query: &str) -> Value {
    let reply = app.get(&format!("/api/sites?{query}"), Persona::Prefecture93).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

#[actix_web::test]
async fn topics_places_and_years_narrow_the_list() {
    let app = TestApp::spawn().await;
    five_actions(&app).await;
    let cases: &[(&str, &[&str])] = &[
        ("q=zephyrin", &[UN, DEUX, TROIS, QUATRE]),
        // Topics are OR-ed.
        ("q=zephyrin&topic=health,school", &[UN, DEUX]),
        ("q=zephyrin&topic=work", &[TROIS]),
        ("q=zephyrin&topic=safety", &[]),
        ("q=zephyrin&topic=health,safety&phase=ended", &[CINQ]),
        ("q=zephyrin&place=eti,sur_site", &[DEUX, TROIS]),
        ("q=zephyrin&place=autre", &[QUATRE]),
        ("q=zephyrin&place=logement", &[UN]),
        ("q=zephyrin&place=logement&phase=ended", &[CINQ]),
        // Filters are AND-ed.
        ("q=zephyrin&place=logement&topic=school", &[]),
        // An action counts for every year it runs.
        ("q=zephyrin&year=2023", &[]),
        ("q=zephyrin&year=2024", &[UN, DEUX, TROIS]),
        ("q=zephyrin&year=2025", &[UN, DEUX, TROIS, QUATRE]),
        ("q=zephyrin&year=2018&phase=ended", &[]),
        ("q=zephyrin&year=2019&phase=ended", &[CINQ]),
        ("q=zephyrin&year=2020&phase=ended", &[CINQ]),
        ("q=zephyrin&year=2021&phase=ended", &[]),
    ];
    assert_lists(&app, Persona::NationalAdmin, cases).await;
    let unknown = app.get("/api/actions?topic=health,cooking", Persona::NationalAdmin).await;
    assert_eq!((unknown.status, unknown.error_fields()), (400, vec!["topic".to_owned()]), "{}", unknown.text());
}

#[actix_web::test]
async fn a_territory_finds_the_actions_of_its_departement_and_of_its_communes() {
    let app = TestApp::spawn().await;
    five_actions(&app).await;
    let cases: &[(&str, &[&str])] = &[
        ("q=zephyrin&location_type=nation", &[UN, DEUX, TROIS, QUATRE]),
        ("q=zephyrin&location_type=region&location_code=11", &[UN, DEUX, TROIS]),
        ("q=zephyrin&location_type=region&location_code=93", &[QUATRE]),
        ("q=zephyrin&location_type=departement&location_code=93", &[UN, DEUX, TROIS]),
        ("q=zephyrin&location_type=departement&location_code=13", &[QUATRE]),
        // A commune: the ETI's (Montreuil) or the sites' (Canal, in Bobigny).
        ("q=zephyrin&location_type=city&location_code=93048", &[DEUX]),
        ("q=zephyrin&location_type=city&location_code=93008", &[TROIS]),
        ("q=zephyrin&location_type=city&location_code=93066", &[]),
        // Métropole du Grand Paris, which holds both.
        ("q=zephyrin&location_type=epci&location_code=200054781", &[DEUX, TROIS]),
    ];
    assert_lists(&app, Persona::NationalAdmin, cases).await;
    for query in ["location_type=city&location_code=99999", "location_type=departement&location_code=00"] {
        let unknown = app.get(&format!("/api/actions?{query}"), Persona::NationalAdmin).await;
        assert_eq!((unknown.status, unknown.error_fields()), (422, vec!["location_code".to_owned()]), "{query}");
    }
    let by_departement = page(&app, Persona::NationalAdmin, "q=zephyrin&sort=departement").await;
    let codes: Vec<&str> = items(&by_departement).iter().map(|a| a["departement"]["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["13", "93", "93", "93"]);
}

#[actix_web::test]
async fn words_find_actions_by_name_commune_pilot_and_operator_whatever_the_accents() {
    let app = TestApp::spawn().await;
    five_actions(&app).await;
    let cases: &[(&str, &[&str])] = &[
        ("q=ZEPHYRIN%20trois", &[TROIS]),
        // A pilot's last name, written "Lefèvre" or not.
        ("q=zephyrin%20lefevre", &[UN]),
        ("q=Z%C3%A9phyrin%20LEF%C3%88VRE", &[UN]),
        // The commune of the ETI, of the sites.
        ("q=zephyrin%20montreuil", &[DEUX]),
        ("q=zephyrin%20bobigny", &[TROIS]),
        // An operator's organization, its name or its abbreviation.
        ("q=zephyrin%20accueil%20marseille", &[TROIS, QUATRE]),
        ("q=zephyrin%20solidarite%20terrain", &[UN]),
        ("q=zephyrin%20solidarite%20terrain&phase=ended", &[CINQ]),
        ("q=zephyrin%20emsp", &[DEUX]),
        // An operator's name.
        ("q=zephyrin%20popescu", &[UN]),
        ("q=zephyrin%20haddad", &[TROIS, QUATRE]),
        // Every word must match.
        ("q=zephyrin%20lefevre%20marseille", &[]),
    ];
    assert_lists(&app, Persona::NationalAdmin, cases).await;
}

#[actix_web::test]
async fn a_site_or_an_operator_organization_finds_its_actions() {
    let app = TestApp::spawn().await;
    let canal = five_actions(&app).await;
    let pleyel = page_of_sites(&app, "q=pleyel").await["items"][0]["id"].as_i64().unwrap();
    let marseille = organization(&app, Persona::Asso13).await;
    let ast = organization(&app, Persona::Asso93).await;
    let emsp = organization(&app, Persona::Intervenant93).await;
    let prefecture = organization(&app, Persona::Prefecture93).await;
    let site_of = |site: i64| format!("q=zephyrin&site_id={site}");
    let operated_by = |organization: i64| format!("q=zephyrin&operator_organization={organization}");
    let queries = [
        (site_of(canal), vec![TROIS]),
        (site_of(pleyel), vec![]),
        (operated_by(marseille), vec![TROIS, QUATRE]),
        (operated_by(ast), vec![UN]),
        (format!("{}&phase=ended", operated_by(ast)), vec![CINQ]),
        (operated_by(emsp), vec![DEUX]),
        // The préfecture pilots them all but operates none.
        (operated_by(prefecture), vec![]),
    ];
    let cases: Vec<(&str, &[&str])> =
        queries.iter().map(|(query, expected)| (query.as_str(), expected.as_slice())).collect();
    assert_lists(&app, Persona::NationalAdmin, &cases).await;

    // The summary: the organizations of the pilots, that of the principal operator, the sites.
    let listed = page(&app, Persona::NationalAdmin, &site_of(canal)).await;
    let action = &items(&listed)[0];
    assert_eq!(action["name"], TROIS);
    assert_eq!(action["started_at"], "2024-01-15");
    assert_eq!(action["ended_at"], Value::Null);
    assert_eq!(action["phase"], "ongoing");
    assert_eq!(action["topics"], json!(["work"]));
    assert_eq!(action["departement"], json!({"code": "93", "name": "Seine-Saint-Denis"}));
    assert_eq!(action["location_type"], "sur_site");
    assert_eq!(action["site_count"], 1);
    let pilots: Vec<&str> =
        action["pilot_organizations"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(pilots, vec!["Préfecture de la Seine-Saint-Denis"]);
    assert_eq!(action["operator_organization"]["id"], marseille);
    assert_eq!(action["operator_organization"]["name"], "Association Accueil Marseille");
    assert!(action["updated_at"].is_string(), "{action}");
}

/// Follows `next_cursor` from the first page to the last: the ids in the order served.
async fn walk(app: &TestApp, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut totals = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let path = match &cursor {
            Some(cursor) => format!("{query}&cursor={cursor}"),
            None => query.to_owned(),
        };
        let page = page(app, Persona::NationalAdmin, &path).await;
        totals.push(page["total"].as_i64().unwrap());
        ids.extend(items(&page).iter().map(|a| a["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => {
                assert!(totals.iter().all(|total| *total == ids.len() as i64), "{query}: totals {totals:?}");
                return ids;
            }
        }
    }
    panic!("{query}: the cursor never reached the last page ({ids:?})");
}

#[actix_web::test]
async fn the_cursor_walks_every_action_once_in_each_order() {
    let app = TestApp::spawn().await;
    // Two share a name, two a start: the id breaks ties.
    let specs = [
        ("Quokka Delta", "2024-05-01"),
        ("Quokka Alpha", "2024-03-01"),
        ("Quokka Delta", "2024-02-01"),
        ("Quokka Charlie", "2024-05-01"),
        ("Quokka Bravo", "2024-04-01"),
    ];
    let mut created: Vec<(i64, &str, NaiveDate)> = Vec::new();
    for (name, started_at) in specs {
        let id = create(&app, Persona::Prefecture93, name, json!({"started_at": started_at})).await;
        created.push((id, name, started_at.parse().unwrap()));
    }
    let mut by_name = created.clone();
    by_name.sort_by_key(|a| (a.1, a.0));
    let mut newest_first = created.clone();
    newest_first.sort_by_key(|a| std::cmp::Reverse((a.2, a.0)));
    let creation: Vec<i64> = created.iter().map(|a| a.0).collect();
    let ids = |actions: Vec<(i64, &str, NaiveDate)>| actions.iter().map(|a| a.0).collect::<Vec<i64>>();
    let orders = [
        ("name", ids(by_name)),
        ("started_at", ids(newest_first.clone())),
        // Created one after the other: the last one is the latest updated.
        ("updated_at", creation.iter().rev().copied().collect()),
        // All in 93: by id.
        ("departement", creation.clone()),
    ];
    for (sort, expected) in orders {
        assert_eq!(walk(&app, &format!("q=quokka&limit=2&sort={sort}")).await, expected, "sort={sort}");
    }
    assert_eq!(walk(&app, "q=quokka&limit=2").await, ids(newest_first), "the newest start first by default");
}

#[actix_web::test]
async fn a_foreign_cursor_a_limit_out_of_range_or_an_unknown_parameter_is_refused() {
    let app = TestApp::spawn().await;
    let admin = Persona::NationalAdmin;
    for name in ["Quokka Alpha", "Quokka Bravo", "Quokka Charlie"] {
        create(&app, Persona::Prefecture93, name, json!({})).await;
    }
    let first = page(&app, admin, "q=quokka&limit=2&sort=name").await;
    assert_eq!(items(&first).len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let refused = [
        // A cursor is valid for the order that gave it only.
        format!("q=quokka&limit=2&sort=started_at&cursor={cursor}"),
        "cursor=nonsense".to_owned(),
        "limit=0".to_owned(),
        "limit=201".to_owned(),
    ];
    for (query, field) in refused.iter().zip(["cursor", "cursor", "limit", "limit"]) {
        let reply = app.get(&format!("/api/actions?{query}"), admin).await;
        assert_eq!((reply.status, reply.error_fields()), (422, vec![field.to_owned()]), "{query}: {}", reply.text());
    }
    for (query, field) in [("colour=red", "colour"), ("sort=size", "sort"), ("phase=later", "phase")] {
        let reply = app.get(&format!("/api/actions?{query}"), admin).await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.text());
        assert_eq!(reply.json()["code"], "invalid_query", "{query}");
        assert_eq!(reply.error_fields(), vec![field.to_owned()], "{query}");
    }
}
