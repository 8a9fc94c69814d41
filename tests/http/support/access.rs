//! Authorization tables: for one request, the status each caller must get.

use actix_web::http::Method;
use serde_json::Value;

use super::app::{Caller, Persona, TestApp};

/// What a caller must receive.
pub struct Expect(pub Caller, pub u16);

/// Shorthand for a persona's expected status.
pub fn allowed(persona: Persona, status: u16) -> Expect {
    Expect(Caller::As(persona), status)
}

/// Sends the request once per caller and fails with every mismatch at once.
pub async fn assert_access(app: &TestApp, method: Method, path: &str, body: Option<Value>, table: &[Expect]) {
    let mut mismatches = Vec::new();
    for Expect(caller, expected) in table {
        let reply = app.call(method.clone(), path, caller.clone(), body.clone()).await;
        if reply.status != *expected {
            mismatches.push(format!("{caller:?}: expected {expected}, got {} ({})", reply.status, reply.text()));
        }
    }
    assert!(mismatches.is_empty(), "{method} {path}:\n{}", mismatches.join("\n"));
}

/// A table giving every persona the same status, and anonymous callers 401.
pub fn everyone(status: u16) -> Vec<Expect> {
    let mut table = vec![Expect(Caller::Anonymous, 401)];
    table.extend(Persona::ALL.iter().map(|p| Expect(Caller::As(*p), status)));
    table
}

/// A table from (persona, status) pairs; anonymous gets 401; personas not listed get `others`.
pub fn table(listed: &[(Persona, u16)], others: u16) -> Vec<Expect> {
    let mut expectations = vec![Expect(Caller::Anonymous, 401)];
    for persona in Persona::ALL {
        let status = listed.iter().find(|(p, _)| *p == persona).map(|(_, s)| *s).unwrap_or(others);
        expectations.push(Expect(Caller::As(persona), status));
    }
    expectations
}
