//! The actors of a site (DOMAIN §8): people who declare themselves, or are declared by a
//! colleague, as working on the site, with their themes.

use contract::access::{Entity, Feature};
use contract::sites::actions::ActorInput;
use contract::sites::codes::ActorTheme;
use contract::users::UserStatus;
use contract::Labelled;
use diesel::prelude::*;

use super::access;
use super::store::Located;
use crate::access::{Permissions, RoleKey};
use crate::auth::Actor;
use crate::db::schema::{site_actor_themes as themes, site_actors as actors, users};
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::organizations::areas::AreaRow;
use crate::territories::Geography;
use crate::users::model::UserRow;

/// True when `user` (active) may read the site: only such users can be its actors.
pub fn can_read(conn: &mut Conn, geography: &Geography, user: &UserRow, located: &Located) -> AppResult<bool> {
    if user.status()? != UserStatus::Active {
        return Ok(false);
    }
    let role = RoleKey::of(user.role()?, user.admin_role()?);
    let options = crate::users::store::options_of(conn, user.id)?;
    let areas: Vec<_> = crate::users::store::areas_of(conn, user)?.iter().map(AreaRow::to_area).collect();
    Ok(Permissions::resolve(role, &options, &areas, geography).allows(Entity::Site, Feature::Read, located.place()))
}

fn check_themes(input: &ActorInput) -> AppResult<()> {
    if input.themes.contains(&ActorTheme::Other) && input.other_theme.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(AppError::field("other_theme", "required", "Précisez le champ d'intervention « Autre »."));
    }
    Ok(())
}

fn write_themes(conn: &mut Conn, site_id: i32, user_id: i32, input: &ActorInput) -> AppResult<()> {
    diesel::delete(themes::table.filter(themes::site_id.eq(site_id)).filter(themes::user_id.eq(user_id)))
        .execute(conn)?;
    let mut list = input.themes.clone();
    list.sort();
    list.dedup();
    for theme in list {
        diesel::insert_into(themes::table)
            .values((themes::site_id.eq(site_id), themes::user_id.eq(user_id), themes::theme.eq(theme.code())))
            .execute(conn)?;
    }
    let other = input.themes.contains(&ActorTheme::Other).then(|| input.other_theme.clone()).flatten();
    diesel::update(actors::table.find((site_id, user_id))).set(actors::other_theme.eq(other)).execute(conn)?;
    Ok(())
}

/// Declares the actor (or a colleague) on the site. Returns the declared user when it is
/// someone else, to tell them.
pub fn declare(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    site_id: i32,
    input: &ActorInput,
) -> AppResult<(Located, Option<UserRow>)> {
    let located = access::readable(conn, actor, site_id)?;
    check_themes(input)?;
    let user_id = input.user_id.unwrap_or(actor.id());
    let other = if user_id == actor.id() {
        None
    } else {
        let user = crate::users::store::get(conn, user_id)?
            .ok_or_else(|| AppError::field("user_id", "unknown_user", "Personne inconnue."))?;
        if !can_read(conn, geography, &user, &located)? {
            return Err(AppError::field("user_id", "cannot_read_site", "Cette personne n'a pas accès à ce site."));
        }
        Some(user)
    };
    let exists: i64 = actors::table
        .filter(actors::site_id.eq(site_id))
        .filter(actors::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Err(AppError::Conflict {
            code: "already_actor",
            detail: "Cette personne est déjà intervenante sur le site.".into(),
        });
    }
    diesel::insert_into(actors::table)
        .values((
            actors::site_id.eq(site_id),
            actors::user_id.eq(user_id),
            actors::created_by.eq(actor.id()),
            actors::created_at.eq(now()),
        ))
        .execute(conn)?;
    write_themes(conn, site_id, user_id, input)?;
    Ok((located, other))
}

/// Only the actor themself, or someone who may update the site, changes or removes an actor.
fn manageable(conn: &mut Conn, actor: &Actor, site_id: i32, user_id: i32) -> AppResult<Located> {
    let located = access::readable(conn, actor, site_id)?;
    if user_id != actor.id() {
        access::require(actor, &located, Feature::Update)?;
    }
    let exists: i64 = actors::table
        .filter(actors::site_id.eq(site_id))
        .filter(actors::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        return Err(AppError::NotFound);
    }
    Ok(located)
}

pub fn change_themes(conn: &mut Conn, actor: &Actor, site_id: i32, user_id: i32, input: &ActorInput) -> AppResult<()> {
    manageable(conn, actor, site_id, user_id)?;
    check_themes(input)?;
    write_themes(conn, site_id, user_id, input)
}

pub fn remove(conn: &mut Conn, actor: &Actor, site_id: i32, user_id: i32) -> AppResult<()> {
    manageable(conn, actor, site_id, user_id)?;
    diesel::delete(actors::table.find((site_id, user_id))).execute(conn)?;
    Ok(())
}

/// Active users matching `query` who may read the site, for the "declare a colleague" picker.
pub fn candidates(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    site_id: i32,
    query: &str,
) -> AppResult<Vec<contract::sites::output::UserRef>> {
    let located = access::readable(conn, actor, site_id)?;
    let mut search = users::table.filter(users::status.eq(UserStatus::Active.code())).into_boxed();
    for pattern in crate::text::word_patterns(query) {
        search = search.filter(users::search_text.like(pattern));
    }
    let found: Vec<UserRow> = search.order(users::last_name).limit(50).select(UserRow::as_select()).load(conn)?;
    let mut allowed = Vec::new();
    for user in found {
        if can_read(conn, geography, &user, &located)? {
            allowed.push(user.id);
        }
        if allowed.len() == 20 {
            break;
        }
    }
    let refs = crate::users::store::refs(conn, &allowed)?;
    Ok(allowed.iter().filter_map(|id| refs.get(id).cloned()).collect())
}
