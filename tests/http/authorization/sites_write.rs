//! Rows of the authorization table (see `mod.rs`): writing sites, their lifecycle, actors,
//! journal and favorites.
//!
//! Every row builds a fresh target for each caller, so that a write that consumes it (a
//! closure, a deletion, a target set once) meets it untouched: a site of Montreuil (93048,
//! where the commune of Montreuil also writes) or of Aix-en-Provence (13001), declared by the
//! national admin, then put in the state the route needs. Out of the caller's read scope a
//! site does not exist (404); readable but not allowed answers 403 (D6).

use actix_web::http::Method;
use serde_json::{json, Value};

use super::{signed_in, Request, Row, Who};
use crate::sites::fixtures::{create, montreuil, post_versioned, version};
use crate::support::{Persona, TestApp};

use Persona::*;

/// Those who cannot read a site of Seine-Saint-Denis: the operator of 13, the observer of 44.
const OUTSIDE_93: [Persona; 2] = [Asso13, Observateur44];

/// Those who cannot read a site of Bouches-du-Rhône: the commune, operator and intervener of
/// 93 (their reads widen to 93 only) and the observer of 44.
const OUTSIDE_13: [Persona; 4] = [Commune93, Asso93, Intervenant93, Observateur44];

/// Everyone who reads a site of 93.
const READERS_93: [Persona; 7] =
    [NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93, Intervenant93, National];

/// Everyone who reads a site of 13: nationwide readers (national admin and establishment,
/// local admins and State correspondents, DOMAIN §5.5) and the operator of 13.
const READERS_13: [Persona; 5] = [NationalAdmin, LocalAdmin93, Prefecture93, National, Asso13];

/// Who updates a site of Montreuil (`shantytown.update`): admins, the State correspondent, the
/// commune partner in its commune, the operator in its département.
const UPDATERS_93: [Persona; 5] = [NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93];

/// Who updates a site of 13: the national admin and the operator of 13.
const UPDATERS_13: [Persona; 2] = [NationalAdmin, Asso13];

/// Who closes a site of 93 (`shantytown.close`): partners and operators need the option,
/// which no demo persona has.
const CLOSERS_93: [Persona; 3] = [NationalAdmin, LocalAdmin93, Prefecture93];

/// Expectations on a site of 93: `allowed` get `success`, the other readers 403, those who
/// cannot read it 404.
fn on_site_93(allowed: &[Persona], success: u16) -> Vec<(Who, u16)> {
    on_site(allowed, success, &OUTSIDE_93)
}

/// The same on a site of 13.
fn on_site_13(allowed: &[Persona], success: u16) -> Vec<(Who, u16)> {
    on_site(allowed, success, &OUTSIDE_13)
}

fn on_site(allowed: &[Persona], success: u16, outside: &[Persona]) -> Vec<(Who, u16)> {
    let listed: Vec<(Persona, u16)> = Persona::ALL
        .iter()
        .map(|persona| {
            let status = if allowed.contains(persona) {
                success
            } else if outside.contains(persona) {
                404
            } else {
                403
            };
            (*persona, status)
        })
        .collect();
    signed_in(&listed, 403)
}

/// A valid declaration in Aix-en-Provence (13001).
fn aix() -> Value {
    let mut body = montreuil();
    body["name"] = json!("Les Milles");
    body["address"] = json!("12 chemin des Milles 13090 Aix-en-Provence");
    body["city_code"] = json!("13001");
    body["latitude"] = json!(43.5300);
    body["longitude"] = json!(5.4500);
    body
}

/// A fresh open site of Montreuil (93), declared by the national admin.
async fn site_93(app: &TestApp) -> i32 {
    create(app, NationalAdmin, montreuil()).await
}

/// A fresh open site of Aix-en-Provence (13), declared by the national admin.
async fn site_13(app: &TestApp) -> i32 {
    create(app, NationalAdmin, aix()).await
}

fn closure() -> Value {
    json!({
        "closed_at": "2026-11-01",
        "status": "closed_by_pref_admin",
        "closed_with_solutions": true,
        "solutions": [{"solution": "housing", "people": 10, "households": 3}]
    })
}

/// Closes a site as the national admin.
async fn closed(app: &TestApp, id: i32) -> i32 {
    let path = format!("/api/sites/{id}/closure");
    let reply = post_versioned(app, NationalAdmin, &path, version(app, id).await, closure()).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    id
}

