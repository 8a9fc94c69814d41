//! What a client sends to declare or update a site, and the rules it must satisfy
//! (DOMAIN §6). The server runs [`SiteInput::check`] on every write; the web app may run it
//! first to show errors early.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{CensusStatus, FieldType, OwnerType, PoliceStatus, PreparatoryPhase, SocialOrigin};
use super::living_conditions::LivingConditions;
use crate::problem::FieldError;

/// Counts of people and dwellings. Every count is optional (unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Nombre de personnes (≥ 1).
    #[serde(default)]
    pub total: Option<i32>,
    /// dont femmes et filles.
    #[serde(default)]
    pub total_females: Option<i32>,
    /// Nombre de ménages (≥ 1, ≤ personnes).
    #[serde(default)]
    pub households: Option<i32>,
    /// Nombre de mineurs (≤ personnes, ≥ somme des tranches d'âge).
    #[serde(default)]
    pub minors: Option<i32>,
    /// dont filles.
    #[serde(default)]
    pub minors_girls: Option<i32>,
    #[serde(default)]
    pub minors_0_3: Option<i32>,
    #[serde(default)]
    pub minors_3_6: Option<i32>,
    #[serde(default)]
    pub minors_6_12: Option<i32>,
    #[serde(default)]
    pub minors_12_16: Option<i32>,
    #[serde(default)]
    pub minors_16_18: Option<i32>,
    /// Enfants inscrits dans un établissement scolaire (≤ mineurs).
    #[serde(default)]
    pub minors_in_school: Option<i32>,
    #[serde(default)]
    pub caravans: Option<i32>,
    /// Habitats autoconstruits (cabanes).
    #[serde(default)]
    pub huts: Option<i32>,
    #[serde(default)]
    pub tents: Option<i32>,
    /// Voitures dortoir.
    #[serde(default)]
    pub cars: Option<i32>,
    #[serde(default)]
    pub mattresses: Option<i32>,
}

/// The social diagnosis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Census {
    /// `null` when unknown.
    #[serde(default)]
    pub status: Option<CensusStatus>,
    /// Required when scheduled (not in the past) or done (not in the future).
    #[serde(default)]
    pub conducted_at: Option<NaiveDate>,
    /// Service ou opérateur en charge du diagnostic; required when scheduled or done.
    #[serde(default)]
    pub conducted_by: Option<String>,
}

/// Judicial and administrative procedures (restricted: `shantytown_justice.access`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Justice {
    /// Dépôt de plainte par le propriétaire.
    #[serde(default)]
    pub owner_complaint: Option<bool>,
    /// Existence d'une procédure judiciaire.
    #[serde(default)]
    pub justice_procedure: Option<bool>,
    /// Décision de justice rendue (required when there is a procedure).
    #[serde(default)]
    pub justice_rendered: Option<bool>,
    /// Origine de la décision (required when rendered).
    #[serde(default)]
    pub justice_rendered_by: Option<String>,
    /// Date de la décision (required when rendered).
    #[serde(default)]
    pub justice_rendered_at: Option<NaiveDate>,
    /// Appel en cours (required when rendered).
    #[serde(default)]
    pub justice_challenged: Option<bool>,
    /// Concours de la force publique.
    #[serde(default)]
    pub police_status: Option<PoliceStatus>,
    /// Required when requested or granted.
    #[serde(default)]
    pub police_requested_at: Option<NaiveDate>,
    /// Required when granted; not before the request.
    #[serde(default)]
    pub police_granted_at: Option<NaiveDate>,
    /// Nom de l'étude d'huissiers.
    #[serde(default)]
    pub bailiff: Option<String>,
    /// Existence d'un contentieux.
    #[serde(default)]
    pub existing_litigation: Option<bool>,
    /// Procédure administrative prescrivant l'évacuation sous délai.
    #[serde(default)]
    pub evacuation_under_time_limit: Option<bool>,
    #[serde(default)]
    pub administrative_order_decision_at: Option<NaiveDate>,
    #[serde(default)]
    pub administrative_order_decision_rendered_by: Option<String>,
    #[serde(default)]
    pub administrative_order_evacuation_at: Option<NaiveDate>,
    /// Arrêté d'insalubrité (opération RHI).
    #[serde(default)]
    pub insalubrity_order: Option<bool>,
    #[serde(default)]
    pub insalubrity_order_displayed: Option<bool>,
    #[serde(default)]
    pub insalubrity_order_type: Option<String>,
    #[serde(default)]
    pub insalubrity_order_by: Option<String>,
    #[serde(default)]
    pub insalubrity_order_at: Option<NaiveDate>,
    #[serde(default)]
    pub insalubrity_parcels: Option<String>,
}

