//! The history of a site: who changed what, when, field by field (DOMAIN §7.5).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::output::UserRef;

labelled_enum! {
    /// What a version of a site records.
    pub enum ChangeKind {
        Creation = "creation" => "Déclaration du site",
        Update = "update" => "Mise à jour",
        Confirmation = "confirmation" => "Données confirmées sans changement",
        Closure = "closure" => "Fermeture du site",
        StatusFix = "status_fix" => "Correction de la fermeture",
        Heatwave = "heatwave" => "Alerte canicule",
        ResorptionTarget = "resorption_target" => "Objectif résorption",
        ResorptionStart = "resorption_start" => "Démarrage de la résorption",
    }
}

/// One field that changed, with values as people read them ("oui", "non renseigné", dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"field": "population.total", "label": "Nombre de personnes", "before": "30", "after": "35"})))]
pub struct FieldChange {
    /// Stable path of the field, e.g. `population.total`, `justice.police_status`.
    pub field: String,
    /// French label, e.g. "Nombre de personnes".
    pub label: String,
    pub before: String,
    pub after: String,
}

/// One version of a site and what changed since the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub version: i32,
    pub kind: ChangeKind,
    pub author: Option<UserRef>,
    pub at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
}
