//! Filters of the action list (DOMAIN §10, issue 12 item 5). As for sites, a filter with
//! several values takes them comma-separated: values of one filter are OR-ed, filters AND-ed.

use serde::{Deserialize, Serialize};

use super::codes::{ActionLocationType, ActionPhase, Topic};
use crate::sites::filters::comma_separated;
use crate::territories::LocationType;

labelled_enum! {
    pub enum ActionSort {
        StartedAt = "started_at" => "Date de début",
        Name = "name" => "Nom de l'action",
        UpdatedAt = "updated_at" => "Date de mise à jour",
        Departement = "departement" => "Département",
    }
}

labelled_enum! {
    /// Whether the indicators of a year were entered.
    pub enum IndicatorsFilter {
        Filled = "filled" => "Indicateurs renseignés",
        Missing = "missing" => "Indicateurs non renseignés",
    }
}

/// Which actions: phase, territory, text and every filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ActionFilter {
    /// `ongoing` (default) or `ended`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub phase: Option<ActionPhase>,
    /// The territory level; with `location_code`. A commune or an EPCI finds the actions whose
    /// ETI or sites are there.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub location_type: Option<LocationType>,
    #[serde(default)]
    pub location_code: Option<String>,
    /// Words in the name, the communes, the pilots or the operators and their organizations
    /// (accents and case ignored).
    #[serde(default)]
    pub q: Option<String>,
    /// Comma-separated: `health`, `school`, `work`, `housing`, `safety`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub topic: Vec<Topic>,
    /// Where it takes place, comma-separated: `eti`, `logement`, `sur_site`, `autre`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub place: Vec<ActionLocationType>,
    /// Actions running during this year.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Actions on this site.
    #[serde(default)]
    pub site_id: Option<i32>,
    /// Actions one of whose operators works for this organization.
    #[serde(default)]
    pub operator_organization: Option<i32>,
    /// `filled` or `missing`: the indicators of `year` (last year without it) were entered or not.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub indicators: Option<IndicatorsFilter>,
}

impl ActionFilter {
    /// The names of its parameters, to refuse the others.
    pub const NAMES: &'static [&'static str] = &[
        "phase",
        "location_type",
        "location_code",
        "q",
        "topic",
        "place",
        "year",
        "site_id",
        "operator_organization",
        "indicators",
    ];

    pub fn phase(&self) -> ActionPhase {
        self.phase.unwrap_or(ActionPhase::Ongoing)
    }
}