/// A public message of `author` on the site; returns its id.
async fn message_of(app: &TestApp, author: Persona, site: i32) -> i64 {
    let message = json!({"body": "Passage du matin.", "tags": ["passage_sur_site"], "visibility": "public"});
    let reply = app.post(&format!("/api/sites/{site}/comments"), author, message).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["comment"]["id"].as_i64().unwrap()
}

/// `persona` declares themself actor of the site; returns their user id.
async fn declared_actor(app: &TestApp, persona: Persona, site: i32) -> i32 {
    let reply = app.post(&format!("/api/sites/{site}/actors"), persona, json!({"themes": ["sante"]})).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    app.user_id(persona.email()).await
}

/// A request with neither body nor version (`Request::get` builds exactly that, whatever the
/// method of the row).
fn without_body(path: String) -> Request {
    Request::get(path)
}

/// Sent by the author and by moderators alike: a moderator must give a reason, an author may.
fn moderation() -> Value {
    json!({"reason": "Données personnelles."})
}

/// A request on a fresh site's path, with the site's current version.
async fn versioned(app: &TestApp, id: i32, tail: &str, body: Value) -> Request {
    Request::versioned(format!("/api/sites/{id}{tail}"), body, version(app, id).await)
}

pub fn rows() -> Vec<Row> {
    let mut rows = declaring_and_updating();
    rows.extend(lifecycle());
    rows.extend(actors());
    rows.extend(journal());
    rows.extend(favorites());
    rows
}

fn declaring_and_updating() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/sites",
            "a declaration in Montreuil (93)",
            |_| Box::pin(async move { Request::with("/api/sites", montreuil()) }),
            // The operator of 93 needs the `create_shantytown` option; the others never declare.
            signed_in(&[(NationalAdmin, 201), (LocalAdmin93, 201), (Prefecture93, 201), (Commune93, 201)], 403),
        ),
        Row::new(
            Method::POST,
            "/api/sites",
            "a declaration in Aix-en-Provence (13)",
            |_| Box::pin(async move { Request::with("/api/sites", aix()) }),
            // No site exists yet, so nothing to hide: 403 for all but the national admin (the
            // operator of 13 lacks the creation option).
            signed_in(&[(NationalAdmin, 201)], 403),
        ),
        Row::new(
            Method::PATCH,
            "/api/sites/{id}",
            "a site of 93",
            |app| {
                Box::pin(
                    async move { versioned(app, site_93(app).await, "", json!({"population": {"total": 31}})).await },
                )
            },
            on_site_93(&UPDATERS_93, 200),
        ),
        Row::new(
            Method::PATCH,
            "/api/sites/{id}",
            "a site of 13",
            |app| {
                Box::pin(
                    async move { versioned(app, site_13(app).await, "", json!({"population": {"total": 31}})).await },
                )
            },
            on_site_13(&UPDATERS_13, 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/confirmation",
            "a site of 93",
            |app| Box::pin(async move { versioned(app, site_93(app).await, "/confirmation", Value::Null).await }),
            on_site_93(&UPDATERS_93, 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/confirmation",
            "a site of 13",
            |app| Box::pin(async move { versioned(app, site_13(app).await, "/confirmation", Value::Null).await }),
            on_site_13(&UPDATERS_13, 200),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/heatwave",
            "a site of 93",
            |app| {
                Box::pin(async move {
                    Request::with(format!("/api/sites/{}/heatwave", site_93(app).await), json!({"heatwave": true}))
                })
            },
            on_site_93(&UPDATERS_93, 200),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/heatwave",
            "a site of 13",
            |app| {
                Box::pin(async move {
                    Request::with(format!("/api/sites/{}/heatwave", site_13(app).await), json!({"heatwave": true}))
                })
            },
            on_site_13(&UPDATERS_13, 200),
        ),
    ]
}