/// One owner of the land (restricted: `shantytown_owner.access`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    pub owner_type: OwnerType,
}

/// A preparatory phase toward resorption and, once done, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PhaseInput {
    pub phase: PreparatoryPhase,
    #[serde(default)]
    pub completed_at: Option<NaiveDate>,
}

/// A site as declared or updated. On update, blocks the caller may not write (justice,
/// owners) are ignored and keep their stored values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Les Tilleuls", "address": "7 rue des Tilleuls 93100 Montreuil", "city_code": "93048", "latitude": 48.859, "longitude": 2.442, "built_at": "2026-01-10", "declared_at": "2026-02-01", "field_type": "land", "owner_type": "private", "is_reinstallation": false, "population": {"total": 30, "households": 8, "minors": 12, "minors_in_school": 6}, "social_origins": ["european"], "census": {"status": "done", "conducted_at": "2026-03-01", "conducted_by": "Association Solidarité Terrain"}, "living_conditions": {"water": {"access_type": "fontaine_publique"}, "electricity": {"access": false}, "fire": {"prevention_diagnostic": false}}, "justice": {"owner_complaint": true, "justice_procedure": false}, "owners": [{"name": "SCI du Parc", "owner_type": "private"}]})))]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    /// Appellation du site (35 characters at most).
    #[serde(default)]
    pub name: Option<String>,
    /// The full address, as the address base labels it.
    pub address: String,
    /// Informations d'accès.
    #[serde(default)]
    pub address_details: Option<String>,
    /// INSEE code of the commune (or municipal arrondissement).
    pub city_code: String,
    /// WGS 84, inside metropolitan France or an overseas département.
    pub latitude: f64,
    pub longitude: f64,
    /// Date d'installation (not in the future).
    #[serde(default)]
    pub built_at: Option<NaiveDate>,
    /// Date de signalement (not in the future, not before installation).
    pub declared_at: NaiveDate,
    pub field_type: FieldType,
    pub owner_type: OwnerType,
    /// S'agit-il d'une réinstallation ? `null`: unknown.
    #[serde(default)]
    pub is_reinstallation: Option<bool>,
    #[serde(default)]
    pub reinstallation_comments: Option<String>,
    /// Sites the inhabitants came from.
    #[serde(default)]
    pub reinstallation_incoming_sites: Vec<i32>,
    #[serde(default)]
    pub population: Population,
    #[serde(default)]
    pub social_origins: Vec<SocialOrigin>,
    #[serde(default)]
    pub census: Census,
    #[serde(default)]
    pub living_conditions: LivingConditions,
    /// Restricted; absent or ignored without the justice permission.
    #[serde(default)]
    pub justice: Option<Justice>,
    /// Restricted; replaced as a whole; absent or ignored without the owner permission.
    #[serde(default)]
    pub owners: Option<Vec<Owner>>,
    #[serde(default)]
    pub preparatory_phases: Vec<PhaseInput>,
    /// "Date de mise à jour des données": may be back-dated, never in the future, never before
    /// the previous update. Defaults to today.
    #[serde(default)]
    pub updated_at: Option<NaiveDate>,
}

/// Bounding boxes of metropolitan France (with Corsica) and the five overseas départements:
/// (south, west, north, east).
const FRANCE: &[(f64, f64, f64, f64)] = &[
    (41.2, -5.3, 51.2, 9.7),
    (15.8, -61.9, 16.6, -60.9),
    (14.3, -61.3, 14.95, -60.75),
    (2.0, -54.7, 5.9, -51.5),
    (-21.45, 55.15, -20.8, 55.9),
    (-13.1, 44.9, -12.5, 45.35),
];

