use crate::support::{Caller, TestApp};

#[actix_web::test]
async fn the_committed_openapi_yaml_is_exactly_what_the_code_generates() {
    let generated = api::app::openapi().to_yaml().unwrap();
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    assert!(generated == committed, "openapi.yaml is stale: run `cargo run -p api -- openapi > openapi.yaml`");
}

#[actix_web::test]
async fn the_served_document_lists_every_route_with_problem_answers() {
    let app = TestApp::spawn().await;
    let document = app.get("/api/openapi.json", Caller::Anonymous).await.json();
    let paths = document["paths"].as_object().unwrap();
    for path in ["/api/auth/login", "/api/me", "/api/users/{id}", "/api/territories/search", "/api/directory"] {
        assert!(paths.contains_key(path), "{path} undocumented");
    }
    assert!(paths.keys().all(|p| p.starts_with("/api/")));
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
}

#[actix_web::test]
async fn interactive_docs_are_served_without_internet() {
    let app = TestApp::spawn().await;
    let page = app.get("/api/docs/", Caller::Anonymous).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("swagger-ui"));
    for asset in ["/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js"] {
        let reply = app.get(asset, Caller::Anonymous).await;
        assert_eq!(reply.status, 200, "{asset}");
        assert!(reply.body.len() > 1000);
    }
    assert!(!page.text().contains("https://"), "no asset from the internet");
}
