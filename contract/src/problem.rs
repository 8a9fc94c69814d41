//! RFC 9457 problem details, as every error of the API is answered.

use serde::{Deserialize, Serialize};

/// An error answer (`application/problem+json`). `code` is stable and meant for programs; `title`
/// and the field messages are in French, for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"type": "about:blank", "title": "Certaines données sont invalides", "status": 422, "code": "validation_failed", "errors": [{"field": "population.minors", "code": "too_large", "message": "Il ne peut y avoir plus de mineurs que de personnes."}]})))]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// Stable machine code, e.g. `validation_failed`, `not_found`, `precondition_failed`.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per faulty field of the request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Correlation id of the request, to quote when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// What is wrong with one field. `field` is a dotted path into the request body or a query
/// parameter name (`population.minors`, `owners[1].name`, `q`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}
