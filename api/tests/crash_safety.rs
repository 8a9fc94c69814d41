//! Issue 30, suite 3: crash safety. The real server binary is killed (SIGKILL) while eight
//! clients write to it, then started again on the same database: every write it acknowledged
//! (201 or 200) must be there, and each site's history must be whole (one current version,
//! versions 1..n without a gap). On SQLite and PostgreSQL alike, whatever `TEST_DATABASE` says:
//! this file belongs to the `api` package, the one whose binary Cargo builds for it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{json, Value};

const BINARY: &str = env!("CARGO_BIN_EXE_resorption");
const WRITERS: usize = 8;
/// Acknowledged writes after which the server is killed: enough for every writer to be in the
/// middle of one when it happens.
const KILL_AFTER: usize = 120;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn command(database_url: &str, arguments: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .args(arguments)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("RESORPTION_JWT_SECRET", "crash-test-secret-crash-test-secret-0123")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// One HTTP/1.1 exchange on its own connection; `None` when the server is gone.
fn send(port: u16, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Option<(u16, Value)> {
    send_with(port, method, path, token, body, "")
}

/// `send` with more header lines (each ending in CRLF).
fn send_with(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    headers: &str,
) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let authorization = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{authorization}{headers}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    let (head, content) = answer.split_once("\r\n\r\n")?;
    // Answers come whole or chunked; the JSON bodies read here are small enough for one chunk.
    let content = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        content.split_once("\r\n").map(|(_, rest)| rest).unwrap_or_default().rsplit_once("\r\n0\r\n").map(|(c, _)| c)?
    } else {
        content
    };
    Some((status, serde_json::from_str(content).unwrap_or(Value::Null)))
}

