//! The events of actions in the activity feed (DOMAIN §14, issue 12 item 9): actions created,
//! updated (with what changed; finances only for their readers) and their journal messages,
//! for those who may read them: the action's territory, or a member of its organizations.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use contract::access::{Entity, Feature};
use contract::actions::codes::ActionChangeKind;
use contract::sites::activity::{Activity, ActivityKind};
use contract::territories::{LocationType, TerritoryRef};
use contract::Labelled;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::journal::{self, ActionCommentRow};
use super::record::{ActionRecord, MemberRole};
use crate::auth::Actor;
use crate::db::schema::{action_comments as comments, action_members as am, action_versions as av};
use crate::db::{utc, Conn, DbBackend};
use crate::error::AppResult;
use crate::sites::activity::{territory_of, wants, FeedQuery};
use crate::sites::journal::Reader;
use crate::territories::geography::TerritoryFilter;
use crate::territories::Geography;

type Event = (NaiveDateTime, Option<i32>, Activity);

/// Narrows a boxed query that reads action versions to the caller's reach (the territories
/// where they read actions, and their organization's actions) and the territory asked. A macro,
/// as `filter_in_scope!`: the conditions must be typed on the query's own tables.
macro_rules! within_reach {
    ($query:expr, $actor:expr, $territory:expr) => {{
        type Within<QS> = Box<dyn BoxableExpression<QS, DbBackend, SqlType = Bool>>;
        let organization = $actor.user.organization_id;
        let mine =
            || av::action_id.eq_any(am::table.filter(am::organization_id.eq(organization)).select(am::action_id));
        let mut query = $query;
        match $actor.permissions.scope(Entity::Action, Feature::Read) {
            Some(scope) if scope.national => {}
            Some(scope) => {
                query = query.filter(
                    av::departement_code
                        .eq_any(scope.departement_codes())
                        .or(av::region_code.eq_any(scope.region_codes()))
                        .or(mine()),
                )
            }
            None => query = query.filter(mine()),
        }
        match $territory {
            TerritoryFilter::Everywhere => query,
            TerritoryFilter::Region(code) => query.filter(av::region_code.eq(code.clone())),
            TerritoryFilter::Departement(code) => query.filter(av::departement_code.eq(code.clone())),
            TerritoryFilter::Epci(code) => query.filter(av::epci_codes.like(format!("%,{code},%"))),
            TerritoryFilter::Cities(codes) => {
                let mut any: Option<Within<_>> = None;
                for code in codes {
                    let condition: Within<_> = Box::new(av::city_codes.like(format!("%,{code},%")));
                    any = Some(match any.take() {
                        None => condition,
                        Some(before) => Box::new(before.or(condition)),
                    });
                }
                match any {
                    Some(condition) => query.filter(condition),
                    None => query,
                }
            }
        }
    }};
}

fn departement(geography: &Geography, code: &str) -> TerritoryRef {
    geography
        .resolve(LocationType::Departement, Some(code))
        .and_then(|found| found.departement)
        .unwrap_or_else(|| TerritoryRef { code: code.to_owned(), name: code.to_owned() })
}

fn link(record: &ActionRecord) -> contract::actions::output::ActionLink {
    let data = &record.data;
    let topics = super::record::delimited(data.topics.iter().map(|topic| topic.code()));
    super::links::link(record.id, data.name.clone(), data.started_at.unwrap_or_default(), data.ended_at, &topics)
}

