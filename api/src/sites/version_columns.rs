//! The columns of a site version besides its snapshot: what lists, maps, exports and aggregates
//! read, so that one SQL engine (`search::sql`) answers "now" and "as of a date" (D26). They are
//! written with every new version, and [`refill`] gives them to the versions stored before they
//! existed.

use chrono::NaiveDate;
use contract::sites::codes::SocialOrigin;
use diesel::prelude::*;

use super::record::{SiteColumns, SiteRecord};
use crate::db::schema::site_versions as sv;
use crate::db::Conn;
use crate::error::AppResult;
use crate::territories::Geography;

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
    /// The columns of `record`, from the `sites` row computed for it.
    pub fn of(record: &SiteRecord, columns: &SiteColumns) -> Self {
        let has = |origin| record.data.social_origins.contains(&origin);
        VersionColumns {
            name: columns.name.clone(),
            address: columns.address.clone(),
            city_name: columns.city_name.clone(),
            latitude: columns.latitude,
            longitude: columns.longitude,
            search_text: columns.search_text.clone(),
            built_at: columns.built_at,
            declared_at: columns.declared_at,
            built_sort_at: columns.built_sort_at,
            data_updated_at: columns.data_updated_at,
            field_type: columns.field_type.clone(),
            owner_type: columns.owner_type.clone(),
            is_reinstallation: columns.is_reinstallation,
            population_total_females: columns.population_total_females,
            population_households: columns.population_households,
            population_minors_girls: columns.population_minors_girls,
            minors_0_3: columns.minors_0_3,
            minors_3_6: columns.minors_3_6,
            minors_6_12: columns.minors_6_12,
            minors_12_16: columns.minors_12_16,
            minors_16_18: columns.minors_16_18,
            caravans: columns.caravans,
            huts: columns.huts,
            tents: columns.tents,
            cars: columns.cars,
            mattresses: columns.mattresses,
            census_status: columns.census_status.clone(),
            water_status: columns.water_status.clone(),
            sanitary_status: columns.sanitary_status.clone(),
            electricity_status: columns.electricity_status.clone(),
            trash_status: columns.trash_status.clone(),
            pests_status: columns.pests_status.clone(),
            fire_status: columns.fire_status.clone(),
            justice_owner_complaint: columns.justice_owner_complaint,
            justice_procedure: columns.justice_procedure,
            justice_rendered: columns.justice_rendered,
            justice_evacuation_order: columns.justice_evacuation_order,
            justice_insalubrity_order: columns.justice_insalubrity_order,
            has_phases: columns.has_phases,
            heatwave: columns.heatwave,
            resorption_target: columns.resorption_target,
            closed_at: columns.closed_at,
            closed_year: columns.closed_year,
            closed_with_solutions: columns.closed_with_solutions.clone(),
            updated_without_any_change: columns.updated_without_any_change,
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
                Ok(VersionColumns::of(&record, &SiteColumns::of(&record, &location)))
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
