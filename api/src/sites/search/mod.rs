//! Lists of sites: filters in SQL (or in memory for a past date), sorting, cursor pagination,
//! totals, and the summary of each site.

pub mod memory;
pub mod sql;

use std::collections::{HashMap, HashSet};

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

use super::record::{display_name, SiteRecord};
use crate::access::Place;
use crate::auth::Actor;
use crate::db::schema::{site_actors, site_origins, site_versions as sv, sites};
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;
use crate::users::model::decode;

/// The columns a list shows.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sites)]
pub struct SummaryRow {
    pub id: i32,
    pub status: String,
    pub name: Option<String>,
    pub address: String,
    pub city_code: String,
    pub city_name: String,
    pub departement_code: String,
    pub region_code: String,
    pub epci_code: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub field_type: String,
    pub population_total: Option<i32>,
    pub population_minors: Option<i32>,
    pub minors_in_school: Option<i32>,
    pub water_status: String,
    pub sanitary_status: String,
    pub electricity_status: String,
    pub trash_status: String,
    pub pests_status: String,
    pub fire_status: String,
    pub heatwave: bool,
    pub resorption_target: Option<i32>,
    pub built_at: Option<NaiveDate>,
    pub built_sort_at: NaiveDate,
    pub declared_at: NaiveDate,
    pub data_updated_at: NaiveDate,
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
        match sort {
            SiteSort::City => self.city_name.clone(),
            SiteSort::BuiltAt => self.built_sort_at.to_string(),
            SiteSort::UpdatedAt => self.data_updated_at.to_string(),
            SiteSort::DeclaredAt => self.declared_at.to_string(),
            SiteSort::ClosedAt => self.closed_at.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// The same columns from a record of the history.
    fn of_record(record: &SiteRecord, geography: &Geography) -> AppResult<Self> {
        use super::record::SiteColumns;
        let location = record.location(geography)?;
        let c = SiteColumns::of(record, &location);
        Ok(SummaryRow {
            id: record.id,
            status: c.status,
            name: c.name,
            address: c.address,
            city_code: c.city_code,
            city_name: c.city_name,
            departement_code: c.departement_code,
            region_code: c.region_code,
            epci_code: c.epci_code,
            latitude: c.latitude,
            longitude: c.longitude,
            field_type: c.field_type,
            population_total: c.population_total,
            population_minors: c.population_minors,
            minors_in_school: c.minors_in_school,
            water_status: c.water_status,
            sanitary_status: c.sanitary_status,
            electricity_status: c.electricity_status,
            trash_status: c.trash_status,
            pests_status: c.pests_status,
            fire_status: c.fire_status,
            heatwave: c.heatwave,
            resorption_target: c.resorption_target,
            built_at: c.built_at,
            built_sort_at: c.built_sort_at,
            declared_at: c.declared_at,
            data_updated_at: c.data_updated_at,
            closed_at: c.closed_at,
            closed_with_solutions: c.closed_with_solutions,
            justice_owner_complaint: c.justice_owner_complaint,
            justice_procedure: c.justice_procedure,
            justice_rendered: c.justice_rendered,
            justice_evacuation_order: c.justice_evacuation_order,
            justice_insalubrity_order: c.justice_insalubrity_order,
        })
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

/// Rows of one page of the current list with the number of actors of each site, `limit + 1` to
/// know whether more follow.
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
                query = query.filter($column.lt(key).or($column.eq(key).and(sites::id.lt(cursor.id))));
            }
            query.order(($column.desc(), sites::id.desc()))
        }};
    }
    let ordered = match sort {
        SiteSort::City => {
            let mut query = query;
            if let Some(cursor) = cursor {
                let key = cursor.key.clone();
                query = query
                    .filter(sites::city_name.gt(key.clone()).or(sites::city_name.eq(key).and(sites::id.gt(cursor.id))));
            }
            query.order((sites::city_name.asc(), sites::id.asc()))
        }
        SiteSort::BuiltAt => newest_first!(sites::built_sort_at),
        SiteSort::UpdatedAt => newest_first!(sites::data_updated_at),
        SiteSort::DeclaredAt => newest_first!(sites::declared_at),
        SiteSort::ClosedAt => newest_first!(sites::closed_at),
    };
    let actors_count =
        site_actors::table.filter(site_actors::site_id.eq(sites::id)).select(diesel::dsl::count_star()).single_value();
    if filter.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        // The list indexes give the page in order: only its rows are read (D24).
        return Ok(ordered.limit(limit + 1).select((SummaryRow::as_select(), actors_count)).load(conn)?);
    }
    // A text search skips most sites it meets in list order: the page is chosen by id from the
    // index alone, which carries the text (D25), then only its sites are read. (Two statements:
    // diesel's multi-backend connection cannot nest a dynamic query.)
    let chosen: Vec<i32> = ordered.limit(limit + 1).select(sites::id).load(conn)?;
    let place: HashMap<i32, usize> = chosen.iter().enumerate().map(|(index, id)| (*id, index)).collect();
    let mut rows: Vec<(SummaryRow, Option<i64>)> =
        sites::table.filter(sites::id.eq_any(chosen)).select((SummaryRow::as_select(), actors_count)).load(conn)?;
    // In the order the ids were chosen in.
    rows.sort_by_key(|(row, _)| place.get(&row.id).copied());
    Ok(rows)
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
            .select((diesel::dsl::count_star(), sum(sites::population_total), sum(sites::population_minors)))
            .first(conn)?;
    Ok(Totals { sites, people: people.unwrap_or(0), minors: minors.unwrap_or(0) })
}

