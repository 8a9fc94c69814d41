//! The journal of an action (DOMAIN §10.5): messages with the site journal's audiences, edited
//! by their author, removed by the author or, with a reason, by a moderator; removed messages
//! are kept, never shown again. Readers of the journal are those of the action: the territory's
//! (`action_comment.read`) and every member of its pilot and operator organizations.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use contract::access::{Entity, Feature};
use contract::actions::journal::{ActionComment, ActionCommentEdit, ActionCommentInput};
use contract::sites::codes::CommentVisibility;
use contract::sites::output::OrganizationRef;
use contract::Labelled;
use diesel::prelude::*;

use super::access::{self, Reachable};
use crate::access::Permissions;
use crate::auth::Actor;
use crate::db::schema::{action_comment_targets as targets, action_comments as comments, organizations as o};
use crate::db::{now, utc, Conn};
use crate::error::{AppError, AppResult};
use crate::sites::journal::{resolve_targets, Reader, Targets};
use crate::users::model::decode;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct ActionCommentRow {
    pub id: i32,
    pub action_id: i32,
    pub body: String,
    pub visibility: String,
    pub author_id: i32,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
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

/// May this reader read the journal of an action at `place`, whose member organizations are
/// `members`?
pub fn reads_journal(
    permissions: &Permissions,
    organization_id: i32,
    place: crate::access::Place<'_>,
    members: &[i32],
) -> bool {
    members.contains(&organization_id) || permissions.allows(Entity::ActionComment, Feature::Read, place)
}

/// The rule for one message, applied by every output that carries it (the journal, the export,
/// the e-mails): public, the reader's own, or addressed to them or their organization.
pub fn visible(reader: &Reader<'_>, row: &ActionCommentRow, targets: Option<&Targets>) -> bool {
    row.deleted_at.is_none()
        && (row.visibility == CommentVisibility::Public.code()
            || row.author_id == reader.user_id
            || targets.is_some_and(|t| t.include(reader)))
}

fn journal_reader(actor: &Actor, reachable: &Reachable) -> AppResult<()> {
    let place = reachable.located.place();
    if reachable.membership.any() || actor.can(Entity::ActionComment, Feature::Read, place) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// A message posted, with the action and who it is for.
pub struct Posted {
    pub reachable: Reachable,
    pub message: ActionCommentRow,
    pub targets: Targets,
}

/// Posts a message on an action.
pub fn post(conn: &mut Conn, actor: &Actor, action_id: i32, input: &ActionCommentInput) -> AppResult<Posted> {
    let reachable = access::readable(conn, actor, action_id)?;
    let place = reachable.located.place();
    if !reachable.membership.any() && !actor.can(Entity::ActionComment, Feature::Create, place) {
        return Err(AppError::forbidden());
    }
    let body = input.body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "required", "Le message ne peut pas être vide."));
    }
    let targets = resolve_targets(
        conn,
        &reachable.located.departement_code,
        input.visibility,
        &input.organization_ids,
        &input.user_ids,
    )?;
    let id: i32 = diesel::insert_into(comments::table)
        .values((
            comments::action_id.eq(action_id),
            comments::body.eq(body),
            comments::visibility.eq(input.visibility.code()),
            comments::author_id.eq(actor.id()),
            comments::created_at.eq(now()),
        ))
        .returning(comments::id)
        .get_result(conn)?;
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
    let message = comments::table.find(id).select(ActionCommentRow::as_select()).first(conn)?;
    Ok(Posted { reachable, message, targets })
}

fn moderates(actor: &Actor, reachable: &Reachable) -> bool {
    actor.can(Entity::ActionComment, Feature::Moderate, reachable.located.place())
}

