//! Request extractors that turn every kind of bad input into a problem naming the field:
//! JSON bodies (size limit, content type, syntax, unknown fields, wrong types, control
//! characters, then the `validator` rules) and query strings (control characters, then types).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use contract::problem::FieldError;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::AppError;

/// Largest body accepted, from the configuration (stored as app data).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

impl BodyLimit {
    /// The limit set for the application (1 MiB when none is).
    pub fn of(req: &HttpRequest) -> usize {
        req.app_data::<BodyLimit>().map_or(1024 * 1024, |limit| limit.0)
    }
}

/// Reads a whole body, refusing it past `limit` bytes.
pub async fn read_limited(mut payload: Payload, limit: usize) -> Result<web::Bytes, AppError> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest {
            code: "unreadable_body",
            detail: "Le corps de la requête n'a pas pu être lu.".into(),
            errors: Vec::new(),
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}

/// A JSON body, deserialised and validated.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Body<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = BodyLimit::of(req);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            })
            .unwrap_or(false);
        let payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType);
            }
            let bytes = read_limited(payload, limit).await?;
            let value: T = parse_json(&bytes)?;
            refuse_control_characters(&bytes)?;
            value.validate()?;
            Ok(Body(value))
        })
    }
}

/// Deserialises JSON, naming the faulty field on error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let (code, message) = describe_serde_error(&inner.to_string(), inner.is_syntax() || inner.is_eof());
        let field = if path == "." { unknown_field_name(&inner.to_string()).unwrap_or(path) } else { path };
        AppError::BadRequest {
            code: if code == "malformed_json" { "malformed_json" } else { "invalid_body" },
            detail: message.clone(),
            errors: vec![FieldError::new(field, code, message)],
        }
    })
}

/// Refuses a JSON document (already read as valid) whose text holds control characters.
fn refuse_control_characters(bytes: &[u8]) -> Result<(), AppError> {
    if !contract::text::may_hold_forbidden(bytes) {
        return Ok(());
    }
    let document: serde_json::Value = serde_json::from_slice(bytes).map_err(AppError::internal)?;
    let errors = contract::text::forbidden_characters(&document);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Turns serde's English message into a code and a French message.
fn describe_serde_error(raw: &str, syntax: bool) -> (&'static str, String) {
    if syntax {
        return ("malformed_json", "Le corps de la requête n'est pas un JSON valide.".into());
    }
    if raw.starts_with("unknown field") {
        ("unknown_field", "Champ inconnu.".into())
    } else if raw.starts_with("missing field") {
        ("required", "Ce champ est obligatoire.".into())
    } else if raw.starts_with("invalid type") {
        ("invalid_type", format!("Type de valeur incorrect ({}).", expected_part(raw)))
    } else if raw.starts_with("unknown variant") {
        ("invalid_code", format!("Valeur inconnue ({}).", expected_part(raw)))
    } else {
        ("invalid_value", format!("Valeur invalide ({raw})."))
    }
}

fn expected_part(raw: &str) -> String {
    raw.split_once("expected")
        .map(|(_, rest)| format!("attendu :{}", rest.split(" at line").next().unwrap_or(rest)))
        .unwrap_or_default()
}

/// Serde names an unknown or missing field in its message rather than in the path.
fn unknown_field_name(raw: &str) -> Option<String> {
    let start = raw.find('`')? + 1;
    let end = raw[start..].find('`')? + start;
    Some(raw[start..end].to_owned())
}

/// Flattens `validator` errors into one entry per field, with dotted paths for nested ones.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let message =
                        error.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| "Valeur invalide.".to_owned());
                    out.push(FieldError::new(path.clone(), error.code.to_string(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// Query-string parameters, deserialised with the faulty parameter named on error.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let faulty: Vec<FieldError> = form_urlencoded::parse(query.as_bytes())
        .filter(|(name, value)| name.chars().chain(value.chars()).any(contract::text::is_forbidden))
        .map(|(name, _)| contract::text::forbidden_character(name.replace(contract::text::is_forbidden, "?")))
        .collect();
    if !faulty.is_empty() {
        return Err(AppError::Validation(faulty));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let raw = error.into_inner().to_string();
        let (code, message) = describe_serde_error(&raw, false);
        let field = if path == "." { unknown_field_name(&raw).unwrap_or(path) } else { path };
        AppError::BadRequest {
            code: "invalid_query",
            detail: format!("Paramètre « {field} » : {message}"),
            errors: vec![FieldError::new(field, code, message)],
        }
    })
}

/// The version a write expects, from `If-Match: "7"` (a weak `W/` prefix is accepted).
pub fn if_match(req: &HttpRequest) -> Result<i32, AppError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .and_then(|value| value.to_str().ok())
        .ok_or(AppError::PreconditionRequired)?;
    raw.trim().trim_start_matches("W/").trim_matches('"').parse().map_err(|_| AppError::BadRequest {
        code: "invalid_if_match",
        detail: "L'en-tête If-Match doit contenir la version lue (ETag), par exemple \"3\".".into(),
        errors: vec![FieldError::new("If-Match", "invalid_value", "Version illisible.")],
    })
}
