//! Builds the answers about one site for one caller.

use std::collections::HashMap;

use contract::sites::codes::ActorTheme;
use contract::sites::output::{Phase, Site, SiteActor, SiteLink, UserRef};
use contract::Labelled;
use diesel::prelude::*;

use super::access;
use super::record::{display_name, SiteRecord};
use super::store::Located;
use crate::auth::Actor;
use crate::db::schema::{organizations, site_actor_themes, site_actors, site_favorites, site_versions as sv, users};
use crate::db::{utc, Conn};
use crate::error::AppResult;
use crate::territories::Geography;
use crate::users::store::UserRefRow;

/// Links to other sites, among those the caller may read.
pub fn links(conn: &mut Conn, actor: &Actor, ids: &[i32]) -> AppResult<Vec<SiteLink>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    type Link = (i32, Option<String>, Option<String>, Option<String>, String, String, Option<String>, String);
    let rows: Vec<Link> = sv::table
        .filter(sv::site_id.eq_any(ids.to_vec()))
        .filter(sv::valid_to.is_null())
        .select((
            sv::site_id,
            sv::address,
            sv::name,
            sv::city_name,
            sv::status,
            sv::region_code,
            sv::epci_code,
            sv::departement_code,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, _, _, region, epci, departement)| {
            // The commune is not needed: reading is never narrower than the département.
            let place = crate::access::Place { region, departement, epci: epci.as_deref(), city: "" };
            actor.can(contract::access::Entity::Site, contract::access::Feature::Read, place)
        })
        .map(|(id, address, name, city_name, status, ..)| SiteLink {
            id,
            display_name: display_name(address.as_deref().unwrap_or_default(), name.as_deref()),
            city_name: city_name.unwrap_or_default(),
            open: status == "open",
        })
        .collect())
}

/// The actors of a site, in declaration order, with their themes.
pub fn actors(conn: &mut Conn, site_id: i32) -> AppResult<Vec<SiteActor>> {
    let rows: Vec<(UserRefRow, chrono::NaiveDateTime, Option<String>, Option<String>)> = site_actors::table
        .inner_join(users::table.on(users::id.eq(site_actors::user_id)))
        .inner_join(organizations::table.on(organizations::id.eq(users::organization_id)))
        .left_join(
            site_actor_themes::table.on(site_actor_themes::site_id
                .eq(site_actors::site_id)
                .and(site_actor_themes::user_id.eq(site_actors::user_id))),
        )
        .filter(site_actors::site_id.eq(site_id))
        .order((site_actors::created_at, site_actors::user_id))
        .select((
            UserRefRow::as_select(),
            site_actors::created_at,
            site_actors::other_theme,
            site_actor_themes::theme.nullable(),
        ))
        .load(conn)?;
    let mut actors: Vec<SiteActor> = Vec::new();
    for (user, _, other_theme, theme) in rows {
        let user: UserRef = user.into();
        if actors.last().is_none_or(|last| last.user.id != user.id) {
            actors.push(SiteActor { user, themes: Vec::new(), other_theme });
        }
        if let (Some(entry), Some(theme)) = (actors.last_mut(), theme.as_deref().and_then(ActorTheme::from_code)) {
            entry.themes.push(theme);
        }
    }
    for actor in &mut actors {
        actor.themes.sort();
    }
    Ok(actors)
}

/// What the detail's first query already read besides the site.
pub struct Known {
    pub is_favorite: bool,
    pub authors: HashMap<i32, UserRef>,
}

/// The site as the caller may see it.
pub fn site(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    located: &Located,
    record: SiteRecord,
) -> AppResult<Site> {
    site_with(conn, geography, actor, located, record, None)
}

/// The site as the caller may see it, with what was already read (the detail's hot path).
pub fn site_with(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    located: &Located,
    mut record: SiteRecord,
    known: Option<Known>,
) -> AppResult<Site> {
    access::redact(&mut record, actor, located.place());
    let location = record.location(geography)?;
    let known = match known {
        Some(known) => known,
        None => Known {
            is_favorite: diesel::select(diesel::dsl::exists(
                site_favorites::table
                    .filter(site_favorites::site_id.eq(record.id))
                    .filter(site_favorites::user_id.eq(actor.id())),
            ))
            .get_result(conn)?,
            authors: crate::users::store::refs(
                conn,
                &[record.created_by, record.updated_by].into_iter().flatten().collect::<Vec<_>>(),
            )?,
        },
    };
    let actors = actors(conn, record.id)?;
    let actions = crate::actions::links::on_site(conn, actor, record.id)?;
    let author = |id: Option<i32>| id.and_then(|id| known.authors.get(&id).cloned());
    let data = record.data.clone();
    Ok(Site {
        id: record.id,
        version: record.version,
        status: record.status,
        display_name: record.display_name(),
        completion_rate: record.completion_rate(),
        name: data.name,
        address: data.address,
        address_details: data.address_details,
        city: location.city.clone().unwrap_or_else(|| location_ref(&data.city_code)),
        main_city: location.main_city.clone(),
        epci: location.epci.clone(),
        departement: location.departement.clone().unwrap_or_else(|| location_ref("")),
        region: location.region.clone().unwrap_or_else(|| location_ref("")),
        latitude: data.latitude,
        longitude: data.longitude,
        built_at: data.built_at,
        declared_at: data.declared_at,
        data_updated_at: record.data_updated_at,
        field_type: data.field_type,
        owner_type: data.owner_type,
        is_reinstallation: data.is_reinstallation,
        reinstallation_comments: data.reinstallation_comments,
        reinstallation_incoming_sites: links(conn, actor, &data.reinstallation_incoming_sites)?,
        population: data.population,
        social_origins: data.social_origins,
        census: data.census,
        living_condition_statuses: data.living_conditions.statuses(),
        living_conditions: data.living_conditions,
        justice: data.justice,
        owners: data.owners,
        closure: record.closure.clone(),
        heatwave: record.heatwave,
        resorption_target: record.resorption_target,
        preparatory_phases: data
            .preparatory_phases
            .iter()
            .map(|p| Phase { phase: p.phase, label: p.phase.label().to_owned(), completed_at: p.completed_at })
            .collect(),
        updated_without_any_change: record.updated_without_any_change,
        actors,
        actions,
        is_favorite: known.is_favorite,
        created_at: utc(record.created_at),
        created_by: author(record.created_by),
        updated_at: utc(record.updated_at),
        updated_by: author(record.updated_by),
        abilities: access::abilities(actor, located),
    })
}

fn location_ref(code: &str) -> contract::territories::TerritoryRef {
    contract::territories::TerritoryRef { code: code.to_owned(), name: String::new() }
}
