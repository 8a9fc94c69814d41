//! Queries on users: the actor of a request, lookups, creation, options and lists.

use contract::users::{EmailSubscription, PermissionOption, Role, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use super::model::{decode, UserRow};
use crate::access::{Permissions, RoleKey};
use crate::auth::Actor;
use crate::db::schema::{charters, organizations, user_email_unsubscriptions as unsub, user_options, users};
use crate::db::Conn;
use crate::error::AppResult;
use crate::organizations::areas::{self, AreaRow};
use crate::territories::Geography;

pub fn current_charter(conn: &mut Conn) -> AppResult<i32> {
    let version: Option<i32> = charters::table.select(diesel::dsl::max(charters::version)).first(conn)?;
    Ok(version.unwrap_or(0))
}

pub fn get(conn: &mut Conn, id: i32) -> AppResult<Option<UserRow>> {
    Ok(users::table.find(id).select(UserRow::as_select()).first(conn).optional()?)
}

pub fn by_email(conn: &mut Conn, email: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(conn).optional()?)
}

pub fn options_of(conn: &mut Conn, id: i32) -> AppResult<Vec<PermissionOption>> {
    let codes: Vec<String> = user_options::table
        .filter(user_options::user_id.eq(id))
        .order(user_options::option_code)
        .select(user_options::option_code)
        .load(conn)?;
    Ok(codes.iter().filter_map(|code| PermissionOption::from_code(code)).collect())
}

/// Replaces a user's options, keeping only those their role may hold.
pub fn set_options(conn: &mut Conn, id: i32, role: Role, options: &[PermissionOption]) -> AppResult<()> {
    diesel::delete(user_options::table.filter(user_options::user_id.eq(id))).execute(conn)?;
    let mut kept: Vec<PermissionOption> = options.iter().copied().filter(|option| option.allowed_for(role)).collect();
    kept.sort();
    kept.dedup();
    for option in kept {
        diesel::insert_into(user_options::table)
            .values((user_options::user_id.eq(id), user_options::option_code.eq(option.code())))
            .execute(conn)?;
    }
    Ok(())
}

/// The e-mails the user still receives.
pub fn subscriptions_of(conn: &mut Conn, id: i32) -> AppResult<Vec<EmailSubscription>> {
    let stopped: Vec<String> = unsub::table.filter(unsub::user_id.eq(id)).select(unsub::subscription).load(conn)?;
    Ok(EmailSubscription::ALL.iter().copied().filter(|s| !stopped.iter().any(|code| code == s.code())).collect())
}

pub fn set_subscriptions(conn: &mut Conn, id: i32, wanted: &[EmailSubscription]) -> AppResult<()> {
    diesel::delete(unsub::table.filter(unsub::user_id.eq(id))).execute(conn)?;
    for subscription in EmailSubscription::ALL.iter().filter(|s| !wanted.contains(s)) {
        diesel::insert_into(unsub::table)
            .values((unsub::user_id.eq(id), unsub::subscription.eq(subscription.code())))
            .execute(conn)?;
    }
    Ok(())
}

/// The areas a user works in: their own if they have some, else their organization's.
pub fn areas_of(conn: &mut Conn, user: &UserRow) -> AppResult<Vec<AreaRow>> {
    if user.use_custom_areas {
        let own = areas::of_user(conn, user.id)?;
        if !own.is_empty() {
            return Ok(own);
        }
    }
    areas::of_organization(conn, user.organization_id)
}

/// The actor behind a valid token: `None` unless the user and their organization are active.
pub fn load_actor(conn: &mut Conn, geography: &Geography, id: i32) -> AppResult<Option<Actor>> {
    let Some((user, organization_active)) = users::table
        .inner_join(organizations::table)
        .filter(users::id.eq(id))
        .select((UserRow::as_select(), organizations::active))
        .first::<(UserRow, bool)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if user.status()? != UserStatus::Active || !organization_active {
        return Ok(None);
    }
    let role: Role = decode(&user.role)?;
    let admin_role = user.admin_role()?;
    let options = options_of(conn, id)?;
    let areas = areas_of(conn, &user)?;
    let area_list: Vec<_> = areas.iter().map(AreaRow::to_area).collect();
    let permissions = Permissions::resolve(RoleKey::of(role, admin_role), &options, &area_list, geography);
    let current_charter = current_charter(conn)?;
    Ok(Some(Actor { user, role, admin_role, options, areas, permissions, current_charter }))
}

pub fn touch_sign_in(conn: &mut Conn, id: i32) -> AppResult<()> {
    diesel::update(users::table.find(id)).set(users::last_sign_in_at.eq(crate::db::now())).execute(conn)?;
    Ok(())
}

/// A user with their organization, as other answers name them.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRefRow {
    id: i32,
    first_name: String,
    last_name: String,
    position: String,
    #[diesel(select_expression = organizations::id)]
    organization_id: i32,
    #[diesel(select_expression = organizations::name)]
    organization_name: String,
    #[diesel(select_expression = organizations::abbreviation)]
    organization_abbreviation: Option<String>,
}

impl From<UserRefRow> for contract::sites::output::UserRef {
    fn from(row: UserRefRow) -> Self {
        contract::sites::output::UserRef {
            id: row.id,
            first_name: row.first_name,
            last_name: row.last_name,
            position: row.position,
            organization: contract::sites::output::OrganizationRef {
                id: row.organization_id,
                name: row.organization_name,
                abbreviation: row.organization_abbreviation,
            },
        }
    }
}

/// Short descriptions of users (name, position, organization), by id.
pub fn refs(
    conn: &mut Conn,
    ids: &[i32],
) -> AppResult<std::collections::HashMap<i32, contract::sites::output::UserRef>> {
    let rows: Vec<UserRefRow> = users::table
        .inner_join(organizations::table)
        .filter(users::id.eq_any(ids.to_vec()))
        .select(UserRefRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|row| (row.id, row.into())).collect())
}

/// Refuses to take `leaving` out of administration (deactivated, or no longer a national admin)
/// when they are the last active national admin: nobody could then activate an account,
/// reactivate one or restore an organization.
pub fn keep_a_national_admin(conn: &mut Conn, leaving: i32) -> AppResult<()> {
    use contract::users::AdminRole;
    let active_national_admins = || {
        users::table
            .inner_join(organizations::table)
            .filter(users::admin_role.eq(AdminRole::NationalAdmin.code()))
            .filter(users::status.eq(UserStatus::Active.code()))
            .filter(organizations::active.eq(true))
    };
    let leaving_is_one: i64 = active_national_admins().filter(users::id.eq(leaving)).count().get_result(conn)?;
    let others: i64 = active_national_admins().filter(users::id.ne(leaving)).count().get_result(conn)?;
    if leaving_is_one > 0 && others == 0 {
        return Err(crate::error::AppError::Conflict {
            code: "last_national_admin",
            detail: "Vous êtes le dernier administrateur national actif : nommez-en d'abord un autre.".into(),
        });
    }
    Ok(())
}
