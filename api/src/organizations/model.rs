//! Organization and organization-type rows.

use chrono::NaiveDateTime;
use contract::organizations::{OrganizationSummary, OrganizationType};
use contract::territories::LocationType;
use diesel::prelude::*;

use crate::db::schema::{organization_types, organizations};
use crate::error::AppResult;
use crate::territories::{Geography, Resolved};
use crate::users::model::decode;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization_types)]
pub struct TypeRow {
    pub id: i32,
    pub uid: String,
    pub category: String,
    pub name_singular: String,
    pub name_plural: String,
    pub abbreviation: Option<String>,
    pub default_role: String,
    pub position: i32,
}

impl TypeRow {
    pub fn to_contract(&self) -> AppResult<OrganizationType> {
        Ok(OrganizationType {
            id: self.id,
            uid: self.uid.clone(),
            category: decode(&self.category)?,
            name_singular: self.name_singular.clone(),
            name_plural: self.name_plural.clone(),
            abbreviation: self.abbreviation.clone(),
            default_role: decode(&self.default_role)?,
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: i32,
    pub name: String,
    pub abbreviation: Option<String>,
    pub type_id: i32,
    pub location_type: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub epci_code: Option<String>,
    pub city_code: Option<String>,
    pub active: bool,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl OrganizationRow {
    /// The organization's own territory, resolved.
    pub fn location(&self, geography: &Geography) -> AppResult<Resolved> {
        let level: LocationType = decode(&self.location_type)?;
        let code = match level {
            LocationType::Nation => None,
            LocationType::Region => self.region_code.as_deref(),
            LocationType::Departement => self.departement_code.as_deref(),
            LocationType::Epci => self.epci_code.as_deref(),
            LocationType::City => self.city_code.as_deref(),
        };
        Ok(geography.resolve(level, code).unwrap_or_else(Resolved::nation))
    }

    pub fn summary(&self, kind: &TypeRow, geography: &Geography) -> AppResult<OrganizationSummary> {
        Ok(OrganizationSummary {
            id: self.id,
            name: self.name.clone(),
            abbreviation: self.abbreviation.clone(),
            type_uid: kind.uid.clone(),
            type_name: kind.name_singular.clone(),
            category: decode(&kind.category)?,
            location: self.location(geography)?.to_location(),
            active: self.active,
        })
    }
}

/// The columns written for an organization's territory, from its resolution.
pub struct LocationColumns {
    pub location_type: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub epci_code: Option<String>,
    pub city_code: Option<String>,
}

impl From<&Resolved> for LocationColumns {
    fn from(resolved: &Resolved) -> Self {
        LocationColumns {
            location_type: contract::Labelled::code(resolved.location_type).to_owned(),
            region_code: resolved.region.as_ref().map(|t| t.code.clone()),
            departement_code: resolved.departement.as_ref().map(|t| t.code.clone()),
            epci_code: resolved.epci.as_ref().map(|t| t.code.clone()),
            city_code: resolved.city.as_ref().map(|t| t.code.clone()),
        }
    }
}
