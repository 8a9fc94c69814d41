//! The journal of an action (DOMAIN §10.5): who reads and writes it, who sees a targeted
//! message, edits and moderation, the e-mails to the action's observers, and the CSV export.

use std::collections::BTreeSet;

use actix_web::http::Method;
use serde_json::{json, Value};

use super::fixtures::{action_93, create_action, user_id, valid_action};
use crate::support::{Caller, Persona, TestApp};

use Persona::*;

fn journal(action: i32) -> String {
    format!("/api/actions/{action}/comments")
}

/// Posts a message that must be accepted; returns `{comment, notified}`.
async fn post(app: &TestApp, author: Persona, action: i32, message: Value) -> Value {
    let reply = app.post(&journal(action), author, message).await;
    assert_eq!(reply.status, 201, "{author:?}: {}", reply.text());
    reply.json()
}

async fn post_public(app: &TestApp, author: Persona, action: i32, body: &str) -> Value {
    post(app, author, action, json!({"body": body, "visibility": "public"})).await
}

/// Does `persona` read `text` in the journal of `action`?
async fn sees(app: &TestApp, persona: Persona, action: i32, text: &str) -> bool {
    let reply = app.get(&journal(action), persona).await;
    assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
    reply.text().contains(text)
}

/// The addresses told of the new message that contains `marker`.
fn mailed(app: &TestApp, marker: &str) -> BTreeSet<String> {
    app.mail
        .all()
        .into_iter()
        .filter(|mail| mail.subject.starts_with("Nouveau message sur l'action") && mail.body.contains(marker))
        .flat_map(|mail| mail.to)
        .collect()
}

fn addresses(personas: &[Persona]) -> BTreeSet<String> {
    personas.iter().map(|persona| persona.email().to_owned()).collect()
}

async fn organization_of(app: &TestApp, persona: Persona) -> i64 {
    app.get("/api/me", persona).await.json()["organization"]["id"].as_i64().unwrap()
}

/// The usual action of 93 (pilot: the préfecture of 93; operator: the association of 93), in
/// housing: it lies in no commune.
async fn action_of_93(app: &TestApp) -> i32 {
    create_action(app, NationalAdmin, action_93(app).await).await
}

/// An action of 13 piloted by the national admin — so by the DIHAL, the national persona's
/// organization too — and operated by the association of 13.
async fn action_of_13(app: &TestApp) -> i32 {
    let mut body = valid_action(user_id(app, NationalAdmin).await, user_id(app, Asso13).await);
    body["departement_code"] = json!("13");
    create_action(app, NationalAdmin, body).await
}

/// (persona, status of the list, status of a post).
async fn assert_read_and_write(app: &TestApp, action: i32, cases: &[(Persona, u16, u16)]) {
    let message = json!({"body": "Point d'étape de l'accompagnement.", "visibility": "public"});
    let mut mismatches = Vec::new();
    for (persona, read, write) in cases {
        let listed = app.get(&journal(action), *persona).await.status;
        let posted = app.post(&journal(action), *persona, message.clone()).await.status;
        if (listed, posted) != (*read, *write) {
            mismatches.push(format!("{persona:?}: expected {read}/{write}, got {listed}/{posted}"));
        }
    }
    assert!(mismatches.is_empty(), "read/write of the journal of action {action}:\n{}", mismatches.join("\n"));
}

#[actix_web::test]
async fn who_may_read_and_write_the_journal_of_a_93_action() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    // The commune reads the département but writes in Montreuil only, and an action lies in
    // its département; the national establishment reads journals, never writes in them.
    let cases = [
        (NationalAdmin, 200, 201),
        (LocalAdmin93, 200, 201),
        (Prefecture93, 200, 201),
        (Commune93, 200, 403),
        (Asso93, 200, 201),
        (Intervenant93, 200, 201),
        (National, 200, 403),
        (Asso13, 404, 404),
        (Observateur44, 404, 404),
    ];
    assert_read_and_write(&app, id, &cases).await;
    assert_eq!(app.get(&journal(id), Caller::Anonymous).await.status, 401);
    assert_eq!(app.get(&journal(987_654), NationalAdmin).await.status, 404);
    post_public(&app, Asso93, id, "Le plus récent").await;
    let comments = app.get(&journal(id), Commune93).await.json();
    assert_eq!(comments.as_array().unwrap().len(), 5 + 1, "{comments}");
    assert_eq!(comments[0]["body"], "Le plus récent", "newest first");
    assert_eq!(comments[0]["author"]["id"], user_id(&app, Asso93).await);
    assert_eq!(comments[0]["can_edit"], false);
}

