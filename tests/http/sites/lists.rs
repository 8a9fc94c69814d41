use serde_json::Value;

use crate::support::{Caller, Persona, TestApp};

async fn ids(app: &TestApp, who: Persona, query: &str) -> Vec<i64> {
    let reply = app.get(&format!("/api/sites?limit=200&{query}"), who).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    let page = reply.json();
    let mut ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(page["total"].as_i64().unwrap(), ids.len() as i64, "{query}: total matches");
    ids.sort();
    ids
}

async fn count(app: &TestApp, who: Persona, query: &str) -> usize {
    ids(app, who, query).await.len()
}

#[actix_web::test]
async fn each_persona_lists_the_sites_of_its_scope() {
    let app = TestApp::spawn().await;
    let cases = [
        (Persona::NationalAdmin, 9),
        (Persona::National, 9),
        (Persona::Prefecture93, 9),
        (Persona::LocalAdmin93, 9),
        (Persona::Commune93, 4),
        (Persona::Asso93, 4),
        (Persona::Intervenant93, 4),
        (Persona::Asso13, 2),
        (Persona::Observateur44, 2),
    ];
    for (persona, expected) in cases {
        assert_eq!(count(&app, persona, "").await, expected, "{persona:?}");
    }
    assert_eq!(app.get("/api/sites", Caller::Anonymous).await.status, 401);
    let operator = app.get("/api/sites?limit=200", Persona::Asso13).await.text();
    assert!(!operator.contains("Seine-Saint-Denis") && !operator.contains("Montreuil"));
}

#[actix_web::test]
async fn every_filter_narrows_the_list() {
    let app = TestApp::spawn().await;
    let admin = Persona::NationalAdmin;
    let cases: &[(&str, usize)] = &[
        ("location_type=departement&location_code=93", 4),
        ("location_type=city&location_code=13055", 1),
        ("location_type=region&location_code=11", 4),
        ("location_type=epci&location_code=200054781", 4),
        ("zone=outre_mer", 0),
        ("zone=hexagone", 9),
        ("q=canal", 1),
        ("q=SAINT-DENIS", 1),
        ("q=montreuil", 1),
        ("q=chemin%20roses", 1),
        ("population=gte100", 1),
        ("population=lt10", 0),
        ("population=10_99", 8),
        ("population=unknown,gte100", 1),
        ("field_type=building", 1),
        ("field_type=land,building", 9),
        ("origin=european_only", 6),
        ("origin=unknown", 1),
        ("origin=other", 1),
        ("origin=french,other", 2),
        ("target=true", 1),
        ("target=false", 8),
        ("heatwave=true", 1),
        ("actors=true", 4),
        ("actors=false", 5),
        ("conditions=water", 6),
        ("conditions=water&population=gte100", 1),
        ("status=in_progress", 1),
        ("status=closed", 3),
        ("status=resorbed", 1),
        ("status=closed&closing_reason=closed_by_justice", 1),
        ("status=closed&outcome=closed", 2),
        ("status=closed&outcome=resorbed", 1),
    ];
    for (query, expected) in cases {
        assert_eq!(count(&app, admin, query).await, *expected, "{query}");
    }
    let year = chrono::Datelike::year(&chrono::Utc::now());
    assert_eq!(count(&app, admin, &format!("status=closed&closure_year={year}")).await, 3);
    assert_eq!(count(&app, admin, "status=closed&closure_year=1999").await, 0);
}

#[actix_web::test]
async fn justice_filters_are_for_justice_readers_only() {
    let app = TestApp::spawn().await;
    assert_eq!(count(&app, Persona::Prefecture93, "justice=justice_procedure").await, 6);
    assert_eq!(count(&app, Persona::Prefecture93, "justice=justice_rendered").await, 0);
    assert_eq!(count(&app, Persona::Prefecture93, "administrative_order=unknown").await, 9);
    assert_eq!(count(&app, Persona::Prefecture93, "rhi=insalubrity_order").await, 0);
    let refused = app.get("/api/sites?justice=owner_complaint", Persona::Asso93).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["code"], "justice_filter_forbidden");
    let list = app.get("/api/sites", Persona::Asso93).await.json();
    assert!(list["items"].as_array().unwrap().iter().all(|s| s["justice"].is_null()));
    let list = app.get("/api/sites", Persona::Prefecture93).await.json();
    assert!(list["items"].as_array().unwrap().iter().all(|s| s["justice"].is_object()));
}

