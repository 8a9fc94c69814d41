//! Rows of the authorization table (see `mod.rs`): the session, the signed-in user, the public
//! account flows (access requests, activation and reset links) and the public reference data.
//!
//! Public routes answer every caller alike: a token, valid, expired or of a deactivated account,
//! changes nothing. A link's token comes from the e-mail the server really sent, and each caller
//! gets a fresh one, since using a link consumes it. The routes of the signed-in user change the
//! caller's own state, and every caller is a different account: each body leaves the account as
//! a second call would find it (the same phone, the same charter, the same password).

use actix_web::http::Method;
use api::seed::demo::DEMO_PASSWORD;
use serde_json::{json, Value};

use super::{public, signed_in, Request, Row};
use crate::support::{Caller, Persona, TestApp};

/// The password given to the fresh accounts of this table.
const FRESH_PASSWORD: &str = "une phrase de passe assez longue";

/// Where the links of the e-mails point.
const ACTIVATION_LINK: &str = "http://resorption.test/activer-mon-compte/";
const RESET_LINK: &str = "http://resorption.test/nouveau-mot-de-passe/";

/// An e-mail address no other call of this test binary has used.
fn unique_email(purpose: &str) -> String {
    format!("{purpose}.{}@example.org", super::unique())
}

/// The id of the demo association of Seine-Saint-Denis, as the access-request form finds it.
async fn association_93(app: &TestApp) -> i64 {
    let found = app.get("/api/organizations/search?q=solidarite+terrain", Caller::Anonymous).await.json();
    found[0]["id"].as_i64().expect("the demo association of 93")
}

/// The version of the charter in force.
async fn charter_version(app: &TestApp) -> i64 {
    app.get("/api/reference", Caller::Anonymous).await.json()["charter_version"].as_i64().expect("charter version")
}

/// The secret at the end of the newest link starting with `prefix` sent to `email`.
fn token_mailed_to(app: &TestApp, email: &str, prefix: &str) -> String {
    let link = app.mail.to(email).iter().rev().find_map(|mail| mail.link(prefix));
    let link = link.unwrap_or_else(|| panic!("no link {prefix}… sent to {email}"));
    link.rsplit('/').next().unwrap().to_owned()
}

/// A complete access request from a new address, for the demo association of 93.
async fn access_request(app: &TestApp) -> Value {
    json!({"email": unique_email("demandeur"), "first_name": "Ana", "last_name": "Ionescu",
        "position": "Médiatrice", "organization_id": association_93(app).await,
        "message": "Je suis les familles du site de la rue des Lilas.", "legal_consent": true})
}

