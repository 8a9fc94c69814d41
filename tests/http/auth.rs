use actix_web::http::Method;
use serde_json::json;

use crate::support::{Caller, Persona, TestApp};

async fn login(app: &TestApp, email: &str, password: &str) -> crate::support::Reply {
    app.post("/api/auth/login", Caller::Anonymous, json!({"email": email, "password": password})).await
}

async fn browser_login(app: &TestApp, email: &str) -> crate::support::Reply {
    app.call_with_headers(
        Method::POST,
        "/api/auth/login",
        Caller::Anonymous,
        Some(json!({"email": email, "password": "resorption-demo"})),
        &[("X-Requested-With", "resorption")],
    )
    .await
}

#[actix_web::test]
async fn a_token_client_signs_in_and_uses_the_bearer_token() {
    let app = TestApp::spawn().await;
    let reply = login(&app, "ASSO.93@demo.resorption.fr ", "resorption-demo").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let session = reply.json();
    assert_eq!(session["token_type"], "Bearer");
    assert!(reply.cookie("__Host-resorption_access").is_none(), "token clients get no cookie");
    let token = session["access_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/me", Caller::Bearer(token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["email"], "asso.93@demo.resorption.fr");
}

#[actix_web::test]
async fn the_web_app_gets_host_only_httponly_cookies_and_no_token_in_the_body() {
    let app = TestApp::spawn().await;
    let reply = browser_login(&app, "prefecture.93@demo.resorption.fr").await;
    assert_eq!(reply.status, 200);
    assert!(reply.json().get("access_token").is_none());
    let access = reply.cookies.iter().find(|c| c.starts_with("__Host-resorption_access=")).expect("access cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(access.contains(attribute), "{attribute} missing in {access}");
    }
    assert!(!access.contains("Domain"), "a __Host- cookie has no Domain");
    assert!(reply.cookie("__Host-resorption_refresh").is_some());
    let cookie = reply.cookie("__Host-resorption_access").unwrap();
    let me = app.get("/api/me", Caller::Browser { access_cookie: cookie, csrf_header: false }).await;
    assert_eq!(me.status, 200, "reads need no CSRF header");
}

#[actix_web::test]
async fn a_cookie_borne_write_without_the_csrf_header_is_refused() {
    let app = TestApp::spawn().await;
    let cookie = browser_login(&app, "asso.93@demo.resorption.fr").await.cookie("__Host-resorption_access").unwrap();
    let change = json!({"position": "Coordinatrice"});
    let refused = app
        .patch("/api/me", Caller::Browser { access_cookie: cookie.clone(), csrf_header: false }, change.clone())
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["code"], "csrf_check_failed");
    let accepted = app.patch("/api/me", Caller::Browser { access_cookie: cookie, csrf_header: true }, change).await;
    assert_eq!(accepted.status, 200);
    assert_eq!(accepted.json()["position"], "Coordinatrice");
}

#[actix_web::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let wrong_password = login(&app, "asso.93@demo.resorption.fr", "not-the-password").await;
    let unknown = login(&app, "nobody@demo.resorption.fr", "not-the-password").await;
    assert_eq!(wrong_password.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong_password.json(), unknown.json());
}

#[actix_web::test]
async fn repeated_failures_lock_the_account_with_retry_after_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        assert_eq!(login(&app, "asso.13@demo.resorption.fr", "guess-guess-guess").await.status, 401);
    }
    let locked = login(&app, "asso.13@demo.resorption.fr", "resorption-demo").await;
    assert_eq!(locked.status, 429);
    let retry_after: i64 = locked.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=30).contains(&retry_after), "first lock lasts at most 30 s, got {retry_after}");
    assert_eq!(locked.json()["code"], "too_many_requests");
}

#[actix_web::test]
async fn one_person_mistyping_does_not_lock_out_others_behind_the_same_address() {
    let app = TestApp::spawn().await;
    for _ in 0..8 {
        login(&app, "asso.13@demo.resorption.fr", "guess-guess-guess").await;
    }
    let locked = login(&app, "asso.13@demo.resorption.fr", "resorption-demo").await;
    assert_eq!(locked.status, 429);
    assert!(locked.json()["detail"].as_str().unwrap().contains("pour ce compte"), "{}", locked.text());
    let colleague = login(&app, "asso.93@demo.resorption.fr", "resorption-demo").await;
    assert_eq!(colleague.status, 200, "same address, other account: {}", colleague.text());
}

#[actix_web::test]
async fn many_failures_from_one_address_slow_it_down_gradually_and_the_429_says_so() {
    let app = TestApp::spawn_with(&[("RESORPTION_LOGIN_MAX_FAILURES_PER_ADDRESS", "8")]).await;
    for n in 0..8 {
        let reply = login(&app, &format!("unknown{n}@example.org"), "guess-guess-guess").await;
        assert_eq!(reply.status, 401, "failure {n}");
    }
    let slowed = login(&app, "asso.93@demo.resorption.fr", "resorption-demo").await;
    assert_eq!(slowed.status, 429, "{}", slowed.text());
    let retry_after: i64 = slowed.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=5).contains(&retry_after), "an address is first slowed for 5 s at most, got {retry_after}");
    let detail = slowed.json()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("adresse réseau") && detail.contains(&format!("{retry_after} secondes")), "{detail}");
}

