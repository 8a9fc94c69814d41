//! What a client sends to create or update an action, and the rules it must satisfy on its
//! own (DOMAIN §10.1). The server adds those that need the database: the département, the
//! commune of an ETI, the sites the caller may read, the organizations of pilots and operators.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{ActionLocationType, Topic};
use super::finances::FinanceRow;
use crate::problem::FieldError;

/// Longest name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest goals or "other place" text, in characters.
pub const TEXT_MAX: usize = 5000;

/// The Espace Temporaire d'Accompagnement where an action takes place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"address": "12 rue de Paris, Montreuil", "city_code": "93048", "latitude": 48.8611, "longitude": 2.4437})))]
#[serde(deny_unknown_fields)]
pub struct EtiLocation {
    #[serde(default)]
    pub address: String,
    /// INSEE code of its commune, inside the action's département.
    #[serde(default)]
    pub city_code: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// An action as created, updated and stored. Every field is read even when missing, so that one
/// answer names every faulty field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Accompagnement santé des familles des Tilleuls",
    "started_at": "2025-01-06",
    "ended_at": null,
    "topics": ["health", "school"],
    "goals": "Ouvrir les droits à la santé et scolariser les enfants.",
    "departement_code": "93",
    "location_type": "sur_site",
    "site_ids": [12],
    "pilots": [4],
    "operators": [6],
    "principal_operator": 6
})))]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// "Quel est le nom de l'action ?" (at most 200 characters).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub started_at: Option<NaiveDate>,
    /// Not before the start; the action is ended once this day is past.
    #[serde(default)]
    pub ended_at: Option<NaiveDate>,
    /// At least one "champ d'intervention".
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// "Objectifs de l'action".
    #[serde(default)]
    pub goals: String,
    /// Creating or moving an action needs the right to create actions in this département.
    #[serde(default)]
    pub departement_code: String,
    #[serde(default)]
    pub location_type: Option<ActionLocationType>,
    /// Required when `location_type` is `eti`.
    #[serde(default)]
    pub eti: Option<EtiLocation>,
    /// Required when `location_type` is `sur_site`: sites the caller may read.
    #[serde(default)]
    pub site_ids: Vec<i32>,
    /// Required when `location_type` is `autre`.
    #[serde(default)]
    pub location_other: Option<String>,
    /// "Pilotes de l'action": users of State services or local authorities.
    #[serde(default)]
    pub pilots: Vec<i32>,
    /// "Opérateurs de l'action": users of operator organizations (associations, interveners).
    #[serde(default)]
    pub operators: Vec<i32>,
    /// The principal operator, required when there are several (one of `operators`).
    #[serde(default)]
    pub principal_operator: Option<i32>,
    /// Finance readers only (others' values are kept): rows per year inside the action's years.
    #[serde(default)]
    pub finances: Vec<FinanceRow>,
}

fn error(errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) {
    errors.push(FieldError::new(field, code, message));
}

fn dedup<T: PartialEq + Copy>(items: &mut Vec<T>) {
    let mut seen = Vec::with_capacity(items.len());
    items.retain(|item| {
        let fresh = !seen.contains(item);
        seen.push(*item);
        fresh
    });
}

fn trimmed(text: &mut String) {
    let kept = text.trim();
    if kept.len() != text.len() {
        *text = kept.to_owned();
    }
}

impl ActionInput {
    /// Trims texts, drops repeated entries and the location details another location type
    /// made irrelevant, and names the principal operator when there is only one.
    pub fn normalize(&mut self) {
        trimmed(&mut self.name);
        trimmed(&mut self.goals);
        self.departement_code = self.departement_code.trim().to_owned();
        dedup(&mut self.topics);
        dedup(&mut self.site_ids);
        dedup(&mut self.pilots);
        dedup(&mut self.operators);
        if let Some(other) = self.location_other.as_mut() {
            trimmed(other);
        }
        if self.location_other.as_deref() == Some("") {
            self.location_other = None;
        }
        if let Some(eti) = self.eti.as_mut() {
            trimmed(&mut eti.address);
            eti.city_code = eti.city_code.trim().to_owned();
        }
        let kind = self.location_type;
        if kind != Some(ActionLocationType::Eti) {
            self.eti = None;
        }
        if kind != Some(ActionLocationType::OnSite) {
            self.site_ids.clear();
        }
        if kind != Some(ActionLocationType::Other) {
            self.location_other = None;
        }
        if self.operators.len() == 1 {
            self.principal_operator = self.operators.first().copied();
        }
        if self.operators.is_empty() {
            self.principal_operator = None;
        }
        super::finances::normalize(&mut self.finances);
    }

    /// The years an action covers, for its finances and indicators: from its start to its end,
    /// or to next year while it runs (budgets are planned ahead).
    pub fn years(&self, today: NaiveDate) -> Option<(i32, i32)> {
        use chrono::Datelike;
        let first = self.started_at?.year();
        let last = match self.ended_at {
            Some(end) => end.year(),
            None => (today.year() + 1).max(first),
        };
        Some((first, last))
    }