/// A new account (status `new`) created by the national admin, and the secret of the
/// activation link it was sent: `(e-mail, token)`.
async fn activation_link(app: &TestApp) -> (String, String) {
    let email = unique_email("compte");
    let body = json!({"email": email, "first_name": "Léa", "last_name": "Compte", "position": "Médiatrice",
        "organization_id": association_93(app).await});
    let created = app.post("/api/users", Persona::NationalAdmin, body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_i64().unwrap();
    let sent = app.post(&format!("/api/users/{id}/activation-links"), Persona::NationalAdmin, json!({})).await;
    assert_eq!(sent.status, 201, "{}", sent.text());
    let token = token_mailed_to(app, &email, ACTIVATION_LINK);
    (email, token)
}

/// The body that activates an account: a long enough password and the charter in force.
async fn activation(app: &TestApp) -> Value {
    json!({"password": FRESH_PASSWORD, "charter_version": charter_version(app).await})
}

/// A new active account, activated through its link with [`FRESH_PASSWORD`]; its e-mail.
async fn active_account(app: &TestApp) -> String {
    let (email, token) = activation_link(app).await;
    let activated = app.post(&format!("/api/activation/{token}"), Caller::Anonymous, activation(app).await).await;
    assert_eq!(activated.status, 204, "{}", activated.text());
    email
}

/// Asks for a password-reset link for `email`, and returns its secret.
async fn reset_link_sent_to(app: &TestApp, email: &str) -> String {
    let asked = app.post("/api/password-resets", Caller::Anonymous, json!({"email": email})).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    token_mailed_to(app, email, RESET_LINK)
}

/// The secret of a password-reset link sent to a new active account (not to a persona, whose
/// password must stay the demo one for the rest of the table).
async fn reset_link(app: &TestApp) -> String {
    reset_link_sent_to(app, &active_account(app).await).await
}

/// The refresh token of a new session of a demo persona, opened by a token client.
async fn fresh_refresh_token(app: &TestApp) -> String {
    let credentials = json!({"email": Persona::Commune93.email(), "password": DEMO_PASSWORD});
    let session = app.post("/api/auth/login", Caller::Anonymous, credentials).await;
    assert_eq!(session.status, 200, "{}", session.text());
    session.json()["refresh_token"].as_str().expect("a token client gets its refresh token").to_owned()
}

/// Deactivates an account as the national admin does.
async fn deactivate(app: &TestApp, email: &str) {
    let id = app.user_id(email).await;
    let off = app.post(&format!("/api/users/{id}/deactivate"), Persona::NationalAdmin, json!({})).await;
    assert_eq!(off.status, 200, "{}", off.text());
}

/// The credentials of a new account deactivated since its activation.
async fn deactivated_credentials(app: &TestApp) -> Value {
    let email = active_account(app).await;
    deactivate(app, &email).await;
    json!({"email": email, "password": FRESH_PASSWORD})
}

/// The refresh token of a new account's session, the account deactivated after signing in.
async fn refresh_token_of_deactivated_account(app: &TestApp) -> String {
    let email = active_account(app).await;
    let session =
        app.post("/api/auth/login", Caller::Anonymous, json!({"email": email, "password": FRESH_PASSWORD})).await;
    assert_eq!(session.status, 200, "{}", session.text());
    deactivate(app, &email).await;
    session.json()["refresh_token"].as_str().unwrap().to_owned()
}

/// The secret of a reset link sent to a new account, the account deactivated since.
async fn reset_link_of_deactivated_account(app: &TestApp) -> String {
    let email = active_account(app).await;
    let token = reset_link_sent_to(app, &email).await;
    deactivate(app, &email).await;
    token
}

/// Rows of the session routes: all public, the credentials in the body decide.
fn session_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/auth/login",
            "a persona's right password",
            |_| {
                Box::pin(async move {
                    Request::with(
                        "/api/auth/login",
                        json!({"email": Persona::Asso93.email(), "password": DEMO_PASSWORD}),
                    )
                })
            },
            public(200),
        ),
        // A new unknown address for each caller: five failures for one account would lock it
        // (429), and the address limit (50 by default) is far from the twelve sent here.
        Row::new(
            Method::POST,
            "/api/auth/login",
            "an unknown address",
            |_| {
                Box::pin(async move {
                    Request::with(
                        "/api/auth/login",
                        json!({"email": unique_email("inconnu"), "password": "guess-guess-guess"}),
                    )
                })
            },
            public(401),
        ),
        // The right password of a deactivated account opens nothing: 403 `account_inactive`
        // (told only to whoever knows the password).
        Row::new(
            Method::POST,
            "/api/auth/login",
            "a deactivated account's right password",
            |app| Box::pin(async move { Request::with("/api/auth/login", deactivated_credentials(app).await) }),
            public(403),
        ),
        Row::new(
            Method::POST,
            "/api/auth/refresh",
            "a fresh session's refresh token",
            |app| {
                Box::pin(async move {
                    Request::with("/api/auth/refresh", json!({"refresh_token": fresh_refresh_token(app).await}))
                })
            },
            public(200),
        ),
        Row::new(
            Method::POST,
            "/api/auth/refresh",
            "an unknown refresh token",
            |_| {
                Box::pin(
                    async move { Request::with("/api/auth/refresh", json!({"refresh_token": "not-a-refresh-token"})) },
                )
            },
            public(401),
        ),
        // A session opened before its account was deactivated cannot be renewed.
        Row::new(
            Method::POST,
            "/api/auth/refresh",
            "the refresh token of an account deactivated since",
            |app| {
                Box::pin(async move {
                    let token = refresh_token_of_deactivated_account(app).await;
                    Request::with("/api/auth/refresh", json!({"refresh_token": token}))
                })
            },
            public(401),
        ),
        // Signing out needs no access token: it revokes the refresh token it is given.
        Row::new(
            Method::POST,
            "/api/auth/logout",
            "a fresh session's refresh token",
            |app| {
                Box::pin(async move {
                    Request::with("/api/auth/logout", json!({"refresh_token": fresh_refresh_token(app).await}))
                })
            },
            public(204),
        ),
        Row::new(
            Method::POST,
            "/api/auth/logout",
            "an unknown refresh token",
            |_| {
                Box::pin(
                    async move { Request::with("/api/auth/logout", json!({"refresh_token": "not-a-refresh-token"})) },
                )
            },
            public(204),
        ),
    ]
}

