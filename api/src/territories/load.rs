//! Loads the committed geography file into the database, once per vintage.

use std::io::Read;

use diesel::prelude::*;

use crate::db::schema::{cities, departements, epci_departements, epcis, geography_vintage, regions};
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::text::normalize;

/// The file written by `scripts/build-territories`.
const TERRITORIES: &[u8] = include_bytes!("../../data/territories.tsv.gz");
const BATCH: usize = 500;

#[derive(Insertable)]
#[diesel(table_name = regions)]
struct NewRegion {
    code: String,
    name: String,
    search_text: String,
    overseas: bool,
}

#[derive(Insertable)]
#[diesel(table_name = departements)]
struct NewDepartement {
    code: String,
    name: String,
    search_text: String,
    region_code: String,
}

#[derive(Insertable)]
#[diesel(table_name = epcis)]
struct NewEpci {
    code: String,
    name: String,
    search_text: String,
    kind: String,
}

#[derive(Insertable)]
#[diesel(table_name = epci_departements)]
struct NewEpciDepartement {
    epci_code: String,
    departement_code: String,
}

#[derive(Insertable)]
#[diesel(table_name = cities, treat_none_as_default_value = false)]
struct NewCity {
    code: String,
    name: String,
    search_text: String,
    departement_code: String,
    region_code: String,
    epci_code: Option<String>,
    main_code: Option<String>,
    population: Option<i32>,
}

#[derive(Default)]
struct Parsed {
    version: String,
    regions: Vec<NewRegion>,
    departements: Vec<NewDepartement>,
    epcis: Vec<NewEpci>,
    epci_departements: Vec<NewEpciDepartement>,
    cities: Vec<NewCity>,
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn parse() -> AppResult<Parsed> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(TERRITORIES)
        .read_to_string(&mut text)
        .map_err(|error| AppError::internal(format!("territories file: {error}")))?;
    let mut parsed = Parsed::default();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |index: usize| fields.get(index).copied().unwrap_or("");
        match field(0) {
            "V" => parsed.version = field(1).to_owned(),
            "R" => parsed.regions.push(NewRegion {
                code: field(1).into(),
                name: field(2).into(),
                search_text: normalize(field(2)),
                overseas: field(3) == "1",
            }),
            "D" => parsed.departements.push(NewDepartement {
                code: field(1).into(),
                name: field(2).into(),
                search_text: normalize(field(2)),
                region_code: field(3).into(),
            }),
            "E" => {
                for departement in field(4).split(',').filter(|code| !code.is_empty()) {
                    parsed
                        .epci_departements
                        .push(NewEpciDepartement { epci_code: field(1).into(), departement_code: departement.into() });
                }
                parsed.epcis.push(NewEpci {
                    code: field(1).into(),
                    name: field(2).into(),
                    search_text: normalize(field(2)),
                    kind: field(3).into(),
                });
            }
            "C" => parsed.cities.push(NewCity {
                code: field(1).into(),
                name: field(2).into(),
                search_text: normalize(field(2)),
                departement_code: field(3).into(),
                region_code: field(4).into(),
                epci_code: optional(field(5)),
                main_code: optional(field(6)),
                population: field(7).parse().ok(),
            }),
            _ => {}
        }
    }
    Ok(parsed)
}

/// Loads the geography when the database has none yet. Returns the vintage loaded, if any.
pub fn load_if_missing(conn: &mut Conn) -> AppResult<Option<String>> {
    let loaded: i64 = geography_vintage::table.count().get_result(conn)?;
    if loaded > 0 {
        return Ok(None);
    }
    let parsed = parse()?;
    for chunk in parsed.regions.chunks(BATCH) {
        crate::bulk_insert!(conn, regions::table, chunk)?;
    }
    for chunk in parsed.departements.chunks(BATCH) {
        crate::bulk_insert!(conn, departements::table, chunk)?;
    }
    for chunk in parsed.epcis.chunks(BATCH) {
        crate::bulk_insert!(conn, epcis::table, chunk)?;
    }
    for chunk in parsed.epci_departements.chunks(BATCH) {
        crate::bulk_insert!(conn, epci_departements::table, chunk)?;
    }
    // Main communes first: arrondissements refer to them.
    for chunk in parsed.cities.chunks(BATCH) {
        crate::bulk_insert!(conn, cities::table, chunk)?;
    }
    diesel::insert_into(geography_vintage::table)
        .values((
            geography_vintage::id.eq(1),
            geography_vintage::source.eq(&parsed.version),
            geography_vintage::loaded_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(Some(parsed.version))
}