#[actix_web::test]
async fn who_may_read_and_write_the_journal_of_a_13_action_operated_by_the_association_of_13() {
    let app = TestApp::spawn().await;
    let id = action_of_13(&app).await;
    // The admin and the correspondent of 93 read every journal but write in 93 only; the
    // national persona writes here as a colleague of the pilot (DIHAL).
    let cases = [
        (NationalAdmin, 200, 201),
        (LocalAdmin93, 200, 403),
        (Prefecture93, 200, 403),
        (Commune93, 404, 404),
        (Asso93, 404, 404),
        (Asso13, 200, 201),
        (Intervenant93, 404, 404),
        (National, 200, 201),
        (Observateur44, 404, 404),
    ];
    assert_read_and_write(&app, id, &cases).await;
}

#[actix_web::test]
async fn members_of_pilot_and_operator_organizations_write_whatever_their_territorial_rights() {
    let app = TestApp::spawn().await;
    // A 93 action piloted by the commune and operated by the association of 13; a 44 action
    // piloted by the external observer.
    let body = valid_action(user_id(&app, Commune93).await, user_id(&app, Asso13).await);
    let in_93 = create_action(&app, NationalAdmin, body).await;
    let mut body = valid_action(user_id(&app, Observateur44).await, user_id(&app, Asso93).await);
    body["departement_code"] = json!("44");
    let in_44 = create_action(&app, NationalAdmin, body).await;
    assert_read_and_write(&app, in_93, &[(Commune93, 200, 201), (Asso13, 200, 201), (Observateur44, 404, 404)]).await;
    assert_read_and_write(&app, in_44, &[(Observateur44, 200, 201), (Asso93, 200, 201), (Commune93, 404, 404)]).await;
}

#[actix_web::test]
async fn a_message_for_one_organization_is_seen_only_by_its_members_and_its_author() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let asso93 = organization_of(&app, Asso93).await;
    let message =
        json!({"body": "Confidentiel pour l'opérateur.", "visibility": "custom", "organization_ids": [asso93]});
    let posted = post(&app, Prefecture93, id, message).await;
    assert_eq!(posted["comment"]["target_organizations"][0]["name"], "Association Solidarité Terrain 93");
    assert!(sees(&app, Asso93, id, "Confidentiel").await, "the targeted organization");
    assert!(sees(&app, Prefecture93, id, "Confidentiel").await, "the author");
    for persona in [Commune93, LocalAdmin93, Intervenant93, National, NationalAdmin] {
        assert!(!sees(&app, persona, id, "Confidentiel").await, "{persona:?} is not targeted");
    }
    assert_eq!(posted["notified"], 1);
    assert_eq!(mailed(&app, "Confidentiel"), addresses(&[Asso93]), "only the targeted reader is told");
    // A message one may not read does not exist for them, even to edit it.
    let one = format!("{}/{}", journal(id), posted["comment"]["id"]);
    assert_eq!(app.patch(&one, Commune93, json!({"body": "Lu quand même"})).await.status, 404);
    let to_one = json!({"body": "Pour l'infirmière seulement.", "visibility": "custom",
        "user_ids": [user_id(&app, Intervenant93).await]});
    post(&app, Prefecture93, id, to_one).await;
    assert!(sees(&app, Intervenant93, id, "l'infirmière").await, "the targeted user");
    assert!(!sees(&app, Asso93, id, "l'infirmière").await);
}

