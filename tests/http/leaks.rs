//! Issue 30, suite 2: leak scans. A distinct marker is planted in every restricted field of a
//! site of Seine-Saint-Denis (the free-text justice fields, the owners), in the national admins'
//! notes on a user, and in a journal message of each audience; then everything each of the nine
//! personas can receive — every read route, the spreadsheets unzipped, the journal's CSV, the
//! activity feed, histories, the answers to their own writes, refused requests and every e-mail
//! addressed to them — is scanned for every marker. A marker must reach the personas allowed to
//! read it (somewhere: the scan is proven able to find it) and nobody else (anywhere); every leak
//! is reported at once, as (persona, marker, output).
//!
//! A new restricted field is one row of [`RESTRICTED`] (its marker, how to plant it, who may read
//! it); a new output is one entry of [`OUTPUTS`].

use std::io::{Cursor, Read};

use actix_web::http::Method;
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use contract::sites::codes::ExportOption;
use contract::Labelled;
use serde_json::{json, Value};

use crate::sites::{montreuil_body, patch_site};
use crate::support::{Persona, TestApp};

use Persona::{
    Asso13, Asso93, Commune93, Intervenant93, LocalAdmin93, National, NationalAdmin, Observateur44, Prefecture93,
};

/// Who reads the justice block of a site of 93 (`SiteJustice.access`: national for admins, the
/// national establishment and correspondents; by option only for the others, none here).
const JUSTICE_READERS: &[Persona] = &[NationalAdmin, LocalAdmin93, Prefecture93, National];
/// Who reads its owners (`SiteOwner.access`: national admins, and in their territory local
/// admins, correspondents and partners).
const OWNER_READERS: &[Persona] = &[NationalAdmin, LocalAdmin93, Prefecture93, Commune93];
/// Who reads its journal (`SiteComment.list`): a public message reaches all of them.
const JOURNAL_READERS: &[Persona] =
    &[NationalAdmin, LocalAdmin93, Prefecture93, Commune93, Asso93, Intervenant93, National];
/// Who reads the national admins' notes on a user (`UserAdminComments.read`).
const NOTE_READERS: &[Persona] = &[NationalAdmin];

/// The persona who declares and updates the site.
const DECLARER: Persona = Prefecture93;
/// The user the national admins write notes about.
const NOTED: Persona = Asso93;
/// The site's name, unique among the demo sites: the lists searched with `q=` find it alone.
const SITE_NAME: &str = "Les Sentinelles";

/// Who a journal message is for.
#[derive(Debug, Clone, Copy)]
enum Audience {
    Public,
    /// `pref_et_ddets`: the préfecture and the DDETS of the site's département.
    PrefectureAndDdets,
    /// `custom`, for the organization of a persona.
    OrganizationOf(Persona),
    /// `custom`, for one persona.
    User(Persona),
}

