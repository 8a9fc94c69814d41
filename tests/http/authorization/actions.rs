//! Rows of the authorization table (see `mod.rs`): actions (DOMAIN §10).
//!
//! Every row builds a fresh action for each caller, created by the national admin, so that a
//! write that consumes it (a deletion) meets it untouched. Actions are read like sites
//! (nationwide by national roles, local admins and State correspondents, in their département
//! by the others) and besides by every member of their pilot and operator organizations,
//! wherever those are; updated by admins and correspondents in their territory and by those
//! members. Out of reach an action does not exist (404); readable but not allowed is 403 (D6).
//! Their journal is read by the same callers and written by those who write journals in the
//! territory (`action_comment.create`) and by the members; a message is edited by its author
//! alone and removed by its author or, with a reason, by a moderator of the territory.

use actix_web::http::Method;
use serde_json::{json, Value};

use super::{signed_in, Request, Row, Who};
use crate::actions::fixtures::{action_93, create_action, user_id, valid_action};
use crate::support::{Persona, TestApp};

use Persona::*;

/// Those who cannot read an action of 93 piloted and operated from 93.
const OUTSIDE_93: [Persona; 2] = [Asso13, Observateur44];

/// Who updates an action of 93: admins and the State correspondent of 93, and the association
/// of 93 as its operator. The commune writes in its commune only; the intervener and the
/// national establishment never update actions.
const UPDATERS_93: [Persona; 4] = [NationalAdmin, LocalAdmin93, Prefecture93, Asso93];

/// Those in `outside` get 404 (the action does not exist for them), `allowed` get `success`,
/// the other personas 403.
fn on_action(allowed: &[Persona], success: u16, outside: &[Persona]) -> Vec<(Who, u16)> {
    let listed: Vec<(Persona, u16)> = Persona::ALL
        .iter()
        .map(|persona| {
            let status = if outside.contains(persona) {
                404
            } else if allowed.contains(persona) {
                success
            } else {
                403
            };
            (*persona, status)
        })
        .collect();
    signed_in(&listed, 403)
}

/// A fresh action of 93: piloted by the préfecture of 93, operated by the association of 93.
async fn action_of_93(app: &TestApp) -> i32 {
    create_action(app, NationalAdmin, action_93(app).await).await
}

/// A fresh action of 93 operated by the association of 13 alone.
async fn operated_from_13(app: &TestApp) -> i32 {
    let body = valid_action(user_id(app, Prefecture93).await, user_id(app, Asso13).await);
    create_action(app, NationalAdmin, body).await
}

/// An action of Bouches-du-Rhône (13), piloted by the national admin (whose DIHAL colleagues
/// read actions nationwide anyway) and operated by the association of 13.
async fn in_13(app: &TestApp) -> Value {
    let mut body = valid_action(user_id(app, NationalAdmin).await, user_id(app, Asso13).await);
    body["departement_code"] = json!("13");
    body
}

fn detail(id: i32) -> String {
    format!("/api/actions/{id}")
}

