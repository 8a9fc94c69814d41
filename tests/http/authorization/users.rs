//! Rows of the authorization table (see `mod.rs`): organizations and the administration of
//! users. Every target of a user route is a fresh account, created by the national admin in an
//! organization of Seine-Saint-Denis (93, the local admin's territory) or of Bouches-du-Rhône
//! (13, outside it), then put in the state the route acts on.

use actix_web::http::Method;
use diesel::prelude::*;
use serde_json::{json, Value};

use super::{public, signed_in, unique, Request, Row, Who};
use crate::support::{Persona, TestApp};

/// A demo organization inside the local admin's territory, and one outside it.
const ORGANIZATION_93: &str = "Association Solidarité Terrain 93";
const ORGANIZATION_13: &str = "Association Accueil Marseille";

/// The id of a demo organization, found by its exact name.
async fn organization_named(app: &TestApp, name: &str) -> i64 {
    let all = app.get("/api/organizations", Persona::NationalAdmin).await.json();
    let found = all.as_array().unwrap().iter().find(|o| o["name"] == name);
    found.unwrap_or_else(|| panic!("no organization {name}"))["id"].as_i64().unwrap()
}

/// A new association of a département, created by the national admin under a unique name
/// (names are unique per type and territory).
async fn fresh_organization_of(app: &TestApp, departement: &str) -> i64 {
    let body = json!({"name": format!("Association témoin {}", unique()), "type_uid": "association",
        "location": {"type": "departement", "code": departement}});
    let created = app.post("/api/organizations", Persona::NationalAdmin, body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["id"].as_i64().unwrap()
}

/// A new intercommunal organization of the Métropole du Grand Paris (EPCI 200054781), which
/// spans 75, 91, 92, 93, 94 and 95: inside no département's scope.
async fn fresh_organization_of_grand_paris(app: &TestApp) -> i64 {
    let body = json!({"name": format!("Métropole témoin {}", unique()), "type_uid": "intercommunalite",
        "location": {"type": "epci", "code": "200054781"}});
    let created = app.post("/api/organizations", Persona::NationalAdmin, body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["id"].as_i64().unwrap()
}

/// A pending account in a new organization of the Métropole du Grand Paris.
async fn pending_user_of_grand_paris(app: &TestApp) -> i32 {
    let organization_id = fresh_organization_of_grand_paris(app).await;
    let created = app.post("/api/users", Persona::NationalAdmin, new_user(organization_id)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["id"].as_i64().unwrap() as i32
}

/// A new association of 13 that the national admin deactivated.
async fn inactive_organization_of_13(app: &TestApp) -> i64 {
    let id = fresh_organization_of(app, "13").await;
    let off = app.patch(&format!("/api/organizations/{id}"), Persona::NationalAdmin, json!({"active": false})).await;
    assert_eq!(off.status, 200, "{}", off.text());
    id
}

/// The body creating an account with a unique e-mail in an organization.
fn new_user(organization_id: i64) -> Value {
    json!({"email": format!("cible.{}@example.org", unique()), "first_name": "Léa", "last_name": "Cible",
        "position": "Médiatrice", "organization_id": organization_id})
}

/// A new account waiting for its activation link (status `new`), created by the national admin.
async fn pending_user_in(app: &TestApp, organization: &str) -> i32 {
    let organization_id = organization_named(app, organization).await;
    let created = app.post("/api/users", Persona::NationalAdmin, new_user(organization_id)).await;
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["id"].as_i64().unwrap() as i32
}

/// Sets an account's status directly, as if its owner had used the activation link (`active`)
/// or had been deactivated (`inactive`): only the status matters to the routes checked here.
async fn set_status(app: &TestApp, id: i32, status: &'static str) {
    app.state
        .db
        .write(move |conn| {
            use api::db::schema::users;
            let deactivated_at = (status == "inactive").then(api::db::now);
            diesel::update(users::table.find(id))
                .set((users::status.eq(status), users::deactivated_at.eq(deactivated_at)))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn active_user_in(app: &TestApp, organization: &str) -> i32 {
    let id = pending_user_in(app, organization).await;
    set_status(app, id, "active").await;
    id
}

async fn inactive_user_in(app: &TestApp, organization: &str) -> i32 {
    let id = pending_user_in(app, organization).await;
    set_status(app, id, "inactive").await;
    id
}

/// A request without a body (a POST whose route takes none): what `Request::get` builds.
fn without_body(path: String) -> Request {
    Request::get(path)
}

/// Only national admins may; everyone else signed in is refused.
fn national_admins_only(status: u16) -> Vec<(Who, u16)> {
    signed_in(&[(Persona::NationalAdmin, status)], 403)
}

/// The user administration: the national admin and the local admin of 93 get their statuses,
/// other signed-in callers 403 (they hold no `user` permission anywhere).
fn user_admins(national_admin: u16, local_admin_93: u16) -> Vec<(Who, u16)> {
    signed_in(&[(Persona::NationalAdmin, national_admin), (Persona::LocalAdmin93, local_admin_93)], 403)
}

fn organization_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/organizations",
            "every organization",
            |_| Box::pin(async move { Request::get("/api/organizations") }),
            signed_in(&[], 200),
        ),
        Row::new(
            Method::POST,
            "/api/organizations",
            "a commune of 93",
            |_| {
                Box::pin(async move {
                    Request::with(
                        "/api/organizations",
                        json!({"name": format!("Commune témoin {}", unique()), "type_uid": "commune",
                            "location": {"type": "city", "code": "93066"}}),
                    )
                })
            },
            // Even the local admin of 93 may not create one in 93: organizations are national.
            national_admins_only(201),
        ),
        Row::new(
            Method::GET,
            "/api/organizations/search",
            "active organizations by name",
            |_| Box::pin(async move { Request::get("/api/organizations/search?q=prefecture") }),
            // The access-request form uses it before anyone has an account.
            public(200),
        ),
        Row::new(
            Method::GET,
            "/api/organizations/{id}",
            "an organization of 93",
            |app| {
                Box::pin(async move {
                    Request::get(format!("/api/organizations/{}", organization_named(app, ORGANIZATION_93).await))
                })
            },
            signed_in(&[], 200),
        ),
        Row::new(
            Method::GET,
            "/api/organizations/{id}",
            "an organization of 13",
            |app| {
                Box::pin(async move {
                    Request::get(format!("/api/organizations/{}", organization_named(app, ORGANIZATION_13).await))
                })
            },
            // The directory is national: an organization is readable from any territory.
            signed_in(&[], 200),
        ),
        Row::new(
            Method::GET,
            "/api/organizations/{id}",
            "an inactive organization of 13",
            |app| {
                Box::pin(async move {
                    Request::get(format!("/api/organizations/{}", inactive_organization_of_13(app).await))
                })
            },
            // Hidden from all but national admins, who may reactivate it: 404, not 403.
            signed_in(&[(Persona::NationalAdmin, 200)], 404),
        ),
        Row::new(
            Method::PATCH,
            "/api/organizations/{id}",
            "an organization of 93",
            |app| {
                Box::pin(async move {
                    let id = fresh_organization_of(app, "93").await;
                    Request::with(format!("/api/organizations/{id}"), json!({"abbreviation": "AT"}))
                })
            },
            // Even the local admin of 93: organizations are changed by national admins only.
            national_admins_only(200),
        ),
        Row::new(
            Method::PATCH,
            "/api/organizations/{id}",
            "an organization of 13",
            |app| {
                Box::pin(async move {
                    let id = fresh_organization_of(app, "13").await;
                    Request::with(format!("/api/organizations/{id}"), json!({"abbreviation": "AT"}))
                })
            },
            national_admins_only(200),
        ),
    ]
}

fn user_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/users",
            "the users of the caller's territory",
            |_| Box::pin(async move { Request::get("/api/users") }),
            user_admins(200, 200),
        ),
        Row::new(
            Method::POST,
            "/api/users",
            "in an organization of 93",
            |app| {
                Box::pin(async move {
                    Request::with("/api/users", new_user(organization_named(app, ORGANIZATION_93).await))
                })
            },
            user_admins(201, 201),
        ),
        Row::new(
            Method::POST,
            "/api/users",
            "in an organization of 13",
            |app| {
                Box::pin(async move {
                    Request::with("/api/users", new_user(organization_named(app, ORGANIZATION_13).await))
                })
            },
            // An organization outside the local admin's territory is named as unknown in the body
            // (422 on `organization_id`), as one that does not exist would be.
            user_admins(201, 422),
        ),
        Row::new(
            Method::GET,
            "/api/users/{id}",
            "a user of 93",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_93).await;
                    Request::get(format!("/api/users/{id}"))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::GET,
            "/api/users/{id}",
            "a user of 13",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_13).await;
                    Request::get(format!("/api/users/{id}"))
                })
            },
            // Outside their territory a local admin does not learn that the user exists.
            user_admins(200, 404),
        ),
        Row::new(
            Method::GET,
            "/api/users/{id}",
            "a user of the Métropole du Grand Paris (six départements, 93 among them)",
            |app| {
                Box::pin(async move {
                    let id = pending_user_of_grand_paris(app).await;
                    Request::get(format!("/api/users/{id}"))
                })
            },
            // Its territory is not wholly inside the local admin's 93: not theirs to manage.
            user_admins(200, 404),
        ),
        Row::new(
            Method::PATCH,
            "/api/users/{id}",
            "a user of the Métropole du Grand Paris (six départements, 93 among them)",
            |app| {
                Box::pin(async move {
                    let id = pending_user_of_grand_paris(app).await;
                    Request::with(format!("/api/users/{id}"), json!({"position": "Coordinatrice"}))
                })
            },
            user_admins(200, 404),
        ),
        Row::new(
            Method::POST,
            "/api/users",
            "into an organization of the Métropole du Grand Paris",
            |app| {
                Box::pin(async move {
                    let organization_id = fresh_organization_of_grand_paris(app).await;
                    Request::with("/api/users", new_user(organization_id))
                })
            },
            // As for an organization of 13: outside the caller's territory, it names a faulty field.
            user_admins(201, 422),
        ),
        Row::new(
            Method::PATCH,
            "/api/users/{id}",
            "a user of 93",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_93).await;
                    Request::with(format!("/api/users/{id}"), json!({"position": "Coordinatrice"}))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::PATCH,
            "/api/users/{id}",
            "a user of 13",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_13).await;
                    Request::with(format!("/api/users/{id}"), json!({"position": "Coordinatrice"}))
                })
            },
            user_admins(200, 404),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/activation-links",
            "a pending user of 93",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_93).await;
                    Request::with(format!("/api/users/{id}/activation-links"), json!({"options": []}))
                })
            },
            user_admins(201, 201),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/activation-links",
            "a pending user of 13",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_13).await;
                    Request::with(format!("/api/users/{id}/activation-links"), json!({"options": []}))
                })
            },
            user_admins(201, 404),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/deactivate",
            "an active user of 93",
            |app| {
                Box::pin(async move {
                    let id = active_user_in(app, ORGANIZATION_93).await;
                    Request::with(format!("/api/users/{id}/deactivate"), json!({"reason": "Départ de la structure"}))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/deactivate",
            "an active user of 13",
            |app| {
                Box::pin(async move {
                    let id = active_user_in(app, ORGANIZATION_13).await;
                    Request::with(format!("/api/users/{id}/deactivate"), json!({"reason": "Départ de la structure"}))
                })
            },
            user_admins(200, 404),
        ),
        Row::new(
            Method::PUT,
            "/api/users/{id}/options",
            "an active user of 93",
            |app| {
                Box::pin(async move {
                    let id = active_user_in(app, ORGANIZATION_93).await;
                    Request::with(format!("/api/users/{id}/options"), json!({"options": ["create_shantytown"]}))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::PUT,
            "/api/users/{id}/options",
            "an active user of 13",
            |app| {
                Box::pin(async move {
                    let id = active_user_in(app, ORGANIZATION_13).await;
                    Request::with(format!("/api/users/{id}/options"), json!({"options": ["create_shantytown"]}))
                })
            },
            user_admins(200, 404),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/reactivate",
            "an inactive user of 93",
            |app| {
                Box::pin(async move {
                    without_body(format!("/api/users/{}/reactivate", inactive_user_in(app, ORGANIZATION_93).await))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/reactivate",
            "an inactive user of 13",
            |app| {
                Box::pin(async move {
                    without_body(format!("/api/users/{}/reactivate", inactive_user_in(app, ORGANIZATION_13).await))
                })
            },
            user_admins(200, 404),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/refuse-access",
            "a pending user of 93",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_93).await;
                    Request::with(format!("/api/users/{id}/refuse-access"), json!({"reason": "Hors du périmètre"}))
                })
            },
            user_admins(200, 200),
        ),
        Row::new(
            Method::POST,
            "/api/users/{id}/refuse-access",
            "a pending user of 13",
            |app| {
                Box::pin(async move {
                    let id = pending_user_in(app, ORGANIZATION_13).await;
                    Request::with(format!("/api/users/{id}/refuse-access"), json!({"reason": "Hors du périmètre"}))
                })
            },
            user_admins(200, 404),
        ),
    ]
}

pub fn rows() -> Vec<Row> {
    let mut rows = organization_rows();
    rows.extend(user_rows());
    rows
}