/// Messages as the caller sees them, in the order given.
pub fn to_comments(
    conn: &mut Conn,
    actor: &Actor,
    reachable: &Reachable,
    rows: Vec<ActionCommentRow>,
) -> AppResult<Vec<ActionComment>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut all_targets = targets_of(conn, &ids)?;
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
    let moderate = moderates(actor, reachable);
    rows.into_iter()
        .filter_map(|row| {
            let targets = all_targets.remove(&row.id).unwrap_or_default();
            let author = refs.get(&row.author_id)?.clone();
            let visibility = match decode(&row.visibility) {
                Ok(visibility) => visibility,
                Err(error) => return Some(Err(error)),
            };
            Some(Ok(ActionComment {
                id: row.id,
                action_id: row.action_id,
                body: row.body,
                visibility,
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

/// The messages of an action the caller may read, newest first.
pub fn list(conn: &mut Conn, actor: &Actor, action_id: i32) -> AppResult<Vec<ActionComment>> {
    let reachable = access::readable(conn, actor, action_id)?;
    journal_reader(actor, &reachable)?;
    let rows: Vec<ActionCommentRow> = comments::table
        .filter(comments::action_id.eq(action_id))
        .filter(comments::deleted_at.is_null())
        .order((comments::created_at.desc(), comments::id.desc()))
        .select(ActionCommentRow::as_select())
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let targets = targets_of(conn, &ids)?;
    let reader = Reader::of(actor);
    let rows = rows.into_iter().filter(|row| visible(&reader, row, targets.get(&row.id))).collect();
    to_comments(conn, actor, &reachable, rows)
}

fn comment_of(
    conn: &mut Conn,
    actor: &Actor,
    action_id: i32,
    comment_id: i32,
) -> AppResult<(Reachable, ActionCommentRow)> {
    let reachable = access::readable(conn, actor, action_id)?;
    journal_reader(actor, &reachable)?;
    let row: ActionCommentRow = comments::table
        .filter(comments::id.eq(comment_id))
        .filter(comments::action_id.eq(action_id))
        .select(ActionCommentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let targets = targets_of(conn, &[comment_id])?;
    if !visible(&Reader::of(actor), &row, targets.get(&comment_id)) {
        return Err(AppError::NotFound);
    }
    Ok((reachable, row))
}

/// One message, as the caller reads it (404 when they may not).
pub fn one(conn: &mut Conn, actor: &Actor, action_id: i32, comment_id: i32) -> AppResult<ActionComment> {
    let (reachable, row) = comment_of(conn, actor, action_id, comment_id)?;
    to_comments(conn, actor, &reachable, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// Edits one's own message.
pub fn edit(
    conn: &mut Conn,
    actor: &Actor,
    action_id: i32,
    comment_id: i32,
    edit: &ActionCommentEdit,
) -> AppResult<ActionComment> {
    let (reachable, row) = comment_of(conn, actor, action_id, comment_id)?;
    if row.author_id != actor.id() {
        return Err(AppError::Forbidden { code: "not_author", detail: "Seul l'auteur peut modifier son message." });
    }
    let body = edit.body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "required", "Le message ne peut pas être vide."));
    }
    diesel::update(comments::table.find(comment_id))
        .set((comments::body.eq(body), comments::edited_at.eq(now())))
        .execute(conn)?;
    let row: ActionCommentRow = comments::table.find(comment_id).select(ActionCommentRow::as_select()).first(conn)?;
    to_comments(conn, actor, &reachable, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// What removing someone else's message must tell its author: (e-mail, first name, action name).
pub struct Removal {
    pub moderated: Option<(String, String, String)>,
}

/// Removes a message: freely by its author, with a reason by a moderator.
pub fn remove(
    conn: &mut Conn,
    actor: &Actor,
    action_id: i32,
    comment_id: i32,
    reason: Option<String>,
) -> AppResult<Removal> {
    let (reachable, row) = comment_of(conn, actor, action_id, comment_id)?;
    let own = row.author_id == actor.id();
    if !own {
        if !moderates(actor, &reachable) {
            return Err(AppError::forbidden());
        }
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
    let name = super::store::current(conn, action_id)?.map(|r| r.data.name).unwrap_or_default();
    crate::audit::record(conn, Some(actor.id()), "comment.moderate", "action_comment", Some(comment_id), reason)?;
    Ok(Removal { moderated: Some((author.email, author.first_name, name)) })
}