/// True when the point lies in France (metropolitan or overseas).
pub fn in_france(latitude: f64, longitude: f64) -> bool {
    FRANCE
        .iter()
        .any(|(south, west, north, east)| (*south..=*north).contains(&latitude) && (*west..=*east).contains(&longitude))
}

fn error(errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) {
    errors.push(FieldError::new(field, code, message));
}

fn not_future(errors: &mut Vec<FieldError>, field: &str, date: Option<NaiveDate>, today: NaiveDate) {
    if date.is_some_and(|d| d > today) {
        error(errors, field, "future_date", "La date ne peut pas être dans le futur.");
    }
}

impl Population {
    fn check(&self, errors: &mut Vec<FieldError>) {
        let counts = [
            ("total", self.total),
            ("total_females", self.total_females),
            ("households", self.households),
            ("minors", self.minors),
            ("minors_girls", self.minors_girls),
            ("minors_0_3", self.minors_0_3),
            ("minors_3_6", self.minors_3_6),
            ("minors_6_12", self.minors_6_12),
            ("minors_12_16", self.minors_12_16),
            ("minors_16_18", self.minors_16_18),
            ("minors_in_school", self.minors_in_school),
            ("caravans", self.caravans),
            ("huts", self.huts),
            ("tents", self.tents),
            ("cars", self.cars),
            ("mattresses", self.mattresses),
        ];
        for (field, value) in counts {
            if value.is_some_and(|v| v < 0) {
                error(errors, &format!("population.{field}"), "negative", "Le nombre ne peut pas être négatif.");
            }
        }
        let at_most =
            |errors: &mut Vec<FieldError>, field: &str, value: Option<i32>, limit: Option<i32>, message: &str| {
                if let (Some(value), Some(limit)) = (value, limit) {
                    if value > limit {
                        error(errors, &format!("population.{field}"), "too_large", message);
                    }
                }
            };
        if self.total == Some(0) {
            error(errors, "population.total", "too_small", "Un site compte au moins une personne.");
        }
        if self.households == Some(0) {
            error(errors, "population.households", "too_small", "Un site compte au moins un ménage.");
        }
        at_most(
            errors,
            "households",
            self.households,
            self.total,
            "Il ne peut y avoir plus de ménages que de personnes.",
        );
        at_most(
            errors,
            "total_females",
            self.total_females,
            self.total,
            "Il ne peut y avoir plus de femmes que de personnes.",
        );
        at_most(errors, "minors", self.minors, self.total, "Il ne peut y avoir plus de mineurs que de personnes.");
        at_most(
            errors,
            "minors_girls",
            self.minors_girls,
            self.minors,
            "Il ne peut y avoir plus de filles que de mineurs.",
        );
        at_most(
            errors,
            "minors_in_school",
            self.minors_in_school,
            self.minors.or(self.total),
            "Il ne peut y avoir plus d'enfants scolarisés que de mineurs.",
        );
        let bands = [self.minors_0_3, self.minors_3_6, self.minors_6_12, self.minors_12_16, self.minors_16_18];
        let banded: i32 = bands.iter().flatten().sum();
        if let Some(minors) = self.minors {
            if banded > minors {
                error(
                    errors,
                    "population.minors",
                    "less_than_age_bands",
                    "Le nombre de mineurs est inférieur à la somme des tranches d'âge.",
                );
            }
        } else if let Some(total) = self.total {
            if banded > total {
                error(
                    errors,
                    "population.minors_0_3",
                    "too_large",
                    "Les tranches d'âge dépassent le nombre de personnes.",
                );
            }
        }
    }
}

