//! A fresh real database per test, copied from a template built once per test process:
//! a SQLite file copy, or `CREATE DATABASE … TEMPLATE` on PostgreSQL. The backend comes from
//! `TEST_DATABASE` (`sqlite`, the default, or `postgres`); PostgreSQL's server from
//! `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend() -> Backend {
    match std::env::var("TEST_DATABASE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("TEST_DATABASE={other}: expected sqlite or postgres"),
    }
}

fn postgres_server() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

fn admin_connection() -> PgConnection {
    PgConnection::establish(&format!("{}/postgres", postgres_server()))
        .unwrap_or_else(|error| panic!("PostgreSQL unreachable at {}: {error}", postgres_server()))
}

/// The template every test database is copied from: migrated, reference data, demo seed.
struct Template {
    /// SQLite: the template file. PostgreSQL: the template database name.
    location: String,
    _dir: Option<tempfile::TempDir>,
}

fn config_for(database_url: &str) -> api::config::Config {
    let url = database_url.to_owned();
    api::config::Config::from_lookup(move |name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "RESORPTION_DB_POOL_SIZE" => Some("2".into()),
        _ => None,
    })
    .expect("template config")
}

fn seed(database_url: &str) {
    let config = config_for(database_url);
    let (db, geography) = api::server::prepare(&config).expect("prepare template");
    let hash = api::auth::password::hash(api::seed::demo::DEMO_PASSWORD).expect("hash");
    db.write_blocking(|conn| api::seed::demo::seed(conn, &geography, &hash)).expect("demo seed");
    if let Ok(mut conn) = db.get() {
        let _ = conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("template.db");
            seed(&format!("sqlite://{}", path.display()));
            Template { location: path.display().to_string(), _dir: Some(dir) }
        }
        Backend::Postgres => {
            let name = format!("resorption_tpl_{}", std::process::id());
            let mut admin = admin_connection();
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).expect("drop old template");
            admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create template database");
            seed(&format!("{}/{name}", postgres_server()));
            Template { location: name, _dir: None }
        }
    })
}

/// One test's database, dropped with it.
pub struct TestDb {
    pub url: String,
    postgres_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let template = template();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        match backend() {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path: PathBuf = dir.path().join("test.db");
                std::fs::copy(&template.location, &path).expect("copy template");
                TestDb { url: format!("sqlite://{}", path.display()), postgres_name: None, _dir: Some(dir) }
            }
            Backend::Postgres => {
                let name = format!("resorption_t{}_{n}", std::process::id());
                admin_connection()
                    .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {}", template.location))
                    .expect("create test database");
                TestDb { url: format!("{}/{name}", postgres_server()), postgres_name: Some(name), _dir: None }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name {
            let _ = admin_connection().batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
