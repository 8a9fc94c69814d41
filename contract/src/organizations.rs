//! Organization categories, types, organizations and the directory.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::territories::{LocationInput, LocationType, TerritoryRef};
use crate::users::Role;

labelled_enum! {
    /// The broad family an organization belongs to.
    pub enum OrganizationCategory {
        PublicEstablishment = "public_establishment" => "Service de l'État, établissement ou organisme public",
        TerritorialCollectivity = "territorial_collectivity" => "Collectivité territoriale",
        Association = "association" => "Association",
        Administration = "administration" => "Administration centrale",
        Intervener = "intervener" => "Intervenant",
    }
}

/// A type of organization (préfecture de département, commune, association…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationType {
    pub id: i32,
    pub uid: String,
    pub category: OrganizationCategory,
    pub name_singular: String,
    pub name_plural: String,
    pub abbreviation: Option<String>,
    /// The regular role its members get by default.
    pub default_role: Role,
}

/// A category with its types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryWithTypes {
    pub category: OrganizationCategory,
    pub label: String,
    pub types: Vec<OrganizationType>,
}

/// Where something is, resolved at every level above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    #[serde(rename = "type")]
    pub location_type: LocationType,
    pub region: Option<TerritoryRef>,
    pub departement: Option<TerritoryRef>,
    pub epci: Option<TerritoryRef>,
    pub city: Option<TerritoryRef>,
    /// "Seine-Saint-Denis", "Montreuil (93)", "France".
    pub label: String,
}

/// An area where an organization (or a user) works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterventionArea {
    #[serde(rename = "type")]
    pub location_type: LocationType,
    pub code: Option<String>,
    pub name: String,
    /// The area the map opens on.
    pub is_main: bool,
}

/// An area as submitted by an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InterventionAreaInput {
    #[serde(flatten)]
    pub location: LocationInput,
    #[serde(default)]
    pub is_main: bool,
}

/// An organization as lists and pickers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSummary {
    pub id: i32,
    pub name: String,
    pub abbreviation: Option<String>,
    pub type_uid: String,
    pub type_name: String,
    pub category: OrganizationCategory,
    pub location: Location,
    pub active: bool,
}

/// A member of an organization, as the directory shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Role,
}

/// An organization with its areas and members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationDetail {
    #[serde(flatten)]
    pub summary: OrganizationSummary,
    pub intervention_areas: Vec<InterventionArea>,
    pub members: Vec<Member>,
}

/// Creates an organization (national admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Commune de Saint-Denis", "type_uid": "commune", "location": {"type": "city", "code": "93066"}})))]
#[serde(deny_unknown_fields)]
pub struct NewOrganization {
    #[validate(length(min = 2, max = 200, message = "Le nom doit compter entre 2 et 200 caractères"))]
    pub name: String,
    #[validate(length(max = 50, message = "L'acronyme ne peut dépasser 50 caractères"))]
    #[serde(default)]
    pub abbreviation: Option<String>,
    pub type_uid: String,
    /// The territory the organization belongs to (the nation for national bodies).
    pub location: LocationInput,
    /// Where its members work; the organization's own territory when empty.
    #[serde(default)]
    pub intervention_areas: Vec<InterventionAreaInput>,
}

/// Changes an organization (national admins); absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"abbreviation": "AST 93", "active": true})))]
#[serde(deny_unknown_fields)]
pub struct OrganizationChanges {
    #[validate(length(min = 2, max = 200, message = "Le nom doit compter entre 2 et 200 caractères"))]
    #[serde(default)]
    pub name: Option<String>,
    /// `null` removes the acronym; absent keeps it.
    #[serde(default, with = "crate::users::double_option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub abbreviation: Option<Option<String>>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub intervention_areas: Option<Vec<InterventionAreaInput>>,
}

/// One organization of the directory with its active members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    #[serde(flatten)]
    pub organization: OrganizationSummary,
    pub members: Vec<Member>,
}