#[actix_web::test]
async fn a_message_for_the_prefecture_and_ddets_is_seen_by_the_prefecture_of_93() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let message = json!({"body": "Pour la préfecture : budget épuisé.", "visibility": "pref_et_ddets"});
    let posted = post(&app, Asso93, id, message).await;
    let mut targets: Vec<&str> = posted["comment"]["target_organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|organization| organization["name"].as_str().unwrap())
        .collect();
    targets.sort_unstable();
    assert_eq!(targets, ["DDETS de la Seine-Saint-Denis", "Préfecture de la Seine-Saint-Denis"]);
    for persona in [Prefecture93, LocalAdmin93, Asso93] {
        assert!(sees(&app, persona, id, "budget épuisé").await, "{persona:?}");
    }
    for persona in [Commune93, Intervenant93, NationalAdmin] {
        assert!(!sees(&app, persona, id, "budget épuisé").await, "{persona:?}");
    }
    assert_eq!(mailed(&app, "budget épuisé"), addresses(&[LocalAdmin93, Prefecture93]));
    assert_eq!(posted["notified"], 2);
}

#[actix_web::test]
async fn targeted_visibility_and_the_body_are_checked() {
    let app = TestApp::spawn().await;
    let path = journal(action_of_93(&app).await);
    let nobody = app.post(&path, Asso93, json!({"body": "x", "visibility": "custom"})).await;
    assert_eq!(nobody.error_fields(), vec!["organization_ids"]);
    let unknown = app.post(&path, Asso93, json!({"body": "x", "visibility": "custom", "user_ids": [99_999]})).await;
    assert_eq!(unknown.error_fields(), vec!["user_ids"]);
    for body in ["", "   "] {
        let blank = app.post(&path, Asso93, json!({"body": body, "visibility": "public"})).await;
        assert_eq!((blank.status, blank.error_fields()), (422, vec!["body".to_owned()]), "{body:?}");
    }
    assert!(app.get(&path, Asso93).await.json().as_array().unwrap().is_empty(), "nothing was stored");
}

#[actix_web::test]
async fn only_the_author_edits_a_message() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let posted = post_public(&app, Asso93, id, "Premier jet").await;
    assert_eq!(posted["comment"]["can_edit"], true);
    let one = format!("{}/{}", journal(id), posted["comment"]["id"]);
    for persona in [Prefecture93, NationalAdmin, LocalAdmin93] {
        let refused = app.patch(&one, persona, json!({"body": "Réécrit"})).await;
        assert_eq!((refused.status, refused.json()["code"].clone()), (403, json!("not_author")), "{persona:?}");
    }
    assert_eq!(app.patch(&one, Asso13, json!({"body": "Réécrit"})).await.status, 404);
    assert_eq!(app.patch(&one, Asso93, json!({"body": "  "})).await.error_fields(), vec!["body"]);
    let edited = app.patch(&one, Asso93, json!({"body": "Version corrigée"})).await;
    assert_eq!(edited.status, 200, "{}", edited.text());
    assert_eq!(edited.json()["body"], "Version corrigée");
    assert!(edited.json()["edited_at"].is_string());
    assert!(sees(&app, Commune93, id, "Version corrigée").await && !sees(&app, Commune93, id, "Premier jet").await);
    // A message is reached through its own action only.
    let other = action_of_93(&app).await;
    let elsewhere = format!("{}/{}", journal(other), posted["comment"]["id"]);
    assert_eq!(app.patch(&elsewhere, Asso93, json!({"body": "Ailleurs"})).await.status, 404);
}