/// How a marker is planted.
#[derive(Debug, Clone, Copy)]
enum Plant {
    /// At this JSON pointer of the site's declaration; the update replaces it, so it lives on
    /// only in the history, as the value before.
    Declared(&'static str),
    /// At this JSON pointer of the site's update (a merge patch): the current value, and the
    /// value after in the history.
    Updated(&'static str),
    /// The national admins' notes on [`NOTED`], written by a national admin; each such row
    /// overwrites the previous one.
    AdminNote,
    /// A journal message on the site, kept, or then edited or removed by its author.
    Message { author: Persona, audience: Audience, then: Then },
}

/// What the author of a message does once it is posted.
#[derive(Debug, Clone, Copy)]
enum Then {
    Kept,
    /// Edited to a text without the marker: the first text is shown again to nobody.
    Edited,
    /// Removed: shown again to nobody.
    Removed,
}

/// A restricted field: the marker planted in it, how, and the personas allowed to read it.
struct Restricted {
    marker: &'static str,
    plant: Plant,
    readers: &'static [Persona],
}

const fn row(marker: &'static str, plant: Plant, readers: &'static [Persona]) -> Restricted {
    Restricted { marker, plant, readers }
}

const fn message(author: Persona, audience: Audience) -> Plant {
    Plant::Message { author, audience, then: Then::Kept }
}

const fn message_then(author: Persona, audience: Audience, then: Then) -> Plant {
    Plant::Message { author, audience, then }
}

use Audience::{OrganizationOf, PrefectureAndDdets, Public, User};
use Plant::{AdminNote, Declared, Updated};

/// Every restricted field scanned. A message's readers are its author, and those who read the
/// journal of the site and are its audience (DOMAIN §9.3). The edited and removed messages are
/// for the DIHAL, whose members (national) are told by the activity feed, not by e-mail: once
/// edited or removed, only their author has ever seen them (in the answer to posting them),
/// while a third one, kept, shows that the national personas would find them.
#[rustfmt::skip]
const RESTRICTED: &[Restricted] = &[
    row("FUITE-JUSTICE-RENDERED-BY-V1-7f3a", Declared("/justice/justice_rendered_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-RENDERED-BY-V2-c2e1", Updated("/justice/justice_rendered_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-BAILIFF-V1-0b9d", Declared("/justice/bailiff"), JUSTICE_READERS),
    row("FUITE-JUSTICE-BAILIFF-V2-5a7c", Updated("/justice/bailiff"), JUSTICE_READERS),
    row("FUITE-JUSTICE-ORDER-BY-V1-e48f", Declared("/justice/administrative_order_decision_rendered_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-ORDER-BY-V2-9d02", Updated("/justice/administrative_order_decision_rendered_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-RHI-TYPE-V1-31c6", Declared("/justice/insalubrity_order_type"), JUSTICE_READERS),
    row("FUITE-JUSTICE-RHI-TYPE-V2-a6b4", Updated("/justice/insalubrity_order_type"), JUSTICE_READERS),
    row("FUITE-JUSTICE-RHI-BY-V1-d870", Declared("/justice/insalubrity_order_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-RHI-BY-V2-4e1b", Updated("/justice/insalubrity_order_by"), JUSTICE_READERS),
    row("FUITE-JUSTICE-PARCELS-V1-b35e", Declared("/justice/insalubrity_parcels"), JUSTICE_READERS),
    row("FUITE-JUSTICE-PARCELS-V2-60fa", Updated("/justice/insalubrity_parcels"), JUSTICE_READERS),
    row("FUITE-OWNER-NAME-V1-8c4d", Declared("/owners/0/name"), OWNER_READERS),
    row("FUITE-OWNER-NAME-V2-f197", Updated("/owners/0/name"), OWNER_READERS),
    row("FUITE-NOTE-OVERWRITTEN-2d6a", AdminNote, NOTE_READERS),
    row("FUITE-NOTE-CURRENT-7b3e", AdminNote, NOTE_READERS),
    row("FUITE-MESSAGE-PUBLIC-c5a0", message(Asso93, Public), JOURNAL_READERS),
    row("FUITE-MESSAGE-PREF-DDETS-1e8b", message(Intervenant93, PrefectureAndDdets), &[Intervenant93, LocalAdmin93, Prefecture93]),
    row("FUITE-MESSAGE-ORG-COMMUNE-94d7", message(Asso93, OrganizationOf(Commune93)), &[Asso93, Commune93]),
    row("FUITE-MESSAGE-ORG-OUTSIDE-6f21", message(NationalAdmin, OrganizationOf(Observateur44)), &[NationalAdmin]),
    row("FUITE-MESSAGE-USER-INTERVENANT-3a9c", message(Prefecture93, User(Intervenant93)), &[Prefecture93, Intervenant93]),
    row("FUITE-MESSAGE-USER-NATIONAL-e07d", message(Commune93, User(National)), &[Commune93, National]),
    row("FUITE-MESSAGE-USER-OUTSIDE-b812", message(LocalAdmin93, User(Asso13)), &[LocalAdmin93]),
    row("FUITE-MESSAGE-ORG-DIHAL-52c8", message(Asso93, OrganizationOf(National)), &[Asso93, NationalAdmin, National]),
    row("FUITE-MESSAGE-EDITED-AWAY-0e6d", message_then(Asso93, OrganizationOf(National), Then::Edited), &[Asso93]),
    row("FUITE-MESSAGE-REMOVED-a4f9", message_then(Asso93, OrganizationOf(National), Then::Removed), &[Asso93]),
];

/// How an output is fetched. Paths may hold `{site}`, `{user}` (the noted user),
/// `{organization}` (the noted user's), `{today}` and `{options}` (every export option).
#[derive(Debug, Clone, Copy)]
enum Fetch {
    /// A GET; its headers and body as text (JSON, CSV, GeoJSON, a problem). The national admin
    /// must get 200: the path is right.
    Get(&'static str),
    /// A GET of a spreadsheet: every cell of every sheet, and every part of the file unzipped.
    Sheet(&'static str),
    /// A request that must not succeed for anyone: method, path, `If-Match` version, JSON body.
    Refused(&'static str, &'static str, Option<&'static str>, &'static str),
    /// A change that changes nothing (the value it has already): method, path, JSON body.
    Unchanged(&'static str, &'static str, &'static str),
    /// Every e-mail the mail catcher received for the persona.
    Mails,
}

use Fetch::{Get, Mails, Refused, Sheet, Unchanged};

/// Everything a persona can receive: every GET of `openapi.yaml` but the two that answer a
/// link's token (`/api/activation/{token}`, `/api/password-resets/{token}`: the token's holder,
/// not a persona), some with the filters that select the planted site; refused requests; the
/// e-mails.
#[rustfmt::skip]
const OUTPUTS: &[Fetch] = &[
    Get("/api/sites/{site}"),
    Get("/api/sites/{site}?as_of={today}"),
    Get("/api/sites/{site}/history"),
    Get("/api/sites/{site}/comments"),
    Get("/api/sites/{site}/actor-candidates?q=Popescu"),
    Get("/api/sites?limit=200"),
    Get("/api/sites?limit=200&q=Sentinelles"),
    Get("/api/sites?limit=200&as_of={today}"),
    Get("/api/sites?limit=200&location_type=departement&location_code=93"),
    Get("/api/sites?limit=200&justice=justice_procedure"),
    Get("/api/sites/map"),
    Get("/api/sites/map?q=Sentinelles&as_of={today}"),
    Get("/api/sites/nearby?latitude=48.859&longitude=2.442"),
    Get("/api/activities?limit=100"),
    Get("/api/activities?limit=100&kinds=site_update"),
    Get("/api/activities?limit=100&kinds=site_comment"),
    Get("/api/activities?limit=100&location_type=departement&location_code=93"),
    Sheet("/api/sites/export?options={options}"),
    Sheet("/api/sites/export?options={options}&as_of={today}"),
    Sheet("/api/sites/export?options={options}&q=Sentinelles"),
    Sheet("/api/sites/export?options={options}&location_type=departement&location_code=93"),
    Get("/api/sites/comments/export"),
    Get("/api/users"),
    Get("/api/users?q=Popescu"),
    Get("/api/users/{user}"),
    Get("/api/organizations/{organization}"),
    Get("/api/organizations"),
    Get("/api/directory"),
    Get("/api/me"),
    Get("/api/me/permissions"),
    Get("/api/organizations/search?q=Solidarite"),
    Get("/api/organization-categories"),
    Get("/api/territories/search?q=Montreuil"),
    Get("/api/territories/departement/93"),
    Get("/api/reference"),
    Get("/api/role-permissions"),
    // Stale versions (the site is at version 4): 412, or 403/404 to those who may not write.
    Refused("PATCH", "/api/sites/{site}", Some("1"), r#"{"population": {"total": 31}}"#),
    Refused("PATCH", "/api/sites/{site}", Some("1"), r#"{"justice": {"bailiff": "Étude Martin"}}"#),
    Refused("POST", "/api/sites/{site}/confirmation", Some("1"), "null"),
    Refused("POST", "/api/sites/{site}/comments", None, r#"{"body": "", "visibility": "public"}"#),
    Refused("GET", "/api/sites/{site}?as_of=2026-13-45", None, "null"),
    // The noted user's position in the demo seed: the admins' answer is the user's detail.
    Unchanged("PATCH", "/api/users/{user}", r#"{"position": "Travailleuse sociale"}"#),
    Mails,
];

/// What was planted, to fill the paths in.
struct Planted {
    site: i32,
    user: i32,
    organization: i32,
}

/// One answer a persona received.
struct Seen {
    persona: Persona,
    output: String,
    /// The HTTP status, or "mail".
    status: String,
    text: String,
}

impl Planted {
    fn fill(&self, path: &str) -> String {
        let options: Vec<&str> = ExportOption::ALL.iter().map(|option| option.code()).collect();
        path.replace("{site}", &self.site.to_string())
            .replace("{user}", &self.user.to_string())
            .replace("{organization}", &self.organization.to_string())
            .replace("{today}", &chrono::Utc::now().date_naive().to_string())
            .replace("{options}", &options.join(","))
    }
}

/// Sets the value at a JSON pointer, creating the objects on the way (array items must exist).
fn set(target: &mut Value, pointer: &str, value: Value) {
    let mut node = target;
    for token in pointer.trim_start_matches('/').split('/') {
        node = match node {
            Value::Array(items) => {
                let index: usize = token.parse().unwrap_or_else(|_| panic!("{pointer}: {token} is no index"));
                items.get_mut(index).unwrap_or_else(|| panic!("{pointer}: no item {index}"))
            }
            Value::Object(map) => map.entry(token.to_owned()).or_insert_with(|| json!({})),
            other => panic!("{pointer}: {other} has no {token}"),
        };
    }
    *node = value;
}

/// A declaration in Montreuil whose justice answers keep every free-text field (each is kept
/// only when the answer before it calls for it).
fn declaration() -> Value {
    let mut body = montreuil_body();
    body["name"] = json!(SITE_NAME);
    body["justice"] = json!({
        "owner_complaint": true,
        "justice_procedure": true,
        "justice_rendered": true,
        "justice_rendered_at": "2026-02-10",
        "justice_challenged": false,
        "police_status": "none",
        "evacuation_under_time_limit": true,
        "administrative_order_decision_at": "2026-02-12",
        "insalubrity_order": true,
        "insalubrity_order_displayed": false,
        "insalubrity_order_at": "2026-02-14"
    });
    body
}

async fn organization_of(app: &TestApp, persona: Persona) -> i32 {
    let email = persona.email().to_owned();
    app.state
        .db
        .read(move |conn| api::users::store::by_email(conn, &email))
        .await
        .expect("query")
        .expect("a demo user")
        .organization_id
}

/// Plants every marker through the API; the answers to these writes are outputs too.
async fn plant(app: &TestApp, seen: &mut Vec<Seen>) -> Planted {
    let mut record = |persona: Persona, output: &str, reply: &crate::support::Reply| {
        let text = answer_text(reply, false);
        seen.push(Seen { persona, output: output.to_owned(), status: reply.status.to_string(), text });
    };
    let mut declared = declaration();
    for restricted in RESTRICTED {
        if let Declared(pointer) = restricted.plant {
            set(&mut declared, pointer, json!(restricted.marker));
        }
    }
    let created = app.post("/api/sites", DECLARER, declared.clone()).await;
    assert_eq!(created.status, 201, "the declaration: {}", created.text());
    record(DECLARER, "the answer to its declaration (POST /api/sites)", &created);
    let site = created.json()["id"].as_i64().unwrap() as i32;

    // The update: a merge patch replacing every declared value, so that the declared ones sit in
    // the history only.
    let mut update = json!({"justice": {}, "owners": declared["owners"].clone()});
    for restricted in RESTRICTED {
        if let Updated(pointer) = restricted.plant {
            set(&mut update, pointer, json!(restricted.marker));
        }
    }
    let updated = patch_site(app, DECLARER, site, 1, update).await;
    assert_eq!(updated.status, 200, "the update: {}", updated.text());
    record(DECLARER, "the answer to its update (PATCH /api/sites/{id})", &updated);
    // Two writers who read neither justice nor (for the operator) owners: their answers are
    // scanned too, and their versions stand between the restricted change and now.
    for (version, writer) in [(2, Asso93), (3, Commune93)] {
        let reply = patch_site(app, writer, site, version, json!({"population": {"total": 30 + version}})).await;
        assert_eq!(reply.status, 200, "{writer:?} updates: {}", reply.text());
        record(writer, "the answer to its update (PATCH /api/sites/{id})", &reply);
    }

    let user = app.user_id(NOTED.email()).await;
    for restricted in RESTRICTED.iter().filter(|r| matches!(r.plant, AdminNote)) {
        let body = json!({"admin_comments": format!("Note des administrateurs : {}", restricted.marker)});
        let reply = app.patch(&format!("/api/users/{user}"), NationalAdmin, body).await;
        assert_eq!(reply.status, 200, "the admins' note: {}", reply.text());
        record(NationalAdmin, "the answer to its note (PATCH /api/users/{id})", &reply);
    }

    for restricted in RESTRICTED {
        let Plant::Message { author, audience, then } = restricted.plant else { continue };
        let text = format!("Message ({audience:?}) : {}", restricted.marker);
        let body = match audience {
            Public => json!({"body": text, "visibility": "public"}),
            PrefectureAndDdets => json!({"body": text, "visibility": "pref_et_ddets"}),
            OrganizationOf(persona) => {
                json!({"body": text, "visibility": "custom", "organization_ids": [organization_of(app, persona).await]})
            }
            User(persona) => {
                json!({"body": text, "visibility": "custom", "user_ids": [app.user_id(persona.email()).await]})
            }
        };
        let reply = app.post(&format!("/api/sites/{site}/comments"), author, body).await;
        assert_eq!(reply.status, 201, "{author:?} posts for {audience:?}: {}", reply.text());
        record(author, "the answer to its message (POST /api/sites/{id}/comments)", &reply);
        let path = format!("/api/sites/{site}/comments/{}", reply.json()["comment"]["id"]);
        match then {
            Then::Kept => {}
            Then::Edited => {
                let edited = app.patch(&path, author, json!({"body": "Message corrigé, sans marqueur."})).await;
                assert_eq!(edited.status, 200, "{author:?} edits: {}", edited.text());
                record(author, "the answer to its edit (PATCH /api/sites/{id}/comments/{id})", &edited);
            }
            Then::Removed => {
                let removed = app.call(Method::DELETE, &path, author, None).await;
                assert_eq!(removed.status, 204, "{author:?} removes: {}", removed.text());
            }
        }
    }
    Planted { site, user, organization: organization_of(app, NOTED).await }
}

fn u16_at(bytes: &[u8], at: usize) -> usize {
    u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
}

/// Every part of a zip file (an XLSX is one), inflated, by name — from its central directory.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let end = (0..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| bytes[at..at + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("the end of a zip's central directory");
    let mut at = u32_at(bytes, end + 16);
    let mut parts = Vec::new();
    for _ in 0..u16_at(bytes, end + 10) {
        assert_eq!(bytes[at..at + 4], [0x50, 0x4b, 0x01, 0x02], "a central directory entry");
        let (method, size) = (u16_at(bytes, at + 10), u32_at(bytes, at + 20));
        let (name_length, extra, comment) = (u16_at(bytes, at + 28), u16_at(bytes, at + 30), u16_at(bytes, at + 32));
        let local = u32_at(bytes, at + 42);
        let name = String::from_utf8_lossy(&bytes[at + 46..at + 46 + name_length]).into_owned();
        let start = local + 30 + u16_at(bytes, local + 26) + u16_at(bytes, local + 28);
        let raw = &bytes[start..start + size];
        let content = match method {
            0 => raw.to_vec(),
            8 => {
                let mut inflated = Vec::new();
                flate2::read::DeflateDecoder::new(raw).read_to_end(&mut inflated).expect("a deflated part");
                inflated
            }
            other => panic!("{name}: zip method {other}"),
        };
        parts.push((name, content));
        at += 46 + name_length + extra + comment;
    }
    parts
}

/// A spreadsheet as text: every cell of every sheet, then every part of the file unzipped.
fn spreadsheet_text(bytes: &[u8]) -> String {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a valid xlsx");
    let mut text = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("a sheet");
        text.push(format!("[{name}]"));
        text.extend(range.rows().map(|row| row.iter().map(ToString::to_string).collect::<Vec<_>>().join("|")));
    }
    for (name, content) in unzip(bytes) {
        text.push(format!("[{name}]"));
        text.push(String::from_utf8_lossy(&content).into_owned());
    }
    text.join("\n")
}

/// An answer as text: its headers, then its body (inflated if it came gzipped; a spreadsheet
/// read whole when `spreadsheet` and it is one).
fn answer_text(reply: &crate::support::Reply, spreadsheet: bool) -> String {
    let mut headers: Vec<String> = reply.headers.iter().map(|(name, value)| format!("{name}: {value}")).collect();
    headers.sort();
    let body = if spreadsheet && reply.status == 200 {
        spreadsheet_text(&reply.body)
    } else if reply.header("content-encoding") == Some("gzip") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(reply.body.as_slice()).read_to_string(&mut text).expect("a gzipped body");
        text
    } else {
        reply.text()
    };
    format!("{}\n\n{body}", headers.join("\n"))
}

/// What one persona receives from one output; a path that answers nothing to the national admin,
/// or a refused request that succeeds, is reported in `broken`.
async fn receive(
    app: &TestApp,
    persona: Persona,
    fetch: Fetch,
    planted: &Planted,
    broken: &mut Vec<String>,
) -> Vec<Seen> {
    let seen = |output: String, status: String, text: String| Seen { persona, output, status, text };
    match fetch {
        Get(path) | Sheet(path) => {
            let path = planted.fill(path);
            let reply = app.get(&path, persona).await;
            if persona == NationalAdmin && reply.status != 200 {
                broken.push(format!("GET {path}: {} to the national admin: {}", reply.status, reply.text()));
            }
            let text = answer_text(&reply, matches!(fetch, Sheet(_)));
            vec![seen(format!("GET {path}"), reply.status.to_string(), text)]
        }
        Refused(method, path, _, body) | Unchanged(method, path, body) => {
            let version = match fetch {
                Refused(_, _, version, _) => version,
                _ => None,
            };
            let path = planted.fill(path);
            let body: Value = serde_json::from_str(body).expect("a JSON body");
            let if_match = version.map(|v| format!("\"{v}\""));
            let headers: Vec<(&str, &str)> = if_match.iter().map(|v| ("If-Match", v.as_str())).collect();
            let method = Method::from_bytes(method.as_bytes()).expect("a method");
            let body = (!body.is_null()).then_some(body);
            let reply = app.call_with_headers(method.clone(), &path, persona, body, &headers).await;
            if matches!(fetch, Refused(..)) && (200..300).contains(&reply.status) {
                broken.push(format!("{method} {path}: {} to {persona:?}, expected a refusal", reply.status));
            }
            vec![seen(format!("{method} {path}"), reply.status.to_string(), answer_text(&reply, false))]
        }
        Mails => app
            .mail
            .to(persona.email())
            .into_iter()
            .map(|mail| {
                seen(
                    format!("the e-mail « {} »", mail.subject),
                    "mail".into(),
                    format!("{}\n{}", mail.subject, mail.body),
                )
            })
            .collect(),
    }
}

#[actix_web::test]
async fn no_restricted_marker_reaches_a_persona_not_allowed_to_read_it() {
    for (index, restricted) in RESTRICTED.iter().enumerate() {
        for other in &RESTRICTED[index + 1..] {
            assert!(
                !restricted.marker.contains(other.marker) && !other.marker.contains(restricted.marker),
                "{} and {} overlap",
                restricted.marker,
                other.marker
            );
        }
    }
    let app = TestApp::spawn().await;
    let mut seen = Vec::new();
    let planted = plant(&app, &mut seen).await;
    // E-mails are sent before the answer to the write that causes them: all are in by now.
    let mut broken = Vec::new();
    for persona in Persona::ALL {
        for fetch in OUTPUTS {
            seen.extend(receive(&app, persona, *fetch, &planted, &mut broken).await);
        }
    }

    let mut leaks = Vec::new();
    let mut missing = Vec::new();
    for restricted in RESTRICTED {
        for persona in Persona::ALL {
            let found: Vec<&Seen> =
                seen.iter().filter(|s| s.persona == persona && s.text.contains(restricted.marker)).collect();
            if restricted.readers.contains(&persona) {
                if found.is_empty() {
                    missing.push(format!("{persona:?} never received {} ({:?})", restricted.marker, restricted.plant));
                }
            } else {
                leaks.extend(found.iter().map(|s| {
                    format!(
                        "{persona:?} received {} ({:?}) in {} [{}]",
                        restricted.marker, restricted.plant, s.output, s.status
                    )
                }));
            }
        }
    }
    let answers = seen.len();
    println!(
        "leak scan: {} markers, {} outputs, {answers} answers received by the nine personas, {} (answer, marker) checks",
        RESTRICTED.len(),
        OUTPUTS.len(),
        answers * RESTRICTED.len()
    );
    assert!(
        leaks.is_empty() && missing.is_empty() && broken.is_empty(),
        "{} leak(s):\n{}\n\n{} marker(s) missing where allowed:\n{}\n\n{} broken output(s):\n{}",
        leaks.len(),
        leaks.join("\n"),
        missing.len(),
        missing.join("\n"),
        broken.len(),
        broken.join("\n")
    );
}
