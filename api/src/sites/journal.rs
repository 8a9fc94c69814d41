//! The journal of a site (DOMAIN §9): messages with tags and a targeted visibility, edited by
//! their author, removed by the author or, with a reason, by a moderator. Removed messages are
//! kept (marked deleted), never shown again.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use contract::access::{Entity, Feature};
use contract::problem::FieldError;
use contract::sites::codes::{CommentTag, CommentVisibility};
use contract::sites::journal::{Comment, CommentEdit, CommentInput};
use contract::sites::output::OrganizationRef;
use contract::users::UserStatus;
use contract::Labelled;
use diesel::prelude::*;

use super::access;
use super::store::Located;
use crate::access::{Permissions, Place};
use crate::auth::Actor;
use crate::db::schema::{
    organization_types as ot, organizations as o, site_comment_tags as tags, site_comment_targets as targets,
    site_comments as comments, users,
};
use crate::db::{now, utc, Conn};
use crate::error::{AppError, AppResult};
use crate::users::model::decode;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct CommentRow {
    pub id: i32,
    pub site_id: i32,
    pub body: String,
    pub visibility: String,
    pub author_id: i32,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
}

/// Who a targeted message is for.
#[derive(Debug, Default, Clone)]
pub struct Targets {
    pub organizations: Vec<i32>,
    pub users: Vec<i32>,
}

impl Targets {
    /// True when the reader or their organization is one of the targets.
    pub fn include(&self, reader: &Reader<'_>) -> bool {
        self.users.contains(&reader.user_id) || self.organizations.contains(&reader.organization_id)
    }
}

/// Whoever a message is checked for: the caller, or someone an e-mail would reach.
pub struct Reader<'a> {
    pub user_id: i32,
    pub organization_id: i32,
    pub permissions: &'a Permissions,
}

impl<'a> Reader<'a> {
    pub fn of(actor: &'a Actor) -> Self {
        Reader { user_id: actor.id(), organization_id: actor.user.organization_id, permissions: &actor.permissions }
    }
}

/// The targets of several messages.
pub fn targets_of(conn: &mut Conn, ids: &[i32]) -> AppResult<HashMap<i32, Targets>> {
    let rows: Vec<(i32, Option<i32>, Option<i32>)> = targets::table
        .filter(targets::comment_id.eq_any(ids.to_vec()))
        .select((targets::comment_id, targets::organization_id, targets::user_id))
        .load(conn)?;
    let mut by_comment: HashMap<i32, Targets> = HashMap::new();
    for (comment, organization, user) in rows {
        let entry = by_comment.entry(comment).or_default();
        entry.organizations.extend(organization);
        entry.users.extend(user);
    }
    Ok(by_comment)
}

/// The rule of the site page for one message, applied by every output that carries messages
/// (the journal, the activity feed, the exports, the e-mails): the reader may read the journal
/// where the site is, and the message is public, theirs, or addressed to them or their
/// organization. `place` is the site's.
pub fn readable(reader: &Reader<'_>, place: Place<'_>, row: &CommentRow, targets: Option<&Targets>) -> bool {
    reader.permissions.allows(Entity::SiteComment, Feature::List, place)
        && row.deleted_at.is_none()
        && (row.visibility == CommentVisibility::Public.code()
            || row.author_id == reader.user_id
            || targets.is_some_and(|t| t.include(reader)))
}

/// [`readable`] for the caller.
pub fn readable_by_actor(actor: &Actor, place: Place<'_>, row: &CommentRow, targets: Option<&Targets>) -> bool {
    readable(&Reader::of(actor), place, row, targets)
}

/// The préfecture and the DDETS of a département.
fn prefecture_and_ddets(conn: &mut Conn, departement: &str) -> AppResult<Vec<i32>> {
    Ok(o::table
        .inner_join(ot::table)
        .filter(ot::uid.eq_any(["pref_departement", "ddets"]))
        .filter(o::departement_code.eq(departement))
        .filter(o::location_type.eq("departement"))
        .filter(o::active.eq(true))
        .select(o::id)
        .load(conn)?)
}