fn lifecycle() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/sites/{id}/closure",
            "a site of 93",
            |app| Box::pin(async move { versioned(app, site_93(app).await, "/closure", closure()).await }),
            on_site_93(&CLOSERS_93, 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/closure",
            "a site of 13",
            |app| Box::pin(async move { versioned(app, site_13(app).await, "/closure", closure()).await }),
            // The operator of 13 updates its sites but closes them only with the option.
            on_site_13(&[NationalAdmin], 200),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/closure/outcome",
            "a closed site of 93",
            |app| {
                Box::pin(async move {
                    let id = closed(app, site_93(app).await).await;
                    versioned(app, id, "/closure/outcome", json!({"closed_with_solutions": "no"})).await
                })
            },
            // `shantytown.fix_status`: admins and State correspondents only.
            on_site_93(&[NationalAdmin, LocalAdmin93, Prefecture93], 200),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/closure/outcome",
            "a closed site of 13",
            |app| {
                Box::pin(async move {
                    let id = closed(app, site_13(app).await).await;
                    versioned(app, id, "/closure/outcome", json!({"closed_with_solutions": "no"})).await
                })
            },
            on_site_13(&[NationalAdmin], 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/resorption-target",
            "a site of 93",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/resorption-target", site_93(app).await)) }),
            // The update right is not enough: only admins and State correspondents steer.
            on_site_93(&[NationalAdmin, LocalAdmin93, Prefecture93], 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/resorption-target",
            "a site of 13",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/resorption-target", site_13(app).await)) }),
            on_site_13(&[NationalAdmin], 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/resorption-start",
            "a site of 93",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/resorption-start", site_93(app).await)) }),
            on_site_93(&UPDATERS_93, 200),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/resorption-start",
            "a site of 13",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/resorption-start", site_13(app).await)) }),
            on_site_13(&UPDATERS_13, 200),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}",
            "a site of 93",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}", site_93(app).await)) }),
            on_site_93(&[NationalAdmin], 204),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}",
            "a site of 13",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}", site_13(app).await)) }),
            on_site_13(&[NationalAdmin], 204),
        ),
    ]
}

/// Actors (DOMAIN §8): whoever reads a site declares themself or invites; an actor is changed
/// or removed by themself or by who may update the site. The declared actor is one who may
/// not update the site, so that "themself" shows: the intervener in 93, the national
/// establishment in 13.
fn actors() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/sites/{id}/actor-invitations",
            "a site of 93",
            |app| {
                Box::pin(async move {
                    let path = format!("/api/sites/{}/actor-invitations", site_93(app).await);
                    Request::with(path, json!({"email": "benevole@example.org"}))
                })
            },
            on_site_93(&READERS_93, 202),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/actor-invitations",
            "a site of 13",
            |app| {
                Box::pin(async move {
                    let path = format!("/api/sites/{}/actor-invitations", site_13(app).await);
                    Request::with(path, json!({"email": "benevole@example.org"}))
                })
            },
            on_site_13(&READERS_13, 202),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/actors",
            "a site of 93",
            |app| {
                Box::pin(async move {
                    Request::with(format!("/api/sites/{}/actors", site_93(app).await), json!({"themes": ["sante"]}))
                })
            },
            on_site_93(&READERS_93, 201),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/actors",
            "a site of 13",
            |app| {
                Box::pin(async move {
                    Request::with(format!("/api/sites/{}/actors", site_13(app).await), json!({"themes": ["sante"]}))
                })
            },
            on_site_13(&READERS_13, 201),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/actors/{user_id}",
            "the intervener of 93 on a site of 93",
            |app| {
                Box::pin(async move {
                    let site = site_93(app).await;
                    let user = declared_actor(app, Intervenant93, site).await;
                    Request::with(format!("/api/sites/{site}/actors/{user}"), json!({"themes": ["logement"]}))
                })
            },
            on_site_93(&[NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93, Intervenant93], 200),
        ),
        Row::new(
            Method::PUT,
            "/api/sites/{id}/actors/{user_id}",
            "the national establishment on a site of 13",
            |app| {
                Box::pin(async move {
                    let site = site_13(app).await;
                    let user = declared_actor(app, National, site).await;
                    Request::with(format!("/api/sites/{site}/actors/{user}"), json!({"themes": ["logement"]}))
                })
            },
            on_site_13(&[NationalAdmin, Asso13, National], 200),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/actors/{user_id}",
            "the intervener of 93 on a site of 93",
            |app| {
                Box::pin(async move {
                    let site = site_93(app).await;
                    let user = declared_actor(app, Intervenant93, site).await;
                    without_body(format!("/api/sites/{site}/actors/{user}"))
                })
            },
            on_site_93(&[NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93, Intervenant93], 200),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/actors/{user_id}",
            "the national establishment on a site of 13",
            |app| {
                Box::pin(async move {
                    let site = site_13(app).await;
                    let user = declared_actor(app, National, site).await;
                    without_body(format!("/api/sites/{site}/actors/{user}"))
                })
            },
            on_site_13(&[NationalAdmin, Asso13, National], 200),
        ),
    ]
}