/// A request with neither body nor version (`Request::get` builds exactly that, whatever the
/// method of the row).
fn without_body(path: String) -> Request {
    Request::get(path)
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

pub fn rows() -> Vec<Row> {
    let mut rows = creating();
    rows.extend(reading());
    rows.extend(updating_and_deleting());
    rows.extend(indicators());
    rows.extend(finance_readers());
    rows.extend(journal_reading_and_posting());
    rows.extend(journal_editing_and_removing());
    rows
}

fn creating() -> Vec<Row> {
    vec![
        Row::new(
            Method::POST,
            "/api/actions",
            "an action of 93",
            |app| Box::pin(async move { Request::with("/api/actions", action_93(app).await) }),
            // Nothing exists yet, so nothing to hide: 403 for all but the creators of 93.
            signed_in(&[(NationalAdmin, 201), (LocalAdmin93, 201), (Prefecture93, 201)], 403),
        ),
        Row::new(
            Method::POST,
            "/api/actions",
            "an action of 13",
            |app| Box::pin(async move { Request::with("/api/actions", in_13(app).await) }),
            signed_in(&[(NationalAdmin, 201)], 403),
        ),
    ]
}

fn reading() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/actions",
            "the list",
            |_| Box::pin(async move { Request::get("/api/actions") }),
            // Narrowed to what the caller reads, never refused.
            signed_in(&[], 200),
        ),
        Row::new(
            Method::GET,
            "/api/actions/export",
            "the caller's scope, last year",
            |_| Box::pin(async { Request::get("/api/actions/export") }),
            // Narrowed to what the caller reads; `action.export` is refused to the intervener and
            // the external observer.
            signed_in(&[(Intervenant93, 403), (Observateur44, 403)], 200),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}",
            "an action of 93",
            |app| Box::pin(async move { Request::get(detail(action_of_93(app).await)) }),
            on_action(&Persona::ALL, 200, &OUTSIDE_93),
        ),
        // A past day is read from the versions, after the same check of the scope.
        Row::new(
            Method::GET,
            "/api/actions/{id}",
            "an action of 93, as of today",
            |app| {
                Box::pin(async move { Request::get(format!("{}?as_of={}", detail(action_of_93(app).await), today())) })
            },
            on_action(&Persona::ALL, 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}",
            "an action of 93 operated by the association of 13",
            |app| Box::pin(async move { Request::get(detail(operated_from_13(app).await)) }),
            // Operating it opens it to the association of 13, out of its département.
            on_action(&Persona::ALL, 200, &[Observateur44]),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}",
            "an action of 13",
            |app| {
                Box::pin(async move {
                    let id = create_action(app, NationalAdmin, in_13(app).await).await;
                    Request::get(detail(id))
                })
            },
            // The commune, operator and intervener of 93 read in 93 only; the observer in 44.
            on_action(&Persona::ALL, 200, &[Commune93, Asso93, Intervenant93, Observateur44]),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}/history",
            "an action of 93",
            |app| Box::pin(async move { Request::get(format!("{}/history", detail(action_of_93(app).await))) }),
            on_action(&Persona::ALL, 200, &OUTSIDE_93),
        ),
    ]
}

