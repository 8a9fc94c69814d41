//! Lists of sites, now or as of a date: filters in SQL on site versions, sorting, cursor
//! pagination, totals, and the summary of each site.

pub mod sql;

use std::collections::HashMap;

use base64::Engine;
use chrono::NaiveDate;
use contract::access::{Entity, Feature};
use contract::sites::codes::{ConditionStatus, SocialOrigin};
use contract::sites::filters::{SiteFilter, SiteSort};
use contract::sites::output::{ConditionStatuses, JusticeSummary, SitePage, SiteSummary};
use contract::territories::TerritoryRef;
use contract::Labelled;
use diesel::dsl::sum;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::record::display_name;
use crate::access::Place;
use crate::auth::Actor;
use crate::db::schema::{site_actors, site_versions as sv};
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::users::model::decode;

/// The columns a list shows, from a site version. Those added to versions by migration 000007
/// are nullable in the schema (versions written before it got them from the data step), hence
/// the options.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sv)]
pub struct SummaryRow {
    #[diesel(column_name = site_id)]
    pub id: i32,
    pub status: String,
    pub name: Option<String>,
    pub address: Option<String>,
    pub city_code: String,
    pub city_name: Option<String>,
    pub departement_code: String,
    pub region_code: String,
    pub epci_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub field_type: Option<String>,
    pub population_total: Option<i32>,
    pub population_minors: Option<i32>,
    pub minors_in_school: Option<i32>,
    pub origin_french: Option<bool>,
    pub origin_european: Option<bool>,
    pub origin_other: Option<bool>,
    pub water_status: Option<String>,
    pub sanitary_status: Option<String>,
    pub electricity_status: Option<String>,
    pub trash_status: Option<String>,
    pub pests_status: Option<String>,
    pub fire_status: Option<String>,
    pub heatwave: Option<bool>,
    pub resorption_target: Option<i32>,
    pub built_at: Option<NaiveDate>,
    pub built_sort_at: Option<NaiveDate>,
    pub declared_at: Option<NaiveDate>,
    pub data_updated_at: Option<NaiveDate>,
    pub closed_at: Option<NaiveDate>,
    pub closed_with_solutions: Option<String>,
    pub justice_owner_complaint: Option<bool>,
    pub justice_procedure: Option<bool>,
    pub justice_rendered: Option<bool>,
    pub justice_evacuation_order: Option<bool>,
    pub justice_insalubrity_order: Option<bool>,
}

impl SummaryRow {
    fn place(&self) -> Place<'_> {
        Place {
            region: &self.region_code,
            departement: &self.departement_code,
            epci: self.epci_code.as_deref(),
            city: &self.city_code,
        }
    }

    /// The sort key, as text, for the cursor.
    fn key(&self, sort: SiteSort) -> String {
        let date = |day: Option<NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
        match sort {
            SiteSort::City => self.city_name.clone().unwrap_or_default(),
            SiteSort::BuiltAt => date(self.built_sort_at),
            SiteSort::UpdatedAt => date(self.data_updated_at),
            SiteSort::DeclaredAt => date(self.declared_at),
            SiteSort::ClosedAt => date(self.closed_at),
        }
    }

    fn social_origins(&self) -> Vec<SocialOrigin> {
        [
            (self.origin_french, SocialOrigin::French),
            (self.origin_european, SocialOrigin::European),
            (self.origin_other, SocialOrigin::Other),
        ]
        .into_iter()
        .filter_map(|(flag, origin)| (flag == Some(true)).then_some(origin))
        .collect()
    }
}

/// Where the next page starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cursor {
    sort: String,
    key: String,
    id: i32,
}

fn encode_cursor(sort: SiteSort, row: &SummaryRow) -> String {
    let cursor = Cursor { sort: sort.code().to_owned(), key: row.key(sort), id: row.id };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
}

fn decode_cursor(raw: &str, sort: SiteSort) -> AppResult<Cursor> {
    let invalid =
        || AppError::field("cursor", "invalid_cursor", "Curseur invalide : reprenez depuis la première page.");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if cursor.sort != sort.code() {
        return Err(invalid());
    }
    Ok(cursor)
}

fn date_key(cursor: &Cursor) -> AppResult<NaiveDate> {
    cursor.key.parse().map_err(|_| AppError::field("cursor", "invalid_cursor", "Curseur invalide."))
}