#[actix_web::test]
async fn the_totals_cover_every_page_and_the_cursor_walks_each_site_once() {
    let app = TestApp::spawn().await;
    let all = app.get("/api/sites?sort=city&limit=200", Persona::NationalAdmin).await.json();
    let names: Vec<String> =
        all["items"].as_array().unwrap().iter().map(|s| s["city"]["name"].as_str().unwrap().to_owned()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by commune");
    assert_eq!(all["population_total"], 563);
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/sites?sort=city&limit=2&cursor={c}"),
            None => "/api/sites?sort=city&limit=2".into(),
        };
        let page: Value = app.get(&path, Persona::NationalAdmin).await.json();
        assert_eq!(page["total"], 9, "totals on every page");
        walked.extend(page["items"].as_array().unwrap().iter().map(|s| s["city"]["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(walked, names);
    let by_update = app.get("/api/sites?limit=200", Persona::NationalAdmin).await.json();
    let dates: Vec<&str> =
        by_update["items"].as_array().unwrap().iter().map(|s| s["data_updated_at"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest update first by default");
    let bad = app.get("/api/sites?cursor=nonsense", Persona::NationalAdmin).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_fields(), vec!["cursor"]);
    for query in ["limit=0", "limit=201"] {
        assert_eq!(app.get(&format!("/api/sites?{query}"), Persona::NationalAdmin).await.error_fields(), vec!["limit"]);
    }
    let unknown = app.get("/api/sites?population=many", Persona::NationalAdmin).await;
    assert_eq!((unknown.status, unknown.error_fields()), (400, vec!["population".to_owned()]));
}

#[actix_web::test]
async fn the_map_is_compact_geojson_of_the_scope() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/sites/map", Persona::NationalAdmin).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/geo+json"));
    let map = reply.json();
    assert_eq!(map["type"], "FeatureCollection");
    let features = map["features"].as_array().unwrap();
    assert_eq!(features.len(), 9);
    let properties = features[0]["properties"].as_object().unwrap();
    let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, vec!["field_type", "heatwave", "name", "population", "status"]);
    assert_eq!(features[0]["geometry"]["type"], "Point");
    let paris = app.get("/api/sites/map?bbox=2.2,48.8,2.6,49.0", Persona::NationalAdmin).await.json();
    assert_eq!(paris["features"].as_array().unwrap().len(), 4);
    let operator = app.get("/api/sites/map", Persona::Asso13).await.json();
    assert_eq!(operator["features"].as_array().unwrap().len(), 2);
    let closed = app.get("/api/sites/map?status=closed", Persona::NationalAdmin).await.json();
    assert_eq!(closed["features"].as_array().unwrap().len(), 3);
    assert_eq!(app.get("/api/sites/map?bbox=1,2,3", Persona::NationalAdmin).await.error_fields(), vec!["bbox"]);
    // Answers are kept a few seconds, but never past a write.
    let created = super::fixtures::create(&app, Persona::Prefecture93, super::fixtures::montreuil()).await;
    let after = app.get("/api/sites/map", Persona::NationalAdmin).await.json();
    assert_eq!(after["features"].as_array().unwrap().len(), 10);
    assert!(after["features"].as_array().unwrap().iter().any(|f| f["id"] == created));
    assert_eq!(app.get("/api/sites/map", Caller::Anonymous).await.status, 401);
}

