//! Reference lists: every enumeration's codes with their French labels.

use serde::{Deserialize, Serialize};

use crate::Labelled;

/// A code and its French label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceItem {
    pub code: String,
    pub label: String,
}

/// Every value of an enumeration, in display order.
pub fn items_of<T: Labelled>() -> Vec<ReferenceItem> {
    T::ALL
        .iter()
        .map(|value| ReferenceItem { code: value.code().to_owned(), label: value.label().to_owned() })
        .collect()
}

/// The reference lists the app and partners need to display codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reference {
    pub roles: Vec<ReferenceItem>,
    pub admin_roles: Vec<ReferenceItem>,
    pub user_statuses: Vec<ReferenceItem>,
    pub permission_options: Vec<ReferenceItem>,
    pub email_subscriptions: Vec<ReferenceItem>,
    pub location_types: Vec<ReferenceItem>,
    pub organization_categories: Vec<ReferenceItem>,
    pub entities: Vec<ReferenceItem>,
    pub features: Vec<ReferenceItem>,
    /// The charter users must accept.
    pub charter_version: i32,
    pub sites: SiteReference,
}

/// A field type with the colour of its markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColoredItem {
    pub code: String,
    pub label: String,
    pub color: String,
}

/// The reference lists of sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteReference {
    pub statuses: Vec<ReferenceItem>,
    pub field_types: Vec<ColoredItem>,
    pub owner_types: Vec<ReferenceItem>,
    pub social_origins: Vec<ReferenceItem>,
    pub census_statuses: Vec<ReferenceItem>,
    pub police_statuses: Vec<ReferenceItem>,
    pub water_access_types: Vec<ReferenceItem>,
    pub toilet_types: Vec<ReferenceItem>,
    pub electricity_access_types: Vec<ReferenceItem>,
    pub condition_themes: Vec<ReferenceItem>,
    pub condition_statuses: Vec<ReferenceItem>,
    pub closed_with_solutions: Vec<ReferenceItem>,
    pub closing_solutions: Vec<ReferenceItem>,
    pub preparatory_phases: Vec<ReferenceItem>,
    pub actor_themes: Vec<ReferenceItem>,
    pub comment_tags: Vec<ReferenceItem>,
    pub comment_visibilities: Vec<ReferenceItem>,
    pub status_modes: Vec<ReferenceItem>,
    pub export_options: Vec<ReferenceItem>,
    pub population_buckets: Vec<ReferenceItem>,
    pub origin_filters: Vec<ReferenceItem>,
    pub justice_filters: Vec<ReferenceItem>,
    pub administrative_order_filters: Vec<ReferenceItem>,
    pub rhi_filters: Vec<ReferenceItem>,
    pub closure_outcomes: Vec<ReferenceItem>,
    pub sorts: Vec<ReferenceItem>,
}

impl SiteReference {
    pub fn build() -> Self {
        use crate::sites::codes::*;
        use crate::sites::filters::*;
        SiteReference {
            statuses: items_of::<SiteStatus>(),
            field_types: FieldType::ALL
                .iter()
                .map(|t| ColoredItem { code: t.code().into(), label: t.label().into(), color: t.color().into() })
                .collect(),
            owner_types: items_of::<OwnerType>(),
            social_origins: items_of::<SocialOrigin>(),
            census_statuses: items_of::<CensusStatus>(),
            police_statuses: items_of::<PoliceStatus>(),
            water_access_types: items_of::<WaterAccessType>(),
            toilet_types: items_of::<ToiletType>(),
            electricity_access_types: items_of::<ElectricityAccessType>(),
            condition_themes: items_of::<ConditionTheme>(),
            condition_statuses: items_of::<ConditionStatus>(),
            closed_with_solutions: items_of::<ClosedWithSolutions>(),
            closing_solutions: items_of::<ClosingSolution>(),
            preparatory_phases: items_of::<PreparatoryPhase>(),
            actor_themes: items_of::<ActorTheme>(),
            comment_tags: items_of::<CommentTag>(),
            comment_visibilities: items_of::<CommentVisibility>(),
            status_modes: items_of::<StatusMode>(),
            export_options: items_of::<ExportOption>(),
            population_buckets: items_of::<PopulationBucket>(),
            origin_filters: items_of::<OriginFilter>(),
            justice_filters: items_of::<JusticeFilter>(),
            administrative_order_filters: items_of::<AdministrativeOrderFilter>(),
            rhi_filters: items_of::<RhiFilter>(),
            closure_outcomes: items_of::<ClosureOutcome>(),
            sorts: items_of::<SiteSort>(),
        }
    }
}
