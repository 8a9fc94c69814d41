//! A site as stored: the whole record, serialised as the snapshot of each version (D16), and
//! the columns of the `sites` row that lists filter, sort and count on.

use chrono::{NaiveDate, NaiveDateTime};
use contract::sites::codes::{ConditionTheme, SiteStatus};
use contract::sites::input::SiteInput;
use contract::sites::output::Closure;
use contract::Labelled;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::sites;
use crate::error::{AppError, AppResult};
use crate::territories::{Geography, Resolved};
use crate::text::normalize;

/// Everything known about a site at one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteRecord {
    pub id: i32,
    pub version: i32,
    pub status: SiteStatus,
    /// The declared data, normalised; justice and owners always present (possibly empty).
    pub data: SiteInput,
    pub data_updated_at: NaiveDate,
    pub closure: Option<Closure>,
    #[serde(default)]
    pub heatwave: bool,
    pub resorption_target: Option<i32>,
    #[serde(default)]
    pub updated_without_any_change: bool,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i32>,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<i32>,
}

impl SiteRecord {
    pub fn is_open(&self) -> bool {
        self.status == SiteStatus::Open
    }

    /// The stored form: JSON without empty values (every field has a default), a third of
    /// the full form's size, which matters with years of versions.
    pub fn to_snapshot(&self) -> AppResult<String> {
        let mut value = serde_json::to_value(self).map_err(AppError::internal)?;
        strip_empty(&mut value);
        serde_json::to_string(&value).map_err(AppError::internal)
    }

    /// Reads any stored form back: the full form of the first versions, and the stripped form,
    /// whose empty justice and owner blocks come back present and empty, as they were written.
    pub fn from_snapshot(snapshot: &str) -> AppResult<Self> {
        let mut record: SiteRecord =
            serde_json::from_str(snapshot).map_err(|error| AppError::internal(format!("snapshot: {error}")))?;
        record.data.justice.get_or_insert_with(Default::default);
        record.data.owners.get_or_insert_with(Vec::new);
        Ok(record)
    }

    /// The commune and every level above it.
    pub fn location(&self, geography: &Geography) -> AppResult<Resolved> {
        geography
            .resolve(contract::territories::LocationType::City, Some(&self.data.city_code))
            .ok_or_else(|| AppError::internal(format!("unknown stored city {}", self.data.city_code)))
    }

    /// "12 rue des Lilas « La Prairie »": the street part of the address and the name.
    pub fn display_name(&self) -> String {
        display_name(&self.data.address, self.data.name.as_deref())
    }

    /// Share of the 8 facts a complete record gives (DOMAIN §6.10).
    pub fn completion_rate(&self) -> f64 {
        let data = &self.data;
        let facts = [
            !data.address.trim().is_empty(),
            data.field_type != contract::sites::codes::FieldType::Unknown,
            data.owner_type != contract::sites::codes::OwnerType::Unknown,
            data.census.status.is_some(),
            data.population.total.is_some(),
            data.population.households.is_some(),
            data.population.minors.is_some(),
            !data.social_origins.is_empty(),
        ];
        facts.iter().filter(|known| **known).count() as f64 / facts.len() as f64
    }
}

/// Removes nulls, empty arrays and objects left empty, recursively.
fn strip_empty(value: &mut serde_json::Value) {
    if let serde_json::Value::Object(map) = value {
        for child in map.values_mut() {
            strip_empty(child);
        }
        map.retain(|_, child| match child {
            serde_json::Value::Null => false,
            serde_json::Value::Array(items) => !items.is_empty(),
            serde_json::Value::Object(fields) => !fields.is_empty(),
            _ => true,
        });
    }
}

/// The street part of an address ("12 rue des Lilas 93100 Montreuil" → "12 rue des Lilas") and
/// the site's name.
pub fn display_name(address: &str, name: Option<&str>) -> String {
    let street = strip_postcode(address);
    match name {
        Some(name) if !name.is_empty() => format!("{street} « {name} »"),
        _ => street,
    }
}

/// Drops a trailing "93100 Montreuil" from a BAN address label.
fn strip_postcode(address: &str) -> String {
    let words: Vec<&str> = address.split_whitespace().collect();
    let postcode = words.iter().rposition(|w| w.len() == 5 && w.chars().all(|c| c.is_ascii_digit()));
    match postcode {
        Some(index) if index > 0 => words[..index].join(" ").trim_end_matches(',').to_owned(),
        _ => address.trim().to_owned(),
    }
}