#[actix_web::test]
async fn forty_guesses_at_once_are_counted_one_by_one() {
    let app = TestApp::spawn().await;
    let guesses = (0..40).map(|_| login(&app, "asso.13@demo.resorption.fr", "guess-guess-guess"));
    let replies = futures_util::future::join_all(guesses).await;
    let mut counts = std::collections::BTreeMap::new();
    for reply in &replies {
        *counts.entry(reply.status).or_insert(0) += 1;
    }
    assert_eq!(counts, std::collections::BTreeMap::from([(401, 5), (429, 35)]), "only the first five are checked");
    assert_eq!(login(&app, "asso.13@demo.resorption.fr", "resorption-demo").await.status, 429);
}

#[actix_web::test]
async fn a_right_password_before_the_limit_forgets_the_account_failures() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        assert_eq!(login(&app, "asso.13@demo.resorption.fr", "guess-guess-guess").await.status, 401);
    }
    assert_eq!(login(&app, "asso.13@demo.resorption.fr", "resorption-demo").await.status, 200);
    for _ in 0..4 {
        assert_eq!(login(&app, "asso.13@demo.resorption.fr", "guess-guess-guess").await.status, 401, "counted anew");
    }
    assert_eq!(login(&app, "asso.13@demo.resorption.fr", "resorption-demo").await.status, 200);
}

#[actix_web::test]
async fn a_refresh_token_works_once_and_its_reuse_revokes_the_session() {
    let app = TestApp::spawn().await;
    let first = login(&app, "commune.93@demo.resorption.fr", "resorption-demo").await.json();
    let old_refresh = first["refresh_token"].as_str().unwrap().to_owned();
    let refreshed = app.post("/api/auth/refresh", Caller::Anonymous, json!({"refresh_token": old_refresh})).await;
    assert_eq!(refreshed.status, 200);
    let new_refresh = refreshed.json()["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, old_refresh);
    let reused = app.post("/api/auth/refresh", Caller::Anonymous, json!({"refresh_token": old_refresh})).await;
    assert_eq!(reused.status, 401);
    let after_theft = app.post("/api/auth/refresh", Caller::Anonymous, json!({"refresh_token": new_refresh})).await;
    assert_eq!(after_theft.status, 401, "reuse revokes the whole family");
}

#[actix_web::test]
async fn the_browser_refreshes_with_its_cookie_and_the_csrf_header() {
    let app = TestApp::spawn().await;
    let session = browser_login(&app, "asso.93@demo.resorption.fr").await;
    let refresh = session.cookie("__Host-resorption_refresh").unwrap();
    let send = |csrf: bool| {
        let mut headers = vec![("Cookie", format!("__Host-resorption_refresh={refresh}"))];
        if csrf {
            headers.push(("X-Requested-With", "resorption".to_owned()));
        }
        headers
    };
    let without = send(false);
    let without: Vec<(&str, &str)> = without.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.call_with_headers(Method::POST, "/api/auth/refresh", Caller::Anonymous, None, &without).await;
    assert_eq!(refused.status, 401);
    let with = send(true);
    let with: Vec<(&str, &str)> = with.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let renewed = app.call_with_headers(Method::POST, "/api/auth/refresh", Caller::Anonymous, None, &with).await;
    assert_eq!(renewed.status, 200);
    assert!(renewed.cookie("__Host-resorption_access").is_some());
}

#[actix_web::test]
async fn logout_revokes_the_refresh_token_and_clears_the_cookies() {
    let app = TestApp::spawn().await;
    let session = login(&app, "asso.93@demo.resorption.fr", "resorption-demo").await.json();
    let refresh = session["refresh_token"].as_str().unwrap().to_owned();
    let out = app.post("/api/auth/logout", Caller::Anonymous, json!({"refresh_token": refresh})).await;
    assert_eq!(out.status, 204);
    assert_eq!(out.cookie("__Host-resorption_access").as_deref(), Some(""));
    let again = app.post("/api/auth/refresh", Caller::Anonymous, json!({"refresh_token": refresh})).await;
    assert_eq!(again.status, 401);
}

#[actix_web::test]
async fn missing_forged_or_expired_tokens_are_refused() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/api/me", Caller::Anonymous).await.status, 401);
    assert_eq!(app.get("/api/me", Caller::Bearer("not.a.jwt".into())).await.status, 401);
    let id = app.user_id(Persona::Asso93.email()).await;
    let expired = app.state.keys.issue(id, -1).unwrap().0;
    assert_eq!(app.get("/api/me", Caller::Bearer(expired)).await.status, 401);
    let forged = api::auth::tokens::JwtKeys::new(b"another-secret-another-secret-another-s").issue(id, 15).unwrap().0;
    assert_eq!(app.get("/api/me", Caller::Bearer(forged)).await.status, 401);
}

#[actix_web::test]
async fn a_deactivated_user_loses_access_at_once_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let token = app.token(Persona::Intervenant93).await;
    let id = app.user_id(Persona::Intervenant93.email()).await;
    let reply = app.post(&format!("/api/users/{id}/deactivate"), Persona::LocalAdmin93, json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(app.get("/api/me", Caller::Bearer(token)).await.status, 401);
    let signin = login(&app, Persona::Intervenant93.email(), "resorption-demo").await;
    assert_eq!(signin.status, 403);
    assert_eq!(signin.json()["code"], "account_inactive");
}