/// The default order of a status mode.
pub fn default_sort(filter: &SiteFilter) -> SiteSort {
    match filter.status_mode() {
        contract::sites::codes::StatusMode::Closed | contract::sites::codes::StatusMode::Resorbed => SiteSort::ClosedAt,
        _ => SiteSort::UpdatedAt,
    }
}

/// Rows of one page of the list (now or as of a date) with the number of actors of each site,
/// `limit + 1` to know whether more follow.
fn page_rows(
    conn: &mut Conn,
    actor: &Actor,
    geography: &Geography,
    filter: &SiteFilter,
    sort: SiteSort,
    limit: i64,
    cursor: Option<&Cursor>,
) -> AppResult<Vec<(SummaryRow, Option<i64>)>> {
    let query = sql::filtered(conn.backend(), actor, geography, filter)?;
    macro_rules! newest_first {
        ($column:expr) => {{
            let mut query = query;
            if let Some(cursor) = cursor {
                let key = date_key(cursor)?;
                query = query.filter($column.lt(key).or($column.eq(key).and(sv::site_id.lt(cursor.id))));
            }
            query.order(($column.desc(), sv::site_id.desc()))
        }};
    }
    let ordered = match sort {
        SiteSort::City => {
            let mut query = query;
            if let Some(cursor) = cursor {
                let key = cursor.key.clone();
                query = query
                    .filter(sv::city_name.gt(key.clone()).or(sv::city_name.eq(key).and(sv::site_id.gt(cursor.id))));
            }
            query.order((sv::city_name.asc(), sv::site_id.asc()))
        }
        SiteSort::BuiltAt => newest_first!(sv::built_sort_at),
        SiteSort::UpdatedAt => newest_first!(sv::data_updated_at),
        SiteSort::DeclaredAt => newest_first!(sv::declared_at),
        SiteSort::ClosedAt => {
            // Sites without a closing date (open ones) come last, by id, on both databases
            // (PostgreSQL would put NULL first in a descending order, SQLite last).
            let mut query = query;
            if let Some(cursor) = cursor {
                query = if cursor.key.is_empty() {
                    query.filter(sv::closed_at.is_null().and(sv::site_id.lt(cursor.id)))
                } else {
                    let key = date_key(cursor)?;
                    query.filter(
                        sv::closed_at
                            .lt(key)
                            .or(sv::closed_at.eq(key).and(sv::site_id.lt(cursor.id)))
                            .or(sv::closed_at.is_null()),
                    )
                };
            }
            query.order((sv::closed_at.is_null().asc(), sv::closed_at.desc(), sv::site_id.desc()))
        }
    };
    let actors_count = site_actors::table
        .filter(site_actors::site_id.eq(sv::site_id))
        .select(diesel::dsl::count_star())
        .single_value();
    let searched = filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    if !searched && filter.as_of.is_none() {
        // The list indexes give the page in order: only its rows are read (D24).
        return Ok(ordered.limit(limit + 1).select((SummaryRow::as_select(), actors_count)).load(conn)?);
    }
    // A text search, or a list of a past date, skips most versions it meets in list order (other
    // words, other dates): the page's versions are chosen by id from the index alone, which
    // carries the text (D25) and the window (migration 000008), then only they are read. (Two
    // statements: diesel's multi-backend connection cannot nest a dynamic query.)
    let chosen: Vec<i32> = ordered.limit(limit + 1).select(sv::id).load(conn)?;
    let place: HashMap<i32, usize> = chosen.iter().enumerate().map(|(index, id)| (*id, index)).collect();
    let mut rows: Vec<(i32, SummaryRow, Option<i64>)> =
        sv::table.filter(sv::id.eq_any(chosen)).select((sv::id, SummaryRow::as_select(), actors_count)).load(conn)?;
    // In the order the versions were chosen in.
    rows.sort_by_key(|(version, _, _)| place.get(version).copied());
    Ok(rows.into_iter().map(|(_, row, actors)| (row, actors)).collect())
}

/// The totals of a list: number of sites, people and minors.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Totals {
    pub sites: i64,
    pub people: i64,
    pub minors: i64,
}

/// The totals of the whole selection (the same for every page of it).
pub fn totals(conn: &mut Conn, geography: &Geography, actor: &Actor, filter: &SiteFilter) -> AppResult<Totals> {
    let (sites, people, minors): (i64, Option<i64>, Option<i64>) =
        sql::filtered(conn.backend(), actor, geography, filter)?
            .select((diesel::dsl::count_star(), sum(sv::population_total), sum(sv::population_minors)))
            .first(conn)?;
    Ok(Totals { sites, people: people.unwrap_or(0), minors: minors.unwrap_or(0) })
}

