//! Rows of the authorization table (see `mod.rs`): reading sites, their journal, history and
//! actors, the lists, the map, the activity feed and the exports.
//!
//! The personas hold no permission option: justice is read only by the national admin, the
//! local admin and préfecture of 93 (direct collaborator) and the national actor, nationwide.
//! Sites are read nationwide by those four too, by the others in their département only (the
//! commune of Montreuil reads the whole of 93). Out of the read scope a site does not exist
//! (404); readable but not allowed is 403.

use actix_web::http::Method;

use super::{signed_in, Request, Row, Who};
use crate::sites::fixtures::demo_site;
use crate::support::{Persona, TestApp};

/// An open demo site of Seine-Saint-Denis (93) and one of Bouches-du-Rhône (13).
async fn site_93(app: &TestApp) -> i32 {
    demo_site(app, "Montreuil", "open").await
}

async fn site_13(app: &TestApp) -> i32 {
    demo_site(app, "Aix-en-Provence", "open").await
}

/// An open demo site of 93 outside Montreuil: the commune of Montreuil writes only in Montreuil
/// but reads the whole département.
async fn site_of_bondy(app: &TestApp) -> i32 {
    demo_site(app, "Bondy", "open").await
}

/// Today, for "as of" reads: every demo site was declared before it.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Every signed-in caller gets 200 (lists and feeds are narrowed to the scope, never refused).
fn every_persona() -> Vec<(Who, u16)> {
    signed_in(&[], 200)
}

/// A site of 93: everyone but the operator of 13 and the observer of 44, for whom it does not
/// exist.
fn readers_of_93() -> Vec<(Who, u16)> {
    use Persona::*;
    signed_in(&[(Asso13, 404), (Observateur44, 404)], 200)
}

/// A site of 13: the national readers, the 93 préfecture and local admin (who read sites
/// nationwide) and the operator of 13; for the others it does not exist.
fn readers_of_13() -> Vec<(Who, u16)> {
    use Persona::*;
    signed_in(&[(Asso13, 200), (NationalAdmin, 200), (National, 200), (LocalAdmin93, 200), (Prefecture93, 200)], 404)
}

/// The journal of a site of 13. The local admin and préfecture of 93 read the site (nationwide)
/// but the journal only in their territory (`shantytown_comment.list` is L for both): 403, not
/// 404, since the site exists for them.
fn journal_readers_of_13() -> Vec<(Who, u16)> {
    use Persona::*;
    signed_in(&[(Asso13, 200), (NationalAdmin, 200), (National, 200), (LocalAdmin93, 403), (Prefecture93, 403)], 404)
}

/// A justice filter (`justice`, `administrative_order`, `rhi`): only those who read justice;
/// the others get 403 `justice_filter_forbidden`.
fn justice_readers() -> Vec<(Who, u16)> {
    use Persona::*;
    signed_in(&[(NationalAdmin, 200), (LocalAdmin93, 200), (Prefecture93, 200), (National, 200)], 403)
}

/// The journal export: every role but the external observer (`shantytown_comment.export` X).
fn comment_exporters() -> Vec<(Who, u16)> {
    signed_in(&[(Persona::Observateur44, 403)], 200)
}

