//! A request to a route of the API with a method the route does not have answers 405 with the
//! `Allow` header (RFC 9110 §15.5.6), not 404: the routes and their methods are read from the
//! OpenAPI document, which lists every one of them (a test keeps it exact).

use std::sync::OnceLock;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use contract::problem::Problem;

/// A route as segments (`None` for a `{parameter}`) and its methods, in upper case.
type Route = (Vec<Option<String>>, Vec<String>);

fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        let document = serde_json::to_value(crate::app::openapi()).unwrap_or_default();
        let Some(paths) = document["paths"].as_object() else { return Vec::new() };
        paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|segment| (!segment.starts_with('{')).then(|| segment.to_owned()))
                    .collect();
                let methods = item
                    .as_object()
                    .map(|operations| operations.keys().map(|method| method.to_uppercase()).collect())
                    .unwrap_or_default();
                (segments, methods)
            })
            .collect()
    })
}

/// The methods of the route `path` has, when it is a route of the API. A literal segment beats a
/// parameter (`/api/sites/map` is not `/api/sites/{id}`), as in the router.
fn allowed(path: &str) -> Option<Vec<String>> {
    let asked: Vec<&str> = path.trim_start_matches('/').trim_end_matches('/').split('/').collect();
    let fits = |segments: &[Option<String>]| {
        segments.len() == asked.len()
            && segments.iter().zip(&asked).all(|(segment, part)| segment.as_deref().is_none_or(|s| s == *part))
    };
    let literals = |segments: &[Option<String>]| segments.iter().filter(|s| s.is_some()).count();
    routes()
        .iter()
        .filter(|(segments, _)| fits(segments))
        .max_by_key(|(segments, _)| literals(segments))
        .map(|(_, methods)| methods.clone())
}

/// 405 when `req` asks a route of the API with a method it does not have.
pub fn refusal(req: &HttpRequest) -> Option<HttpResponse> {
    let methods = allowed(req.path())?;
    (!methods.iter().any(|method| method == req.method().as_str())).then(|| not_allowed(&methods))
}

/// The answer to a method the route does not have.
fn not_allowed(methods: &[String]) -> HttpResponse {
    let allow = methods.join(", ");
    let problem = Problem {
        problem_type: "about:blank".into(),
        title: "Méthode non permise".into(),
        status: StatusCode::METHOD_NOT_ALLOWED.as_u16(),
        code: "method_not_allowed".into(),
        detail: Some(format!("Cette adresse accepte : {allow}.")),
        errors: Vec::new(),
        request_id: None,
    };
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, allow))
        .content_type("application/problem+json")
        .json(problem)
}
