//! A site as stored: the whole record, serialised as the snapshot of each version (D16), and
//! the `sites` row that identifies and places it (D26).

use chrono::{NaiveDate, NaiveDateTime};
use contract::sites::codes::SiteStatus;
use contract::sites::input::SiteInput;
use contract::sites::output::Closure;
use contract::Labelled;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::sites;
use crate::error::{AppError, AppResult};
use crate::territories::{Geography, Resolved};

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
    pub fn of(record: &SiteRecord, location: &Resolved) -> Self {
        let code = |t: &Option<contract::territories::TerritoryRef>| t.as_ref().map(|t| t.code.clone());
        SiteRow {
            version: record.version,
            status: record.status.code().to_owned(),
            city_code: record.data.city_code.clone(),
            epci_code: code(&location.epci),
            departement_code: code(&location.departement).unwrap_or_default(),
            region_code: code(&location.region).unwrap_or_default(),
            created_at: record.created_at,
            created_by: record.created_by,
            updated_at: record.updated_at,
            updated_by: record.updated_by,
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