/// What a record gives as columns: to its version (`VersionColumns`) and, for what identifies
/// and places it, to its `sites` row (`SiteRow`).
#[derive(Debug, Clone)]
pub struct SiteColumns {
    pub version: i32,
    pub status: String,
    pub name: Option<String>,
    pub address: String,
    pub city_code: String,
    pub city_name: String,
    pub epci_code: Option<String>,
    pub departement_code: String,
    pub region_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub search_text: String,
    pub built_at: Option<NaiveDate>,
    pub declared_at: NaiveDate,
    pub built_sort_at: NaiveDate,
    pub data_updated_at: NaiveDate,
    pub field_type: String,
    pub owner_type: String,
    pub is_reinstallation: Option<bool>,
    pub population_total: Option<i32>,
    pub population_total_females: Option<i32>,
    pub population_households: Option<i32>,
    pub population_minors: Option<i32>,
    pub population_minors_girls: Option<i32>,
    pub minors_0_3: Option<i32>,
    pub minors_3_6: Option<i32>,
    pub minors_6_12: Option<i32>,
    pub minors_12_16: Option<i32>,
    pub minors_16_18: Option<i32>,
    pub minors_in_school: Option<i32>,
    pub caravans: Option<i32>,
    pub huts: Option<i32>,
    pub tents: Option<i32>,
    pub cars: Option<i32>,
    pub mattresses: Option<i32>,
    pub census_status: Option<String>,
    pub water_status: String,
    pub sanitary_status: String,
    pub electricity_status: String,
    pub trash_status: String,
    pub pests_status: String,
    pub fire_status: String,
    pub justice_owner_complaint: Option<bool>,
    pub justice_procedure: Option<bool>,
    pub justice_rendered: Option<bool>,
    pub justice_evacuation_order: Option<bool>,
    pub justice_insalubrity_order: Option<bool>,
    pub has_phases: bool,
    pub heatwave: bool,
    pub resorption_target: Option<i32>,
    pub closed_at: Option<NaiveDate>,
    pub closed_year: Option<i32>,
    pub closed_with_solutions: Option<String>,
    pub updated_without_any_change: bool,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i32>,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<i32>,
}

impl SiteColumns {
    pub fn of(record: &SiteRecord, location: &Resolved) -> Self {
        use chrono::Datelike;
        let data = &record.data;
        let population = &data.population;
        let conditions = &data.living_conditions;
        let status = |theme| conditions.status_of(theme).code().to_owned();
        let justice = data.justice.clone().unwrap_or_default();
        let code = |t: &Option<contract::territories::TerritoryRef>| t.as_ref().map(|t| t.code.clone());
        let city_name = location.city.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        SiteColumns {
            version: record.version,
            status: record.status.code().to_owned(),
            name: data.name.clone(),
            address: data.address.clone(),
            search_text: normalize(&format!(
                "{} {} {}",
                data.name.clone().unwrap_or_default(),
                data.address,
                city_name
            )),
            city_code: data.city_code.clone(),
            city_name,
            epci_code: code(&location.epci),
            departement_code: code(&location.departement).unwrap_or_default(),
            region_code: code(&location.region).unwrap_or_default(),
            latitude: data.latitude,
            longitude: data.longitude,
            built_at: data.built_at,
            declared_at: data.declared_at,
            built_sort_at: data.built_at.unwrap_or(data.declared_at),
            data_updated_at: record.data_updated_at,
            field_type: data.field_type.code().to_owned(),
            owner_type: data.owner_type.code().to_owned(),
            is_reinstallation: data.is_reinstallation,
            population_total: population.total,
            population_total_females: population.total_females,
            population_households: population.households,
            population_minors: population.minors,
            population_minors_girls: population.minors_girls,
            minors_0_3: population.minors_0_3,
            minors_3_6: population.minors_3_6,
            minors_6_12: population.minors_6_12,
            minors_12_16: population.minors_12_16,
            minors_16_18: population.minors_16_18,
            minors_in_school: population.minors_in_school,
            caravans: population.caravans,
            huts: population.huts,
            tents: population.tents,
            cars: population.cars,
            mattresses: population.mattresses,
            census_status: data.census.status.map(|s| s.code().to_owned()),
            water_status: status(ConditionTheme::Water),
            sanitary_status: status(ConditionTheme::Sanitary),
            electricity_status: status(ConditionTheme::Electricity),
            trash_status: status(ConditionTheme::Trash),
            pests_status: status(ConditionTheme::Pests),
            fire_status: status(ConditionTheme::Fire),
            justice_owner_complaint: justice.owner_complaint,
            justice_procedure: justice.justice_procedure,
            justice_rendered: justice.justice_rendered,
            justice_evacuation_order: justice.evacuation_under_time_limit,
            justice_insalubrity_order: justice.insalubrity_order,
            has_phases: !data.preparatory_phases.is_empty(),
            heatwave: record.heatwave,
            resorption_target: record.resorption_target,
            closed_at: record.closure.as_ref().map(|c| c.closed_at),
            closed_year: record.closure.as_ref().map(|c| c.closed_at.year()),
            closed_with_solutions: record
                .closure
                .as_ref()
                .and_then(|c| c.closed_with_solutions)
                .map(|c| c.code().to_owned()),
            updated_without_any_change: record.updated_without_any_change,
            created_at: record.created_at,
            created_by: record.created_by,
            updated_at: record.updated_at,
            updated_by: record.updated_by,
        }
    }
}