fn start(database_url: &str) -> (Child, u16) {
    let port = free_port();
    let mut child =
        command(database_url, &["serve"]).env("RESORPTION_BIND", format!("127.0.0.1:{port}")).spawn().unwrap();
    // Ready when /readyz answers 200; the server starts in well under a second.
    for _ in 0..600 {
        if let Some((200, _)) = send(port, "GET", "/readyz", None, None) {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

fn token(port: u16) -> String {
    let credentials = json!({"email": "prefecture.93@demo.resorption.fr", "password": "resorption-demo"});
    let (status, session) = send(port, "POST", "/api/auth/login", None, Some(&credentials)).unwrap();
    assert_eq!(status, 200, "{session}");
    session["access_token"].as_str().unwrap().to_owned()
}

fn declaration(writer: usize, n: usize) -> Value {
    json!({
        "name": format!("Crash {writer}-{n}"),
        "address": format!("{n} rue des Tilleuls 93100 Montreuil"),
        "city_code": "93048",
        "latitude": 48.8590 + writer as f64 * 0.01,
        "longitude": 2.4420 + n as f64 * 0.0001,
        "declared_at": "2026-02-01",
        "field_type": "land",
        "owner_type": "private",
        "population": {"total": 10 + n as i64},
        "living_conditions": {"water": {"access_type": "fontaine_publique"}}
    })
}

/// What the server acknowledged: each site created, and the highest version it answered for it.
#[derive(Default)]
struct Acknowledged {
    versions: Mutex<std::collections::HashMap<i64, i64>>,
    count: AtomicUsize,
    /// Writers still sending.
    running: AtomicUsize,
    /// The first answer that was neither an acknowledgement nor a connection lost to the kill.
    refused: Mutex<Option<String>>,
}

impl Acknowledged {
    fn refused(&self, what: String) {
        self.refused.lock().unwrap().get_or_insert(what);
    }
}

/// One client: declares a site, then updates it twice, again and again, until the server is gone.
fn write_until_killed(port: u16, token: &str, writer: usize, acknowledged: &Acknowledged, gone: &AtomicBool) {
    for n in 0.. {
        if gone.load(Ordering::SeqCst) {
            return;
        }
        let site = match send(port, "POST", "/api/sites", Some(token), Some(&declaration(writer, n))) {
            Some((201, site)) => site,
            Some((status, problem)) => return acknowledged.refused(format!("declaration: {status} {problem}")),
            None => return,
        };
        let id = site["id"].as_i64().unwrap();
        acknowledged.versions.lock().unwrap().insert(id, 1);
        acknowledged.count.fetch_add(1, Ordering::SeqCst);
        for version in 1..3 {
            let body = json!({"population": {"total": 100 + version}});
            let if_match = format!("If-Match: \"{version}\"\r\n");
            match send_with(port, "PATCH", &format!("/api/sites/{id}"), Some(token), Some(&body), &if_match) {
                Some((200, _)) => {}
                Some((status, problem)) => return acknowledged.refused(format!("update: {status} {problem}")),
                None => return,
            }
            acknowledged.versions.lock().unwrap().insert(id, version + 1);
            acknowledged.count.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn crash_and_restart(database_url: &str) {
    let seeded = command(database_url, &["seed", "--demo"]).status().unwrap();
    assert!(seeded.success(), "demo seed");
    let (mut server, port) = start(database_url);
    let token = token(port);
    let acknowledged = Arc::new(Acknowledged::default());
    let gone = Arc::new(AtomicBool::new(false));
    acknowledged.running.store(WRITERS, Ordering::SeqCst);
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (token, acknowledged, gone) = (token.clone(), acknowledged.clone(), gone.clone());
            std::thread::spawn(move || {
                write_until_killed(port, &token, writer, &acknowledged, &gone);
                acknowledged.running.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    // Killed as soon as enough writes were acknowledged, while the writers are still sending.
    while acknowledged.count.load(Ordering::SeqCst) < KILL_AFTER && acknowledged.running.load(Ordering::SeqCst) > 0 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let refused = acknowledged.refused.lock().unwrap().clone();
    assert!(refused.is_none(), "a write was refused before the kill: {refused:?}");
    assert!(acknowledged.count.load(Ordering::SeqCst) >= KILL_AFTER, "the writers stopped before the kill");
    server.kill().unwrap();
    server.wait().unwrap();
    gone.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.join().unwrap();
    }
    // After the kill, only lost connections may end a writer.
    let refused = acknowledged.refused.lock().unwrap().clone();
    assert!(refused.is_none(), "a write was refused: {refused:?}");
    let acknowledged = acknowledged.versions.lock().unwrap().clone();
    assert!(acknowledged.len() >= KILL_AFTER / 3, "{} sites acknowledged", acknowledged.len());

    eprintln!(
        "{database_url}: killed after {} acknowledged writes on {} sites",
        acknowledged.values().sum::<i64>(),
        acknowledged.len()
    );
    let (mut server, port) = start(database_url);
    let token = self::token(port);
    for (id, version) in &acknowledged {
        let (status, site) = send(port, "GET", &format!("/api/sites/{id}"), Some(&token), None).unwrap();
        assert_eq!(status, 200, "acknowledged site {id} is there");
        let stored = site["version"].as_i64().unwrap();
        assert!(stored >= *version, "site {id}: version {stored}, acknowledged {version}");
        let (status, history) = send(port, "GET", &format!("/api/sites/{id}/history"), Some(&token), None).unwrap();
        assert_eq!(status, 200);
        let versions: Vec<i64> = history.as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
        assert_eq!(versions, (1..=stored).rev().collect::<Vec<_>>(), "site {id}: every version, newest first");
    }
    server.kill().unwrap();
    server.wait().unwrap();
    one_current_version_each(database_url);
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Every site has exactly one current version, whatever the kill interrupted.
fn one_current_version_each(database_url: &str) {
    let query = "SELECT count(*) AS n FROM sites s WHERE \
                 (SELECT count(*) FROM site_versions v WHERE v.site_id = s.id AND v.valid_to IS NULL) <> 1";
    let broken: Count = match database_url.strip_prefix("sqlite://") {
        Some(path) => diesel::sql_query(query).get_result(&mut SqliteConnection::establish(path).unwrap()).unwrap(),
        None => diesel::sql_query(query).get_result(&mut PgConnection::establish(database_url).unwrap()).unwrap(),
    };
    assert_eq!(broken.n, 0, "sites without exactly one current version");
}

#[test]
fn sqlite_keeps_every_acknowledged_write_through_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    crash_and_restart(&format!("sqlite://{}", dir.path().join("crash.db").display()));
}

#[test]
fn postgres_keeps_every_acknowledged_write_through_a_kill() {
    let server = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("resorption_crash_{}", std::process::id());
    let mut admin = PgConnection::establish(&format!("{server}/postgres")).expect("PostgreSQL is required");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
    crash_and_restart(&format!("{server}/{name}"));
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
}
