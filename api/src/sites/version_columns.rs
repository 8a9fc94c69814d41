//! The columns of a site version besides its snapshot: what lists, maps, exports and aggregates
//! read, so that one SQL engine (`search::sql`) answers "now" and "as of a date" (D26). They are
//! written with every new version, and [`refill`] gives them to the versions stored before they
//! existed.

use chrono::NaiveDate;
use contract::sites::codes::{ConditionTheme, SocialOrigin};
use contract::Labelled;
use diesel::prelude::*;

use super::record::SiteRecord;
use crate::db::schema::site_versions as sv;
use crate::db::Conn;
use crate::error::AppResult;
use crate::territories::{Geography, Resolved};
use crate::text::normalize;

/// Versions refilled per statement: a slice of snapshots is held in memory at a time.
const SLICE: i64 = 500;

/// What a version carries as columns, beside those it had from the start (status, territory
/// codes, three counts).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = sv, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct VersionColumns {
    pub name: Option<String>,
    pub address: String,
    pub city_name: String,
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
    pub population_total_females: Option<i32>,
    pub population_households: Option<i32>,
    pub population_minors_girls: Option<i32>,
    pub minors_0_3: Option<i32>,
    pub minors_3_6: Option<i32>,
    pub minors_6_12: Option<i32>,
    pub minors_12_16: Option<i32>,
    pub minors_16_18: Option<i32>,
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
    pub origin_french: bool,
    pub origin_european: bool,
    pub origin_other: bool,
}

impl VersionColumns {
    /// The columns of `record`, placed at `location`.
    pub fn of(record: &SiteRecord, location: &Resolved) -> Self {
        use chrono::Datelike;
        let data = &record.data;
        let population = &data.population;
        let conditions = &data.living_conditions;
        let status = |theme| conditions.status_of(theme).code().to_owned();
        let justice = data.justice.clone().unwrap_or_default();
        let has = |origin| data.social_origins.contains(&origin);
        let city_name = location.city.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        VersionColumns {
            name: data.name.clone(),
            address: data.address.clone(),
            search_text: normalize(&format!("{} {} {city_name}", data.name.clone().unwrap_or_default(), data.address)),
            city_name,
            latitude: data.latitude,
            longitude: data.longitude,
            built_at: data.built_at,
            declared_at: data.declared_at,
            built_sort_at: data.built_at.unwrap_or(data.declared_at),
            data_updated_at: record.data_updated_at,
            field_type: data.field_type.code().to_owned(),
            owner_type: data.owner_type.code().to_owned(),
            is_reinstallation: data.is_reinstallation,
            population_total_females: population.total_females,
            population_households: population.households,
            population_minors_girls: population.minors_girls,
            minors_0_3: population.minors_0_3,
            minors_3_6: population.minors_3_6,
            minors_6_12: population.minors_6_12,
            minors_12_16: population.minors_12_16,
            minors_16_18: population.minors_16_18,
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
            origin_french: has(SocialOrigin::French),
            origin_european: has(SocialOrigin::European),
            origin_other: has(SocialOrigin::Other),
        }
    }
}

/// Gives their columns to the versions stored before they existed, decoding each snapshot once
/// (the same Rust on both databases); returns how many were filled. A version is unfilled while
/// its `address`, never null once written, is. One that cannot be read (a commune no longer in
/// the reference data) is logged and left unfilled rather than stopping the start-up.
pub fn refill(conn: &mut Conn, geography: &Geography) -> AppResult<usize> {
    let (mut filled, mut after) = (0, 0);
    loop {
        let slice: Vec<(i32, String)> = sv::table
            .filter(sv::address.is_null())
            .filter(sv::id.gt(after))
            .order(sv::id)
            .limit(SLICE)
            .select((sv::id, sv::snapshot))
            .load(conn)?;
        let Some(last) = slice.last().map(|(id, _)| *id) else {
            return Ok(filled);
        };
        for (id, snapshot) in slice {
            let columns = SiteRecord::from_snapshot(&snapshot).and_then(|record| {
                let location = record.location(geography)?;
                Ok(VersionColumns::of(&record, &location))
            });
            match columns {
                Ok(columns) => {
                    diesel::update(sv::table.find(id)).set(&columns).execute(conn)?;
                    filled += 1;
                }
                Err(error) => tracing::warn!(version = id, error = %error, "site version left without its columns"),
            }
        }
        after = last;
    }
}