fn updating_and_deleting() -> Vec<Row> {
    vec![
        Row::new(
            Method::PATCH,
            "/api/actions/{id}",
            "an action of 93",
            |app| {
                Box::pin(async move {
                    Request::versioned(detail(action_of_93(app).await), json!({"goals": "Objectifs revus."}), 1)
                })
            },
            on_action(&UPDATERS_93, 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::PATCH,
            "/api/actions/{id}",
            "an action of 93 operated by the association of 13",
            |app| {
                Box::pin(async move {
                    Request::versioned(detail(operated_from_13(app).await), json!({"goals": "Objectifs revus."}), 1)
                })
            },
            // The association of 13 updates it as its operator; the one of 93, no longer
            // operator, only reads it.
            on_action(&[NationalAdmin, LocalAdmin93, Prefecture93, Asso13], 200, &[Observateur44]),
        ),
        Row::new(
            Method::DELETE,
            "/api/actions/{id}",
            "an action of 93",
            |app| Box::pin(async move { without_body(detail(action_of_93(app).await)) }),
            on_action(&[NationalAdmin], 204, &OUTSIDE_93),
        ),
    ]
}

/// The indicators of 2025, the first year of the actions of [`action_93`] and [`valid_action`].
fn indicators_of_2025(id: i32) -> Request {
    Request::versioned(format!("{}/indicators/2025", detail(id)), json!({"people": 24, "households": 6}), 1)
}

/// Indicators are entered by those who update the action.
fn indicators() -> Vec<Row> {
    vec![
        Row::new(
            Method::PUT,
            "/api/actions/{id}/indicators/{year}",
            "an action of 93",
            |app| Box::pin(async move { indicators_of_2025(action_of_93(app).await) }),
            on_action(&UPDATERS_93, 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::PUT,
            "/api/actions/{id}/indicators/{year}",
            "an action of 93 operated by the association of 13",
            |app| Box::pin(async move { indicators_of_2025(operated_from_13(app).await) }),
            // Its operator, from Marseille; the association of 93 only reads it.
            on_action(&[NationalAdmin, LocalAdmin93, Prefecture93, Asso13], 200, &[Observateur44]),
        ),
    ]
}

/// Those who cannot read an action of 13 piloted by the DIHAL and operated from 13.
const OUTSIDE_13: [Persona; 4] = [Commune93, Asso93, Intervenant93, Observateur44];

/// Who writes in the journal of an action of 93 piloted and operated from 93: admins, the
/// State correspondent, the operator and the intervener of 93. The commune writes in its
/// commune only; the national establishment only reads journals.
const JOURNAL_WRITERS_93: [Persona; 5] = [NationalAdmin, LocalAdmin93, Prefecture93, Asso93, Intervenant93];

fn comments(id: i32) -> String {
    format!("/api/actions/{id}/comments")
}

fn public_message() -> Value {
    json!({"body": "Point d'étape de l'accompagnement.", "visibility": "public"})
}

/// A public message of `author` on the action; returns its path.
async fn message_of(app: &TestApp, author: Persona, id: i32) -> String {
    let reply = app.post(&comments(id), author, public_message()).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    format!("{}/{}", comments(id), reply.json()["comment"]["id"])
}

/// A fresh action of 13 (see [`in_13`]).
async fn action_of_13(app: &TestApp) -> i32 {
    create_action(app, NationalAdmin, in_13(app).await).await
}

/// Sent by the author and by moderators alike: a moderator must give a reason, an author may.
fn moderation() -> Value {
    json!({"reason": "Données personnelles."})
}

fn journal_reading_and_posting() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/actions/{id}/comments",
            "an action of 93",
            |app| Box::pin(async move { Request::get(comments(action_of_93(app).await)) }),
            on_action(&Persona::ALL, 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}/comments",
            "an action of 93 operated by the association of 13",
            |app| Box::pin(async move { Request::get(comments(operated_from_13(app).await)) }),
            on_action(&Persona::ALL, 200, &[Observateur44]),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}/comments",
            "an action of 13",
            |app| Box::pin(async move { Request::get(comments(action_of_13(app).await)) }),
            on_action(&Persona::ALL, 200, &OUTSIDE_13),
        ),
        Row::new(
            Method::POST,
            "/api/actions/{id}/comments",
            "an action of 93",
            |app| Box::pin(async move { Request::with(comments(action_of_93(app).await), public_message()) }),
            on_action(&JOURNAL_WRITERS_93, 201, &OUTSIDE_93),
        ),
        Row::new(
            Method::POST,
            "/api/actions/{id}/comments",
            "an action of 93 operated by the association of 13",
            |app| Box::pin(async move { Request::with(comments(operated_from_13(app).await), public_message()) }),
            // The association of 13 writes as its operator.
            on_action(
                &[NationalAdmin, LocalAdmin93, Prefecture93, Asso93, Intervenant93, Asso13],
                201,
                &[Observateur44],
            ),
        ),
        Row::new(
            Method::POST,
            "/api/actions/{id}/comments",
            "an action of 13",
            |app| Box::pin(async move { Request::with(comments(action_of_13(app).await), public_message()) }),
            // The national persona writes as a colleague of the pilot (DIHAL); the admin and the
            // correspondent of 93 read the journal of 13 but do not write in it.
            on_action(&[NationalAdmin, National, Asso13], 201, &OUTSIDE_13),
        ),
        Row::new(
            Method::GET,
            "/api/actions/comments/export",
            "the caller's scope",
            |_| Box::pin(async { Request::get("/api/actions/comments/export") }),
            // Narrowed to what the caller reads; refused to the external observer alone.
            signed_in(&[(Observateur44, 403)], 200),
        ),
    ]
}