impl Census {
    fn check(&self, errors: &mut Vec<FieldError>, built_at: Option<NaiveDate>, today: NaiveDate) {
        let Some(status) = self.status else { return };
        if status == CensusStatus::None {
            return;
        }
        match self.conducted_at {
            None => error(errors, "census.conducted_at", "required", "Indiquez la date du diagnostic."),
            Some(date) => {
                if status == CensusStatus::Scheduled && date < today {
                    error(
                        errors,
                        "census.conducted_at",
                        "past_date",
                        "Un diagnostic prévu ne peut pas être daté dans le passé.",
                    );
                }
                if status == CensusStatus::Done && date > today {
                    error(
                        errors,
                        "census.conducted_at",
                        "future_date",
                        "Un diagnostic réalisé ne peut pas être daté dans le futur.",
                    );
                }
                if built_at.is_some_and(|built| date < built) {
                    error(
                        errors,
                        "census.conducted_at",
                        "before_installation",
                        "Le diagnostic ne peut précéder l'installation.",
                    );
                }
            }
        }
        if self.conducted_by.as_deref().is_none_or(|by| by.trim().is_empty()) {
            error(
                errors,
                "census.conducted_by",
                "required",
                "Indiquez le service ou l'opérateur en charge du diagnostic.",
            );
        }
    }
}

impl Justice {
    /// Nulls the answers that earlier answers made irrelevant.
    pub fn normalize(&mut self) {
        if self.justice_procedure != Some(true) {
            self.justice_rendered = None;
        }
        if self.justice_rendered != Some(true) {
            self.justice_rendered_by = None;
            self.justice_rendered_at = None;
            self.justice_challenged = None;
        }
        if !matches!(self.police_status, Some(PoliceStatus::Requested | PoliceStatus::Granted | PoliceStatus::Refused))
        {
            self.police_requested_at = None;
        }
        if self.police_status != Some(PoliceStatus::Granted) {
            self.police_granted_at = None;
        }
        if self.evacuation_under_time_limit != Some(true) {
            self.administrative_order_decision_at = None;
            self.administrative_order_decision_rendered_by = None;
            self.administrative_order_evacuation_at = None;
        }
        if self.insalubrity_order != Some(true) {
            self.insalubrity_order_displayed = None;
            self.insalubrity_order_type = None;
            self.insalubrity_order_by = None;
            self.insalubrity_order_at = None;
            self.insalubrity_parcels = None;
        }
    }

    fn check(&self, errors: &mut Vec<FieldError>, built_at: Option<NaiveDate>, today: NaiveDate) {
        let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
        if self.justice_procedure == Some(true) && self.justice_rendered.is_none() {
            error(errors, "justice.justice_rendered", "required", "Indiquez si une décision de justice a été rendue.");
        }
        if self.justice_rendered == Some(true) {
            if blank(&self.justice_rendered_by) {
                error(errors, "justice.justice_rendered_by", "required", "Indiquez l'origine de la décision.");
            }
            match self.justice_rendered_at {
                None => error(errors, "justice.justice_rendered_at", "required", "Indiquez la date de la décision."),
                Some(date) if built_at.is_some_and(|built| date < built) => error(
                    errors,
                    "justice.justice_rendered_at",
                    "before_installation",
                    "La décision ne peut précéder l'installation.",
                ),
                Some(_) => {}
            }
            if self.justice_challenged.is_none() {
                error(
                    errors,
                    "justice.justice_challenged",
                    "required",
                    "Indiquez si la décision fait l'objet d'un appel.",
                );
            }
        }
        not_future(errors, "justice.justice_rendered_at", self.justice_rendered_at, today);
        if matches!(self.police_status, Some(PoliceStatus::Requested | PoliceStatus::Granted))
            && self.police_requested_at.is_none()
        {
            error(
                errors,
                "justice.police_requested_at",
                "required",
                "Indiquez la date de la demande de concours de la force publique.",
            );
        }
        if self.police_status == Some(PoliceStatus::Granted) {
            match (self.police_granted_at, self.police_requested_at) {
                (None, _) => error(
                    errors,
                    "justice.police_granted_at",
                    "required",
                    "Indiquez la date d'octroi du concours de la force publique.",
                ),
                (Some(granted), Some(requested)) if granted < requested => error(
                    errors,
                    "justice.police_granted_at",
                    "before_request",
                    "L'octroi ne peut précéder la demande.",
                ),
                _ => {}
            }
        }
        not_future(errors, "justice.police_requested_at", self.police_requested_at, today);
        not_future(errors, "justice.police_granted_at", self.police_granted_at, today);
        not_future(errors, "justice.administrative_order_decision_at", self.administrative_order_decision_at, today);
        not_future(errors, "justice.insalubrity_order_at", self.insalubrity_order_at, today);
    }
}

