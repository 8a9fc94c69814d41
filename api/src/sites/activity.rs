//! The activity feed (DOMAIN §14): declarations, updates and closures of sites, journal
//! messages, and the events of actions (`actions::activity`), newest first, within what the
//! caller may read.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use contract::access::{Entity, Feature};
use contract::sites::activity::{Activity, ActivityKind, ActivityPage};
use contract::sites::history::ChangeKind;
use contract::sites::output::SiteLink;
use contract::territories::{LocationInput, TerritoryRef};
use contract::Labelled;
use diesel::prelude::*;

use super::journal::{self, CommentRow};
use super::record::SiteRecord;
use super::store::Located;
use crate::auth::Actor;
use crate::db::schema::{site_comments as comments, site_versions as sv, sites};
use crate::db::{utc, Conn};
use crate::error::AppResult;
use crate::filter_in_scope;
use crate::territories::Geography;

pub struct FeedQuery {
    pub kinds: Vec<ActivityKind>,
    pub territory: Option<LocationInput>,
    pub before: Option<NaiveDateTime>,
    pub limit: i64,
}

pub fn wants(query: &FeedQuery, kind: ActivityKind) -> bool {
    query.kinds.is_empty() || query.kinds.contains(&kind)
}

pub fn territory_of(
    geography: &Geography,
    territory: &Option<LocationInput>,
) -> AppResult<crate::territories::geography::TerritoryFilter> {
    geography.territory_filter(
        territory.as_ref().map(|t| t.location_type),
        territory.as_ref().and_then(|t| t.code.as_deref()),
    )
}

fn site_link(record: &SiteRecord, geography: &Geography) -> (SiteLink, TerritoryRef) {
    let location = record.location(geography).ok();
    let city_name = location.as_ref().and_then(|l| l.city.as_ref()).map(|c| c.name.clone()).unwrap_or_default();
    let departement = location
        .and_then(|l| l.departement)
        .unwrap_or_else(|| TerritoryRef { code: String::new(), name: String::new() });
    (SiteLink { id: record.id, display_name: record.display_name(), city_name, open: record.is_open() }, departement)
}