/// Rows of the signed-in user's own routes: every active account may use them, whatever its
/// role or territory.
fn me_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/me",
            "one's profile",
            |_| Box::pin(async move { Request::get("/api/me") }),
            signed_in(&[], 200),
        ),
        Row::new(
            Method::GET,
            "/api/me/permissions",
            "one's permissions",
            |_| Box::pin(async move { Request::get("/api/me/permissions") }),
            signed_in(&[], 200),
        ),
        Row::new(
            Method::PATCH,
            "/api/me",
            "one's phone number",
            |_| Box::pin(async move { Request::with("/api/me", json!({"phone": "01 23 45 67 89"})) }),
            signed_in(&[], 200),
        ),
        // Accepting the charter in force again changes nothing and answers 200.
        Row::new(
            Method::POST,
            "/api/me/charter",
            "the charter in force",
            |app| {
                Box::pin(async move {
                    let version = charter_version(app).await;
                    Request::with(
                        "/api/me/charter",
                        json!({"version": version, "charter_agreement": true, "confidentiality_agreement": true}),
                    )
                })
            },
            signed_in(&[], 200),
        ),
        // The demo password replaced by itself: each persona is sent this once, and keeps the
        // password the rest of the table signs in with.
        Row::new(
            Method::PUT,
            "/api/me/password",
            "the current password, kept",
            |_| {
                Box::pin(async move {
                    Request::with(
                        "/api/me/password",
                        json!({"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD}),
                    )
                })
            },
            signed_in(&[], 204),
        ),
        // The directory lists every active organization and its members, nationwide (DOMAIN
        // §3.4): no territory restricts it, so one row.
        Row::new(
            Method::GET,
            "/api/directory",
            "the whole directory",
            |_| Box::pin(async move { Request::get("/api/directory") }),
            signed_in(&[], 200),
        ),
        // The role matrix is published to every signed-in user.
        Row::new(
            Method::GET,
            "/api/role-permissions",
            "the role matrix",
            |_| Box::pin(async move { Request::get("/api/role-permissions") }),
            signed_in(&[], 200),
        ),
    ]
}

