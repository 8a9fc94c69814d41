//! `TestApp`: the real application served on a free port, with its own database and mail
//! catcher, and a small client that speaks to it as anonymous, a persona, or a browser.

use std::collections::HashMap;

use actix_web::http::Method;
use api::state::AppState;
use serde_json::Value;

use super::db::TestDb;
use super::mail::MailCatcher;

/// The demo users of `resorption seed --demo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Persona {
    NationalAdmin,
    LocalAdmin93,
    Prefecture93,
    Commune93,
    Asso93,
    Asso13,
    Intervenant93,
    Observateur44,
    National,
}

impl Persona {
    pub const ALL: [Persona; 9] = [
        Persona::NationalAdmin,
        Persona::LocalAdmin93,
        Persona::Prefecture93,
        Persona::Commune93,
        Persona::Asso93,
        Persona::Asso13,
        Persona::Intervenant93,
        Persona::Observateur44,
        Persona::National,
    ];

    pub fn email(self) -> &'static str {
        match self {
            Persona::NationalAdmin => "admin@demo.resorption.fr",
            Persona::LocalAdmin93 => "admin.93@demo.resorption.fr",
            Persona::Prefecture93 => "prefecture.93@demo.resorption.fr",
            Persona::Commune93 => "commune.93@demo.resorption.fr",
            Persona::Asso93 => "asso.93@demo.resorption.fr",
            Persona::Asso13 => "asso.13@demo.resorption.fr",
            Persona::Intervenant93 => "intervenant.93@demo.resorption.fr",
            Persona::Observateur44 => "observateur.44@demo.resorption.fr",
            Persona::National => "national@demo.resorption.fr",
        }
    }
}

/// Who sends a request.
#[derive(Debug, Clone)]
pub enum Caller {
    Anonymous,
    As(Persona),
    Bearer(String),
    /// A browser session: the access cookie, with or without the CSRF header.
    Browser {
        access_cookie: String,
        csrf_header: bool,
    },
}

impl From<Persona> for Caller {
    fn from(persona: Persona) -> Self {
        Caller::As(persona)
    }
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HashMap<String, String>,
    /// Every `Set-Cookie` header.
    pub cookies: Vec<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The value a `Set-Cookie` gives to `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find_map(|cookie| {
            let (pair, _) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    }

    /// The `field` entries of a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|errors| errors.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}

pub struct TestApp {
    pub state: actix_web::web::Data<AppState>,
    pub mail: MailCatcher,
    server: actix_test::TestServer,
    _db: TestDb,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// A server with some configuration variables set (`RESORPTION_MAX_BODY_BYTES`…).
    pub async fn spawn_with(overrides: &[(&str, &str)]) -> Self {
        let db = TestDb::new();
        let mail = MailCatcher::start();
        let mut variables: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db.url.clone()),
            ("RESORPTION_DB_POOL_SIZE".into(), "4".into()),
            ("RESORPTION_JWT_SECRET".into(), "test-secret-test-secret-test-secret-0123".into()),
            ("RESORPTION_PUBLIC_URL".into(), "http://resorption.test".into()),
            ("RESORPTION_SMTP_URL".into(), format!("smtp://127.0.0.1:{}", mail.port)),
        ]);
        for (name, value) in overrides {
            variables.insert((*name).into(), (*value).into());
        }
        let config = api::config::Config::from_lookup(|name| variables.get(name).cloned()).expect("test config");
        let prepared = config.clone();
        let (database, geography) =
            actix_web::web::block(move || api::server::prepare(&prepared)).await.expect("block").expect("prepare");
        let state = api::server::state(config, database, geography).expect("state");
        let shared = state.clone();
        let server = actix_test::start(move || {
            let metrics = api::server::metrics().expect("metrics");
            api::app::build(shared.clone(), metrics)
        });
        TestApp { state, mail, server, _db: db }
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// The id of a user by e-mail.
    pub async fn user_id(&self, email: &str) -> i32 {
        let email = email.to_owned();
        self.state
            .db
            .read(move |conn| api::users::store::by_email(conn, &email))
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no user"))
            .id
    }

    /// An access token for a persona, minted directly (signing in costs a password hash).
    pub async fn token(&self, persona: Persona) -> String {
        let id = self.user_id(persona.email()).await;
        self.state.keys.issue(id, 15).expect("token").0
    }

    pub async fn call(&self, method: Method, path: &str, caller: impl Into<Caller>, body: Option<Value>) -> Reply {
        self.call_with_headers(method, path, caller, body, &[]).await
    }

    pub async fn call_with_headers(
        &self,
        method: Method,
        path: &str,
        caller: impl Into<Caller>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.server.request(method, self.url(path));
        match caller.into() {
            Caller::Anonymous => {}
            Caller::As(persona) => {
                request = request.insert_header(("Authorization", format!("Bearer {}", self.token(persona).await)));
            }
            Caller::Bearer(token) => request = request.insert_header(("Authorization", format!("Bearer {token}"))),
            Caller::Browser { access_cookie, csrf_header } => {
                request = request.insert_header(("Cookie", format!("__Host-resorption_access={access_cookie}")));
                if csrf_header {
                    request = request.insert_header(("X-Requested-With", "resorption"));
                }
            }
        }
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let response = match body {
            Some(body) => request.send_json(&body).await,
            None => request.send().await,
        };
        let mut response = response.expect("request sent");
        let body = response.body().limit(64 * 1024 * 1024).await.expect("body read").to_vec();
        let mut headers_map = HashMap::new();
        let mut cookies = Vec::new();
        for (name, value) in response.headers() {
            let value = value.to_str().unwrap_or_default().to_owned();
            if name.as_str() == "set-cookie" {
                cookies.push(value.clone());
            }
            headers_map.insert(name.as_str().to_owned(), value);
        }
        Reply { status: response.status().as_u16(), headers: headers_map, cookies, body }
    }

    pub async fn get(&self, path: &str, caller: impl Into<Caller>) -> Reply {
        self.call(Method::GET, path, caller, None).await
    }

    pub async fn post(&self, path: &str, caller: impl Into<Caller>, body: Value) -> Reply {
        self.call(Method::POST, path, caller, Some(body)).await
    }

    pub async fn patch(&self, path: &str, caller: impl Into<Caller>, body: Value) -> Reply {
        self.call(Method::PATCH, path, caller, Some(body)).await
    }

    pub async fn put(&self, path: &str, caller: impl Into<Caller>, body: Value) -> Reply {
        self.call(Method::PUT, path, caller, Some(body)).await
    }

    /// Sends raw bytes with a content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let response = self.server.post(path).insert_header(("Content-Type", content_type)).send_body(body).await;
        let mut response = response.expect("request sent");
        let body = response.body().await.expect("body").to_vec();
        Reply { status: response.status().as_u16(), headers: HashMap::new(), cookies: Vec::new(), body }
    }
}