#[actix_web::test]
async fn authors_remove_their_messages_and_moderators_need_a_reason_sent_to_the_author() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let posted = post_public(&app, Asso93, id, "Propos à retirer").await;
    let one = format!("{}/{}", journal(id), posted["comment"]["id"]);
    let listed = |persona| {
        let app = &app;
        async move { app.get(&journal(id), persona).await.json()[0]["can_moderate"].clone() }
    };
    assert_eq!((listed(LocalAdmin93).await, listed(Prefecture93).await), (json!(true), json!(false)));
    let reason = json!({"reason": "Données personnelles."});
    for persona in [Prefecture93, Commune93, Intervenant93, National] {
        let refused = app.call(Method::DELETE, &one, persona, Some(reason.clone())).await;
        assert_eq!(refused.status, 403, "{persona:?} does not moderate: {}", refused.text());
    }
    assert_eq!(app.call(Method::DELETE, &one, LocalAdmin93, None).await.error_fields(), vec!["reason"]);
    let too_short = app.call(Method::DELETE, &one, LocalAdmin93, Some(json!({"reason": " x "}))).await;
    assert_eq!(too_short.error_fields(), vec!["reason"]);
    assert!(sees(&app, Asso93, id, "Propos à retirer").await, "a refused removal removes nothing");
    assert_eq!(app.call(Method::DELETE, &one, LocalAdmin93, Some(reason.clone())).await.status, 204);
    let told = app.mail.to(Asso93.email());
    let moderated =
        told.iter().find(|mail| mail.subject == "Votre message a été supprimé").expect("the author is told");
    assert!(moderated.body.contains("Données personnelles.") && moderated.body.contains("Accompagnement santé"));
    assert!(!sees(&app, Asso93, id, "Propos à retirer").await, "removed messages never show");
    assert_eq!(app.call(Method::DELETE, &one, LocalAdmin93, Some(reason.clone())).await.status, 404);
    // The author needs no reason, and nobody is told.
    let own = post_public(&app, Intervenant93, id, "Doublon").await;
    let own = format!("{}/{}", journal(id), own["comment"]["id"]);
    assert_eq!(app.call(Method::DELETE, &own, Intervenant93, None).await.status, 204);
    assert!(!sees(&app, Intervenant93, id, "Doublon").await);
    assert!(app.mail.to(Intervenant93.email()).iter().all(|mail| mail.subject != "Votre message a été supprimé"));
}

#[actix_web::test]
async fn the_national_admin_moderates_everywhere_and_the_local_admin_in_its_departement_only() {
    let app = TestApp::spawn().await;
    let id = action_of_13(&app).await;
    let reason = json!({"reason": "Hors sujet."});
    let first = post_public(&app, Asso13, id, "Premier message").await;
    let first = format!("{}/{}", journal(id), first["comment"]["id"]);
    assert_eq!(app.call(Method::DELETE, &first, LocalAdmin93, Some(reason.clone())).await.status, 403);
    assert_eq!(app.call(Method::DELETE, &first, NationalAdmin, Some(reason)).await.status, 204);
    assert!(app.mail.to(Asso13.email()).iter().any(|mail| mail.body.contains("Hors sujet.")));
}

#[actix_web::test]
async fn observers_of_an_action_are_told_by_email_but_not_its_author_nor_national_users() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let posted = post_public(&app, Prefecture93, id, "Réunion de suivi jeudi.").await;
    // Its operator, the préfecture's other member (pilot), and the intervener of 93 (its area
    // is the département). The commune's area is Montreuil, where this action is not; DIHAL
    // users follow the country through the feed.
    let observers = addresses(&[Asso93, LocalAdmin93, Intervenant93]);
    assert_eq!(mailed(&app, "Réunion de suivi"), observers);
    assert_eq!(posted["notified"], 3);
    let mail = &app.mail.to(Asso93.email())[0];
    assert_eq!(mail.subject, "Nouveau message sur l'action Accompagnement santé des familles");
    assert!(mail.link(&format!("http://resorption.test/action/{id}#journal")).is_some(), "{}", mail.body);
}

#[actix_web::test]
async fn the_commune_is_told_of_an_action_whose_eti_is_in_the_commune() {
    let app = TestApp::spawn().await;
    let mut body = action_93(&app).await;
    body["location_type"] = json!("eti");
    body["eti"] = json!({"address": "12 rue de Paris", "city_code": "93048", "latitude": 48.8611, "longitude": 2.4437});
    let id = create_action(&app, NationalAdmin, body).await;
    let posted = post_public(&app, Prefecture93, id, "Visite de l'ETI.").await;
    assert_eq!(mailed(&app, "Visite de l'ETI"), addresses(&[Asso93, LocalAdmin93, Intervenant93, Commune93]));
    assert_eq!(posted["notified"], 4);
}