fn journal_editing_and_removing() -> Vec<Row> {
    vec![
        Row::new(
            Method::PATCH,
            "/api/actions/{id}/comments/{comment_id}",
            "a message of the association of 93 on an action of 93",
            |app| {
                Box::pin(async move {
                    let path = message_of(app, Asso93, action_of_93(app).await).await;
                    Request::with(path, json!({"body": "Point d'étape corrigé."}))
                })
            },
            // Not even the national admin edits someone else's words.
            on_action(&[Asso93], 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::PATCH,
            "/api/actions/{id}/comments/{comment_id}",
            "a message of the association of 13 on an action of 13",
            |app| {
                Box::pin(async move {
                    let path = message_of(app, Asso13, action_of_13(app).await).await;
                    Request::with(path, json!({"body": "Point d'étape corrigé."}))
                })
            },
            on_action(&[Asso13], 200, &OUTSIDE_13),
        ),
        Row::new(
            Method::DELETE,
            "/api/actions/{id}/comments/{comment_id}",
            "a message of the association of 93 on an action of 93, with a reason",
            |app| {
                Box::pin(
                    async move { Request::with(message_of(app, Asso93, action_of_93(app).await).await, moderation()) },
                )
            },
            // The author, and the moderators of 93 (`action_comment.moderate`).
            on_action(&[NationalAdmin, LocalAdmin93, Asso93], 204, &OUTSIDE_93),
        ),
        Row::new(
            Method::DELETE,
            "/api/actions/{id}/comments/{comment_id}",
            "a message of the association of 93 on an action of 93, without a reason",
            |app| Box::pin(async move { without_body(message_of(app, Asso93, action_of_93(app).await).await) }),
            signed_in(
                &[(NationalAdmin, 422), (LocalAdmin93, 422), (Asso93, 204), (Asso13, 404), (Observateur44, 404)],
                403,
            ),
        ),
        Row::new(
            Method::DELETE,
            "/api/actions/{id}/comments/{comment_id}",
            "a message of the association of 13 on an action of 13, with a reason",
            |app| {
                Box::pin(
                    async move { Request::with(message_of(app, Asso13, action_of_13(app).await).await, moderation()) },
                )
            },
            // The admin of 93 reads the journal of 13 but moderates in 93 only: 403, not 404.
            on_action(&[NationalAdmin, Asso13], 204, &OUTSIDE_13),
        ),
    ]
}

/// Who asks the creation form's question "who will read the finances": those who create
/// actions somewhere (the commune in its commune); the département is checked after.
const CREATORS_SOMEWHERE: [(Persona, u16); 4] =
    [(NationalAdmin, 200), (LocalAdmin93, 200), (Prefecture93, 200), (Commune93, 200)];

fn finance_readers() -> Vec<Row> {
    vec![
        Row::new(
            Method::GET,
            "/api/actions/{id}/finance-readers",
            "an action of 93",
            |app| Box::pin(async move { Request::get(format!("{}/finance-readers", detail(action_of_93(app).await))) }),
            // Asked before saving: by those who update the action.
            on_action(&UPDATERS_93, 200, &OUTSIDE_93),
        ),
        Row::new(
            Method::GET,
            "/api/actions/{id}/finance-readers",
            "an action of 93 operated by the association of 13",
            |app| {
                Box::pin(
                    async move { Request::get(format!("{}/finance-readers", detail(operated_from_13(app).await))) },
                )
            },
            on_action(&[NationalAdmin, LocalAdmin93, Prefecture93, Asso13], 200, &[Observateur44]),
        ),
        Row::new(
            Method::GET,
            "/api/actions/finance-readers",
            "a new action of 93 piloted by the préfecture of 93",
            |app| {
                Box::pin(async move {
                    let pilot = user_id(app, Prefecture93).await;
                    Request::get(format!("/api/actions/finance-readers?departement_code=93&pilots={pilot}"))
                })
            },
            signed_in(&CREATORS_SOMEWHERE, 403),
        ),
        Row::new(
            Method::GET,
            "/api/actions/finance-readers",
            "a new action in an unknown département",
            |_| Box::pin(async { Request::get("/api/actions/finance-readers?departement_code=00") }),
            // The right first: only those who may ask learn that the département is unknown.
            signed_in(&CREATORS_SOMEWHERE.map(|(persona, _)| (persona, 422)), 403),
        ),
    ]
}