/// The `sites` row of a record: what identifies a site and places it for access checks (D26).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = sites, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct SiteRow {
    pub version: i32,
    pub status: String,
    pub city_code: String,
    pub epci_code: Option<String>,
    pub departement_code: String,
    pub region_code: String,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i32>,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<i32>,
}

impl SiteRow {
    pub fn of(columns: &SiteColumns) -> Self {
        SiteRow {
            version: columns.version,
            status: columns.status.clone(),
            city_code: columns.city_code.clone(),
            epci_code: columns.epci_code.clone(),
            departement_code: columns.departement_code.clone(),
            region_code: columns.region_code.clone(),
            created_at: columns.created_at,
            created_by: columns.created_by,
            updated_at: columns.updated_at,
            updated_by: columns.updated_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as the server writes it: justice and owners present, possibly empty.
    fn written(mut record: SiteRecord) -> SiteRecord {
        record.data.justice.get_or_insert_with(Default::default);
        record.data.owners.get_or_insert_with(Vec::new);
        record
    }

    #[test]
    fn a_snapshot_drops_empty_values_and_reads_back_whole() {
        let record = written(crate::sites::export::blank_record());
        let snapshot = record.to_snapshot().unwrap();
        assert!(!snapshot.contains("null") && !snapshot.contains("[]") && !snapshot.contains("{}"), "{snapshot}");
        assert_eq!(SiteRecord::from_snapshot(&snapshot).unwrap(), record);
    }

    #[test]
    fn a_closure_without_solutions_reads_back_whole() {
        let mut record = written(crate::sites::export::blank_record());
        record.status = contract::sites::codes::SiteStatus::ClosedByJustice;
        record.closure = Some(Closure {
            closed_at: record.data.declared_at,
            status: record.status,
            context: None,
            closed_with_solutions: Some(contract::sites::codes::ClosedWithSolutions::No),
            solutions: Vec::new(),
        });
        let snapshot = record.to_snapshot().unwrap();
        assert!(!snapshot.contains("\"solutions\""), "the empty list is left out: {snapshot}");
        assert_eq!(SiteRecord::from_snapshot(&snapshot).unwrap(), record);
    }

    /// Every shape of snapshot ever stored, kept in `api/fixtures/site-snapshots`: the full form
    /// of the first versions (nulls and empty lists written out) and the stripped form since.
    /// A change to the record that cannot read one of them back fails here, not in production.
    #[test]
    fn every_stored_snapshot_shape_reads_back_and_keeps_its_meaning() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/site-snapshots");
        let mut read = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stored = std::fs::read_to_string(&path).unwrap();
            let record = SiteRecord::from_snapshot(&stored).unwrap_or_else(|error| panic!("{name}: {error}"));
            assert!(record.data.justice.is_some() && record.data.owners.is_some(), "{name}");
            assert_eq!(record.closure.is_some(), name.contains("closed"), "{name}");
            if name.contains("without-solutions") {
                assert_eq!(record.closure.as_ref().map(|c| c.solutions.len()), Some(0), "{name}");
            }
            if name.contains("with-solutions") {
                assert_eq!(record.closure.as_ref().map(|c| c.solutions.len()), Some(2), "{name}");
            }
            if name.contains("complete") || name.contains("with-solutions") {
                assert_eq!(record.data.owners.as_ref().map(Vec::len), Some(1), "{name}");
                assert_eq!(record.data.justice.as_ref().and_then(|j| j.owner_complaint), Some(true), "{name}");
            }
            let rewritten = record.to_snapshot().unwrap();
            assert_eq!(SiteRecord::from_snapshot(&rewritten).unwrap(), record, "{name} survives a rewrite");
            read += 1;
        }
        assert!(read >= 7, "fixtures read: {read}");
    }

    #[test]
    fn the_display_name_is_the_street_and_the_name() {
        assert_eq!(
            display_name("12 rue des Lilas 93100 Montreuil", Some("La Prairie")),
            "12 rue des Lilas « La Prairie »"
        );
        assert_eq!(display_name("Chemin du Halage", None), "Chemin du Halage");
    }
}