fn site_events(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    query: &FeedQuery,
) -> AppResult<Vec<(NaiveDateTime, Option<i32>, Activity)>> {
    let mut kinds = Vec::new();
    for (activity, change) in [
        (ActivityKind::SiteCreation, ChangeKind::Creation),
        (ActivityKind::SiteUpdate, ChangeKind::Update),
        (ActivityKind::SiteClosing, ChangeKind::Closure),
    ] {
        if wants(query, activity) {
            kinds.push(change.code());
        }
    }
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let scope = actor.scope(Entity::Site, Feature::List)?;
    let mut select = sv::table.filter(sv::kind.eq_any(kinds)).into_boxed();
    select = filter_in_scope!(select, scope, sv::region_code, sv::departement_code, sv::epci_code, sv::city_code);
    if let Some(before) = query.before {
        select = select.filter(sv::valid_from.lt(before));
    }
    let territory = territory_of(geography, &query.territory)?;
    select = crate::filter_by_territory!(
        select,
        territory,
        sv::region_code,
        sv::departement_code,
        sv::epci_code,
        sv::city_code
    );
    let rows: Vec<(i32, i32, String, NaiveDateTime, Option<i32>, String)> = select
        .order((sv::valid_from.desc(), sv::id.desc()))
        .limit(query.limit)
        .select((sv::site_id, sv::version, sv::kind, sv::valid_from, sv::author_id, sv::snapshot))
        .load(conn)?;
    let mut events = Vec::with_capacity(rows.len());
    for (site_id, version, kind, at, author, snapshot) in rows {
        let record = SiteRecord::from_snapshot(&snapshot)?;
        let changes = if kind == ChangeKind::Update.code() {
            let previous: Option<String> = sv::table
                .filter(sv::site_id.eq(site_id))
                .filter(sv::version.eq(version - 1))
                .select(sv::snapshot)
                .first(conn)
                .optional()?;
            match previous {
                Some(previous) => {
                    let before = SiteRecord::from_snapshot(&previous)?;
                    let location = record.location(geography)?;
                    let place = location.place();
                    let justice = actor.can(Entity::SiteJustice, Feature::Access, place);
                    let owners = actor.can(Entity::SiteOwner, Feature::Access, place);
                    super::fields::diff(&before, &record, justice, owners)
                }
                None => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let activity_kind = match kind.as_str() {
            "creation" => ActivityKind::SiteCreation,
            "closure" => ActivityKind::SiteClosing,
            _ => ActivityKind::SiteUpdate,
        };
        let (site, departement) = site_link(&record, geography);
        events.push((
            at,
            author,
            Activity {
                kind: activity_kind,
                at: utc(at),
                author: None,
                site: Some(site),
                action: None,
                departement,
                changes,
                comment: None,
            },
        ));
    }
    Ok(events)
}

fn comment_events(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    query: &FeedQuery,
) -> AppResult<Vec<(NaiveDateTime, Option<i32>, Activity)>> {
    if !wants(query, ActivityKind::SiteComment) {
        return Ok(Vec::new());
    }
    let Some(scope) = actor.permissions.scope(Entity::SiteComment, Feature::List) else {
        return Ok(Vec::new());
    };
    let mut select = comments::table.inner_join(sites::table).filter(comments::deleted_at.is_null()).into_boxed();
    select = filter_in_scope!(
        select,
        scope,
        sites::region_code,
        sites::departement_code,
        sites::epci_code,
        sites::city_code
    );
    if let Some(before) = query.before {
        select = select.filter(comments::created_at.lt(before));
    }
    let territory = territory_of(geography, &query.territory)?;
    select = crate::filter_by_territory!(
        select,
        territory,
        sites::region_code,
        sites::departement_code,
        sites::epci_code,
        sites::city_code
    );
    // Targeted messages the caller may not read are dropped after loading: read a margin more.
    let rows: Vec<(CommentRow, Located)> = select
        .order((comments::created_at.desc(), comments::id.desc()))
        .limit(query.limit * 3)
        .select((CommentRow::as_select(), Located::as_select()))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(row, _)| row.id).collect();
    let targets = journal::targets_of(conn, &ids)?;
    let mut records: HashMap<i32, SiteRecord> = HashMap::new();
    let mut events = Vec::new();
    let readable = rows
        .into_iter()
        .filter(|(row, site)| journal::readable_by_actor(actor, site.place(), row, targets.get(&row.id)))
        .map(|(row, _)| row);
    for row in readable {
        if let std::collections::hash_map::Entry::Vacant(entry) = records.entry(row.site_id) {
            if let Some(record) = super::store::current(conn, row.site_id)? {
                entry.insert(record);
            }
        }
        let Some(record) = records.get(&row.site_id) else { continue };
        let (site, departement) = site_link(record, geography);
        events.push((
            row.created_at,
            Some(row.author_id),
            Activity {
                kind: ActivityKind::SiteComment,
                at: utc(row.created_at),
                author: None,
                site: Some(site),
                action: None,
                departement,
                changes: Vec::new(),
                comment: Some(row.body),
            },
        ));
    }
    Ok(events)
}

/// One page of the feed.
pub fn feed(conn: &mut Conn, geography: &Geography, actor: &Actor, query: &FeedQuery) -> AppResult<ActivityPage> {
    actor.scope(Entity::Site, Feature::List)?;
    let mut events = site_events(conn, geography, actor, query)?;
    events.extend(comment_events(conn, geography, actor, query)?);
    events.extend(crate::actions::activity::events(conn, geography, actor, query)?);
    events.sort_by_key(|event| std::cmp::Reverse(event.0));
    events.truncate(query.limit as usize);
    let authors: Vec<i32> = events.iter().filter_map(|(_, author, _)| *author).collect();
    let refs = crate::users::store::refs(conn, &authors)?;
    let next_before = (events.len() as i64 == query.limit).then(|| events.last().map(|(at, _, _)| utc(*at))).flatten();
    let items = events
        .into_iter()
        .map(|(_, author, mut activity)| {
            activity.author = author.and_then(|id| refs.get(&id).cloned());
            activity
        })
        .collect();
    Ok(ActivityPage { items, next_before })
}