/// The actions whose pilot organizations include the caller's: they read the finances.
fn piloted(conn: &mut Conn, actor: &Actor, ids: &[i32]) -> AppResult<HashSet<i32>> {
    Ok(am::table
        .filter(am::action_id.eq_any(ids.to_vec()))
        .filter(am::organization_id.eq(actor.user.organization_id))
        .filter(am::role.eq(MemberRole::Pilot.code()))
        .select(am::action_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect())
}

fn version_events(conn: &mut Conn, geography: &Geography, actor: &Actor, query: &FeedQuery) -> AppResult<Vec<Event>> {
    let mut kinds = Vec::new();
    if wants(query, ActivityKind::ActionCreation) {
        kinds.push(ActionChangeKind::Creation.code());
    }
    if wants(query, ActivityKind::ActionUpdate) {
        kinds.extend([ActionChangeKind::Update.code(), ActionChangeKind::Indicators.code()]);
    }
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let territory = territory_of(geography, &query.territory)?;
    let mut select = within_reach!(av::table.filter(av::kind.eq_any(kinds)).into_boxed(), actor, &territory);
    if let Some(before) = query.before {
        select = select.filter(av::valid_from.lt(before));
    }
    let rows: Vec<(i32, i32, String, NaiveDateTime, Option<i32>, String)> = select
        .order((av::valid_from.desc(), av::id.desc()))
        .limit(query.limit)
        .select((av::action_id, av::version, av::kind, av::valid_from, av::author_id, av::snapshot))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|row| row.0).collect();
    let piloted = piloted(conn, actor, &ids)?;
    // The version before each update, read at once rather than one query per event.
    let mut previous_of: HashMap<(i32, i32), String> = av::table
        .filter(av::action_id.eq_any(ids.clone()))
        .select((av::action_id, av::version, av::snapshot))
        .load::<(i32, i32, String)>(conn)?
        .into_iter()
        .filter(|(action, version, _)| rows.iter().any(|row| row.0 == *action && row.1 == version + 1))
        .map(|(action, version, snapshot)| ((action, version + 1), snapshot))
        .collect();
    let mut events = Vec::with_capacity(rows.len());
    for (action_id, version, kind, at, author, snapshot) in rows {
        let record = ActionRecord::from_snapshot(&snapshot)?;
        let creation = kind == ActionChangeKind::Creation.code();
        let changes = if creation {
            Vec::new()
        } else {
            match previous_of.remove(&(action_id, version)) {
                Some(previous) => {
                    let before = ActionRecord::from_snapshot(&previous)?;
                    let region = departement_region(geography, &record.data.departement_code);
                    let place = crate::access::Place {
                        region: &region,
                        departement: &record.data.departement_code,
                        epci: None,
                        city: "",
                    };
                    let finances =
                        piloted.contains(&action_id) || actor.can(Entity::ActionFinances, Feature::Access, place);
                    let name_of = |id: i32| format!("n°{id}");
                    super::fields::diff(
                        &super::fields::fields(&before, &name_of),
                        &super::fields::fields(&record, &name_of),
                        finances,
                    )
                }
                None => Vec::new(),
            }
        };
        let kind = if creation { ActivityKind::ActionCreation } else { ActivityKind::ActionUpdate };
        events.push((
            at,
            author,
            Activity {
                kind,
                at: utc(at),
                author: None,
                site: None,
                action: Some(link(&record)),
                departement: departement(geography, &record.data.departement_code),
                changes,
                comment: None,
            },
        ));
    }
    Ok(events)
}

fn departement_region(geography: &Geography, code: &str) -> String {
    geography
        .resolve(LocationType::Departement, Some(code))
        .and_then(|found| found.region)
        .map(|region| region.code)
        .unwrap_or_default()
}

fn comment_events(conn: &mut Conn, geography: &Geography, actor: &Actor, query: &FeedQuery) -> AppResult<Vec<Event>> {
    if !wants(query, ActivityKind::ActionComment) {
        return Ok(Vec::new());
    }
    let territory = territory_of(geography, &query.territory)?;
    let mut select = within_reach!(
        comments::table
            .inner_join(av::table.on(av::action_id.eq(comments::action_id).and(av::valid_to.is_null())))
            .filter(comments::deleted_at.is_null())
            .into_boxed(),
        actor,
        &territory
    );
    if let Some(before) = query.before {
        select = select.filter(comments::created_at.lt(before));
    }
    type Row = (ActionCommentRow, String, chrono::NaiveDate, Option<chrono::NaiveDate>, String, String, String);
    // Messages the caller may not read are dropped after loading: read a margin more.
    let rows: Vec<Row> = select
        .order((comments::created_at.desc(), comments::id.desc()))
        .limit(query.limit * 3)
        .select((
            ActionCommentRow::as_select(),
            av::name,
            av::started_at,
            av::ended_at,
            av::topics,
            av::region_code,
            av::departement_code,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|row| row.0.id).collect();
    let targets = journal::targets_of(conn, &ids)?;
    let action_ids: Vec<i32> = rows.iter().map(|row| row.0.action_id).collect();
    let members: HashMap<i32, Vec<i32>> = am::table
        .filter(am::action_id.eq_any(action_ids))
        .select((am::action_id, am::organization_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .fold(HashMap::new(), |mut by_action, (action, organization)| {
            by_action.entry(action).or_default().push(organization);
            by_action
        });
    let reader = Reader::of(actor);
    let mut events = Vec::new();
    for (row, name, started_at, ended_at, topics, region, departement_code) in rows {
        let place = crate::access::Place { region: &region, departement: &departement_code, epci: None, city: "" };
        let organizations = members.get(&row.action_id).map(Vec::as_slice).unwrap_or_default();
        if !journal::reads_journal(&actor.permissions, actor.user.organization_id, place, organizations)
            || !journal::visible(&reader, &row, targets.get(&row.id))
        {
            continue;
        }
        events.push((
            row.created_at,
            Some(row.author_id),
            Activity {
                kind: ActivityKind::ActionComment,
                at: utc(row.created_at),
                author: None,
                site: None,
                action: Some(super::links::link(row.action_id, name, started_at, ended_at, &topics)),
                departement: departement(geography, &departement_code),
                changes: Vec::new(),
                comment: Some(row.body),
            },
        ));
    }
    Ok(events)
}

/// The action events of one page of the feed (the caller sorts and cuts them with the others).
pub fn events(conn: &mut Conn, geography: &Geography, actor: &Actor, query: &FeedQuery) -> AppResult<Vec<Event>> {
    let mut events = version_events(conn, geography, actor, query)?;
    events.extend(comment_events(conn, geography, actor, query)?);
    Ok(events)
}
