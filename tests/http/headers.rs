//! Security headers (issue 30, suite 5): a strict Content-Security-Policy for the app, and the
//! headers every answer carries.

use actix_web::http::Method;

use crate::support::{Caller, Persona, TestApp};

fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
    policy.split(';').map(str::trim).find(|d| d.starts_with(&format!("{name} "))).unwrap_or("")
}

#[actix_web::test]
async fn the_app_is_served_under_a_strict_content_security_policy() {
    let app = TestApp::spawn().await;
    let shell = app.get("/sites", Caller::Anonymous).await;
    assert_eq!(shell.status, 200);
    let policy = shell.header("content-security-policy").expect("a policy").to_owned();
    assert_eq!(directive(&policy, "script-src"), "script-src 'self' 'wasm-unsafe-eval'", "{policy}");
    assert_eq!(directive(&policy, "object-src"), "object-src 'none'");
    assert_eq!(directive(&policy, "frame-ancestors"), "frame-ancestors 'none'");
    assert_eq!(directive(&policy, "default-src"), "default-src 'self'");
    assert_eq!(directive(&policy, "connect-src"), "connect-src 'self'", "no geocoder configured here");
}

#[actix_web::test]
async fn the_configured_map_services_are_the_only_other_sources() {
    let app = TestApp::spawn_with(&[
        ("RESORPTION_TILE_URL", "https://{s}.tile.example.org/{z}/{x}/{y}.png"),
        ("RESORPTION_GEOCODER_URL", "https://adresse.example.fr/search/"),
    ])
    .await;
    let policy = app.get("/", Caller::Anonymous).await.header("content-security-policy").unwrap().to_owned();
    assert!(directive(&policy, "img-src").ends_with(" https://*.tile.example.org"), "{policy}");
    assert_eq!(directive(&policy, "connect-src"), "connect-src 'self' https://adresse.example.fr");
}

#[actix_web::test]
async fn every_answer_carries_the_protective_headers_and_hsts_only_over_https() {
    let app = TestApp::spawn().await;
    let answers = [
        app.get("/", Caller::Anonymous).await,
        app.get("/api/me", Persona::Asso93).await,
        app.get("/api/me", Caller::Anonymous).await,
        app.get("/api/nowhere", Caller::Anonymous).await,
        app.get("/api/docs/", Caller::Anonymous).await,
    ];
    for reply in &answers {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("strict-origin-when-cross-origin"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert!(reply.header("content-security-policy").is_some_and(|p| p.contains("frame-ancestors 'none'")));
        assert_eq!(reply.header("strict-transport-security"), None, "plain HTTP here");
    }
    let secure =
        app.call_with_headers(Method::GET, "/", Caller::Anonymous, None, &[("X-Forwarded-Proto", "https")]).await;
    assert_eq!(secure.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
}

#[test]
fn the_app_shell_has_no_inline_script() {
    let shell = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/index.html")).unwrap();
    let scripts: Vec<&str> = shell.split("<script").skip(1).collect();
    assert!(!scripts.is_empty());
    for script in scripts {
        let tag = script.split('>').next().unwrap_or("");
        assert!(tag.contains("src="), "an inline script would be refused by the policy: <script{tag}>");
    }
}
