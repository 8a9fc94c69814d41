use actix_web::http::Method;
use serde_json::json;

use crate::support::{assert_access, everyone, table, Caller, Persona, TestApp};

#[actix_web::test]
async fn categories_and_types_are_public_with_their_default_roles() {
    let app = TestApp::spawn().await;
    let categories = app.get("/api/organization-categories", Caller::Anonymous).await;
    assert_eq!(categories.status, 200);
    let categories = categories.json();
    let public = categories.as_array().unwrap().iter().find(|c| c["category"] == "public_establishment").unwrap();
    let prefecture = public["types"].as_array().unwrap().iter().find(|t| t["uid"] == "pref_departement").unwrap();
    assert_eq!(prefecture["default_role"], "direct_collaborator");
}

#[actix_web::test]
async fn the_public_search_finds_active_organizations_by_name_without_accents() {
    let app = TestApp::spawn().await;
    let found = app.get("/api/organizations/search?q=prefecture+seine", Caller::Anonymous).await.json();
    assert_eq!(found[0]["name"], "Préfecture de la Seine-Saint-Denis");
    assert_eq!(found[0]["location"]["departement"]["code"], "93");
    let by_category = app.get("/api/organizations/search?category=association", Caller::Anonymous).await.json();
    assert!(by_category.as_array().unwrap().iter().all(|o| o["category"] == "association"));
    assert_eq!(by_category.as_array().unwrap().len(), 2);
    let by_departement = app.get("/api/organizations/search?departement=13", Caller::Anonymous).await.json();
    assert_eq!(by_departement.as_array().unwrap().len(), 2);
    let bad = app.get("/api/organizations/search?category=banks", Caller::Anonymous).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.error_fields(), vec!["category"]);
}

#[actix_web::test]
async fn signed_in_users_read_organizations_and_the_directory() {
    let app = TestApp::spawn().await;
    assert_access(&app, Method::GET, "/api/organizations", None, &everyone(200)).await;
    assert_access(&app, Method::GET, "/api/directory", None, &everyone(200)).await;
    let directory = app.get("/api/directory", Persona::Intervenant93).await.json();
    let montreuil = directory.as_array().unwrap().iter().find(|e| e["name"] == "Commune de Montreuil").unwrap();
    assert_eq!(montreuil["members"][0]["email"], Persona::Commune93.email());
    let id = montreuil["id"].as_i64().unwrap();
    assert_access(&app, Method::GET, &format!("/api/organizations/{id}"), None, &everyone(200)).await;
    assert_eq!(app.get("/api/organizations/424242", Persona::Asso93).await.status, 404);
}

#[actix_web::test]
async fn only_national_admins_create_organizations_and_bad_territories_are_named() {
    let app = TestApp::spawn().await;
    let body =
        json!({"name": "Commune de Saint-Denis", "type_uid": "commune", "location": {"type": "city", "code": "93066"}});
    let expectations = table(&[(Persona::NationalAdmin, 201)], 403);
    assert_access(&app, Method::POST, "/api/organizations", Some(body.clone()), &expectations).await;
    let duplicate = app.post("/api/organizations", Persona::NationalAdmin, body).await;
    assert_eq!(duplicate.status, 409);
    let invalid = app
        .post(
            "/api/organizations",
            Persona::NationalAdmin,
            json!({"name": "X corp", "type_uid": "bank", "location": {"type": "city", "code": "99999"},
                   "intervention_areas": [{"type": "departement", "code": "93"}, {"type": "epci", "code": "nope"}]}),
        )
        .await;
    assert_eq!(invalid.status, 422);
    let mut fields = invalid.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["intervention_areas[1].code", "location.code", "type_uid"]);
    let created = app.get("/api/organizations?q=saint+denis", Persona::NationalAdmin).await.json();
    let detail = app.get(&format!("/api/organizations/{}", created[0]["id"]), Persona::NationalAdmin).await.json();
    assert_eq!(
        detail["intervention_areas"],
        json!([{"type": "city", "code": "93066", "name": "Saint-Denis (93)", "is_main": true}])
    );
}

