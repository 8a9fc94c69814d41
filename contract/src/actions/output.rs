//! What the API answers about actions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::{ActionChangeKind, ActionLocationType, ActionPhase, FinanceReaderReason, Topic};
use super::finances::FinanceRow;
use super::indicators::YearIndicators;
use crate::sites::history::FieldChange;
use crate::sites::output::{OrganizationRef, SiteLink, UserRef};
use crate::territories::TerritoryRef;

/// Where an ETI is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EtiPlace {
    pub address: String,
    pub city: TerritoryRef,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// What the caller may do with an action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionAbilities {
    pub update: bool,
    /// Change the pilots, the finances and the département (finance readers only).
    pub update_restricted: bool,
    pub read_finances: bool,
    pub delete: bool,
    /// Post in the journal.
    pub comment: bool,
    /// Remove others' messages from the journal.
    pub moderate: bool,
}

/// An action with everything the caller may read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "version": 2, "name": "Accès aux soins et scolarisation aux Roses", "started_at": "2025-01-06",
    "ended_at": null, "phase": "ongoing", "topics": ["health", "school"],
    "goals": "Ouvrir les droits à l'assurance maladie et inscrire tous les enfants à l'école.",
    "departement": {"code": "93", "name": "Seine-Saint-Denis"}, "region": {"code": "11", "name": "Île-de-France"},
    "location_type": "sur_site", "eti": null,
    "sites": [{"id": 12, "display_name": "12 chemin des Roses « Les Roses »", "city_name": "Montreuil", "open": true}],
    "location_other": null,
    "pilots": [{"id": 4, "first_name": "Julien", "last_name": "Lefèvre", "position": "Chargé de mission bidonvilles",
        "organization": {"id": 2, "name": "Préfecture de la Seine-Saint-Denis", "abbreviation": null}}],
    "operators": [{"id": 6, "first_name": "Ioana", "last_name": "Popescu", "position": "Travailleuse sociale",
        "organization": {"id": 5, "name": "Association Solidarité Terrain 93", "abbreviation": "AST 93"}}],
    "principal_operator": 6,
    "indicators": [{"year": 2025, "values": {"people": 48, "households": 12, "minors": 22, "health_people": 30},
        "updated_at": "2026-01-15T10:00:00Z", "updated_by": 6}],
    "indicators_updated_at": "2026-01-15T10:00:00Z",
    "created_at": "2025-01-06T09:30:00Z", "created_by": null, "updated_at": "2025-06-02T14:12:00Z", "updated_by": null,
    "abilities": {"update": true, "update_restricted": false, "read_finances": false, "delete": false, "comment": true, "moderate": false}
})))]
pub struct Action {
    pub id: i32,
    pub version: i32,
    pub name: String,
    pub started_at: NaiveDate,
    pub ended_at: Option<NaiveDate>,
    /// `ended` once the end date is past.
    pub phase: ActionPhase,
    pub topics: Vec<Topic>,
    pub goals: String,
    pub departement: TerritoryRef,
    pub region: TerritoryRef,
    pub location_type: ActionLocationType,
    pub eti: Option<EtiPlace>,
    /// The sites of a `sur_site` action that the caller may read.
    pub sites: Vec<SiteLink>,
    pub location_other: Option<String>,
    pub pilots: Vec<UserRef>,
    pub operators: Vec<UserRef>,
    pub principal_operator: Option<i32>,
    /// Finance readers only (absent for the others): rows per year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finances: Option<Vec<FinanceRow>>,
    /// The indicators of each year entered, oldest year first.
    pub indicators: Vec<YearIndicators>,
    pub indicators_updated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserRef>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<UserRef>,
    pub abilities: ActionAbilities,
    /// On a creation or an update: the fields sent that the caller may not change (`finances`,
    /// `pilots` and `departement_code` without finance access), whose stored values were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_fields: Vec<String>,
}

/// An action, briefly: on a site's page, in the activity feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionLink {
    pub id: i32,
    pub name: String,
    pub phase: ActionPhase,
    pub started_at: NaiveDate,
    pub ended_at: Option<NaiveDate>,
    pub topics: Vec<Topic>,
}

/// One version of an action and what changed since the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionHistoryEntry {
    pub version: i32,
    pub kind: ActionChangeKind,
    pub author: Option<UserRef>,
    pub at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
}

/// An action in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionSummary {
    pub id: i32,
    pub name: String,
    pub started_at: NaiveDate,
    pub ended_at: Option<NaiveDate>,
    pub phase: ActionPhase,
    pub topics: Vec<Topic>,
    pub departement: TerritoryRef,
    pub location_type: ActionLocationType,
    /// The organizations of the pilots.
    pub pilot_organizations: Vec<OrganizationRef>,
    /// The organization of the principal operator.
    pub operator_organization: Option<OrganizationRef>,
    pub site_count: i32,
    pub updated_at: DateTime<Utc>,
    /// When indicators were last entered (the list's status tag); absent when never.
    pub indicators_updated_at: Option<DateTime<Utc>>,
}

/// One page of actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionPage {
    pub items: Vec<ActionSummary>,
    /// Pass it as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Actions matching the filters in the phase asked, all pages.
    pub total: i64,
    /// Actions matching the other filters, ongoing and ended: the counts of the two tabs.
    pub ongoing: i64,
    pub ended: i64,
}

/// Who will read an action's finances: the members of its pilots' organizations and those
/// allowed to read finances where it is, by organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"organizations": [
    {"organization": {"id": 4, "name": "Commune de Montreuil", "abbreviation": null}, "reason": "pilot",
        "users": [{"id": 5, "first_name": "Sophie", "last_name": "Martin", "position": "Directrice de la solidarité",
            "organization": {"id": 4, "name": "Commune de Montreuil", "abbreviation": null}}]},
    {"organization": {"id": 2, "name": "Préfecture de la Seine-Saint-Denis", "abbreviation": null}, "reason": "territory",
        "users": [{"id": 3, "first_name": "Claire", "last_name": "Morel", "position": "Sous-préfète à la cohésion sociale",
            "organization": {"id": 2, "name": "Préfecture de la Seine-Saint-Denis", "abbreviation": null}}]},
    {"organization": {"id": 2, "name": "Préfecture de la Seine-Saint-Denis", "abbreviation": null}, "reason": "national",
        "users": [{"id": 4, "first_name": "Julien", "last_name": "Lefèvre", "position": "Chargé de mission bidonvilles",
            "organization": {"id": 2, "name": "Préfecture de la Seine-Saint-Denis", "abbreviation": null}}]}
]})))]
pub struct FinanceReaders {
    /// Pilots first, then readers of the territory, then nationwide readers; by name within
    /// each. An organization whose members read for two reasons appears once per reason.
    pub organizations: Vec<FinanceReaderOrganization>,
}

/// The members of one organization who will read the finances, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinanceReaderOrganization {
    pub organization: OrganizationRef,
    pub reason: FinanceReaderReason,
    /// Active members, by last name.
    pub users: Vec<UserRef>,
}