/// A page of the current list; `totals` when already known (they depend on the filters only,
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
    if filter.as_of.is_some() {
        return list_as_of(conn, geography, actor, filter, sort, limit, cursor);
    }
    let cursor = cursor.map(|raw| decode_cursor(raw, sort)).transpose()?;
    let totals = match totals {
        Some(totals) => totals,
        None => self::totals(conn, geography, actor, filter)?,
    };
    let mut rows = page_rows(conn, actor, geography, filter, sort, limit, cursor.as_ref())?;
    let next_cursor = next_cursor(&mut rows, sort, limit, |(row, _)| row);
    let actors = rows.iter().map(|(row, count)| (row.id, count.unwrap_or(0) as i32)).collect();
    let rows: Vec<SummaryRow> = rows.into_iter().map(|(row, _)| row).collect();
    let origins = origins_of(conn, &rows)?;
    let items = summaries(actor, rows, origins, actors)?;
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

/// Ids of the given sites that have declared actors.
fn with_actors(conn: &mut Conn, ids: &[i32]) -> AppResult<HashMap<i32, i32>> {
    let rows: Vec<i32> =
        site_actors::table.filter(site_actors::site_id.eq_any(ids.to_vec())).select(site_actors::site_id).load(conn)?;
    let mut counts = HashMap::new();
    for id in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

fn status(code: &str) -> ConditionStatus {
    ConditionStatus::from_code(code).unwrap_or(ConditionStatus::Unknown)
}

/// The social origins of the given sites.
fn origins_of(conn: &mut Conn, rows: &[SummaryRow]) -> AppResult<HashMap<i32, Vec<SocialOrigin>>> {
    let pairs: Vec<(i32, String)> = site_origins::table
        .filter(site_origins::site_id.eq_any(rows.iter().map(|row| row.id).collect::<Vec<_>>()))
        .select((site_origins::site_id, site_origins::origin))
        .load(conn)?;
    let mut by_site: HashMap<i32, Vec<SocialOrigin>> = HashMap::new();
    for (id, origin) in pairs {
        if let Some(origin) = SocialOrigin::from_code(&origin) {
            by_site.entry(id).or_default().push(origin);
        }
    }
    Ok(by_site)
}

/// Turns rows into summaries, given the origins and the number of actors of each site.
fn summaries(
    actor: &Actor,
    rows: Vec<SummaryRow>,
    mut origins: HashMap<i32, Vec<SocialOrigin>>,
    actors: HashMap<i32, i32>,
) -> AppResult<Vec<SiteSummary>> {
    rows.into_iter()
        .map(|row| {
            let justice = actor.can(Entity::SiteJustice, Feature::Access, row.place()).then_some(JusticeSummary {
                owner_complaint: row.justice_owner_complaint,
                justice_procedure: row.justice_procedure,
                justice_rendered: row.justice_rendered,
                evacuation_under_time_limit: row.justice_evacuation_order,
                insalubrity_order: row.justice_insalubrity_order,
            });
            let mut social_origins = origins.remove(&row.id).unwrap_or_default();
            social_origins.sort();
            Ok(SiteSummary {
                id: row.id,
                status: decode(&row.status)?,
                display_name: display_name(&row.address, row.name.as_deref()),
                name: row.name,
                address: row.address,
                city: TerritoryRef { code: row.city_code, name: row.city_name },
                departement_code: row.departement_code,
                latitude: row.latitude,
                longitude: row.longitude,
                field_type: decode(&row.field_type)?,
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
                heatwave: row.heatwave,
                resorption_target: row.resorption_target,
                built_at: row.built_at,
                declared_at: row.declared_at,
                data_updated_at: row.data_updated_at,
                closed_at: row.closed_at,
                closed_with_solutions: row.closed_with_solutions.as_deref().map(decode).transpose()?,
                actors_count: actors.get(&row.id).copied().unwrap_or(0),
                justice,
            })
        })
        .collect()
}

/// Records of the caller's scope as they were at the end of `filter.as_of`, matching every
/// filter, in list order.
pub fn records_as_of(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &SiteFilter,
) -> AppResult<Vec<SiteRecord>> {
    let day = filter.as_of.ok_or_else(|| AppError::internal("as_of missing"))?;
    if day > super::write::today() {
        return Err(AppError::field("as_of", "future_date", "La date ne peut pas être dans le futur."));
    }
    let at = super::routes::end_of(day);
    let scope = actor.scope(Entity::Site, Feature::List)?;
    let mut query =
        sv::table.filter(sv::valid_from.le(at)).filter(sv::valid_to.is_null().or(sv::valid_to.gt(at))).into_boxed();
    query = crate::filter_in_scope!(query, scope, sv::region_code, sv::departement_code, sv::epci_code, sv::city_code);
    let territory = geography.territory_filter(filter.location_type, filter.location_code.as_deref())?;
    query = crate::filter_by_territory!(
        query,
        territory,
        sv::region_code,
        sv::departement_code,
        sv::epci_code,
        sv::city_code
    );
    let snapshots: Vec<(i32, String)> = query.select((sv::site_id, sv::snapshot)).load(conn)?;
    let ids: Vec<i32> = snapshots.iter().map(|(id, _)| *id).collect();
    let actors: HashSet<i32> = with_actors(conn, &ids)?.into_keys().collect();
    let justice_scope = if filter.uses_justice() {
        Some(actor.scope(Entity::SiteJustice, Feature::Access).map_err(|_| AppError::Forbidden {
            code: "justice_filter_forbidden",
            detail: "Les filtres sur les procédures sont réservés aux personnes habilitées.",
        })?)
    } else {
        None
    };
    let overseas = sql::overseas_regions(geography);
    let words: Vec<String> = crate::text::normalize(filter.q.as_deref().unwrap_or(""))
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut records = Vec::new();
    for (_, snapshot) in snapshots {
        let record = SiteRecord::from_snapshot(&snapshot)?;
        let location = record.location(geography)?;
        let region = location.region.as_ref().map(|r| r.code.clone()).unwrap_or_default();
        let zone_ok = match filter.zone {
            Some(contract::sites::filters::Zone::Hexagone) => !overseas.contains(&region),
            Some(contract::sites::filters::Zone::OutreMer) => overseas.contains(&region),
            None => true,
        };
        let city_name = location.city.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        let text = crate::text::normalize(&format!(
            "{} {} {city_name}",
            record.data.name.clone().unwrap_or_default(),
            record.data.address
        ));
        let justice_ok = justice_scope.is_none_or(|scope| scope.contains_territory(&location));
        if zone_ok
            && justice_ok
            && words.iter().all(|w| text.contains(w.as_str()))
            && memory::matches(filter, &record, actors.contains(&record.id))
        {
            records.push(record);
        }
    }
    Ok(records)
}

#[allow(clippy::too_many_arguments)]
fn list_as_of(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &SiteFilter,
    sort: SiteSort,
    limit: i64,
    cursor: Option<&str>,
) -> AppResult<SitePage> {
    let cursor = cursor.map(|raw| decode_cursor(raw, sort)).transpose()?;
    let records = records_as_of(conn, geography, actor, filter)?;
    let total = records.len() as i64;
    let people: i64 = records.iter().filter_map(|r| r.data.population.total).map(i64::from).sum();
    let minors: i64 = records.iter().filter_map(|r| r.data.population.minors).map(i64::from).sum();
    let mut origins = HashMap::new();
    let mut rows = Vec::with_capacity(records.len());
    for record in &records {
        origins.insert(record.id, record.data.social_origins.clone());
        rows.push(SummaryRow::of_record(record, geography)?);
    }
    let ascending = sort == SiteSort::City;
    rows.sort_by(|a, b| {
        let order = a.key(sort).cmp(&b.key(sort)).then(a.id.cmp(&b.id));
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    if let Some(cursor) = cursor {
        rows.retain(|row| {
            let position = (row.key(sort), row.id).cmp(&(cursor.key.clone(), cursor.id));
            if ascending {
                position.is_gt()
            } else {
                position.is_lt()
            }
        });
    }
    rows.truncate(limit as usize + 1);
    let next_cursor = next_cursor(&mut rows, sort, limit, |row| row);
    let actors = with_actors(conn, &rows.iter().map(|row| row.id).collect::<Vec<_>>())?;
    let items = summaries(actor, rows, origins, actors)?;
    Ok(SitePage { items, next_cursor, total, population_total: people, minors_total: minors })
}
