//! The one HTTP client of the app. Every request carries the CSRF header (which also selects
//! cookie sessions); an expired access token is refreshed once, transparently; a session that
//! cannot be refreshed sends the user to sign-in, then back. Every POST carries an
//! `Idempotency-Key`, the same for a submission sent again after it got no answer, so that a
//! creation that did reach the server is not made twice.

use contract::problem::Problem;
pub use gloo_net::http::Method;
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call failed, as the interface shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The API answered with a problem document.
    Problem(Problem),
    /// The API could not be reached.
    Network(String),
}

impl ApiError {
    pub fn message(&self) -> String {
        match self {
            ApiError::Problem(problem) => problem.detail.clone().unwrap_or_else(|| problem.title.clone()),
            ApiError::Network(_) => "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.".into(),
        }
    }

    /// The HTTP status of a problem answer; `None` when the API could not be reached.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(problem) => Some(problem.status),
            ApiError::Network(_) => None,
        }
    }

    /// The message for one field of the request, if the API named it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Problem(problem) => problem.errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            ApiError::Network(_) => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The version a write expects (`If-Match`), for sites: `None` for other requests.
type Version = Option<i32>;

fn builder(method: Method, path: &str, version: Version) -> RequestBuilder {
    let builder =
        RequestBuilder::new(path).method(method).header(contract::auth::CSRF_HEADER, contract::auth::CSRF_HEADER_VALUE);
    match version {
        Some(version) => builder.header("If-Match", &format!("\"{version}\"")),
        None => builder,
    }
}

thread_local! {
    /// Keys of the POST requests that got no answer, by path and body: sending the same again
    /// (the user submits the form once more) reuses the key.
    static UNANSWERED: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

/// A key no other submission of this user will take: the time and two random draws.
fn new_key() -> String {
    let draw = || (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("{:x}-{:x}-{:x}", js_sys::Date::now() as u64, draw(), draw())
}

async fn send(
    method: Method,
    path: &str,
    body: Option<&serde_json::Value>,
    version: Version,
) -> ApiResult<gloo_net::http::Response> {
    let submission =
        (method == Method::POST).then(|| format!("{path} {}", body.map(|b| b.to_string()).unwrap_or_default()));
    let mut builder = builder(method, path, version);
    if let Some(submission) = &submission {
        let key = UNANSWERED.with(|keys| keys.borrow_mut().entry(submission.clone()).or_insert_with(new_key).clone());
        builder = builder.header("Idempotency-Key", &key);
    }
    let request: Request = match body {
        Some(body) => builder.json(body).map_err(|e| ApiError::Network(e.to_string()))?,
        None => builder.build().map_err(|e| ApiError::Network(e.to_string()))?,
    };
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if let Some(submission) = submission {
        UNANSWERED.with(|keys| keys.borrow_mut().remove(&submission));
    }
    Ok(response)
}

async fn problem_of(response: gloo_net::http::Response) -> ApiError {
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(Problem {
            problem_type: "about:blank".into(),
            title: format!("Erreur {}", response.status()),
            status: response.status(),
            code: "unexpected".into(),
            detail: None,
            errors: Vec::new(),
            request_id: None,
        }),
    }
}

/// Sends a request; on 401, refreshes the session once and retries.
async fn call(method: Method, path: &str, body: Option<serde_json::Value>) -> ApiResult<gloo_net::http::Response> {
    call_versioned(method, path, body, None).await
}

async fn call_versioned(
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
    version: Version,
) -> ApiResult<gloo_net::http::Response> {
    let response = send(method.clone(), path, body.as_ref(), version).await?;
    if response.status() != 401 || path.starts_with("/api/auth/") {
        return Ok(response);
    }
    let refreshed = send(Method::POST, "/api/auth/refresh", None, None).await?;
    if refreshed.ok() {
        send(method, path, body.as_ref(), version).await
    } else {
        Ok(response)
    }
}

/// The one place that waits for the network: sends, then reads the body as text (empty for
/// 204) or turns a failure into its problem. Kept non-generic so that the typed functions
/// below add only their parsing to the WebAssembly file.
async fn exchange(method: Method, path: &str, body: Option<serde_json::Value>, version: Version) -> ApiResult<String> {
    let response = call_versioned(method, path, body, version).await?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    response.text().await.map_err(|e| ApiError::Network(e.to_string()))
}

fn parse<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_str(text).map_err(|e| ApiError::Network(e.to_string()))
}

fn to_json<B: Serialize>(body: &B) -> ApiResult<serde_json::Value> {
    serde_json::to_value(body).map_err(|e| ApiError::Network(e.to_string()))
}

pub async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    parse(&exchange(Method::GET, path, None, None).await?)
}

/// Fetches `path` once into a signal, `None` while loading: lighter than a resource with
/// `Suspense`, for data read once per screen.
pub fn fetch<T: DeserializeOwned + Send + Sync + 'static>(
    path: String,
) -> leptos::prelude::RwSignal<Option<ApiResult<T>>> {
    use leptos::prelude::Set;
    let answer = leptos::prelude::RwSignal::new(None);
    leptos::task::spawn_local(async move { answer.set(Some(get::<T>(&path).await)) });
    answer
}

/// A body read as text, left for JavaScript to parse (GeoJSON for the map bridge).
pub async fn get_text(path: &str) -> ApiResult<String> {
    exchange(Method::GET, path, None, None).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    let body = to_json(body)?;
    parse(&exchange(Method::POST, path, Some(body), None).await?)
}

pub async fn post_empty<B: Serialize>(path: &str, body: &B) -> ApiResult<()> {
    let body = to_json(body)?;
    exchange(Method::POST, path, Some(body), None).await.map(|_| ())
}

pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    let body = to_json(body)?;
    parse(&exchange(Method::PATCH, path, Some(body), None).await?)
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    let body = to_json(body)?;
    parse(&exchange(Method::PUT, path, Some(body), None).await?)
}

pub async fn put_empty<B: Serialize>(path: &str, body: &B) -> ApiResult<()> {
    let body = to_json(body)?;
    exchange(Method::PUT, path, Some(body), None).await.map(|_| ())
}

/// Writes to a site with the version read (`If-Match`): a 412 means someone saved in between.
pub async fn send_versioned<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    version: i32,
    body: &B,
) -> ApiResult<T> {
    let body = to_json(body)?;
    parse(&exchange(method, path, Some(body), Some(version)).await?)
}

pub async fn delete(path: &str) -> ApiResult<()> {
    exchange(Method::DELETE, path, None, None).await.map(|_| ())
}

pub async fn delete_returning<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    parse(&exchange(Method::DELETE, path, None, None).await?)
}

pub async fn delete_with<B: Serialize>(path: &str, body: &B) -> ApiResult<()> {
    let body = to_json(body)?;
    exchange(Method::DELETE, path, Some(body), None).await.map(|_| ())
}

/// A file the API sends as an attachment: its name (from `Content-Disposition`) and bytes.
pub async fn download(path: &str) -> ApiResult<(String, Vec<u8>)> {
    let response = call(Method::GET, path, None).await?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    let name = response
        .headers()
        .get("content-disposition")
        .and_then(|value| value.split("filename=").nth(1).map(|n| n.trim_matches(|c| c == '"' || c == ';').to_owned()))
        .unwrap_or_else(|| "export".into());
    let bytes = response.binary().await.map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((name, bytes))
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).as_string().unwrap_or_default()
}
