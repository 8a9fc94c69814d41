//! Issue 30, suite 1: one authorization table for every route of `openapi.yaml`. Each row is a
//! request (a route, in or out of the caller's territory) and the status each of twelve callers
//! must get: the nine demo personas, anonymous, a deactivated account and an expired token. A
//! row prepares its request once per caller, so a write that consumes its target (a closure, a
//! deletion) meets a fresh one each time. A new route is one row in the file of its family;
//! `every_route_of_the_openapi_document_has_rows` fails while one has none.

mod accounts;
mod actions;
mod sites_read;
mod sites_write;
mod users;

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::Method;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::support::{Caller, Persona, TestApp};

/// The request of one caller: its path (ids filled in), body, and the version it expects
/// (`If-Match`) when the route asks for one.
pub struct Request {
    pub path: String,
    pub body: Option<Value>,
    pub if_match: Option<i64>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request { path: path.into(), body: None, if_match: None }
    }

    pub fn with(path: impl Into<String>, body: Value) -> Self {
        Request { path: path.into(), body: Some(body), if_match: None }
    }

    /// With `If-Match: "<version>"`; `body` may be `Value::Null` for none.
    pub fn versioned(path: impl Into<String>, body: Value, version: i64) -> Self {
        let body = (!body.is_null()).then_some(body);
        Request { path: path.into(), body, if_match: Some(version) }
    }
}

/// Builds the request of one caller, creating what it needs (a fresh site, user…) on `app`.
pub type Prepare = for<'a> fn(&'a TestApp) -> Pin<Box<dyn Future<Output = Request> + 'a>>;

/// Who sends a request in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Deactivated,
    Expired,
    Persona(Persona),
}

/// One request and the status each caller must get.
pub struct Row {
    pub method: Method,
    /// The route as `openapi.yaml` names it.
    pub route: &'static str,
    /// What this row asks, e.g. "a site of 93" or "a site of 13".
    pub case: &'static str,
    pub prepare: Prepare,
    pub expect: Vec<(Who, u16)>,
}

impl Row {
    pub fn new(
        method: Method,
        route: &'static str,
        case: &'static str,
        prepare: Prepare,
        expect: Vec<(Who, u16)>,
    ) -> Self {
        Row { method, route, case, prepare, expect }
    }
}

/// Expectations for a route that needs a signed-in caller: anonymous, deactivated and expired
/// callers get 401; each listed persona its status; the others `others`.
pub fn signed_in(listed: &[(Persona, u16)], others: u16) -> Vec<(Who, u16)> {
    let mut expect = vec![(Who::Anonymous, 401), (Who::Deactivated, 401), (Who::Expired, 401)];
    for persona in Persona::ALL {
        let status = listed.iter().find(|(p, _)| *p == persona).map(|(_, s)| *s).unwrap_or(others);
        expect.push((Who::Persona(persona), status));
    }
    expect
}

/// Expectations for a public route: every caller gets the same status (a token, valid or not,
/// changes nothing).
pub fn public(status: u16) -> Vec<(Who, u16)> {
    let mut expect = vec![(Who::Anonymous, status), (Who::Deactivated, status), (Who::Expired, status)];
    expect.extend(Persona::ALL.iter().map(|p| (Who::Persona(*p), status)));
    expect
}

/// A number no other call of this test binary has used, for unique names and e-mails of the
/// targets rows create.
pub fn unique() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
}

/// The tokens of the two callers that are not personas.
struct Strangers {
    deactivated: String,
    expired: String,
}

