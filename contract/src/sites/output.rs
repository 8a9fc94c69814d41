//! What the API answers about sites.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::{
    ActorTheme, ClosedWithSolutions, ClosingSolution, ConditionStatus, FieldType, OwnerType, PreparatoryPhase,
    SiteStatus, SocialOrigin,
};
use super::input::{Census, Justice, Owner, Population};
use super::living_conditions::{LivingConditions, ThemeStatus};
use crate::territories::TerritoryRef;

/// An organization, briefly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRef {
    pub id: i32,
    pub name: String,
    pub abbreviation: Option<String>,
}

/// A user, briefly: who did something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub organization: OrganizationRef,
}

/// Another site, briefly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteLink {
    pub id: i32,
    pub display_name: String,
    pub city_name: String,
    pub open: bool,
}

/// How a site closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub closed_at: NaiveDate,
    pub status: SiteStatus,
    pub context: Option<String>,
    /// "Résorbé définitivement".
    pub closed_with_solutions: Option<ClosedWithSolutions>,
    // Always sent, but stored versions leave an empty list out: read as empty when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub solutions: Vec<SolutionCount>,
}

/// How many people and households went to one solution when the site closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SolutionCount {
    pub solution: ClosingSolution,
    #[serde(default)]
    pub people: Option<i32>,
    #[serde(default)]
    pub households: Option<i32>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A preparatory phase toward resorption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phase {
    pub phase: PreparatoryPhase,
    pub label: String,
    pub completed_at: Option<NaiveDate>,
}

/// Someone who works on a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteActor {
    pub user: UserRef,
    pub themes: Vec<ActorTheme>,
    pub other_theme: Option<String>,
}

/// What the caller may do on this site, so the app shows only what works.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteAbilities {
    pub update: bool,
    pub close: bool,
    pub fix_status: bool,
    pub delete: bool,
    pub read_justice: bool,
    pub read_owners: bool,
    pub comment: bool,
    pub moderate: bool,
    pub export: bool,
    /// May set the "Objectif résorption" (when none is set yet).
    pub set_resorption_target: bool,
    /// May start the resorption (when no phase exists yet).
    pub start_resorption: bool,
}

/// A site in full. `justice` and `owners` are present only for callers allowed to read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    pub id: i32,
    /// Also the ETag: send it back in If-Match to update.
    pub version: i32,
    pub status: SiteStatus,
    pub name: Option<String>,
    /// What the app calls the site: the street address and the name.
    pub display_name: String,
    pub address: String,
    pub address_details: Option<String>,
    pub city: TerritoryRef,
    pub main_city: Option<TerritoryRef>,
    pub epci: Option<TerritoryRef>,
    pub departement: TerritoryRef,
    pub region: TerritoryRef,
    pub latitude: f64,
    pub longitude: f64,
    pub built_at: Option<NaiveDate>,
    pub declared_at: NaiveDate,
    /// "Date de mise à jour des données".
    pub data_updated_at: NaiveDate,
    pub field_type: FieldType,
    pub owner_type: OwnerType,
    pub is_reinstallation: Option<bool>,
    pub reinstallation_comments: Option<String>,
    pub reinstallation_incoming_sites: Vec<SiteLink>,
    pub population: Population,
    pub social_origins: Vec<SocialOrigin>,
    pub census: Census,
    pub living_conditions: LivingConditions,
    pub living_condition_statuses: Vec<ThemeStatus>,
    pub justice: Option<Justice>,
    pub owners: Option<Vec<Owner>>,
    pub closure: Option<Closure>,
    pub heatwave: bool,
    /// "Objectif résorption": the year it was set.
    pub resorption_target: Option<i32>,
    pub preparatory_phases: Vec<Phase>,
    /// The last update only confirmed the data.
    pub updated_without_any_change: bool,
    /// Share of the 8 key facts that are known, from 0 to 1.
    pub completion_rate: f64,
    pub actors: Vec<SiteActor>,
    /// The actions led on the site that the caller may read, newest first.
    #[serde(default)]
    pub actions: Vec<crate::actions::output::ActionLink>,
    pub is_favorite: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserRef>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<UserRef>,
    pub abilities: SiteAbilities,
}

/// The status of each theme of living conditions, for lists and maps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionStatuses {
    pub water: ConditionStatus,
    pub sanitary: ConditionStatus,
    pub electricity: ConditionStatus,
    pub trash: ConditionStatus,
    pub pests: ConditionStatus,
    pub fire: ConditionStatus,
}

/// The justice facts a list shows, to callers allowed to read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JusticeSummary {
    pub owner_complaint: Option<bool>,
    pub justice_procedure: Option<bool>,
    pub justice_rendered: Option<bool>,
    pub evacuation_under_time_limit: Option<bool>,
    pub insalubrity_order: Option<bool>,
}

/// A site in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteSummary {
    pub id: i32,
    pub status: SiteStatus,
    pub name: Option<String>,
    pub display_name: String,
    pub address: String,
    pub city: TerritoryRef,
    pub departement_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub field_type: FieldType,
    pub population_total: Option<i32>,
    pub population_minors: Option<i32>,
    pub minors_in_school: Option<i32>,
    pub social_origins: Vec<SocialOrigin>,
    pub conditions: ConditionStatuses,
    pub heatwave: bool,
    pub resorption_target: Option<i32>,
    pub built_at: Option<NaiveDate>,
    pub declared_at: NaiveDate,
    pub data_updated_at: NaiveDate,
    pub closed_at: Option<NaiveDate>,
    pub closed_with_solutions: Option<ClosedWithSolutions>,
    pub actors_count: i32,
    pub justice: Option<JusticeSummary>,
}

/// One page of a site list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SitePage {
    pub items: Vec<SiteSummary>,
    /// Pass it as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Sites matching the filters, all pages.
    pub total: i64,
    /// People and minors on those sites (known counts only).
    pub population_total: i64,
    pub minors_total: i64,
}

/// An open site close to a point, to avoid declaring it twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 12, "display_name": "7 rue des Tilleuls « Les Tilleuls »", "city_name": "Montreuil", "field_type": "land", "population_total": 30, "distance": 120})))]
pub struct NearbySite {
    pub id: i32,
    pub display_name: String,
    pub city_name: String,
    pub field_type: FieldType,
    pub population_total: Option<i32>,
    /// Metres.
    pub distance: i32,
}