/// Who a message is for: nobody in particular (public), the préfecture and DDETS of the
/// `departement`, or the organizations and people chosen, each checked. Site and action
/// journals share it.
pub fn resolve_targets(
    conn: &mut Conn,
    departement: &str,
    visibility: CommentVisibility,
    organization_ids: &[i32],
    user_ids: &[i32],
) -> AppResult<Targets> {
    match visibility {
        CommentVisibility::Public => Ok(Targets::default()),
        CommentVisibility::PrefectureAndDdets => {
            let organizations = prefecture_and_ddets(conn, departement)?;
            if organizations.is_empty() {
                return Err(AppError::field(
                    "visibility",
                    "no_target",
                    "Aucune préfecture ni DDETS n'est inscrite dans ce département.",
                ));
            }
            Ok(Targets { organizations, users: Vec::new() })
        }
        CommentVisibility::Custom => {
            let mut errors = Vec::new();
            if organization_ids.is_empty() && user_ids.is_empty() {
                errors.push(FieldError::new(
                    "organization_ids",
                    "required",
                    "Choisissez au moins une structure ou une personne.",
                ));
            }
            let known: i64 = o::table
                .filter(o::id.eq_any(organization_ids.to_vec()))
                .filter(o::active.eq(true))
                .count()
                .get_result(conn)?;
            let mut organizations = organization_ids.to_vec();
            organizations.sort();
            organizations.dedup();
            if known as usize != organizations.len() {
                errors.push(FieldError::new("organization_ids", "unknown_organization", "Structure inconnue."));
            }
            let mut people = user_ids.to_vec();
            people.sort();
            people.dedup();
            let known: i64 = users::table
                .filter(users::id.eq_any(people.clone()))
                .filter(users::status.eq(UserStatus::Active.code()))
                .count()
                .get_result(conn)?;
            if known as usize != people.len() {
                errors.push(FieldError::new("user_ids", "unknown_user", "Personne inconnue."));
            }
            if errors.is_empty() {
                Ok(Targets { organizations, users: people })
            } else {
                Err(AppError::Validation(errors))
            }
        }
    }
}

fn write_tags(conn: &mut Conn, comment_id: i32, list: &[CommentTag]) -> AppResult<()> {
    diesel::delete(tags::table.filter(tags::comment_id.eq(comment_id))).execute(conn)?;
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    for tag in list {
        diesel::insert_into(tags::table)
            .values((tags::comment_id.eq(comment_id), tags::tag.eq(tag.code())))
            .execute(conn)?;
    }
    Ok(())
}

/// A message posted, with where its site is and who it is for.
pub struct Posted {
    pub located: Located,
    pub message: CommentRow,
    pub targets: Targets,
}

/// Posts a message on a site.
pub fn post(conn: &mut Conn, actor: &Actor, site_id: i32, input: &CommentInput) -> AppResult<Posted> {
    let located = access::readable(conn, actor, site_id)?;
    actor.require(Entity::SiteComment, Feature::Create, located.place())?;
    let targets =
        resolve_targets(conn, &located.departement_code, input.visibility, &input.organization_ids, &input.user_ids)?;
    let id: i32 = diesel::insert_into(comments::table)
        .values((
            comments::site_id.eq(site_id),
            comments::body.eq(input.body.trim()),
            comments::visibility.eq(input.visibility.code()),
            comments::author_id.eq(actor.id()),
            comments::created_at.eq(now()),
        ))
        .returning(comments::id)
        .get_result(conn)?;
    write_tags(conn, id, &input.tags)?;
    for organization in &targets.organizations {
        diesel::insert_into(targets::table)
            .values((targets::comment_id.eq(id), targets::organization_id.eq(Some(*organization))))
            .execute(conn)?;
    }
    for user in &targets.users {
        diesel::insert_into(targets::table)
            .values((targets::comment_id.eq(id), targets::user_id.eq(Some(*user))))
            .execute(conn)?;
    }
    let message = comments::table.find(id).select(CommentRow::as_select()).first(conn)?;
    Ok(Posted { located, message, targets })
}

/// Messages as the caller sees them, newest first.
pub fn to_comments(
    conn: &mut Conn,
    actor: &Actor,
    located: &Located,
    rows: Vec<CommentRow>,
) -> AppResult<Vec<Comment>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut all_targets = targets_of(conn, &ids)?;
    let tag_rows: Vec<(i32, String)> =
        tags::table.filter(tags::comment_id.eq_any(ids.clone())).select((tags::comment_id, tags::tag)).load(conn)?;
    let mut tags_by: HashMap<i32, Vec<CommentTag>> = HashMap::new();
    for (id, tag) in tag_rows {
        tags_by.entry(id).or_default().extend(CommentTag::from_code(&tag));
    }
    let mut people: HashSet<i32> = rows.iter().map(|r| r.author_id).collect();
    let mut organization_ids = HashSet::new();
    for targets in all_targets.values() {
        people.extend(targets.users.iter().copied());
        organization_ids.extend(targets.organizations.iter().copied());
    }
    let refs = crate::users::store::refs(conn, &people.into_iter().collect::<Vec<_>>())?;
    let organizations: HashMap<i32, OrganizationRef> = o::table
        .filter(o::id.eq_any(organization_ids.into_iter().collect::<Vec<_>>()))
        .select((o::id, o::name, o::abbreviation))
        .load::<(i32, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, name, abbreviation)| (id, OrganizationRef { id, name, abbreviation }))
        .collect();
    let moderate = actor.can(Entity::SiteComment, Feature::Moderate, located.place());
    rows.into_iter()
        .filter_map(|row| {
            let targets = all_targets.remove(&row.id).unwrap_or_default();
            let author = refs.get(&row.author_id)?.clone();
            Some(Ok(Comment {
                id: row.id,
                site_id: row.site_id,
                body: row.body,
                tags: tags_by.remove(&row.id).unwrap_or_default(),
                visibility: match decode(&row.visibility) {
                    Ok(visibility) => visibility,
                    Err(error) => return Some(Err(error)),
                },
                target_organizations: targets
                    .organizations
                    .iter()
                    .filter_map(|id| organizations.get(id).cloned())
                    .collect(),
                target_users: targets.users.iter().filter_map(|id| refs.get(id).cloned()).collect(),
                can_edit: row.author_id == actor.id(),
                can_moderate: moderate || row.author_id == actor.id(),
                author,
                created_at: utc(row.created_at),
                edited_at: row.edited_at.map(utc),
            }))
        })
        .collect()
}

