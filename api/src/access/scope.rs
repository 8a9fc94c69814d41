//! Where a permission holds, and whether a located object falls inside.

use std::collections::BTreeSet;

use contract::access::PermissionScope;

/// A set of territories: everywhere, or some régions, départements, EPCI and communes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub national: bool,
    pub regions: BTreeSet<String>,
    pub departements: BTreeSet<String>,
    pub epcis: BTreeSet<String>,
    pub cities: BTreeSet<String>,
}

/// Where an object is: a commune and the levels above it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub region: &'a str,
    pub departement: &'a str,
    pub epci: Option<&'a str>,
    pub city: &'a str,
}

impl Scope {
    pub fn national() -> Self {
        Scope { national: true, ..Scope::default() }
    }

    pub fn is_empty(&self) -> bool {
        !self.national
            && self.regions.is_empty()
            && self.departements.is_empty()
            && self.epcis.is_empty()
            && self.cities.is_empty()
    }

    /// True when the object lies inside this scope.
    pub fn contains(&self, place: Place<'_>) -> bool {
        self.national
            || self.regions.contains(place.region)
            || self.departements.contains(place.departement)
            || place.epci.is_some_and(|epci| self.epcis.contains(epci))
            || self.cities.contains(place.city)
    }

    /// True when the scope covers the whole département (not just some of its communes).
    pub fn covers_departement(&self, departement: &str, region: &str) -> bool {
        self.national || self.regions.contains(region) || self.departements.contains(departement)
    }

    pub fn merge(&mut self, other: &Scope) {
        self.national |= other.national;
        self.regions.extend(other.regions.iter().cloned());
        self.departements.extend(other.departements.iter().cloned());
        self.epcis.extend(other.epcis.iter().cloned());
        self.cities.extend(other.cities.iter().cloned());
    }

    pub fn to_contract(&self) -> PermissionScope {
        if self.national {
            return PermissionScope { national: true, ..PermissionScope::default() };
        }
        PermissionScope {
            national: false,
            regions: self.regions.iter().cloned().collect(),
            departements: self.departements.iter().cloned().collect(),
            epcis: self.epcis.iter().cloned().collect(),
            cities: self.cities.iter().cloned().collect(),
        }
    }

    pub fn region_codes(&self) -> Vec<String> {
        self.regions.iter().cloned().collect()
    }
    pub fn departement_codes(&self) -> Vec<String> {
        self.departements.iter().cloned().collect()
    }
    pub fn epci_codes(&self) -> Vec<String> {
        self.epcis.iter().cloned().collect()
    }
    pub fn city_codes(&self) -> Vec<String> {
        self.cities.iter().cloned().collect()
    }
}

/// Restricts a boxed diesel query to the rows inside a scope, given the row's region,
/// département, EPCI and commune columns. A national scope adds no condition; a level the
/// scope does not name adds none either: an empty `= ANY('{}')` in the OR made PostgreSQL
/// read every row of a département from the table instead of from its index.
#[macro_export]
macro_rules! filter_in_scope {
    ($query:expr, $scope:expr, $region:expr, $departement:expr, $epci:expr, $city:expr) => {{
        let scope: &$crate::access::Scope = $scope;
        if scope.national {
            $query
        } else {
            type Within<QS> = Box<
                dyn diesel::BoxableExpression<
                    QS,
                    $crate::db::DbBackend,
                    SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
                >,
            >;
            let mut within: Option<Within<_>> = None;
            let mut widen = |condition: Within<_>| {
                within = Some(match within.take() {
                    None => condition,
                    Some(before) => Box::new(before.or(condition)),
                });
            };
            // One code is compared with `=`: PostgreSQL then walks a list index in its order and
            // stops after a page, where `= ANY(...)` made it read the whole territory and sort it.
            macro_rules! one_of {
                ($column:expr, $codes:expr) => {{
                    let mut codes: Vec<String> = $codes;
                    let condition: Within<_> = if codes.len() == 1 {
                        Box::new($column.eq(codes.remove(0)).nullable())
                    } else {
                        Box::new($column.eq_any(codes).nullable())
                    };
                    condition
                }};
            }
            if !scope.regions.is_empty() {
                widen(one_of!($region, scope.region_codes()));
            }
            if !scope.departements.is_empty() {
                widen(one_of!($departement, scope.departement_codes()));
            }
            if !scope.epcis.is_empty() {
                widen(one_of!($epci, scope.epci_codes()));
            }
            if !scope.cities.is_empty() {
                widen(one_of!($city, scope.city_codes()));
            }
            match within {
                Some(within) => $query.filter(within),
                // Nothing named: nothing visible.
                None => $query.filter($region.eq_any(Vec::<String>::new())),
            }
        }
    }};
}

impl Scope {
    /// True when a whole territory lies inside this scope (an organization's territory, say).
    /// A national territory is inside only a national scope.
    pub fn contains_territory(&self, territory: &crate::territories::Resolved) -> bool {
        if self.national {
            return true;
        }
        let has = |set: &BTreeSet<String>, t: &Option<contract::territories::TerritoryRef>| {
            t.as_ref().is_some_and(|t| set.contains(&t.code))
        };
        // An EPCI over several départements (the Métropole du Grand Paris spans six) lies inside
        // a scope of départements only when all of them are in it: neither one shared département
        // nor its first one (`departement`) lets the admin of 93 or of 75 manage its organizations.
        let departement_inside = if territory.departements.is_empty() {
            has(&self.departements, &territory.departement)
        } else {
            territory.departements.iter().all(|d| self.departements.contains(&d.code))
        };
        has(&self.regions, &territory.region)
            || departement_inside
            || has(&self.epcis, &territory.epci)
            || has(&self.cities, &territory.city)
    }
}
