//! Resolution of a user's effective permissions (DOMAIN §5.3): the role's cell, the options,
//! the intervention areas, and read widening from commune or EPCI to the département.

use std::collections::BTreeMap;

use contract::access::{Entity, Feature, Permission};
use contract::territories::LocationType;
use contract::users::PermissionOption;

use super::matrix::{Cell, RoleKey, MATRIX};
use super::scope::{Place, Scope};
use crate::territories::Geography;

/// An intervention area: a level and, below the nation, a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub level: LocationType,
    pub code: Option<String>,
}

impl Area {
    pub fn new(level: LocationType, code: Option<&str>) -> Self {
        Area { level, code: code.map(str::to_owned) }
    }
}

/// Every (entity, feature) a user holds, with where.
#[derive(Debug, Clone, Default)]
pub struct Permissions {
    granted: BTreeMap<(Entity, Feature), Scope>,
}

impl Permissions {
    /// Computes the permissions of a user from their role column, options and areas.
    pub fn resolve(role: RoleKey, options: &[PermissionOption], areas: &[Area], geography: &Geography) -> Self {
        let write_scope = areas_scope(areas, geography, false);
        let read_scope = areas_scope(areas, geography, true);
        let mut granted = BTreeMap::new();
        for row in MATRIX {
            let local = if row.writing { &write_scope } else { &read_scope };
            let scope = match row.cell(role) {
                Cell::N => Scope::national(),
                Cell::L => local.clone(),
                Cell::O(option) if options.contains(&option) => local.clone(),
                Cell::O(_) | Cell::X => continue,
            };
            if !scope.is_empty() {
                granted.insert((row.entity, row.feature), scope);
            }
        }
        Permissions { granted }
    }

    /// Where the user may do `feature` on `entity`; `None` when nowhere.
    pub fn scope(&self, entity: Entity, feature: Feature) -> Option<&Scope> {
        self.granted.get(&(entity, feature))
    }

    /// True when the user may do it on an object at `place`.
    pub fn allows(&self, entity: Entity, feature: Feature, place: Place<'_>) -> bool {
        self.scope(entity, feature).is_some_and(|scope| scope.contains(place))
    }

    /// True when the user may do it somewhere.
    pub fn allows_somewhere(&self, entity: Entity, feature: Feature) -> bool {
        self.scope(entity, feature).is_some()
    }

    /// True when the user may do it everywhere in France.
    pub fn allows_nationally(&self, entity: Entity, feature: Feature) -> bool {
        self.scope(entity, feature).is_some_and(|scope| scope.national)
    }

    pub fn to_contract(&self) -> Vec<Permission> {
        self.granted
            .iter()
            .map(|((entity, feature), scope)| Permission {
                entity: *entity,
                feature: *feature,
                scope: scope.to_contract(),
            })
            .collect()
    }
}

/// The territories covered by a set of areas; for reads, communes and EPCI count for their
/// whole département(s).
fn areas_scope(areas: &[Area], geography: &Geography, widen: bool) -> Scope {
    let mut scope = Scope::default();
    for area in areas {
        let code = area.code.clone().unwrap_or_default();
        match area.level {
            LocationType::Nation => scope.national = true,
            LocationType::Region => {
                scope.regions.insert(code);
            }
            LocationType::Departement => {
                scope.departements.insert(code);
            }
            LocationType::Epci if widen => {
                scope.departements.extend(geography.departements_of_epci(&code).iter().cloned());
            }
            LocationType::Epci => {
                scope.epcis.insert(code);
            }
            LocationType::City if widen => {
                if let Some(city) = geography.cities.get(&code) {
                    scope.departements.insert(city.departement_code.clone());
                }
            }
            LocationType::City => scope.cities.extend(geography.city_with_arrondissements(&code)),
        }
    }
    if scope.national {
        return Scope::national();
    }
    scope
}
