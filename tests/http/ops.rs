use crate::support::{Caller, Persona, TestApp};

#[actix_web::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", Caller::Anonymous).await.status, 200);
    assert_eq!(app.get("/readyz", Caller::Anonymous).await.text(), "ready");
    app.get("/api/me", Persona::Asso93).await;
    let metrics = app.get("/metrics", Caller::Anonymous).await.text();
    assert!(metrics.contains("resorption_http_requests_total"), "{metrics}");
}

#[actix_web::test]
async fn every_answer_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let first = app.get("/api/reference", Caller::Anonymous).await;
    let second = app.get("/api/reference", Caller::Anonymous).await;
    let (a, b) = (first.header("x-request-id").unwrap(), second.header("x-request-id").unwrap());
    assert_eq!(a.len(), 36);
    assert_ne!(a, b);
}

#[actix_web::test]
async fn the_web_app_answers_deep_links_with_its_shell() {
    let app = TestApp::spawn().await;
    let deep = app.get("/site/12/mise-a-jour", Caller::Anonymous).await;
    assert_eq!(deep.status, 200);
    assert!(deep.header("content-type").unwrap().starts_with("text/html"));
    assert!(deep.text().contains("<html"));
}

#[actix_web::test]
async fn reference_lists_are_public_and_labelled_in_french() {
    let app = TestApp::spawn().await;
    let reference = app.get("/api/reference", Caller::Anonymous).await.json();
    let association = reference["roles"].as_array().unwrap().iter().find(|r| r["code"] == "association").unwrap();
    assert_eq!(association["label"], "Opérateur");
    assert_eq!(reference["charter_version"], 1);
}
