//! Requests about a site besides its data: closure, status correction, heatwave, resorption
//! target, actors, invitations.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::codes::{ActorTheme, ClosedWithSolutions, SiteStatus};
use super::output::SolutionCount;
use crate::problem::FieldError;

/// Closes a site (DOMAIN §7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"closed_at": "2026-11-01", "status": "resorbed", "closed_with_solutions": true, "solutions": [{"solution": "housing", "people": 10, "households": 3}, {"solution": "long_term_shelter", "people": 20, "households": 6}]})))]
#[serde(deny_unknown_fields)]
pub struct ClosureInput {
    /// Not before the declaration, not in the future.
    pub closed_at: NaiveDate,
    /// The closing cause: any status but `open`.
    pub status: SiteStatus,
    /// Required when the cause is `other`.
    #[serde(default)]
    pub closing_context: Option<String>,
    /// "Le site a-t-il été résorbé définitivement ?"
    pub closed_with_solutions: bool,
    /// Where the households went, one entry per solution.
    #[serde(default)]
    pub solutions: Vec<SolutionCount>,
}

impl ClosureInput {
    pub fn check(&self, declared_at: NaiveDate, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.closed_at > today {
            errors.push(FieldError::new(
                "closed_at",
                "future_date",
                "La date de fermeture ne peut pas être dans le futur.",
            ));
        }
        if self.closed_at < declared_at {
            errors.push(FieldError::new(
                "closed_at",
                "before_declaration",
                "La fermeture ne peut précéder le signalement du site.",
            ));
        }
        if self.status == SiteStatus::Open {
            errors.push(FieldError::new("status", "invalid_code", "Indiquez la cause de la fermeture."));
        }
        if self.status == SiteStatus::Other && self.closing_context.as_deref().is_none_or(|c| c.trim().is_empty()) {
            errors.push(FieldError::new("closing_context", "required", "Précisez le contexte de la fermeture."));
        }
        let mut seen = Vec::new();
        for (index, solution) in self.solutions.iter().enumerate() {
            if seen.contains(&solution.solution) {
                errors.push(FieldError::new(
                    format!("solutions[{index}].solution"),
                    "duplicate",
                    "Cette orientation est déjà indiquée.",
                ));
            }
            seen.push(solution.solution);
            if solution.people.is_some_and(|p| p < 0) {
                errors.push(FieldError::new(
                    format!("solutions[{index}].people"),
                    "negative",
                    "Le nombre ne peut pas être négatif.",
                ));
            }
            if solution.households.is_some_and(|h| h < 0) {
                errors.push(FieldError::new(
                    format!("solutions[{index}].households"),
                    "negative",
                    "Le nombre ne peut pas être négatif.",
                ));
            }
            if let (Some(people), Some(households)) = (solution.people, solution.households) {
                if households > people {
                    errors.push(FieldError::new(
                        format!("solutions[{index}].households"),
                        "too_large",
                        "Il ne peut y avoir plus de ménages que de personnes.",
                    ));
                }
            }
        }
        errors
    }
}

/// Corrects the "résorbé définitivement" flag of a closed site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"closed_with_solutions": "no"})))]
#[serde(deny_unknown_fields)]
pub struct StatusFix {
    pub closed_with_solutions: ClosedWithSolutions,
}

/// Turns the heatwave alert of an open site on or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"heatwave": true})))]
#[serde(deny_unknown_fields)]
pub struct HeatwaveInput {
    pub heatwave: bool,
}

/// Declares oneself (no `user_id`) or a colleague as actor of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"themes": ["sante", "education"]})))]
#[serde(deny_unknown_fields)]
pub struct ActorInput {
    #[serde(default)]
    pub user_id: Option<i32>,
    #[validate(length(min = 1, message = "Choisissez au moins un champ d'intervention."))]
    pub themes: Vec<ActorTheme>,
    /// Required with the theme `autre`.
    #[validate(length(max = 200, message = "200 caractères au plus."))]
    #[serde(default)]
    pub other_theme: Option<String>,
}

/// Invites someone without an account to join and declare themself on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "benevole@example.org"})))]
#[serde(deny_unknown_fields)]
pub struct ActorInvitation {
    #[validate(email(message = "Adresse e-mail invalide"))]
    pub email: String,
}
