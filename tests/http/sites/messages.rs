//! Every output that carries journal messages applies the rule of the site page, site by site:
//! a message planted in the Bouches-du-Rhône never reaches those who may read journals only in
//! Seine-Saint-Denis, whatever the route.

use serde_json::{json, Value};

use super::export::sheet;
use super::fixtures::demo_site;
use crate::support::{Persona, TestApp};

const MARKER_13: &str = "MARQUEUR-13-cabanes-du-littoral";
const MARKER_93: &str = "MARQUEUR-93-passage-du-matin";

/// The first open demo site of a département.
async fn open_site_of(app: &TestApp, departement: &str) -> i64 {
    let page = app.get("/api/sites?status=open&limit=200", Persona::NationalAdmin).await.json();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|site| site["departement_code"] == departement)
        .unwrap_or_else(|| panic!("no open demo site in {departement}"))["id"]
        .as_i64()
        .unwrap()
}

async fn post_message(app: &TestApp, persona: Persona, site: i64, body: &str) {
    let message = json!({"body": body, "visibility": "public"});
    let reply = app.post(&format!("/api/sites/{site}/comments"), persona, message).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
}

/// What a persona receives from every output that carries messages, as one text.
async fn everything_seen_by(app: &TestApp, persona: Persona, site_13: i64) -> String {
    let mut seen = Vec::new();
    let export = app.get("/api/sites/export?options=comments", persona).await;
    assert_eq!(export.status, 200, "{persona:?}: {}", export.text());
    let (_, rows) = sheet(&export.body);
    seen.push(rows.concat().join("|"));
    let today = chrono::Utc::now().date_naive();
    let as_of = app.get(&format!("/api/sites/export?options=comments&as_of={today}"), persona).await;
    assert_eq!(as_of.status, 200, "{persona:?}: {}", as_of.text());
    seen.push(sheet(&as_of.body).1.concat().join("|"));
    for path in ["/api/activities?limit=100", "/api/activities?limit=100&kinds=site_comment"] {
        let feed = app.get(path, persona).await;
        assert_eq!(feed.status, 200, "{persona:?} {path}: {}", feed.text());
        seen.push(feed.text());
    }
    let csv = app.get("/api/sites/comments/export", persona).await;
    seen.push(csv.text());
    seen.push(app.get(&format!("/api/sites/{site_13}/history"), persona).await.text());
    seen.push(app.get(&format!("/api/sites/{site_13}"), persona).await.text());
    for mail in app.mail.to(persona.email()) {
        seen.push(format!("{} {}", mail.subject, mail.body));
    }
    seen.join("\n")
}

#[actix_web::test]
async fn a_message_of_a_13_site_reaches_no_output_of_those_who_read_journals_only_in_93() {
    let app = TestApp::spawn().await;
    let site_13 = open_site_of(&app, "13").await;
    let site_93 = demo_site(&app, "Bondy", "open").await as i64;
    post_message(&app, Persona::Asso13, site_13, MARKER_13).await;
    post_message(&app, Persona::Asso93, site_93, MARKER_93).await;
    for persona in [Persona::Prefecture93, Persona::LocalAdmin93] {
        let journal = app.get(&format!("/api/sites/{site_13}/comments"), persona).await;
        assert_eq!(journal.status, 403, "{persona:?}: the site page refuses the journal of 13");
        let seen = everything_seen_by(&app, persona, site_13).await;
        assert!(!seen.contains(MARKER_13), "{persona:?} received a message of 13");
        assert!(seen.contains(MARKER_93), "{persona:?} still reads the journals of 93");
    }
    let national = everything_seen_by(&app, Persona::NationalAdmin, site_13).await;
    assert!(national.contains(MARKER_13) && national.contains(MARKER_93), "the scan finds what may be read");
}

#[actix_web::test]
async fn a_message_mailed_reaches_only_those_the_site_page_would_show_it_to() {
    let app = TestApp::spawn().await;
    let site_93 = demo_site(&app, "Bondy", "open").await as i64;
    post_message(&app, Persona::Asso93, site_93, MARKER_93).await;
    let mailed: Vec<Value> = app
        .mail
        .all()
        .into_iter()
        .filter(|mail| mail.body.contains(MARKER_93))
        .flat_map(|mail| mail.to)
        .map(Value::from)
        .collect();
    assert!(!mailed.is_empty(), "someone in 93 is told");
    for persona in [Persona::Asso13, Persona::Observateur44, Persona::National] {
        assert!(!mailed.contains(&Value::from(persona.email())), "{persona:?} was mailed: {mailed:?}");
    }
    for address in mailed {
        let address = address.as_str().unwrap().to_owned();
        let Some(persona) = Persona::ALL.iter().find(|p| p.email() == address) else { continue };
        let journal = app.get(&format!("/api/sites/{site_93}/comments"), *persona).await;
        assert!(journal.text().contains(MARKER_93), "{persona:?} was mailed a message their journal hides");
    }
}