/// A deactivated account (created by an admin, then set inactive) and an expired token of a
/// national admin: neither may do anything a signed-in caller may.
async fn strangers(app: &TestApp) -> Strangers {
    let organization = app.get("/api/organizations", Persona::NationalAdmin).await.json()[0]["id"].clone();
    let created = app
        .post(
            "/api/users",
            Persona::NationalAdmin,
            json!({"email": "parti@example.org", "first_name": "Paul", "last_name": "Parti", "position": "Agent",
                "organization_id": organization}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_i64().unwrap() as i32;
    app.state
        .db
        .write(move |conn| {
            use api::db::schema::users;
            diesel::update(users::table.find(id))
                .set((users::status.eq("inactive"), users::deactivated_at.eq(Some(api::db::now()))))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let admin = app.user_id(Persona::NationalAdmin.email()).await;
    Strangers {
        deactivated: app.state.keys.issue(id, 15).unwrap().0,
        expired: app.state.keys.issue(admin, -5).unwrap().0,
    }
}

/// Sends every row's request once per caller and fails with every mismatch at once.
async fn check(rows: Vec<Row>) {
    let app = TestApp::spawn().await;
    let strangers = strangers(&app).await;
    let mut mismatches = Vec::new();
    let mut sent = 0;
    for row in &rows {
        let callers: BTreeSet<String> = row.expect.iter().map(|(who, _)| format!("{who:?}")).collect();
        assert_eq!(
            callers.len(),
            12,
            "{} {} ({}): a status for each of the 12 callers",
            row.method,
            row.route,
            row.case
        );
        for (who, expected) in &row.expect {
            let request = (row.prepare)(&app).await;
            let caller = match who {
                Who::Anonymous => Caller::Anonymous,
                Who::Deactivated => Caller::Bearer(strangers.deactivated.clone()),
                Who::Expired => Caller::Bearer(strangers.expired.clone()),
                Who::Persona(persona) => Caller::As(*persona),
            };
            let version = request.if_match.map(|version| format!("\"{version}\""));
            let headers: Vec<(&str, &str)> = version.iter().map(|v| ("If-Match", v.as_str())).collect();
            let reply = app.call_with_headers(row.method.clone(), &request.path, caller, request.body, &headers).await;
            sent += 1;
            if reply.status != *expected {
                let text = reply.text();
                mismatches.push(format!(
                    "{} {} ({}) as {who:?}: expected {expected}, got {} {}",
                    row.method,
                    request.path,
                    row.case,
                    reply.status,
                    text.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} of {sent} requests:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// Every row of every family.
fn all_rows() -> Vec<Row> {
    let mut rows = accounts::rows();
    rows.extend(users::rows());
    rows.extend(sites_read::rows());
    rows.extend(sites_write::rows());
    rows.extend(actions::rows());
    rows
}

#[actix_web::test]
async fn every_route_of_the_openapi_document_has_rows() {
    let document: serde_yaml_ng::Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap(),
    )
    .unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_mapping().unwrap() {
        for method in item.as_mapping().unwrap().keys() {
            let method = method.as_str().unwrap();
            if ["get", "post", "put", "patch", "delete"].contains(&method) {
                documented.insert((method.to_uppercase(), path.as_str().unwrap().to_owned()));
            }
        }
    }
    let covered: BTreeSet<(String, String)> =
        all_rows().iter().map(|row| (row.method.to_string(), row.route.to_owned())).collect();
    let missing: Vec<_> = documented.difference(&covered).collect();
    let unknown: Vec<_> = covered.difference(&documented).collect();
    assert!(missing.is_empty(), "routes without a row in the authorization table: {missing:?}");
    assert!(unknown.is_empty(), "rows for routes the document does not have: {unknown:?}");
    assert!(documented.len() > 60, "the document was read: {} routes", documented.len());
}

/// The document says which operations need no token (`security: [{}]`): exactly those whose
/// rows let an anonymous caller through (any answer but 401).
#[actix_web::test]
async fn the_document_marks_public_exactly_the_routes_anonymous_callers_reach() {
    let document = serde_json::to_value(api::app::openapi()).unwrap();
    let mut marked = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation["security"] == json!([{}]) {
                marked.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let reached: BTreeSet<(String, String)> = all_rows()
        .iter()
        .filter(|row| row.expect.iter().any(|(who, status)| *who == Who::Anonymous && *status != 401))
        .map(|row| (row.method.to_string(), row.route.to_owned()))
        .collect();
    assert_eq!(marked, reached, "public in the document (left) and reachable anonymously (right)");
}

#[actix_web::test]
async fn accounts_sessions_and_reference_answer_each_caller_as_the_table_says() {
    check(accounts::rows()).await;
}

#[actix_web::test]
async fn organizations_and_users_answer_each_caller_as_the_table_says() {
    check(users::rows()).await;
}

#[actix_web::test]
async fn site_reads_answer_each_caller_as_the_table_says() {
    check(sites_read::rows()).await;
}

#[actix_web::test]
async fn site_writes_answer_each_caller_as_the_table_says() {
    check(sites_write::rows()).await;
}

#[actix_web::test]
async fn actions_answer_each_caller_as_the_table_says() {
    check(actions::rows()).await;
}