#[actix_web::test]
async fn national_users_are_told_as_members_of_a_pilot_organization() {
    let app = TestApp::spawn().await;
    let id = action_of_13(&app).await;
    let posted = post_public(&app, Asso13, id, "Relogement confirmé.").await;
    assert_eq!(mailed(&app, "Relogement confirmé"), addresses(&[NationalAdmin, National]));
    assert_eq!(posted["notified"], 2);
}

#[actix_web::test]
async fn an_observer_who_unsubscribed_is_not_told() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    let me = app.get("/api/me", Intervenant93).await.json();
    let kept: Vec<&Value> =
        me["email_subscriptions"].as_array().unwrap().iter().filter(|s| *s != "action_comment_notification").collect();
    let unsubscribed = app.patch("/api/me", Intervenant93, json!({"email_subscriptions": kept})).await;
    assert_eq!(unsubscribed.status, 200, "{}", unsubscribed.text());
    let posted = post_public(&app, Prefecture93, id, "Réunion de suivi jeudi.").await;
    assert_eq!(mailed(&app, "Réunion de suivi"), addresses(&[Asso93, LocalAdmin93]));
    assert_eq!(posted["notified"], 2);
}

#[actix_web::test]
async fn the_journal_export_is_csv_of_the_messages_the_caller_may_read() {
    let app = TestApp::spawn().await;
    let id = action_of_93(&app).await;
    post_public(&app, Prefecture93, id, "Message public du journal").await;
    let asso93 = organization_of(&app, Asso93).await;
    let targeted = json!({"body": "Message ciblé du journal", "visibility": "custom", "organization_ids": [asso93]});
    post(&app, Prefecture93, id, targeted).await;
    let removed = post_public(&app, Prefecture93, id, "Message retiré du journal").await;
    let removed = format!("{}/{}", journal(id), removed["comment"]["id"]);
    assert_eq!(app.call(Method::DELETE, &removed, Prefecture93, None).await.status, 204);
    let export = |persona| {
        let app = &app;
        async move {
            let reply = app.get("/api/actions/comments/export", persona).await;
            assert_eq!(reply.status, 200, "{persona:?}: {}", reply.text());
            assert!(reply.header("content-type").unwrap().starts_with("text/csv"));
            reply.text()
        }
    };
    let commune = export(Commune93).await;
    assert!(commune.starts_with('\u{feff}'), "a BOM for spreadsheets");
    assert!(commune.contains("Action,Nom de l'action,Département,Date,Auteur,Structure,Visibilité,Message"));
    assert!(commune.contains("Message public du journal") && commune.contains("Julien Lefèvre"));
    assert!(!commune.contains("Message ciblé"), "a message for another organization");
    assert_eq!(commune.lines().count(), 1 + 1, "{commune}");
    let operator = export(Asso93).await;
    assert!(operator.contains("Message public") && operator.contains("Message ciblé"), "{operator}");
    assert!(!operator.contains("Message retiré"), "removed messages never show");
    assert_eq!(export(Asso13).await.lines().count(), 1, "the association of 13 exports 13 only");
    assert_eq!(app.get("/api/actions/comments/export", Observateur44).await.status, 403);
}

#[actix_web::test]
async fn the_export_follows_membership_out_of_the_territory_and_forgets_deleted_actions() {
    let app = TestApp::spawn().await;
    let body = valid_action(user_id(&app, Prefecture93).await, user_id(&app, Asso13).await);
    let id = create_action(&app, NationalAdmin, body).await;
    post_public(&app, Prefecture93, id, "Message pour l'opérateur de 13").await;
    let exported = |persona| {
        let app = &app;
        async move { app.get("/api/actions/comments/export", persona).await.text() }
    };
    assert!(exported(Asso13).await.contains("Message pour l'opérateur de 13"), "its operator, from 13");
    assert_eq!(app.call(Method::DELETE, &format!("/api/actions/{id}"), NationalAdmin, None).await.status, 204);
    assert_eq!(exported(NationalAdmin).await.lines().count(), 1, "the journal went with the action");
}
