//! The action list: filters in SQL on the current versions, inside the caller's scope (the
//! territories where they read actions, plus the actions of their organization), counts of the
//! two tabs, sorting and cursor pagination as for sites.

use std::collections::HashMap;

use base64::Engine;
use chrono::{NaiveDate, NaiveDateTime};
use contract::access::{Entity, Feature};
use contract::actions::codes::{ActionLocationType, ActionPhase, Topic};
use contract::actions::filters::{ActionFilter, ActionSort, IndicatorsFilter};
use contract::actions::output::{ActionPage, ActionSummary};
use contract::sites::output::OrganizationRef;
use contract::territories::{LocationType, TerritoryRef};
use contract::Labelled;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer};
use serde::{Deserialize, Serialize};

use super::record::MemberRole;
use crate::auth::Actor;
use crate::db::schema::{action_members as am, action_sites, action_versions as av, organizations};
use crate::db::{utc, Conn, DbBackend};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

type ActionQuery = av::BoxedQuery<'static, DbBackend>;
type Condition = Box<dyn BoxableExpression<av::table, DbBackend, SqlType = Bool>>;

/// The current versions matching every filter but the phase, inside the caller's scope.
pub(crate) fn filtered(actor: &Actor, geography: &Geography, filter: &ActionFilter) -> AppResult<ActionQuery> {
    let mut query = av::table.filter(av::valid_to.is_null()).into_boxed();
    let organization = actor.user.organization_id;
    let of_my_organization = || am::table.filter(am::organization_id.eq(organization)).select(am::action_id);
    match actor.permissions.scope(Entity::Action, Feature::Read) {
        Some(scope) if scope.national => {}
        Some(scope) => {
            query = query.filter(
                av::departement_code
                    .eq_any(scope.departement_codes())
                    .or(av::region_code.eq_any(scope.region_codes()))
                    .or(av::action_id.eq_any(of_my_organization())),
            )
        }
        None => query = query.filter(av::action_id.eq_any(of_my_organization())),
    }
    if let Some(level) = filter.location_type.filter(|level| *level != LocationType::Nation) {
        let code = filter.location_code.clone().unwrap_or_default();
        if geography.resolve(level, Some(&code)).and_then(|found| found.code().map(str::to_owned)) != Some(code.clone())
        {
            return Err(AppError::field("location_code", "unknown_territory", "Territoire inconnu."));
        }
        query = match level {
            LocationType::Region => query.filter(av::region_code.eq(code)),
            LocationType::Departement => query.filter(av::departement_code.eq(code)),
            LocationType::Epci => query.filter(av::epci_codes.like(format!("%,{code},%"))),
            _ => query.filter(av::city_codes.like(format!("%,{code},%"))),
        };
    }
    if let Some(q) = filter.q.as_deref() {
        for pattern in crate::text::word_patterns(q) {
            query = query.filter(av::search_text.like(pattern));
        }
    }
    let mut topics =
        filter.topic.iter().map(|topic| -> Condition { Box::new(av::topics.like(format!("%,{},%", topic.code()))) });
    if let Some(first) = topics.next() {
        query = query.filter(topics.fold(first, |all, next| Box::new(all.or(next))));
    }
    if !filter.place.is_empty() {
        query = query.filter(av::location_type.eq_any(filter.place.iter().map(|p| p.code()).collect::<Vec<_>>()));
    }
    if let Some(year) = filter.year {
        let (first, last) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
        let (Some(first), Some(last)) = (first, last) else {
            return Err(AppError::field("year", "out_of_range", "Année invalide."));
        };
        query = query.filter(av::started_at.le(last)).filter(av::ended_at.is_null().or(av::ended_at.ge(first)));
    }
    if let Some(site) = filter.site_id {
        query =
            query
                .filter(av::action_id.eq_any(
                    action_sites::table.filter(action_sites::site_id.eq(site)).select(action_sites::action_id),
                ));
    }
    if let Some(organization) = filter.operator_organization {
        query = query.filter(
            av::action_id.eq_any(
                am::table
                    .filter(am::organization_id.eq(organization))
                    .filter(am::role.eq(MemberRole::Operator.code()))
                    .select(am::action_id),
            ),
        );
    }
    if let Some(wanted) = filter.indicators {
        use chrono::Datelike;
        let year = filter.year.unwrap_or_else(|| crate::sites::write::today().year() - 1);
        let filled = format!("%,{year},%");
        query = match wanted {
            IndicatorsFilter::Filled => query.filter(av::indicator_years.like(filled)),
            IndicatorsFilter::Missing => query.filter(av::indicator_years.not_like(filled)),
        };
    }
    Ok(query)
}