/// The journal (DOMAIN §9): posting needs `shantytown_comment.create`; a message is edited by
/// its author only, removed by its author or a moderator (admins of the territory). Messages
/// are written by the operator of the site's département.
fn journal() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/sites/{id}/comments",
            "a site of 93",
            |app| {
                Box::pin(async move {
                    let path = format!("/api/sites/{}/comments", site_93(app).await);
                    Request::with(path, json!({"body": "Passage ce matin.", "visibility": "public"}))
                })
            },
            // In Montreuil the commune writes in the journal too; the national establishment
            // only reads journals.
            on_site_93(&[NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93, Intervenant93], 201),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/comments",
            "a site of 13",
            |app| {
                Box::pin(async move {
                    let path = format!("/api/sites/{}/comments", site_13(app).await);
                    Request::with(path, json!({"body": "Passage ce matin.", "visibility": "public"}))
                })
            },
            on_site_13(&[NationalAdmin, Asso13], 201),
        ),
        Row::new(
            Method::PATCH,
            "/api/sites/{id}/comments/{comment_id}",
            "a message of the operator of 93 on a site of 93",
            |app| {
                Box::pin(async move {
                    let site = site_93(app).await;
                    let comment = message_of(app, Asso93, site).await;
                    Request::with(format!("/api/sites/{site}/comments/{comment}"), json!({"body": "Eau coupée."}))
                })
            },
            // Not even the national admin edits someone else's words.
            on_site_93(&[Asso93], 200),
        ),
        Row::new(
            Method::PATCH,
            "/api/sites/{id}/comments/{comment_id}",
            "a message of the operator of 13 on a site of 13",
            |app| {
                Box::pin(async move {
                    let site = site_13(app).await;
                    let comment = message_of(app, Asso13, site).await;
                    Request::with(format!("/api/sites/{site}/comments/{comment}"), json!({"body": "Eau coupée."}))
                })
            },
            on_site_13(&[Asso13], 200),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/comments/{comment_id}",
            "a message of the operator of 93 on a site of 93",
            |app| {
                Box::pin(async move {
                    let site = site_93(app).await;
                    let comment = message_of(app, Asso93, site).await;
                    Request::with(format!("/api/sites/{site}/comments/{comment}"), moderation())
                })
            },
            // The author, and the moderators of 93 (`shantytown_comment.moderate`).
            on_site_93(&[NationalAdmin, LocalAdmin93, Asso93], 204),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/comments/{comment_id}",
            "a message of the operator of 13 on a site of 13",
            |app| {
                Box::pin(async move {
                    let site = site_13(app).await;
                    let comment = message_of(app, Asso13, site).await;
                    Request::with(format!("/api/sites/{site}/comments/{comment}"), moderation())
                })
            },
            // The admin and the correspondent of 93 read the site of 13 but not its journal:
            // 403, not 404.
            on_site_13(&[NationalAdmin, Asso13], 204),
        ),
    ]
}

/// Favorites are the caller's own: whoever reads a site may mark it.
fn favorites() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/sites/{id}/favorite",
            "a site of 93",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/favorite", site_93(app).await)) }),
            on_site_93(&READERS_93, 204),
        ),
        Row::new(
            Method::POST,
            "/api/sites/{id}/favorite",
            "a site of 13",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/favorite", site_13(app).await)) }),
            on_site_13(&READERS_13, 204),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/favorite",
            "a site of 93",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/favorite", site_93(app).await)) }),
            // Removing answers "not in your favorites" (the state asked for) without looking
            // at the site: the same 204 for any id, so nothing leaks out of scope.
            signed_in(&[], 204),
        ),
        Row::new(
            Method::DELETE,
            "/api/sites/{id}/favorite",
            "a site of 13",
            |app| Box::pin(async move { without_body(format!("/api/sites/{}/favorite", site_13(app).await)) }),
            signed_in(&[], 204),
        ),
    ]
}