#[actix_web::test]
async fn deactivating_an_organization_locks_its_members_out() {
    let app = TestApp::spawn().await;
    let found = app.get("/api/organizations/search?q=accueil+marseille", Caller::Anonymous).await.json();
    let id = found[0]["id"].as_i64().unwrap();
    let path = format!("/api/organizations/{id}");
    let expectations = table(&[(Persona::NationalAdmin, 200)], 403);
    assert_access(&app, Method::PATCH, &path, Some(json!({"abbreviation": "AAM"})), &expectations).await;
    let off = app.patch(&path, Persona::NationalAdmin, json!({"active": false})).await;
    assert_eq!(off.json()["active"], false);
    assert_eq!(app.get("/api/me", Persona::Asso13).await.status, 401);
    let login = app
        .post(
            "/api/auth/login",
            Caller::Anonymous,
            json!({"email": Persona::Asso13.email(), "password": "resorption-demo"}),
        )
        .await;
    assert_eq!(login.status, 403);
    assert_eq!(login.json()["code"], "organization_inactive");
    let no_areas = app.patch(&path, Persona::NationalAdmin, json!({"intervention_areas": []})).await;
    assert_eq!(no_areas.error_fields(), vec!["intervention_areas"]);
}

#[actix_web::test]
async fn a_name_is_unique_per_type_and_territory_and_a_taken_one_is_named() {
    let app = TestApp::spawn().await;
    let body = |name: &str, code: &str, abbreviation: &str| json!({"name": name, "abbreviation": abbreviation, "type_uid": "commune", "location": {"type": "city", "code": code}});
    let first =
        app.post("/api/organizations", Persona::NationalAdmin, body("Commune de Saint-Denis", "93066", "")).await;
    assert_eq!(first.status, 201, "{}", first.text());
    for (name, abbreviation) in
        [("Commune de Saint-Denis", "CSD"), ("commune de saint denis", ""), ("COMMUNE DE SAINT-DENIS ", "")]
    {
        let taken = app.post("/api/organizations", Persona::NationalAdmin, body(name, "93066", abbreviation)).await;
        assert_eq!(taken.status, 409, "{name} / {abbreviation}: {}", taken.text());
        assert_eq!(taken.json()["code"], "organization_exists");
        assert_eq!(taken.error_fields(), vec!["name"], "{name}");
    }
    let elsewhere =
        app.post("/api/organizations", Persona::NationalAdmin, body("Commune de Saint-Denis", "93048", "")).await;
    assert_eq!(elsewhere.status, 201, "another territory: {}", elsewhere.text());
    let other_id = elsewhere.json()["id"].as_i64().unwrap();
    let moved =
        app.patch(&format!("/api/organizations/{other_id}"), Persona::NationalAdmin, json!({"name": "Mairie"})).await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    let found = app.get("/api/organizations/search?q=saint+denis", Caller::Anonymous).await.json();
    let first_id = found.as_array().unwrap().iter().find(|o| o["name"] == "Commune de Saint-Denis").unwrap()["id"]
        .as_i64()
        .unwrap();
    let renamed = app.post("/api/organizations", Persona::NationalAdmin, body("Mairie", "93066", "")).await;
    assert_eq!(renamed.status, 201, "{}", renamed.text());
    let clash =
        app.patch(&format!("/api/organizations/{first_id}"), Persona::NationalAdmin, json!({"name": "MAIRIE"})).await;
    assert_eq!(clash.status, 409, "a rename into a taken name: {}", clash.text());
    assert_eq!(clash.error_fields(), vec!["name"]);
    let same = app
        .patch(
            &format!("/api/organizations/{first_id}"),
            Persona::NationalAdmin,
            json!({"name": "Commune de Saint-Denis"}),
        )
        .await;
    assert_eq!(same.status, 200, "keeping one's own name: {}", same.text());
}

#[actix_web::test]
async fn a_national_admin_cannot_deactivate_their_own_organization() {
    let app = TestApp::spawn().await;
    let me = app.get("/api/me", Persona::NationalAdmin).await.json();
    let own = me["organization"]["id"].as_i64().unwrap();
    let refused =
        app.patch(&format!("/api/organizations/{own}"), Persona::NationalAdmin, json!({"active": false})).await;
    assert_eq!(refused.status, 409, "{}", refused.text());
    assert_eq!(refused.json()["code"], "own_organization");
    assert_eq!(app.get("/api/me", Persona::NationalAdmin).await.status, 200, "still signed in");
    let organization = app.get(&format!("/api/organizations/{own}"), Persona::NationalAdmin).await.json();
    assert_eq!(organization["active"], true, "nothing written");
}