fn in_phase(query: ActionQuery, phase: ActionPhase, today: NaiveDate) -> ActionQuery {
    match phase {
        ActionPhase::Ongoing => query.filter(av::ended_at.is_null().or(av::ended_at.ge(today))),
        ActionPhase::Ended => query.filter(av::ended_at.lt(today)),
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = av)]
struct Row {
    action_id: i32,
    name: String,
    started_at: NaiveDate,
    ended_at: Option<NaiveDate>,
    topics: String,
    departement_code: String,
    location_type: String,
    valid_from: NaiveDateTime,
    indicators_updated_at: Option<NaiveDateTime>,
}

impl Row {
    fn key(&self, sort: ActionSort) -> String {
        match sort {
            ActionSort::StartedAt => self.started_at.to_string(),
            ActionSort::Name => self.name.clone(),
            ActionSort::UpdatedAt => self.valid_from.format(TIMESTAMP).to_string(),
            ActionSort::Departement => self.departement_code.clone(),
        }
    }
}

const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// Where the next page starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cursor {
    sort: String,
    key: String,
    id: i32,
}

fn invalid_cursor() -> AppError {
    AppError::field("cursor", "invalid_cursor", "Curseur invalide : reprenez depuis la première page.")
}

fn encode_cursor(sort: ActionSort, row: &Row) -> String {
    let cursor = Cursor { sort: sort.code().to_owned(), key: row.key(sort), id: row.action_id };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
}

fn decode_cursor(raw: &str, sort: ActionSort) -> AppResult<Cursor> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid_cursor())?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid_cursor())?;
    if cursor.sort != sort.code() {
        return Err(invalid_cursor());
    }
    Ok(cursor)
}

/// Orders a query and starts it after the cursor.
fn ordered(query: ActionQuery, sort: ActionSort, cursor: Option<&Cursor>) -> AppResult<ActionQuery> {
    let mut query = query;
    Ok(match sort {
        ActionSort::StartedAt => {
            if let Some(cursor) = cursor {
                let key: NaiveDate = cursor.key.parse().map_err(|_| invalid_cursor())?;
                query =
                    query.filter(av::started_at.lt(key).or(av::started_at.eq(key).and(av::action_id.lt(cursor.id))));
            }
            query.order((av::started_at.desc(), av::action_id.desc()))
        }
        ActionSort::UpdatedAt => {
            if let Some(cursor) = cursor {
                let key = NaiveDateTime::parse_from_str(&cursor.key, TIMESTAMP).map_err(|_| invalid_cursor())?;
                query =
                    query.filter(av::valid_from.lt(key).or(av::valid_from.eq(key).and(av::action_id.lt(cursor.id))));
            }
            query.order((av::valid_from.desc(), av::action_id.desc()))
        }
        ActionSort::Name => {
            if let Some(cursor) = cursor {
                let key = cursor.key.clone();
                query = query.filter(av::name.gt(key.clone()).or(av::name.eq(key).and(av::action_id.gt(cursor.id))));
            }
            query.order((av::name.asc(), av::action_id.asc()))
        }
        ActionSort::Departement => {
            if let Some(cursor) = cursor {
                let key = cursor.key.clone();
                query = query.filter(
                    av::departement_code
                        .gt(key.clone())
                        .or(av::departement_code.eq(key).and(av::action_id.gt(cursor.id))),
                );
            }
            query.order((av::departement_code.asc(), av::action_id.asc()))
        }
    })
}