impl SiteInput {
    /// Applies the branch rules that make answers irrelevant, whatever the client sent.
    pub fn normalize(&mut self) {
        self.living_conditions.normalize();
        if let Some(justice) = &mut self.justice {
            justice.normalize();
        }
        if self.is_reinstallation != Some(true) {
            self.reinstallation_incoming_sites.clear();
        }
        self.social_origins.sort();
        self.social_origins.dedup();
        self.reinstallation_incoming_sites.sort();
        self.reinstallation_incoming_sites.dedup();
        let trim = |text: &mut Option<String>| {
            *text = text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        };
        trim(&mut self.name);
        trim(&mut self.address_details);
        trim(&mut self.reinstallation_comments);
        self.address = self.address.trim().to_owned();
    }

    /// Every rule that needs no database, one error per faulty field.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.name.as_deref().is_some_and(|name| name.chars().count() > 35) {
            error(&mut errors, "name", "too_long", "L'appellation ne peut dépasser 35 caractères.");
        }
        if self.address.trim().is_empty() {
            error(&mut errors, "address", "required", "L'adresse est obligatoire.");
        } else if self.address.chars().count() > 300 {
            error(&mut errors, "address", "too_long", "L'adresse ne peut dépasser 300 caractères.");
        }
        let valid_point = self.latitude.is_finite() && self.longitude.is_finite();
        if !valid_point || !in_france(self.latitude, self.longitude) {
            error(&mut errors, "latitude", "outside_france", "Les coordonnées doivent désigner un point en France.");
        }
        not_future(&mut errors, "built_at", self.built_at, today);
        if self.declared_at > today {
            error(&mut errors, "declared_at", "future_date", "La date de signalement ne peut pas être dans le futur.");
        }
        if self.built_at.is_some_and(|built| self.declared_at < built) {
            error(&mut errors, "declared_at", "before_installation", "Le signalement ne peut précéder l'installation.");
        }
        if self.reinstallation_comments.as_deref().is_some_and(|c| c.chars().count() > 5000) {
            error(&mut errors, "reinstallation_comments", "too_long", "Le texte ne peut dépasser 5000 caractères.");
        }
        self.population.check(&mut errors);
        self.census.check(&mut errors, self.built_at, today);
        errors.extend(self.living_conditions.check("living_conditions"));
        if let Some(justice) = &self.justice {
            justice.check(&mut errors, self.built_at, today);
        }
        for (index, owner) in self.owners.iter().flatten().enumerate() {
            if owner.name.trim().is_empty() || owner.name.chars().count() > 200 {
                error(
                    &mut errors,
                    &format!("owners[{index}].name"),
                    "required",
                    "Indiquez le nom du propriétaire (200 caractères au plus).",
                );
            }
        }
        let mut seen = Vec::new();
        for (index, phase) in self.preparatory_phases.iter().enumerate() {
            if seen.contains(&phase.phase) {
                error(
                    &mut errors,
                    &format!("preparatory_phases[{index}].phase"),
                    "duplicate",
                    "Cette phase est déjà indiquée.",
                );
            }
            seen.push(phase.phase);
            not_future(&mut errors, &format!("preparatory_phases[{index}].completed_at"), phase.completed_at, today);
        }
        not_future(&mut errors, "updated_at", self.updated_at, today);
        errors
    }
}

/// The rules of a site need today's date and, on the server, the database: they run in
/// [`SiteInput::check`] and the server's write path, not in the generic body validation.
impl validator::Validate for SiteInput {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}