/// Text search goes through each database's trigram index (a separate FTS5 table on SQLite):
/// it must follow declarations, renamings and deletions at once.
#[actix_web::test]
async fn text_search_follows_every_change_of_a_site() {
    use super::fixtures::{create, montreuil, patch};
    let app = TestApp::spawn().await;
    let admin = Persona::NationalAdmin;
    assert_eq!(count(&app, admin, "q=tilleuls").await, 0);
    let id = create(&app, Persona::Prefecture93, montreuil()).await;
    assert_eq!(ids(&app, admin, "q=tilleuls").await, vec![i64::from(id)]);
    assert_eq!(ids(&app, admin, "q=TILLEULS%20montreuil").await, vec![i64::from(id)], "every word, any case");
    let renamed = patch(
        &app,
        Persona::Prefecture93,
        id,
        1,
        serde_json::json!({"name": "Les Peupliers", "address": "9 allée des Peupliers 93100 Montreuil"}),
    )
    .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    assert_eq!(count(&app, admin, "q=tilleuls").await, 0, "the old name no longer matches");
    assert_eq!(ids(&app, admin, "q=peupliers").await, vec![i64::from(id)]);
    assert!(ids(&app, admin, "q=pe").await.contains(&i64::from(id)), "words under three letters too");
    let deleted = app.call(actix_web::http::Method::DELETE, &format!("/api/sites/{id}"), admin, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert_eq!(count(&app, admin, "q=peupliers").await, 0, "a deleted site is gone from the index");
}

/// The map is kept compressed: a client that takes gzip gets those bytes as they are, one that
/// refuses it (or says nothing) gets the same map uncompressed.
#[actix_web::test]
async fn the_map_comes_gzipped_only_to_clients_that_take_gzip() {
    use std::io::Read;
    let app = TestApp::spawn().await;
    let get = |accept: &'static str| {
        let app = &app;
        async move {
            let headers: &[(&str, &str)] = if accept.is_empty() { &[] } else { &[("Accept-Encoding", accept)] };
            app.call_with_headers(actix_web::http::Method::GET, "/api/sites/map", Persona::NationalAdmin, None, headers)
                .await
        }
    };
    let plain = get("").await;
    assert_eq!((plain.status, plain.header("content-encoding")), (200, None));
    let gzipped = get("br;q=0.5, gzip").await;
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert_eq!(gzipped.header("vary"), Some("Accept-Encoding"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gzipped.body.as_slice()).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain.body, "the same map");
    assert_eq!(get("gzip;q=0, identity").await.header("content-encoding"), None);
    let refused = app.call_with_headers(
        actix_web::http::Method::GET,
        "/api/sites/map",
        Caller::Anonymous,
        None,
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(refused.await.status, 401);
}

/// The totals of a selection are kept between pages, but never past a write; a text search picks
/// its page from the list index and must keep the list's order and cursor.
#[actix_web::test]
async fn kept_totals_follow_a_write_and_a_text_search_pages_in_list_order() {
    use super::fixtures::{create, montreuil};
    let app = TestApp::spawn().await;
    let who = Persona::Prefecture93;
    let path = "/api/sites?location_type=departement&location_code=93";
    let before = app.get(path, who).await.json();
    let again = app.get(&format!("{path}&limit=1"), who).await.json();
    assert_eq!(
        (again["total"].clone(), again["population_total"].clone()),
        (before["total"].clone(), before["population_total"].clone())
    );
    create(&app, who, montreuil()).await;
    let after = app.get(&format!("{path}&limit=1"), who).await.json();
    assert_eq!(after["total"].as_i64().unwrap(), before["total"].as_i64().unwrap() + 1, "a new site counts at once");
    assert_eq!(after["population_total"].as_i64().unwrap(), before["population_total"].as_i64().unwrap() + 30);
    assert_eq!(after["minors_total"].as_i64().unwrap(), before["minors_total"].as_i64().unwrap() + 12);

    let admin = Persona::NationalAdmin;
    let order = |page: &Value| -> Vec<(String, i64)> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["data_updated_at"].as_str().unwrap().to_owned(), s["id"].as_i64().unwrap()))
            .collect()
    };
    let everything = order(&app.get("/api/sites?limit=200", admin).await.json());
    let searched = app.get("/api/sites?q=rue&limit=200", admin).await.json();
    let found = order(&searched);
    assert!(found.len() >= 2, "several sites are in a street");
    let expected: Vec<(String, i64)> = everything.iter().filter(|entry| found.contains(entry)).cloned().collect();
    assert_eq!(found, expected, "a search keeps the list's order");
    assert!(searched["items"].as_array().unwrap().iter().all(|s| s["actors_count"].is_number()));
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/sites?q=rue&limit=1&cursor={c}"),
            None => "/api/sites?q=rue&limit=1".into(),
        };
        let page = app.get(&path, admin).await.json();
        assert_eq!(page["total"].as_i64().unwrap(), found.len() as i64, "totals on every page");
        walked.extend(order(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(walked, found, "the cursor walks a search page by page");
}