/// Rows of the public account flows: asking for access, activation and reset links.
fn account_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/access-requests",
            "a complete request from a new address",
            |app| Box::pin(async move { Request::with("/api/access-requests", access_request(app).await) }),
            public(202),
        ),
        Row::new(
            Method::POST,
            "/api/access-requests",
            "a request without legal consent",
            |app| {
                Box::pin(async move {
                    let mut body = access_request(app).await;
                    body["legal_consent"] = json!(false);
                    Request::with("/api/access-requests", body)
                })
            },
            public(422),
        ),
        Row::new(
            Method::GET,
            "/api/activation/{token}",
            "a fresh activation link",
            |app| Box::pin(async move { Request::get(format!("/api/activation/{}", activation_link(app).await.1)) }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/activation/{token}",
            "an unknown link",
            |_| Box::pin(async move { Request::get("/api/activation/not-a-link") }),
            public(404),
        ),
        Row::new(
            Method::POST,
            "/api/activation/{token}",
            "a fresh activation link",
            |app| {
                Box::pin(async move {
                    let (_, token) = activation_link(app).await;
                    Request::with(format!("/api/activation/{token}"), activation(app).await)
                })
            },
            public(204),
        ),
        Row::new(
            Method::POST,
            "/api/activation/{token}",
            "an unknown link",
            |app| Box::pin(async move { Request::with("/api/activation/not-a-link", activation(app).await) }),
            public(404),
        ),
        Row::new(
            Method::POST,
            "/api/password-resets",
            "a persona's address",
            |_| {
                Box::pin(async move {
                    Request::with("/api/password-resets", json!({"email": Persona::Observateur44.email()}))
                })
            },
            public(202),
        ),
        // The same answer as for a known address: the route reveals no account.
        Row::new(
            Method::POST,
            "/api/password-resets",
            "an unknown address",
            |_| {
                Box::pin(
                    async move { Request::with("/api/password-resets", json!({"email": unique_email("inconnu")})) },
                )
            },
            public(202),
        ),
        Row::new(
            Method::GET,
            "/api/password-resets/{token}",
            "a fresh reset link",
            |app| Box::pin(async move { Request::get(format!("/api/password-resets/{}", reset_link(app).await)) }),
            public(200),
        ),
        // A link sent before the account was deactivated no longer works.
        Row::new(
            Method::GET,
            "/api/password-resets/{token}",
            "the link of an account deactivated since",
            |app| {
                Box::pin(async move {
                    Request::get(format!("/api/password-resets/{}", reset_link_of_deactivated_account(app).await))
                })
            },
            public(404),
        ),
        Row::new(
            Method::GET,
            "/api/password-resets/{token}",
            "an unknown link",
            |_| Box::pin(async move { Request::get("/api/password-resets/not-a-link") }),
            public(404),
        ),
        Row::new(
            Method::POST,
            "/api/password-resets/{token}",
            "a fresh reset link",
            |app| {
                Box::pin(async move {
                    let token = reset_link(app).await;
                    Request::with(format!("/api/password-resets/{token}"), json!({"password": FRESH_PASSWORD}))
                })
            },
            public(204),
        ),
        Row::new(
            Method::POST,
            "/api/password-resets/{token}",
            "the link of an account deactivated since",
            |app| {
                Box::pin(async move {
                    let token = reset_link_of_deactivated_account(app).await;
                    Request::with(format!("/api/password-resets/{token}"), json!({"password": FRESH_PASSWORD}))
                })
            },
            public(404),
        ),
        Row::new(
            Method::POST,
            "/api/password-resets/{token}",
            "an unknown link",
            |_| {
                Box::pin(async move {
                    Request::with("/api/password-resets/not-a-link", json!({"password": FRESH_PASSWORD}))
                })
            },
            public(404),
        ),
    ]
}

/// Rows of the public reference data. Territories answer everyone alike, inside the caller's
/// territory (93 for most personas) or outside it (13).
fn reference_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/reference",
            "codes and labels",
            |_| Box::pin(async move { Request::get("/api/reference") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/organization-categories",
            "categories and types",
            |_| Box::pin(async move { Request::get("/api/organization-categories") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/territories/search",
            "a commune of 93",
            |_| Box::pin(async move { Request::get("/api/territories/search?q=montreuil") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/territories/search",
            "a commune of 13",
            |_| Box::pin(async move { Request::get("/api/territories/search?q=marseille") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/territories/search",
            "no query",
            |_| Box::pin(async move { Request::get("/api/territories/search") }),
            public(400),
        ),
        Row::new(
            Method::GET,
            "/api/territories/{type}/{code}",
            "the département 93",
            |_| Box::pin(async move { Request::get("/api/territories/departement/93") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/territories/{type}/{code}",
            "the département 13",
            |_| Box::pin(async move { Request::get("/api/territories/departement/13") }),
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/territories/{type}/{code}",
            "an unknown commune",
            |_| Box::pin(async move { Request::get("/api/territories/city/99999") }),
            public(404),
        ),
    ]
}

pub fn rows() -> Vec<Row> {
    let mut rows = session_rows();
    rows.extend(me_rows());
    rows.extend(account_rows());
    rows.extend(reference_rows());
    rows
}
