//! The finances of an action (DOMAIN §10.3): per year, rows of six types with the planned and
//! the executed amounts. Only finance readers see or change them (§5.6).

use serde::{Deserialize, Serialize};

use super::codes::FinanceType;
use crate::problem::FieldError;

/// Longest comment of a row, in characters.
pub const COMMENT_MAX: usize = 255;

/// One line of an action's finances for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"year": 2025, "finance_type": "dedie", "amount": 45000.0, "real_amount": 38250.5, "comments": "Crédits BOP 135"})))]
#[serde(deny_unknown_fields)]
pub struct FinanceRow {
    /// Inside the action's years: from its start to its end (or to next year while it runs).
    pub year: i32,
    pub finance_type: FinanceType,
    /// Budget, in euros (≥ 0, rounded to the cent).
    pub amount: f64,
    /// "Dépenses exécutées", in euros (≥ 0).
    #[serde(default)]
    pub real_amount: Option<f64>,
    #[serde(default)]
    pub comments: Option<String>,
}

fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

/// Trims comments and rounds amounts to the cent. Rows keep the order sent, so that a fault
/// names the row the client sent.
pub fn normalize(rows: &mut [FinanceRow]) {
    for row in rows.iter_mut() {
        row.amount = cents(row.amount);
        row.real_amount = row.real_amount.map(cents);
        row.comments = row.comments.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    }
}

/// The rules of the rows, for an action running from `first_year` to `last_year`.
pub fn check(rows: &[FinanceRow], first_year: i32, last_year: i32, errors: &mut Vec<FieldError>) {
    let mut seen = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let field = |name: &str| format!("finances[{index}].{name}");
        if row.year < first_year || row.year > last_year {
            errors.push(FieldError::new(
                field("year"),
                "outside_action",
                format!("L'année doit être comprise entre {first_year} et {last_year}, les années de l'action."),
            ));
        }
        if !row.amount.is_finite() || row.amount < 0.0 {
            errors.push(FieldError::new(field("amount"), "negative", "Le montant ne peut pas être négatif."));
        }
        if row.real_amount.is_some_and(|amount| !amount.is_finite() || amount < 0.0) {
            errors.push(FieldError::new(field("real_amount"), "negative", "Le montant ne peut pas être négatif."));
        }
        if row.comments.as_deref().is_some_and(|c| c.chars().count() > COMMENT_MAX) {
            errors.push(FieldError::new(
                field("comments"),
                "too_long",
                "Le commentaire ne peut dépasser 255 caractères.",
            ));
        }
        if seen.contains(&(row.year, row.finance_type)) {
            errors.push(FieldError::new(
                field("finance_type"),
                "duplicate",
                "Ce type de financement est déjà indiqué pour cette année.",
            ));
        }
        seen.push((row.year, row.finance_type));
    }
}