fn one_site_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/sites/{id}",
            "a site of 93",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}", site_93(app).await)) }),
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}",
            "a site of 13",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}", site_13(app).await)) }),
            readers_of_13(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}",
            "a site of 93 outside Montreuil",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}", site_of_bondy(app).await)) }),
            readers_of_93(),
        ),
        // A past day is read from the history, through another check of the scope.
        Row::new(
            Method::GET,
            "/api/sites/{id}",
            "a site of 93, as of today",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}?as_of={}", site_93(app).await, today())) }),
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}",
            "a site of 13, as of today",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}?as_of={}", site_13(app).await, today())) }),
            readers_of_13(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/history",
            "a site of 93",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}/history", site_93(app).await)) }),
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/history",
            "a site of 13",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}/history", site_13(app).await)) }),
            readers_of_13(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/comments",
            "a site of 93",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}/comments", site_93(app).await)) }),
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/comments",
            "a site of 93 outside Montreuil",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}/comments", site_of_bondy(app).await)) }),
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/comments",
            "a site of 13",
            |app| Box::pin(async move { Request::get(format!("/api/sites/{}/comments", site_13(app).await)) }),
            journal_readers_of_13(),
        ),
        // Anyone who reads a site may declare a colleague on it (DOMAIN §8), so may look for one.
        Row::new(
            Method::GET,
            "/api/sites/{id}/actor-candidates",
            "a site of 93",
            |app| {
                Box::pin(
                    async move { Request::get(format!("/api/sites/{}/actor-candidates?q=martin", site_93(app).await)) },
                )
            },
            readers_of_93(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/{id}/actor-candidates",
            "a site of 13",
            |app| {
                Box::pin(
                    async move { Request::get(format!("/api/sites/{}/actor-candidates?q=martin", site_13(app).await)) },
                )
            },
            readers_of_13(),
        ),
    ]
}

fn list_and_map_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/sites",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/sites") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites",
            "a justice filter",
            |_| Box::pin(async { Request::get("/api/sites?justice=justice_procedure") }),
            justice_readers(),
        ),
        Row::new(
            Method::GET,
            "/api/sites",
            "an administrative order filter",
            |_| Box::pin(async { Request::get("/api/sites?administrative_order=evacuation_under_time_limit") }),
            justice_readers(),
        ),
        Row::new(
            Method::GET,
            "/api/sites",
            "an insalubrity order filter",
            |_| Box::pin(async { Request::get("/api/sites?rhi=insalubrity_order") }),
            justice_readers(),
        ),
        // Another département narrows the scope to nothing: an empty page, not a refusal.
        Row::new(
            Method::GET,
            "/api/sites",
            "the sites of 44",
            |_| Box::pin(async { Request::get("/api/sites?location_type=departement&location_code=44") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/map",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/sites/map") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/map",
            "a justice filter",
            |_| Box::pin(async { Request::get("/api/sites/map?justice=owner_complaint") }),
            justice_readers(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/map",
            "the sites of 44",
            |_| Box::pin(async { Request::get("/api/sites/map?location_type=departement&location_code=44") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/nearby",
            "near a site of 93",
            |_| Box::pin(async { Request::get("/api/sites/nearby?latitude=48.8603&longitude=2.4638") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/nearby",
            "near a site of 13",
            |_| Box::pin(async { Request::get("/api/sites/nearby?latitude=43.5050&longitude=5.3800") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/activities",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/activities") }),
            every_persona(),
        ),
        // Messages follow the journal's scope (L for the 93 local admin and préfecture), still
        // narrowed rather than refused.
        Row::new(
            Method::GET,
            "/api/activities",
            "the messages of 13",
            |_| {
                Box::pin(async {
                    Request::get("/api/activities?kinds=site_comment&location_type=departement&location_code=13")
                })
            },
            every_persona(),
        ),
    ]
}

fn export_rows() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/sites/export",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/sites/export") }),
            every_persona(),
        ),
        // Restricted sections are left out for those who may not read them, not refused.
        Row::new(
            Method::GET,
            "/api/sites/export",
            "the justice and owner sections",
            |_| Box::pin(async { Request::get("/api/sites/export?options=justice,owner") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/export",
            "a justice filter",
            |_| Box::pin(async { Request::get("/api/sites/export?justice=justice_procedure") }),
            justice_readers(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/export",
            "the sites of 44",
            |_| Box::pin(async { Request::get("/api/sites/export?location_type=departement&location_code=44") }),
            every_persona(),
        ),
        Row::new(
            Method::GET,
            "/api/sites/comments/export",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/sites/comments/export") }),
            comment_exporters(),
        ),
    ]
}

pub fn rows() -> Vec<Row> {
    let mut rows = one_site_rows();
    rows.extend(list_and_map_rows());
    rows.extend(export_rows());
    rows
}
