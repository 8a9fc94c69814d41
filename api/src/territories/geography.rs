//! The whole geography in memory, loaded once at start-up from the database.

use std::collections::HashMap;

use contract::organizations::Location;
use contract::territories::{LocationType, Territory, TerritoryRef};
use diesel::prelude::*;

use crate::db::schema::{cities, departements, epci_departements, epcis, regions};
use crate::db::Conn;
use crate::error::AppResult;

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub search_text: String,
    pub overseas: bool,
}

#[derive(Debug, Clone)]
pub struct Departement {
    pub name: String,
    pub search_text: String,
    pub region_code: String,
}

#[derive(Debug, Clone)]
pub struct Epci {
    pub name: String,
    pub search_text: String,
    pub departements: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct City {
    pub name: String,
    pub search_text: String,
    pub departement_code: String,
    pub region_code: String,
    pub epci_code: Option<String>,
    pub main_code: Option<String>,
    pub population: i32,
}

/// Every territory, by code.
#[derive(Debug, Default)]
pub struct Geography {
    pub regions: HashMap<String, Region>,
    pub departements: HashMap<String, Departement>,
    pub epcis: HashMap<String, Epci>,
    pub cities: HashMap<String, City>,
    /// Paris, Lyon, Marseille → their municipal arrondissements.
    pub arrondissements: HashMap<String, Vec<String>>,
}

/// A location resolved at every level above it, with codes and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub location_type: LocationType,
    pub region: Option<TerritoryRef>,
    pub departement: Option<TerritoryRef>,
    /// For an EPCI: every département it spans (the first is also `departement`).
    pub departements: Vec<TerritoryRef>,
    pub epci: Option<TerritoryRef>,
    pub city: Option<TerritoryRef>,
    pub main_city: Option<TerritoryRef>,
    pub overseas: bool,
}

impl Resolved {
    pub fn nation() -> Self {
        Resolved {
            location_type: LocationType::Nation,
            region: None,
            departement: None,
            departements: Vec::new(),
            epci: None,
            city: None,
            main_city: None,
            overseas: false,
        }
    }

    /// The code of the location itself (none for the nation).
    pub fn code(&self) -> Option<&str> {
        let own = match self.location_type {
            LocationType::Nation => None,
            LocationType::Region => self.region.as_ref(),
            LocationType::Departement => self.departement.as_ref(),
            LocationType::Epci => self.epci.as_ref(),
            LocationType::City => self.city.as_ref(),
        };
        own.map(|territory| territory.code.as_str())
    }

    /// What users read: "Montreuil (93)", "Seine-Saint-Denis", "France".
    pub fn label(&self) -> String {
        match self.location_type {
            LocationType::Nation => "France".into(),
            LocationType::Region => name_of(&self.region),
            LocationType::Departement => {
                self.departement.as_ref().map(|d| format!("{} ({})", d.name, d.code)).unwrap_or_default()
            }
            LocationType::Epci => name_of(&self.epci),
            LocationType::City => {
                let departement = self.departement.as_ref().map(|d| d.code.as_str()).unwrap_or("");
                format!("{} ({departement})", name_of(&self.city))
            }
        }
    }

    /// Where something located here is, for access checks.
    pub fn place(&self) -> crate::access::Place<'_> {
        fn code(territory: &Option<TerritoryRef>) -> Option<&str> {
            territory.as_ref().map(|t| t.code.as_str())
        }
        crate::access::Place {
            region: code(&self.region).unwrap_or(""),
            departement: code(&self.departement).unwrap_or(""),
            epci: code(&self.epci),
            city: code(&self.city).unwrap_or(""),
        }
    }

    pub fn to_location(&self) -> Location {
        Location {
            location_type: self.location_type,
            region: self.region.clone(),
            departement: self.departement.clone(),
            epci: self.epci.clone(),
            city: self.city.clone(),
            label: self.label(),
        }
    }

    pub fn to_territory(&self) -> Territory {
        let name = match self.location_type {
            LocationType::Nation => "France".to_owned(),
            LocationType::Region => name_of(&self.region),
            LocationType::Departement => name_of(&self.departement),
            LocationType::Epci => name_of(&self.epci),
            LocationType::City => name_of(&self.city),
        };
        Territory {
            location_type: self.location_type,
            code: self.code().map(str::to_owned),
            name,
            region: self.region.clone(),
            departement: if self.location_type == LocationType::Epci { None } else { self.departement.clone() },
            departements: self.departements.clone(),
            epci: self.epci.clone(),
            main_city: self.main_city.clone(),
            overseas: self.overseas,
        }
    }
}

