//! The actions of a site (issue 12, item 7): listed on the site's page, newest first, for
//! those who read them (its territory, members of its organizations), kept when the site
//! closes; and the `has_action` filter of the site list.

use chrono::{Duration, Utc};
use serde_json::{json, Value};

use super::fixtures::{create_action, user_id, valid_action};
use crate::sites::fixtures::{demo_site, post_versioned, version};
use crate::support::{Persona, TestApp};

use Persona::*;

/// The demo sites of Bondy (« La Prairie », without any action) and Montreuil (« Les Roses »,
/// which the demo action « Accès aux soins… » already takes place on).
async fn prairie_and_roses(app: &TestApp) -> (i32, i32) {
    (demo_site(app, "Bondy", "open").await, demo_site(app, "Montreuil", "open").await)
}

/// An action of `departement` on `sites`, started yesterday (so newer than any demo action),
/// piloted by `pilot` and operated by `operator`, created by the national admin.
async fn action_on(app: &TestApp, departement: &str, sites: &[i32], pilot: Persona, operator: Persona) -> i32 {
    let mut body = valid_action(user_id(app, pilot).await, user_id(app, operator).await);
    body["name"] = json!(format!("Médiation scolaire en {departement}"));
    body["departement_code"] = json!(departement);
    body["started_at"] = json!((Utc::now().date_naive() - Duration::days(1)).to_string());
    body["location_type"] = json!("sur_site");
    body["site_ids"] = json!(sites);
    create_action(app, NationalAdmin, body).await
}

/// The `actions` of a site as `persona` reads it (the site must be readable).
async fn actions_of_site(app: &TestApp, persona: Persona, site: i32) -> Vec<Value> {
    let reply = app.get(&format!("/api/sites/{site}"), persona).await;
    assert_eq!(reply.status, 200, "{persona:?} reads site {site}: {}", reply.text());
    reply.json()["actions"].as_array().unwrap_or_else(|| panic!("no actions on {}", reply.text())).clone()
}

async fn action_ids_of_site(app: &TestApp, persona: Persona, site: i32) -> Vec<i64> {
    actions_of_site(app, persona, site).await.iter().map(|action| action["id"].as_i64().unwrap()).collect()
}

/// The ids of the sites `persona` lists with `query`; the total must agree with the items.
async fn listed(app: &TestApp, persona: Persona, query: &str) -> Vec<i64> {
    let reply = app.get(&format!("/api/sites?limit=200&{query}"), persona).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    let page = reply.json();
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|site| site["id"].as_i64().unwrap()).collect();
    assert_eq!(page["total"].as_i64(), Some(ids.len() as i64), "{persona:?} {query}: the total counts the items");
    ids
}

