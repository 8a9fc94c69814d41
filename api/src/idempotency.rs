//! `Idempotency-Key` on POST requests (IETF draft "The Idempotency-Key HTTP Header Field"): a
//! retried creation (a double click, a retry after a network error) gets the first answer again
//! instead of creating twice. Keys belong to the caller (the signed-in user, or anonymous) and
//! are kept 24 hours in the database, so a retry reaching another replica is answered the same.
//!
//! The same key with the same request answers the stored response (with `Idempotent-Replayed:
//! true`); with another request, 422; while the first is still running, 409. Only creations
//! (201, 202) are kept: after a refusal (a 422 to correct, a 429) the same key may be sent again,
//! and other answers (a sign-in's session, for one) are never stored.

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use contract::problem::FieldError;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::idempotency_keys as ik;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::extract::{read_limited, BodyLimit};
use crate::state::State;

pub const HEADER: &str = "Idempotency-Key";
const KEPT_HOURS: i64 = 24;
/// A first request still "running" after this long died with its replica: the key is free again.
const ABANDONED_AFTER_SECONDS: i64 = 120;

/// A kept answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: String,
}

impl Answer {
    fn response(self) -> HttpResponse {
        let status = actix_web::http::StatusCode::from_u16(self.status).unwrap_or(actix_web::http::StatusCode::OK);
        let mut response = HttpResponse::build(status);
        response.insert_header(("Idempotent-Replayed", "true"));
        if let Some(content_type) = self.content_type {
            response.insert_header((header::CONTENT_TYPE, content_type));
        }
        if let Some(location) = self.location {
            response.insert_header((header::LOCATION, location));
        }
        response.body(self.body)
    }
}

/// What a key allows the request to do.
#[derive(Debug)]
pub enum Claim {
    /// The key is new: run the request, then keep its answer.
    First,
    /// The answer of the first request with this key and this content.
    Replay(Answer),
    /// The key was used for another request.
    OtherRequest,
    /// The first request with this key is still running.
    Running,
}

type Stored = (String, Option<i32>, Option<String>, Option<String>, Option<String>, NaiveDateTime);

/// Takes the key for this caller and request, or says why not.
pub fn claim(conn: &mut Conn, caller: &str, key: &str, request_hash: &str, at: NaiveDateTime) -> AppResult<Claim> {
    diesel::delete(ik::table.filter(ik::created_at.lt(at - Duration::hours(KEPT_HOURS)))).execute(conn)?;
    let row =
        (ik::caller.eq(caller), ik::idempotency_key.eq(key), ik::request_hash.eq(request_hash), ik::created_at.eq(at));
    if crate::insert_or_ignore!(conn, ik::table, row)? == 1 {
        return Ok(Claim::First);
    }
    let (hash, status, content_type, location, body, created_at): Stored = ik::table
        .find((caller, key))
        .select((ik::request_hash, ik::status, ik::content_type, ik::location, ik::body, ik::created_at))
        .first(conn)?;
    if hash != request_hash {
        return Ok(Claim::OtherRequest);
    }
    match (status, body) {
        (Some(status), Some(body)) => {
            Ok(Claim::Replay(Answer { status: u16::try_from(status).unwrap_or(200), content_type, location, body }))
        }
        _ if at - created_at > Duration::seconds(ABANDONED_AFTER_SECONDS) => {
            diesel::update(ik::table.find((caller, key))).set(ik::created_at.eq(at)).execute(conn)?;
            Ok(Claim::First)
        }
        _ => Ok(Claim::Running),
    }
}