/// One page of actions with the counts of both tabs.
#[allow(clippy::too_many_arguments)]
pub fn list(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &ActionFilter,
    sort: ActionSort,
    limit: i64,
    cursor: Option<&str>,
) -> AppResult<ActionPage> {
    let cursor = cursor.map(|raw| decode_cursor(raw, sort)).transpose()?;
    let today = crate::sites::write::today();
    // Both tabs' counts in one reading of the selection: all of it, and those ended.
    let ended_one =
        diesel::dsl::case_when(av::ended_at.lt(today), 1.into_sql::<Integer>()).otherwise(0.into_sql::<Integer>());
    let (all, ended): (i64, Option<i64>) = filtered(actor, geography, filter)?
        .select((diesel::dsl::count_star(), diesel::dsl::sum(ended_one)))
        .get_result(conn)?;
    let ended = ended.unwrap_or(0);
    let ongoing = all - ended;
    let phase = filter.phase();
    let query = ordered(in_phase(filtered(actor, geography, filter)?, phase, today), sort, cursor.as_ref())?;
    let mut rows: Vec<Row> = query.select(Row::as_select()).limit(limit + 1).load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(|row| encode_cursor(sort, row)) } else { None };
    let items = summaries(conn, geography, rows, today)?;
    Ok(ActionPage {
        items,
        next_cursor,
        total: if phase == ActionPhase::Ongoing { ongoing } else { ended },
        ongoing,
        ended,
    })
}

fn summaries(
    conn: &mut Conn,
    geography: &Geography,
    rows: Vec<Row>,
    today: NaiveDate,
) -> AppResult<Vec<ActionSummary>> {
    let ids: Vec<i32> = rows.iter().map(|row| row.action_id).collect();
    type MemberRow = (i32, String, bool, i32, String, Option<String>);
    let members: Vec<MemberRow> = am::table
        .inner_join(organizations::table.on(organizations::id.eq(am::organization_id)))
        .filter(am::action_id.eq_any(ids.clone()))
        .order((am::action_id, am::user_id))
        .select((
            am::action_id,
            am::role,
            am::is_principal,
            organizations::id,
            organizations::name,
            organizations::abbreviation,
        ))
        .load(conn)?;
    let mut pilots: HashMap<i32, Vec<OrganizationRef>> = HashMap::new();
    let mut principal: HashMap<i32, OrganizationRef> = HashMap::new();
    for (action_id, role, is_principal, id, name, abbreviation) in members {
        let organization = OrganizationRef { id, name, abbreviation };
        if role == MemberRole::Pilot.code() {
            let list = pilots.entry(action_id).or_default();
            if !list.contains(&organization) {
                list.push(organization);
            }
        } else if is_principal {
            principal.insert(action_id, organization);
        }
    }
    let sites: Vec<i32> =
        action_sites::table.filter(action_sites::action_id.eq_any(ids)).select(action_sites::action_id).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let departement = geography
                .resolve(LocationType::Departement, Some(&row.departement_code))
                .and_then(|found| found.departement)
                .unwrap_or_else(|| TerritoryRef {
                    code: row.departement_code.clone(),
                    name: row.departement_code.clone(),
                });
            ActionSummary {
                id: row.action_id,
                phase: if row.ended_at.is_some_and(|end| end < today) {
                    ActionPhase::Ended
                } else {
                    ActionPhase::Ongoing
                },
                started_at: row.started_at,
                ended_at: row.ended_at,
                topics: row.topics.split(',').filter_map(Topic::from_code).collect(),
                departement,
                location_type: ActionLocationType::from_code(&row.location_type).unwrap_or(ActionLocationType::Other),
                pilot_organizations: pilots.remove(&row.action_id).unwrap_or_default(),
                operator_organization: principal.remove(&row.action_id),
                site_count: sites.iter().filter(|id| **id == row.action_id).count() as i32,
                updated_at: utc(row.valid_from),
                indicators_updated_at: row.indicators_updated_at.map(utc),
                name: row.name,
            }
        })
        .collect())
}