#[actix_web::test]
async fn an_action_on_two_sites_is_listed_on_both_for_its_readers_newest_first() {
    let app = TestApp::spawn().await;
    let (prairie, roses) = prairie_and_roses(&app).await;
    assert_eq!(actions_of_site(&app, Prefecture93, prairie).await, Vec::<Value>::new(), "no action yet");
    let id = action_on(&app, "93", &[prairie, roses], Prefecture93, Asso93).await;
    for persona in [Prefecture93, Asso93, Commune93, Intervenant93] {
        let on_prairie = actions_of_site(&app, persona, prairie).await;
        assert_eq!(on_prairie.len(), 1, "{persona:?}: {on_prairie:?}");
        let link = &on_prairie[0];
        assert_eq!(link["id"], id);
        assert_eq!(link["name"], "Médiation scolaire en 93");
        assert_eq!(link["phase"], "ongoing");
        assert_eq!(link["started_at"], (Utc::now().date_naive() - Duration::days(1)).to_string());
        assert_eq!(link["ended_at"], Value::Null);
        assert_eq!(link["topics"], json!(["health", "school"]));
        let on_roses = actions_of_site(&app, persona, roses).await;
        let names: Vec<&str> = on_roses.iter().map(|action| action["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            vec!["Médiation scolaire en 93", "Accès aux soins et scolarisation aux Roses et à Pleyel"],
            "{persona:?}: the new action first, then the demo one"
        );
    }
    // Those outside 93 do not read the sites at all.
    for persona in [Asso13, Observateur44] {
        let reply = app.get(&format!("/api/sites/{prairie}"), persona).await;
        assert_eq!(reply.status, 404, "{persona:?}");
        assert!(!reply.text().contains("Médiation"), "{persona:?}: {}", reply.text());
    }
}

#[actix_web::test]
async fn an_action_of_another_departement_is_listed_only_for_those_who_read_it() {
    let app = TestApp::spawn().await;
    let (prairie, _) = prairie_and_roses(&app).await;
    // An action of 13 on a site of 93, piloted by the national admin and operated by the
    // association of 93: the préfecture of 93 reads every action, the association as its
    // operator; the commune and the intervener of 93 read the site but not an action of 13.
    let id = action_on(&app, "13", &[prairie], NationalAdmin, Asso93).await;
    let expected = [
        (NationalAdmin, vec![i64::from(id)]),
        (Prefecture93, vec![i64::from(id)]),
        (Asso93, vec![i64::from(id)]),
        (Commune93, vec![]),
        (Intervenant93, vec![]),
    ];
    let mut mismatches = Vec::new();
    for (persona, ids) in expected {
        let listed = action_ids_of_site(&app, persona, prairie).await;
        if listed != ids {
            mismatches.push(format!("{persona:?}: expected {ids:?}, got {listed:?}"));
        }
    }
    assert!(mismatches.is_empty(), "actions of site {prairie}:\n{}", mismatches.join("\n"));
    let page = app.get(&format!("/api/sites/{prairie}"), Commune93).await.text();
    assert!(!page.contains("Médiation scolaire"), "nothing of the action leaks: {page}");
    // The association of 13, operator of another such action, reads the action, not the site.
    let operated = action_on(&app, "13", &[prairie], NationalAdmin, Asso13).await;
    assert_eq!(app.get(&format!("/api/actions/{operated}"), Asso13).await.status, 200);
    assert_eq!(app.get(&format!("/api/sites/{prairie}"), Asso13).await.status, 404);
}

#[actix_web::test]
async fn closing_a_site_keeps_its_actions_on_its_page_and_readable() {
    let app = TestApp::spawn().await;
    let (prairie, roses) = prairie_and_roses(&app).await;
    let id = action_on(&app, "93", &[prairie, roses], Prefecture93, Asso93).await;
    let today = Utc::now().date_naive().to_string();
    let closure = json!({"closed_at": today, "status": "closed_by_pref_admin", "closed_with_solutions": false});
    let path = format!("/api/sites/{prairie}/closure");
    let closed = post_versioned(&app, Prefecture93, &path, version(&app, prairie).await, closure).await;
    assert_eq!(closed.status, 200, "{}", closed.text());
    assert_eq!(closed.json()["status"], "closed_by_pref_admin");
    for persona in [Prefecture93, Asso93] {
        assert_eq!(action_ids_of_site(&app, persona, prairie).await, vec![i64::from(id)], "{persona:?}");
        let action = app.get(&format!("/api/actions/{id}"), persona).await;
        assert_eq!(action.status, 200, "{persona:?}: {}", action.text());
        let sites: Vec<i64> =
            action.json()["sites"].as_array().unwrap().iter().map(|site| site["id"].as_i64().unwrap()).collect();
        assert!(sites.contains(&i64::from(prairie)), "{persona:?}: the closed site stays: {}", action.text());
    }
}

#[actix_web::test]
async fn the_site_list_filters_on_having_an_action() {
    let app = TestApp::spawn().await;
    let (prairie, roses) = prairie_and_roses(&app).await;
    let prairie_id = i64::from(prairie);
    // Asked first, so that an answer kept from before the action would show.
    assert_eq!(listed(&app, Prefecture93, "q=saules&has_action=true").await, Vec::<i64>::new());
    assert_eq!(listed(&app, Prefecture93, "q=saules&has_action=false").await, vec![prairie_id]);
    assert_eq!(listed(&app, Prefecture93, "q=roses&has_action=true").await, vec![i64::from(roses)], "demo action");
    action_on(&app, "93", &[prairie], Prefecture93, Asso93).await;
    assert_eq!(listed(&app, Prefecture93, "q=saules&has_action=true").await, vec![prairie_id]);
    assert_eq!(listed(&app, Prefecture93, "q=saules&has_action=false").await, Vec::<i64>::new());
    assert_eq!(listed(&app, Prefecture93, "q=saules").await, vec![prairie_id], "no filter, no change");
    // The demo sites of 93 with an action: Les Roses, Pleyel, Canal, and now La Prairie.
    let in_93 = "location_type=departement&location_code=93";
    assert_eq!(listed(&app, Commune93, &format!("{in_93}&has_action=true")).await.len(), 4);
    assert_eq!(listed(&app, Commune93, &format!("{in_93}&has_action=false")).await, Vec::<i64>::new());
    for value in ["maybe", "1", "oui", ""] {
        let reply = app.get(&format!("/api/sites?has_action={value}"), Prefecture93).await;
        assert_eq!(reply.status, 400, "has_action={value}: {}", reply.text());
        assert_eq!(reply.error_fields(), vec!["has_action"], "has_action={value}");
    }
}

#[actix_web::test]
async fn the_filter_counts_only_the_actions_the_caller_may_read() {
    let app = TestApp::spawn().await;
    let (prairie, _) = prairie_and_roses(&app).await;
    let prairie_id = i64::from(prairie);
    // An action of 13 on La Prairie: the commune of 93 reads the site, not the action; the
    // association of 93 reads it as its operator.
    action_on(&app, "13", &[prairie], NationalAdmin, Asso93).await;
    let cases = [(Prefecture93, true), (Asso93, true), (Commune93, false), (Intervenant93, false)];
    let mut mismatches = Vec::new();
    for (persona, with_action) in cases {
        let with = listed(&app, persona, "q=saules&has_action=true").await;
        let without = listed(&app, persona, "q=saules&has_action=false").await;
        let expected = if with_action { (vec![prairie_id], vec![]) } else { (vec![], vec![prairie_id]) };
        if (with.clone(), without.clone()) != expected {
            mismatches.push(format!("{persona:?}: expected {expected:?}, got ({with:?}, {without:?})"));
        }
    }
    assert!(mismatches.is_empty(), "has_action on La Prairie:\n{}", mismatches.join("\n"));
}
