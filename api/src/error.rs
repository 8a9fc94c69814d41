//! The one error type of the API. Handlers and stores return [`AppError`]; each variant maps to
//! one HTTP status and a stable machine `code`, answered as RFC 9457 `application/problem+json`.
//! Use `Validation` for faulty fields (422), `BadRequest` for unreadable requests (400),
//! `NotFound` for anything out of the caller's scope as well as missing (404), `Conflict` for a
//! request the current state refuses, `Taken` when a value that must be unique is already used
//! (409 naming the field), and `Internal` for everything unexpected: its cause is logged, never
//! sent.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use contract::problem::{FieldError, Problem};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    #[error("bad request: {detail}")]
    BadRequest { code: &'static str, detail: String, errors: Vec<FieldError> },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, detail: &'static str },
    #[error("not found")]
    NotFound,
    #[error("invalid or expired token")]
    InvalidToken,
    #[error("conflict: {code}")]
    Conflict { code: &'static str, detail: String },
    #[error("taken: {code}")]
    Taken { field: &'static str, code: &'static str, detail: String },
    #[error("stale version")]
    PreconditionFailed { current_version: i32 },
    #[error("If-Match required")]
    PreconditionRequired,
    #[error("too many requests")]
    TooManyRequests { retry_after_seconds: i64, detail: &'static str },
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }

    /// A single faulty field.
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The caller may not do this (the object itself is visible to them).
    pub fn forbidden() -> Self {
        AppError::Forbidden {
            code: "forbidden",
            detail: "Vous n'avez pas les droits nécessaires pour cette opération.",
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation_failed",
            AppError::BadRequest { code, .. } => code,
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::Unauthenticated => "unauthenticated",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Forbidden { code, .. } => code,
            AppError::NotFound => "not_found",
            AppError::InvalidToken => "invalid_token",
            AppError::Conflict { code, .. } | AppError::Taken { code, .. } => code,
            AppError::PreconditionFailed { .. } => "precondition_failed",
            AppError::PreconditionRequired => "if_match_required",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "Certaines données sont invalides",
            AppError::BadRequest { .. } => "Requête illisible",
            AppError::UnsupportedMediaType => "Format de requête non pris en charge",
            AppError::PayloadTooLarge { .. } => "Requête trop volumineuse",
            AppError::Unauthenticated => "Vous devez vous connecter",
            AppError::InvalidCredentials => "Identifiants incorrects",
            AppError::Forbidden { .. } => "Accès refusé",
            AppError::NotFound => "Ressource introuvable",
            AppError::InvalidToken => "Lien invalide ou expiré",
            AppError::Conflict { .. } => "Conflit avec l'état actuel",
            AppError::Taken { .. } => "Valeur déjà utilisée",
            AppError::PreconditionFailed { .. } => "Les données ont été modifiées entre-temps",
            AppError::PreconditionRequired => "Version attendue manquante",
            AppError::TooManyRequests { .. } => "Trop de tentatives",
            AppError::Unavailable => "Service momentanément indisponible",
            AppError::Internal(_) => "Erreur interne",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            AppError::BadRequest { detail, .. } | AppError::Conflict { detail, .. } | AppError::Taken { detail, .. } => {
                Some(detail.clone())
            }
            AppError::Forbidden { detail, .. } => Some((*detail).to_owned()),
            AppError::PayloadTooLarge { limit } => Some(format!("La requête dépasse {limit} octets.")),
            AppError::InvalidCredentials => Some("Adresse e-mail ou mot de passe incorrect.".into()),
            AppError::PreconditionFailed { current_version } => Some(format!(
                "Quelqu'un a enregistré une autre version (version actuelle : {current_version}). Rechargez avant de modifier."
            )),
            AppError::PreconditionRequired => Some("Envoyez l'en-tête If-Match avec la version lue (ETag).".into()),
            AppError::TooManyRequests { retry_after_seconds, detail } => {
                Some(format!("{detail} Réessayez dans {retry_after_seconds} secondes."))
            }
            _ => None,
        }
    }

    /// The problem document of this error, without a request id.
    pub fn to_problem(&self) -> Problem {
        let errors = match self {
            AppError::Validation(errors) | AppError::BadRequest { errors, .. } => errors.clone(),
            AppError::Taken { field, code, detail } => vec![FieldError::new(*field, *code, detail.clone())],
            _ => Vec::new(),
        };
        Problem {
            problem_type: "about:blank".into(),
            title: self.title().into(),
            status: self.status_code().as_u16(),
            code: self.code().into(),
            detail: self.detail(),
            errors,
            request_id: None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unauthenticated | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::InvalidToken => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } | AppError::Taken { .. } => StatusCode::CONFLICT,
            AppError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            AppError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            // Logged inside the request span, so the log line carries the request id.
            tracing::error!(error = %cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            AppError::TooManyRequests { retry_after_seconds, .. } => {
                response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
            }
            AppError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            AppError::PreconditionFailed { current_version } => {
                response.insert_header((header::ETAG, format!("\"{current_version}\"")));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.to_problem()).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                taken(info.constraint_name(), info.message())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => AppError::Conflict {
                code: "reference_gone",
                detail: "Un élément auquel la requête se rapporte vient d'être supprimé.".into(),
            },
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

/// A unique constraint a request can meet when another one, sent at the same moment, passed the
/// same check first: the answer is the one the check gives.
struct Unique {
    /// PostgreSQL names the constraint.
    postgres: &'static str,
    /// SQLite names the columns: "UNIQUE constraint failed: users.email".
    sqlite: &'static str,
    field: Option<&'static str>,
    code: &'static str,
    detail: &'static str,
}

const UNIQUE: &[Unique] = &[
    Unique {
        postgres: "users_email_key",
        sqlite: "users.email",
        field: Some("email"),
        code: "email_taken",
        detail: "Cette adresse e-mail a déjà un compte.",
    },
    Unique {
        postgres: "site_actors_pkey",
        sqlite: "site_actors.site_id, site_actors.user_id",
        field: None,
        code: "already_actor",
        detail: "Cette personne est déjà intervenante sur le site.",
    },
];

/// The 409 of a unique violation, from the constraint (PostgreSQL) or the message (SQLite).
fn taken(constraint: Option<&str>, message: &str) -> AppError {
    let known = UNIQUE.iter().find(|unique| match constraint {
        Some(name) => name == unique.postgres,
        None => message.strip_prefix("UNIQUE constraint failed: ") == Some(unique.sqlite),
    });
    match known {
        Some(Unique { field: Some(field), code, detail, .. }) => {
            AppError::Taken { field, code, detail: (*detail).to_owned() }
        }
        Some(Unique { field: None, code, detail, .. }) => AppError::Conflict { code, detail: (*detail).to_owned() },
        None => AppError::Conflict { code: "already_exists", detail: "Cet élément existe déjà.".into() },
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        tracing::error!(error = %error, "database pool");
        AppError::Unavailable
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::Internal(format!("blocking pool: {error}"))
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        AppError::Validation(crate::extract::field_errors(&errors))
    }
}

impl AppError {
    /// The response of this error, for code outside handlers (default services, middleware).
    pub fn error_response_owned(self) -> HttpResponse {
        ResponseError::error_response(&self)
    }
}
