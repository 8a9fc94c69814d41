//! Régions, départements, EPCI and communes, named by their official codes.

use serde::{Deserialize, Serialize};

labelled_enum! {
    /// A level of the French administrative geography.
    pub enum LocationType {
        Nation = "nation" => "France",
        Region = "region" => "Région",
        Departement = "departement" => "Département",
        Epci = "epci" => "Intercommunalité",
        City = "city" => "Commune",
    }
}

/// A territory named by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerritoryRef {
    pub code: String,
    pub name: String,
}

/// A territory with every level above it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Territory {
    #[serde(rename = "type")]
    pub location_type: LocationType,
    /// Absent for the nation.
    pub code: Option<String>,
    pub name: String,
    pub region: Option<TerritoryRef>,
    pub departement: Option<TerritoryRef>,
    /// An EPCI may span several départements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departements: Vec<TerritoryRef>,
    pub epci: Option<TerritoryRef>,
    /// For a municipal arrondissement of Paris, Lyon or Marseille: the commune it belongs to.
    pub main_city: Option<TerritoryRef>,
    /// True for the five overseas départements and régions.
    pub overseas: bool,
}

/// One answer of the territory autocompletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"type": "city", "code": "93048", "name": "Montreuil", "label": "Montreuil (93)", "departement_code": "93"})))]
pub struct TerritoryMatch {
    #[serde(rename = "type")]
    pub location_type: LocationType,
    pub code: String,
    pub name: String,
    /// What the user reads in the list, e.g. "Montreuil (93)".
    pub label: String,
    /// The département code, for communes and départements.
    pub departement_code: Option<String>,
}

/// A location as the user picks it: a level and, below the nation, a code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    #[serde(rename = "type")]
    pub location_type: LocationType,
    #[serde(default)]
    pub code: Option<String>,
}
