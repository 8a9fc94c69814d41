use actix_web::http::Method;
use diesel::prelude::*;
use serde_json::json;

use crate::support::access::Expect;
use crate::support::{assert_access, Caller, Persona, TestApp};

#[actix_web::test]
async fn the_pinned_vintage_is_loaded_whole() {
    let app = TestApp::spawn().await;
    let counts = app
        .state
        .db
        .read(|conn| {
            use api::db::schema::*;
            Ok((
                regions::table.count().get_result::<i64>(conn)?,
                departements::table.count().get_result::<i64>(conn)?,
                epcis::table.count().get_result::<i64>(conn)?,
                cities::table.count().get_result::<i64>(conn)?,
                cities::table.filter(cities::main_code.is_not_null()).count().get_result::<i64>(conn)?,
            ))
        })
        .await
        .unwrap();
    // @etalab/decoupage-administratif 6.0.0, metropolitan France and the five DROM.
    assert_eq!(counts, (18, 101, 1255, 34920, 45));
    assert_eq!(app.state.geography.cities.len(), 34920);
}

#[actix_web::test]
async fn search_puts_the_best_match_first_across_levels() {
    let app = TestApp::spawn().await;
    let first = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        async move { app.get(&format!("/api/territories/search?q={q}"), Caller::Anonymous).await.json()[0].clone() }
    };
    let montreuil = first("montreuil").await;
    assert_eq!((montreuil["type"].as_str(), montreuil["code"].as_str()), (Some("city"), Some("93048")));
    assert_eq!(montreuil["label"], "Montreuil (93)");
    assert_eq!(first("SAINT-ETIENNE").await["code"], "42218");
    assert_eq!(first("seine%20saint%20denis").await["code"], "93");
    assert_eq!(first("seine%20saint%20denis").await["type"], "departement");
    assert_eq!(first("ile%20de%20france").await["type"], "region");
    assert_eq!(first("93066").await["name"], "Saint-Denis");
    let empty = app.get("/api/territories/search?q=", Caller::Anonymous).await;
    assert_eq!(empty.json(), json!([]));
    let missing = app.get("/api/territories/search", Caller::Anonymous).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.error_fields(), vec!["q"]);
}

#[actix_web::test]
async fn a_territory_comes_with_its_parents() {
    let app = TestApp::spawn().await;
    let arrondissement = app.get("/api/territories/city/75111", Caller::Anonymous).await.json();
    assert_eq!(arrondissement["main_city"]["code"], "75056");
    assert_eq!(arrondissement["departement"]["code"], "75");
    assert_eq!(arrondissement["region"]["code"], "11");
    assert_eq!(arrondissement["epci"]["name"], "Métropole du Grand Paris");
    let overseas = app.get("/api/territories/departement/976", Caller::Anonymous).await.json();
    assert_eq!(overseas["overseas"], true);
    let epci = app.get("/api/territories/epci/200054781", Caller::Anonymous).await.json();
    assert!(epci["departements"].as_array().unwrap().len() >= 4);
    assert_eq!(app.get("/api/territories/city/99999", Caller::Anonymous).await.status, 404);
    assert_eq!(app.get("/api/territories/planet/93", Caller::Anonymous).await.status, 404);
}

#[actix_web::test]
async fn territory_routes_are_public() {
    let app = TestApp::spawn().await;
    let table = vec![Expect(Caller::Anonymous, 200), Expect(Caller::As(Persona::Asso13), 200)];
    assert_access(&app, Method::GET, "/api/territories/search?q=lyon", None, &table).await;
    assert_access(&app, Method::GET, "/api/territories/region/11", None, &table).await;
}