/// The messages of a site the caller may read.
pub fn list(conn: &mut Conn, actor: &Actor, site_id: i32) -> AppResult<Vec<Comment>> {
    let located = access::readable(conn, actor, site_id)?;
    actor.require(Entity::SiteComment, Feature::List, located.place())?;
    let rows: Vec<CommentRow> = comments::table
        .filter(comments::site_id.eq(site_id))
        .filter(comments::deleted_at.is_null())
        .order((comments::created_at.desc(), comments::id.desc()))
        .select(CommentRow::as_select())
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let targets = targets_of(conn, &ids)?;
    let rows =
        rows.into_iter().filter(|row| readable_by_actor(actor, located.place(), row, targets.get(&row.id))).collect();
    to_comments(conn, actor, &located, rows)
}

fn comment_of(conn: &mut Conn, actor: &Actor, site_id: i32, comment_id: i32) -> AppResult<(Located, CommentRow)> {
    let located = access::readable(conn, actor, site_id)?;
    actor.require(Entity::SiteComment, Feature::List, located.place())?;
    let row: CommentRow = comments::table
        .filter(comments::id.eq(comment_id))
        .filter(comments::site_id.eq(site_id))
        .select(CommentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let targets = targets_of(conn, &[comment_id])?;
    if !readable_by_actor(actor, located.place(), &row, targets.get(&comment_id)) {
        return Err(AppError::NotFound);
    }
    Ok((located, row))
}

/// One message of a site's journal, as `actor` reads it (404 when they may not).
pub fn one(conn: &mut Conn, actor: &Actor, site_id: i32, comment_id: i32) -> AppResult<Comment> {
    let (located, row) = comment_of(conn, actor, site_id, comment_id)?;
    to_comments(conn, actor, &located, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// Edits one's own message.
pub fn edit(conn: &mut Conn, actor: &Actor, site_id: i32, comment_id: i32, edit: &CommentEdit) -> AppResult<Comment> {
    let (located, row) = comment_of(conn, actor, site_id, comment_id)?;
    if row.author_id != actor.id() {
        return Err(AppError::Forbidden { code: "not_author", detail: "Seul l'auteur peut modifier son message." });
    }
    diesel::update(comments::table.find(comment_id))
        .set((comments::body.eq(edit.body.trim()), comments::edited_at.eq(now())))
        .execute(conn)?;
    write_tags(conn, comment_id, &edit.tags)?;
    let row: CommentRow = comments::table.find(comment_id).select(CommentRow::as_select()).first(conn)?;
    to_comments(conn, actor, &located, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// What removing a message by a moderator must tell: (author e-mail, author first name, site).
pub struct Removal {
    pub moderated: Option<(String, String, String)>,
}

/// Removes a message: freely by its author, with a reason by a moderator.
pub fn remove(
    conn: &mut Conn,
    actor: &Actor,
    site_id: i32,
    comment_id: i32,
    reason: Option<String>,
) -> AppResult<Removal> {
    let (located, row) = comment_of(conn, actor, site_id, comment_id)?;
    let own = row.author_id == actor.id();
    if !own {
        actor.require(Entity::SiteComment, Feature::Moderate, located.place())?;
        if reason.as_deref().is_none_or(|r| r.trim().len() < 3) {
            return Err(AppError::field("reason", "required", "Indiquez le motif de la suppression."));
        }
    }
    diesel::update(comments::table.find(comment_id))
        .set((
            comments::deleted_at.eq(now()),
            comments::deleted_by.eq(actor.id()),
            comments::deletion_reason.eq(reason.clone()),
        ))
        .execute(conn)?;
    if own {
        return Ok(Removal { moderated: None });
    }
    let author = crate::users::store::get(conn, row.author_id)?.ok_or(AppError::NotFound)?;
    let site = super::store::current(conn, site_id)?.map(|r| r.display_name()).unwrap_or_default();
    crate::audit::record(conn, Some(actor.id()), "comment.moderate", "site_comment", Some(comment_id), reason)?;
    Ok(Removal { moderated: Some((author.email, author.first_name, site)) })
}