/// A page of the list, now or as of `filter.as_of`; `totals` when already known (they depend on the filters only,
/// not on the page).
#[allow(clippy::too_many_arguments)]
pub fn list(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &SiteFilter,
    sort: SiteSort,
    limit: i64,
    cursor: Option<&str>,
    totals: Option<Totals>,
) -> AppResult<SitePage> {
    let cursor = cursor.map(|raw| decode_cursor(raw, sort)).transpose()?;
    let totals = match totals {
        Some(totals) => totals,
        None => self::totals(conn, geography, actor, filter)?,
    };
    let mut rows = page_rows(conn, actor, geography, filter, sort, limit, cursor.as_ref())?;
    let next_cursor = next_cursor(&mut rows, sort, limit, |(row, _)| row);
    let actors = rows.iter().map(|(row, count)| (row.id, count.unwrap_or(0) as i32)).collect();
    let rows: Vec<SummaryRow> = rows.into_iter().map(|(row, _)| row).collect();
    let items = summaries(actor, rows, actors)?;
    Ok(SitePage {
        items,
        next_cursor,
        total: totals.sites,
        population_total: totals.people,
        minors_total: totals.minors,
    })
}

fn next_cursor<T>(rows: &mut Vec<T>, sort: SiteSort, limit: i64, row: impl Fn(&T) -> &SummaryRow) -> Option<String> {
    if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|last| encode_cursor(sort, row(last)))
    } else {
        None
    }
}

fn status(code: &Option<String>) -> ConditionStatus {
    code.as_deref().and_then(ConditionStatus::from_code).unwrap_or(ConditionStatus::Unknown)
}

/// Turns rows into summaries, given the number of actors of each site.
fn summaries(actor: &Actor, rows: Vec<SummaryRow>, actors: HashMap<i32, i32>) -> AppResult<Vec<SiteSummary>> {
    rows.into_iter()
        .map(|row| {
            let justice = actor.can(Entity::SiteJustice, Feature::Access, row.place()).then_some(JusticeSummary {
                owner_complaint: row.justice_owner_complaint,
                justice_procedure: row.justice_procedure,
                justice_rendered: row.justice_rendered,
                evacuation_under_time_limit: row.justice_evacuation_order,
                insalubrity_order: row.justice_insalubrity_order,
            });
            let social_origins = row.social_origins();
            let address = row.address.unwrap_or_default();
            Ok(SiteSummary {
                id: row.id,
                status: decode(&row.status)?,
                display_name: display_name(&address, row.name.as_deref()),
                name: row.name,
                address,
                city: TerritoryRef { code: row.city_code, name: row.city_name.unwrap_or_default() },
                departement_code: row.departement_code,
                latitude: row.latitude.unwrap_or_default(),
                longitude: row.longitude.unwrap_or_default(),
                field_type: decode(row.field_type.as_deref().unwrap_or("unknown"))?,
                population_total: row.population_total,
                population_minors: row.population_minors,
                minors_in_school: row.minors_in_school,
                social_origins,
                conditions: ConditionStatuses {
                    water: status(&row.water_status),
                    sanitary: status(&row.sanitary_status),
                    electricity: status(&row.electricity_status),
                    trash: status(&row.trash_status),
                    pests: status(&row.pests_status),
                    fire: status(&row.fire_status),
                },
                heatwave: row.heatwave.unwrap_or(false),
                resorption_target: row.resorption_target,
                built_at: row.built_at,
                declared_at: row.declared_at.unwrap_or_default(),
                data_updated_at: row.data_updated_at.unwrap_or_default(),
                closed_at: row.closed_at,
                closed_with_solutions: row.closed_with_solutions.as_deref().map(decode).transpose()?,
                actors_count: actors.get(&row.id).copied().unwrap_or(0),
                justice,
            })
        })
        .collect()
}

/// The versions of the sites to export (now or as of `filter.as_of`), in spreadsheet order:
/// département, commune, site.
pub fn export_versions(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &SiteFilter,
) -> AppResult<Vec<i32>> {
    Ok(sql::filtered(conn.backend(), actor, geography, filter)?
        .order((sv::departement_code, sv::city_name, sv::site_id))
        .select(sv::id)
        .load(conn)?)
}