fn name_of(territory: &Option<TerritoryRef>) -> String {
    territory.as_ref().map(|t| t.name.clone()).unwrap_or_default()
}

fn reference(code: &str, name: &str) -> TerritoryRef {
    TerritoryRef { code: code.to_owned(), name: name.to_owned() }
}

impl Geography {
    /// Reads every territory from the database.
    pub fn load(conn: &mut Conn) -> AppResult<Self> {
        let mut geography = Geography::default();
        for (code, name, search_text, overseas) in regions::table
            .select((regions::code, regions::name, regions::search_text, regions::overseas))
            .load::<(String, String, String, bool)>(conn)?
        {
            geography.regions.insert(code, Region { name, search_text, overseas });
        }
        for (code, name, search_text, region_code) in departements::table
            .select((departements::code, departements::name, departements::search_text, departements::region_code))
            .load::<(String, String, String, String)>(conn)?
        {
            geography.departements.insert(code, Departement { name, search_text, region_code });
        }
        let mut spans: HashMap<String, Vec<String>> = HashMap::new();
        for (epci, departement) in epci_departements::table
            .select((epci_departements::epci_code, epci_departements::departement_code))
            .order((epci_departements::epci_code, epci_departements::departement_code))
            .load::<(String, String)>(conn)?
        {
            spans.entry(epci).or_default().push(departement);
        }
        for (code, name, search_text) in
            epcis::table
                .select((epcis::code, epcis::name, epcis::search_text))
                .load::<(String, String, String)>(conn)?
        {
            let departements = spans.remove(&code).unwrap_or_default();
            geography.epcis.insert(code, Epci { name, search_text, departements });
        }
        type CityRow = (String, String, String, String, String, Option<String>, Option<String>, Option<i32>);
        // Streamed: 35,000 communes are read without holding them twice in memory.
        for row in cities::table
            .select((
                cities::code,
                cities::name,
                cities::search_text,
                cities::departement_code,
                cities::region_code,
                cities::epci_code,
                cities::main_code,
                cities::population,
            ))
            .load_iter::<CityRow, diesel::connection::DefaultLoadingMode>(conn)?
        {
            let (code, name, search_text, departement_code, region_code, epci_code, main_code, population) = row?;
            if let Some(main) = &main_code {
                geography.arrondissements.entry(main.clone()).or_default().push(code.clone());
            }
            let population = population.unwrap_or(0);
            geography.cities.insert(
                code,
                City { name, search_text, departement_code, region_code, epci_code, main_code, population },
            );
        }
        Ok(geography)
    }

    /// Resolves a level and code; `None` when the code names nothing at that level.
    pub fn resolve(&self, location_type: LocationType, code: Option<&str>) -> Option<Resolved> {
        match location_type {
            LocationType::Nation => Some(Resolved::nation()),
            LocationType::Region => self.region(code?),
            LocationType::Departement => self.departement(code?),
            LocationType::Epci => self.epci(code?),
            LocationType::City => self.city(code?),
        }
    }

    fn region(&self, code: &str) -> Option<Resolved> {
        let region = self.regions.get(code)?;
        Some(Resolved {
            location_type: LocationType::Region,
            region: Some(reference(code, &region.name)),
            overseas: region.overseas,
            ..Resolved::nation()
        })
    }

    fn departement(&self, code: &str) -> Option<Resolved> {
        let departement = self.departements.get(code)?;
        let mut resolved = self.region(&departement.region_code)?;
        resolved.location_type = LocationType::Departement;
        resolved.departement = Some(reference(code, &departement.name));
        Some(resolved)
    }

