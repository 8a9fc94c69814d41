//! Builds the actix application: middleware, the documented API router, operations endpoints,
//! interactive docs and the embedded web app.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Compress, Next};
use actix_web::{web, App, Error, HttpMessage, HttpResponse};
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use crate::extract::BodyLimit;
use crate::state::State;

/// The OpenAPI document's fixed parts; paths and schemas come from the registered handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Résorption API",
        description = "API of Résorption, the platform of everyone who works to end slums and squats in France.\n\n\
            Authentication: `POST /api/auth/login` returns a bearer token (or, for the web app, HttpOnly cookies). \
            Errors are RFC 9457 `application/problem+json` documents with a stable `code` and per-field `errors`.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&Security),
    tags(
        (name = "Session", description = "Signing in and out"),
        (name = "Current user", description = "The signed-in user"),
        (name = "Accounts", description = "Access requests, activation, password reset"),
        (name = "Users", description = "Administration of users"),
        (name = "Organizations", description = "Organizations and the directory"),
        (name = "Territories", description = "Régions, départements, EPCI and communes"),
        (name = "Access", description = "The permission model"),
        (name = "Reference", description = "Codes and labels"),
        (name = "Sites", description = "The registry of bidonvilles and squats"),
        (name = "Journal", description = "Messages on sites"),
        (name = "Actors", description = "Who works on a site"),
        (name = "Actions", description = "Interventions for the people of the sites"),
        (name = "Activity", description = "The latest events"),
        (name = "Exports", description = "Spreadsheets and CSV"),
    )
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::cookies::ACCESS_COOKIE))),
        );
        openapi.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("cookie", Vec::<String>::new()),
        ]);
    }
}

/// Registers every API route; each module lists its own.
fn api_routes(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    crate::auth::routes::routes(config);
    crate::users::me::routes(config);
    crate::users::account::routes(config);
    crate::users::admin::routes(config);
    crate::organizations::routes::routes(config);
    crate::territories::routes::routes(config);
    crate::access::routes::routes(config);
    crate::reference::routes(config);
    crate::sites::routes::routes(config);
    crate::actions::routes::routes(config);
}

/// The OpenAPI document, as served and as printed by `resorption openapi`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api").configure(api_routes))
        .split_for_parts();
    crate::idempotency::document(&mut api);
    crate::openapi_responses::complete(&mut api);
    crate::openapi_responses::describe(&mut api);
    api
}

/// Adds the request id to every response, and replaces the body of any 500 with a problem
/// that carries only that id (the cause is in the logs).
async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, Error> {
    let id = req.extensions().get::<RequestId>().map(|id| id.to_string()).unwrap_or_default();
    let response = next.call(req).await?;
    let mut response = if response.status().is_server_error() {
        let mut problem = crate::error::AppError::internal("").to_problem();
        problem.request_id = Some(id.clone());
        let (request, original) = response.into_parts();
        let replaced = HttpResponse::build(original.status())
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .body(serde_json::to_string(&problem).unwrap_or_default());
        ServiceResponse::new(request, replaced).map_into_right_body()
    } else {
        response.map_body(|_, body| body.boxed()).map_into_left_body()
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

/// Writes that change who a user is or what they may do: after them, cached actors are
/// forgotten (see `auth::cache`); after any write to accounts, sites or an action itself (which
/// sites have one), cached site answers are (see `sites::cache`).
const ACCOUNT_PATHS: &[&str] = &["/api/users", "/api/me", "/api/organizations", "/api/activation"];

/// `/api/actions` and `/api/actions/{id}`: the creation, update and deletion of an action.
fn is_action_itself(path: &str) -> bool {
    path.strip_prefix("/api/actions")
        .is_some_and(|rest| rest.is_empty() || rest.strip_prefix('/').is_some_and(|id| id.parse::<i32>().is_ok()))
}

async fn forget_cached_answers_after_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let changes_accounts = req.method() != actix_web::http::Method::GET
        && ACCOUNT_PATHS.iter().any(|prefix| req.path().starts_with(prefix));
    let changes_sites = req.method() != actix_web::http::Method::GET
        && (req.path().starts_with("/api/sites") || is_action_itself(req.path()));
    let state = (changes_accounts || changes_sites).then(|| req.app_data::<State>().cloned()).flatten();
    let response = next.call(req).await?;
    if let Some(state) = state {
        if changes_accounts {
            state.actors.clear();
        }
        // Accounts change what people may see of sites too.
        state.site_answers.invalidate();
    }
    Ok(response)
}

/// The OpenAPI document as JSON, made once: the document itself weighs megabytes in memory,
/// its JSON about 200 KB.
async fn openapi_json() -> HttpResponse {
    static JSON: std::sync::OnceLock<web::Bytes> = std::sync::OnceLock::new();
    let body = JSON.get_or_init(|| web::Bytes::from(serde_json::to_vec(&openapi()).unwrap_or_default()));
    HttpResponse::Ok().content_type("application/json").body(body.clone())
}

/// The whole application for one state.
pub fn build(
    state: State,
    metrics: actix_web_prom::PrometheusMetrics,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let body_limit = BodyLimit(state.config.max_body_bytes);
    // The docs come before the `/api` scope, which would otherwise answer 404 for them.
    let docs = SwaggerUi::new("/api/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/openapi.json"));
    let (app, _) = App::new()
        .into_utoipa_app()
        .app_data(state)
        .app_data(body_limit)
        // A path parameter that does not parse is no such object (404), unless the path is
        // another route asked with a method it lacks: `PATCH /api/sites/nearby` reaches the
        // handler of `PATCH /api/sites/{id}` first, and must answer 405 like any other.
        .app_data(web::PathConfig::default().error_handler(|error, req| match crate::methods::refusal(req) {
            Some(refusal) => actix_web::error::InternalError::from_response(error, refusal).into(),
            None => crate::error::AppError::NotFound.into(),
        }))
        .map(|app| {
            app.service(docs).route("/api/openapi.json", web::get().to(openapi_json)).route(
                "/api/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/api/docs/")).finish()
                }),
            )
        })
        .service(scope::scope("/api").configure(api_routes))
        .split_for_parts();
    app.configure(crate::ops::configure)
        .configure(crate::spa::configure)
        .wrap(from_fn(crate::idempotency::middleware))
        .wrap(from_fn(forget_cached_answers_after_writes))
        .wrap(from_fn(request_id))
        .wrap(from_fn(crate::headers::security_headers))
        .wrap(Compress::default())
        .wrap(metrics)
        .wrap(TracingLogger::default())
}