/// Keeps the answer of the first request.
pub fn keep(conn: &mut Conn, caller: &str, key: &str, answer: &Answer) -> AppResult<()> {
    diesel::update(ik::table.find((caller, key)))
        .set((
            ik::status.eq(i32::from(answer.status)),
            ik::content_type.eq(&answer.content_type),
            ik::location.eq(&answer.location),
            ik::body.eq(&answer.body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Frees the key of a request that did not succeed.
pub fn release(conn: &mut Conn, caller: &str, key: &str) -> AppResult<()> {
    diesel::delete(ik::table.find((caller, key))).execute(conn)?;
    Ok(())
}

/// Who the key belongs to: the user of a valid token (bearer or cookie), else anonymous.
fn caller_of(req: &ServiceRequest, state: &State) -> String {
    match crate::auth::actor::presented_user(req.request(), &state.keys) {
        Some(user_id) => format!("user:{user_id}"),
        None => "anonymous".to_owned(),
    }
}

/// A key is 1 to 255 visible ASCII characters (a UUID, typically).
fn key_of(req: &ServiceRequest) -> Option<Result<String, AppError>> {
    let raw = req.headers().get(HEADER)?;
    let valid = raw
        .to_str()
        .ok()
        .map(|key| key.trim().to_owned())
        .filter(|key| (1..=255).contains(&key.len()) && key.chars().all(|c| c.is_ascii_graphic()));
    Some(valid.ok_or_else(|| AppError::BadRequest {
        code: "invalid_idempotency_key",
        detail: "L'en-tête Idempotency-Key doit compter de 1 à 255 caractères ASCII visibles.".into(),
        errors: vec![FieldError::new(HEADER, "invalid_value", "Clé illisible.")],
    }))
}

fn refusal(req: ServiceRequest, error: AppError) -> ServiceResponse<BoxBody> {
    let (request, _) = req.into_parts();
    ServiceResponse::new(request, error.error_response_owned())
}

/// Reads the whole body (within the configured limit) and puts it back for the handler.
async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, AppError> {
    let limit = BodyLimit::of(req.request());
    let bytes = read_limited(req.take_payload(), limit).await?;
    req.set_payload(Payload::from(bytes.clone()));
    Ok(bytes)
}

/// The middleware: POST requests under `/api/` that carry the header.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let applies = req.method() == Method::POST && req.path().starts_with("/api/");
    let (Some(key), Some(state)) = (applies.then(|| key_of(&req)).flatten(), req.app_data::<State>().cloned()) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(key) => key,
        Err(error) => return Ok(refusal(req, error)),
    };
    let body = match read_body(&mut req).await {
        Ok(body) => body,
        Err(error) => return Ok(refusal(req, error)),
    };
    let mut hasher = Sha256::new();
    hasher.update(format!("{} {}\n", req.method(), req.uri()).as_bytes());
    hasher.update(&body);
    let request_hash = hex::encode(hasher.finalize());
    let caller = caller_of(&req, &state);
    let (claimed_caller, claimed_key) = (caller.clone(), key.clone());
    let claim = state.db.write(move |conn| claim(conn, &claimed_caller, &claimed_key, &request_hash, now())).await;
    match claim {
        Ok(Claim::First) => {}
        Ok(Claim::Replay(answer)) => {
            let (request, _) = req.into_parts();
            return Ok(ServiceResponse::new(request, answer.response()));
        }
        Ok(Claim::OtherRequest) => {
            return Ok(refusal(
                req,
                AppError::Validation(vec![FieldError::new(
                    HEADER,
                    "idempotency_key_reused",
                    "Cette clé a déjà servi pour une autre requête : utilisez-en une nouvelle.",
                )]),
            ))
        }
        Ok(Claim::Running) => {
            return Ok(refusal(
                req,
                AppError::Conflict {
                    code: "idempotency_key_in_flight",
                    detail: "La première requête envoyée avec cette clé est en cours : réessayez dans un instant."
                        .into(),
                },
            ))
        }
        Err(error) => return Ok(refusal(req, error)),
    }
    let response = next.call(req).await;
    let kept = matches!(&response, Ok(response) if matches!(response.status().as_u16(), 201 | 202));
    if !kept {
        state.db.write(move |conn| release(conn, &caller, &key)).await?;
        return Ok(response?.map_into_boxed_body());
    }
    let response = response?;
    let (request, response) = response.into_parts();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body()).await.map_err(|_| AppError::internal("response body unreadable"))?;
    let text = |name: header::HeaderName| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    // Creating answers are JSON; anything else is not kept, and the key is freed.
    match std::str::from_utf8(&bytes) {
        Ok(body) => {
            let answer = Answer {
                status: status.as_u16(),
                content_type: text(header::CONTENT_TYPE),
                location: text(header::LOCATION),
                body: body.to_owned(),
            };
            state.db.write(move |conn| keep(conn, &caller, &key, &answer)).await?;
        }
        Err(_) => state.db.write(move |conn| release(conn, &caller, &key)).await?,
    }
    let mut rebuilt = HttpResponse::build(status);
    for (name, value) in &headers {
        rebuilt.append_header((name.clone(), value.clone()));
    }
    Ok(ServiceResponse::new(request, rebuilt.body(bytes)))
}

/// Declares the header, and the answers it adds, on every POST of the OpenAPI document: the
/// middleware honours it on all of them, so none may be left undocumented.
pub fn document(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::content::ContentBuilder;
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::response::ResponseBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Ref, Type};
    use utoipa::openapi::{RefOr, Required};
    let parameter = ParameterBuilder::new()
        .name(HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "A key chosen by the client for this request (a UUID), to send again with a retry: the same key \
             and content answer the first creation (201 or 202) again (header `Idempotent-Replayed: true`) for 24 hours; the \
             same key with other content answers 422 `idempotency_key_reused`; while the first request runs, \
             409 `idempotency_key_in_flight`. Keys are the caller's own. A failed request does not use its key.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255))))
        .build();
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build()
    };
    for item in openapi.paths.paths.values_mut() {
        let Some(operation) = item.post.as_mut() else { continue };
        operation.parameters.get_or_insert_with(Vec::new).push(RefOr::T(parameter.clone()));
        let responses = &mut operation.responses.responses;
        responses.entry("400".into()).or_insert_with(|| {
            RefOr::T(problem("Unreadable request, or an Idempotency-Key that is not 1 to 255 visible ASCII characters"))
        });
        responses
            .entry("409".into())
            .or_insert_with(|| RefOr::T(problem("The first request with this Idempotency-Key is still running")));
        responses
            .entry("422".into())
            .or_insert_with(|| RefOr::T(problem("Invalid fields, or an Idempotency-Key used for another request")));
    }
}
