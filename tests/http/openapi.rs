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

/// Every `$ref` of the document names a schema it defines, and every enumeration lists the codes
/// the wire carries (snake_case), not Rust names: what a generated client needs.
#[actix_web::test]
async fn every_reference_resolves_and_every_enumeration_lists_wire_codes() {
    fn walk(node: &serde_json::Value, refs: &mut Vec<String>, enums: &mut Vec<String>) {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(|r| r.as_str()) {
                    refs.push(target.to_owned());
                }
                if let Some(values) = map.get("enum").and_then(|e| e.as_array()) {
                    enums.extend(values.iter().filter_map(|v| v.as_str()).map(str::to_owned));
                }
                map.values().for_each(|value| walk(value, refs, enums));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, refs, enums)),
            _ => {}
        }
    }
    let document = serde_json::to_value(api::app::openapi()).unwrap();
    let (mut refs, mut enums) = (Vec::new(), Vec::new());
    walk(&document, &mut refs, &mut enums);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let dangling: Vec<&String> = refs
        .iter()
        .filter(|r| r.strip_prefix("#/components/schemas/").is_none_or(|name| !schemas.contains_key(name)))
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
    let not_codes: Vec<&String> = enums.iter().filter(|value| value.chars().any(|c| c.is_ascii_uppercase())).collect();
    assert!(not_codes.is_empty(), "enumerations with Rust names instead of codes: {not_codes:?}");
    assert!(enums.contains(&"land".to_owned()) && enums.contains(&"closed_by_justice".to_owned()));
    assert_eq!(
        document["components"]["schemas"]["FieldType"]["enum"],
        serde_json::json!(["land", "building", "unknown"])
    );
}

/// Generated clients name a function after each operation: two operations with one id cannot
/// both be called (and the validator of `scripts/test` refuses the document).
#[actix_web::test]
async fn every_operation_id_is_unique() {
    let document = serde_json::to_value(api::app::openapi()).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    let mut duplicates = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else { continue };
            if let Some(first) = seen.insert(id.to_owned(), format!("{} {path}", method.to_uppercase())) {
                duplicates.push(format!("{id}: {first} and {} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(duplicates.is_empty(), "operationIds used twice:\n{}", duplicates.join("\n"));
}