    fn epci(&self, code: &str) -> Option<Resolved> {
        let epci = self.epcis.get(code)?;
        let first = epci.departements.first()?;
        let mut resolved = self.departement(first)?;
        resolved.location_type = LocationType::Epci;
        resolved.epci = Some(reference(code, &epci.name));
        resolved.departements = epci
            .departements
            .iter()
            .filter_map(|d| self.departements.get(d).map(|dep| reference(d, &dep.name)))
            .collect();
        Some(resolved)
    }

    fn city(&self, code: &str) -> Option<Resolved> {
        let city = self.cities.get(code)?;
        let mut resolved = self.departement(&city.departement_code)?;
        if let Some(epci_code) = &city.epci_code {
            if let Some(epci) = self.epcis.get(epci_code) {
                resolved.epci = Some(reference(epci_code, &epci.name));
            }
        }
        resolved.location_type = LocationType::City;
        resolved.city = Some(reference(code, &city.name));
        resolved.main_city =
            city.main_code.as_ref().and_then(|main| self.cities.get(main).map(|m| reference(main, &m.name)));
        Some(resolved)
    }

    /// The départements an EPCI spans.
    pub fn departements_of_epci(&self, code: &str) -> &[String] {
        self.epcis.get(code).map(|epci| epci.departements.as_slice()).unwrap_or(&[])
    }

    /// A commune and, for Paris, Lyon and Marseille, its arrondissements.
    pub fn city_with_arrondissements(&self, code: &str) -> Vec<String> {
        let mut codes = vec![code.to_owned()];
        if let Some(arrondissements) = self.arrondissements.get(code) {
            codes.extend(arrondissements.iter().cloned());
        }
        codes
    }

    /// True when the département is overseas.
    pub fn is_overseas_departement(&self, code: &str) -> bool {
        self.departements.get(code).and_then(|d| self.regions.get(&d.region_code)).is_some_and(|region| region.overseas)
    }
}

/// A territory that lists are narrowed to, resolved once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerritoryFilter {
    Everywhere,
    Region(String),
    Departement(String),
    Epci(String),
    /// A commune and, for Paris, Lyon and Marseille, its arrondissements.
    Cities(Vec<String>),
}

impl Geography {
    /// The filter of a `location_type` / `location_code` pair; an unknown code names
    /// `location_code`.
    pub fn territory_filter(
        &self,
        level: Option<LocationType>,
        code: Option<&str>,
    ) -> crate::error::AppResult<TerritoryFilter> {
        let Some(level) = level else { return Ok(TerritoryFilter::Everywhere) };
        let resolved = self.resolve(level, code).ok_or_else(|| {
            crate::error::AppError::field("location_code", "unknown_territory", "Territoire inconnu.")
        })?;
        let code = resolved.code().unwrap_or_default().to_owned();
        Ok(match level {
            LocationType::Nation => TerritoryFilter::Everywhere,
            LocationType::Region => TerritoryFilter::Region(code),
            LocationType::Departement => TerritoryFilter::Departement(code),
            LocationType::Epci => TerritoryFilter::Epci(code),
            LocationType::City => TerritoryFilter::Cities(self.city_with_arrondissements(&code)),
        })
    }
}

/// Narrows a boxed query to a [`TerritoryFilter`], given the row's région, département, EPCI
/// and commune columns.
#[macro_export]
macro_rules! filter_by_territory {
    ($query:expr, $filter:expr, $region:expr, $departement:expr, $epci:expr, $city:expr) => {{
        use $crate::territories::geography::TerritoryFilter;
        match $filter {
            TerritoryFilter::Everywhere => $query,
            TerritoryFilter::Region(code) => $query.filter($region.eq(code)),
            TerritoryFilter::Departement(code) => $query.filter($departement.eq(code)),
            TerritoryFilter::Epci(code) => $query.filter($epci.eq(code)),
            TerritoryFilter::Cities(codes) => $query.filter($city.eq_any(codes)),
        }
    }};
}