    /// The rules an action follows on its own; one error per faulty field, in French.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.name.is_empty() {
            error(&mut errors, "name", "required", "Indiquez le nom de l'action.");
        } else if self.name.chars().count() > NAME_MAX {
            error(&mut errors, "name", "too_long", "Le nom ne peut dépasser 200 caractères.");
        }
        match (self.started_at, self.ended_at) {
            (None, _) => error(&mut errors, "started_at", "required", "Indiquez la date de début de l'action."),
            (Some(start), Some(end)) if end < start => {
                error(&mut errors, "ended_at", "before_start", "La date de fin ne peut précéder la date de début.")
            }
            _ => {}
        }
        if self.topics.is_empty() {
            error(&mut errors, "topics", "required", "Choisissez au moins un champ d'intervention.");
        }
        if self.goals.is_empty() {
            error(&mut errors, "goals", "required", "Indiquez les objectifs de l'action.");
        } else if self.goals.chars().count() > TEXT_MAX {
            error(&mut errors, "goals", "too_long", "Les objectifs ne peuvent dépasser 5 000 caractères.");
        }
        if self.departement_code.is_empty() {
            error(&mut errors, "departement_code", "required", "Indiquez le département de l'action.");
        }
        self.check_location(&mut errors);
        if self.pilots.is_empty() {
            error(&mut errors, "pilots", "required", "Indiquez au moins un pilote de l'action.");
        }
        if self.operators.is_empty() {
            error(&mut errors, "operators", "required", "Indiquez au moins un opérateur de l'action.");
        }
        match self.principal_operator {
            None if self.operators.len() > 1 => error(
                &mut errors,
                "principal_operator",
                "required",
                "Indiquez l'opérateur principal parmi les opérateurs.",
            ),
            Some(principal) if !self.operators.contains(&principal) => error(
                &mut errors,
                "principal_operator",
                "not_an_operator",
                "L'opérateur principal doit faire partie des opérateurs.",
            ),
            _ => {}
        }
        errors
    }

    fn check_location(&self, errors: &mut Vec<FieldError>) {
        match self.location_type {
            None => error(errors, "location_type", "required", "Indiquez où se déroule l'action."),
            Some(ActionLocationType::Eti) => match &self.eti {
                None => error(errors, "eti", "required", "Indiquez l'adresse de l'espace temporaire d'accompagnement."),
                Some(eti) => {
                    if eti.address.is_empty() {
                        error(errors, "eti.address", "required", "Indiquez l'adresse de l'ETI.");
                    }
                    if eti.city_code.is_empty() {
                        error(errors, "eti.city_code", "required", "Indiquez la commune de l'ETI.");
                    }
                    match (eti.latitude, eti.longitude) {
                        (Some(latitude), Some(longitude)) => {
                            if !(-90.0..=90.0).contains(&latitude) {
                                error(errors, "eti.latitude", "out_of_range", "Latitude invalide.");
                            }
                            if !(-180.0..=180.0).contains(&longitude) {
                                error(errors, "eti.longitude", "out_of_range", "Longitude invalide.");
                            }
                        }
                        _ => error(errors, "eti.latitude", "required", "Placez l'ETI sur la carte."),
                    }
                }
            },
            Some(ActionLocationType::OnSite) if self.site_ids.is_empty() => {
                error(errors, "site_ids", "required", "Choisissez au moins un site.")
            }
            Some(ActionLocationType::Other) => match self.location_other.as_deref() {
                None => error(errors, "location_other", "required", "Précisez où se déroule l'action."),
                Some(text) if text.chars().count() > TEXT_MAX => {
                    error(errors, "location_other", "too_long", "Ce texte ne peut dépasser 5 000 caractères.")
                }
                Some(_) => {}
            },
            Some(_) => {}
        }
    }

    /// True when the action's end date is past.
    pub fn is_ended(&self, today: NaiveDate) -> bool {
        self.ended_at.is_some_and(|end| end < today)
    }
}

/// The rules of an action need the database on the server: they run in the write path, not in
/// the generic body validation.
impl validator::Validate for ActionInput {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ActionInput {
        ActionInput {
            name: "Accompagnement".into(),
            started_at: NaiveDate::from_ymd_opt(2025, 1, 6),
            topics: vec![Topic::Health],
            goals: "Ouvrir les droits".into(),
            departement_code: "93".into(),
            location_type: Some(ActionLocationType::Housing),
            pilots: vec![1],
            operators: vec![2],
            ..ActionInput::default()
        }
    }

    fn fields(input: &ActionInput) -> Vec<String> {
        input.check().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_action_passes_and_an_empty_one_names_every_required_field() {
        let mut input = valid();
        input.normalize();
        assert!(input.check().is_empty(), "{:?}", input.check());
        assert_eq!(input.principal_operator, Some(2), "a single operator is the principal one");
        assert_eq!(
            fields(&ActionInput::default()),
            vec!["name", "started_at", "topics", "goals", "departement_code", "location_type", "pilots", "operators"]
        );
    }

    #[test]
    fn dates_location_and_principal_operator_follow_their_rules() {
        let mut input = valid();
        input.ended_at = NaiveDate::from_ymd_opt(2024, 12, 31);
        input.location_type = Some(ActionLocationType::OnSite);
        input.operators = vec![2, 3];
        input.normalize();
        assert_eq!(fields(&input), vec!["ended_at", "site_ids", "principal_operator"]);
        input.principal_operator = Some(9);
        input.location_type = Some(ActionLocationType::Eti);
        input.eti = Some(EtiLocation { latitude: Some(95.0), longitude: Some(2.0), ..EtiLocation::default() });
        assert_eq!(
            fields(&input),
            vec!["ended_at", "eti.address", "eti.city_code", "eti.latitude", "principal_operator"]
        );
    }

    #[test]
    fn normalizing_drops_what_another_location_type_made_irrelevant() {
        let mut input = valid();
        input.site_ids = vec![3, 3];
        input.location_other = Some("  ".into());
        input.topics = vec![Topic::Health, Topic::Health];
        input.normalize();
        assert!(input.site_ids.is_empty() && input.location_other.is_none());
        assert_eq!(input.topics, vec![Topic::Health]);
        input.location_type = Some(ActionLocationType::OnSite);
        input.site_ids = vec![3, 3, 4];
        input.normalize();
        assert_eq!(input.site_ids, vec![3, 4]);
    }
}
