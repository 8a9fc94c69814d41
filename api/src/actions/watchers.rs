//! Who is told of a new message in an action's journal (DOMAIN §10.5, §12.2): the "observers"
//! of the action — active members of its pilot and operator organizations, and active users
//! whose own area is its département or région, or a commune or EPCI of its ETI or sites —
//! who may read the journal and the message, never those who unsubscribed from
//! `action_comment_notification`, nor the author. National areas do not count: national users
//! follow the country through the activity feed, not by e-mail.

use std::collections::HashSet;

use contract::territories::LocationType;
use contract::users::{EmailSubscription, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use super::journal::{self, Posted};
use crate::access::{Permissions, RoleKey};
use crate::db::schema::{
    action_members, action_versions as av, intervention_areas as ia, organizations,
    user_email_unsubscriptions as unsub, users,
};
use crate::db::Conn;
use crate::error::AppResult;
use crate::organizations::areas::AreaRow;
use crate::sites::journal::Reader;
use crate::territories::Geography;
use crate::users::model::UserRow;

/// The codes of ",a,b," as a list.
fn codes(delimited: &str) -> Vec<String> {
    delimited.split(',').filter(|code| !code.is_empty()).map(str::to_owned).collect()
}

/// The e-mail addresses and first names of the observers told of a new message.
pub fn of_comment(conn: &mut Conn, geography: &Geography, posted: &Posted) -> AppResult<Vec<(String, String)>> {
    let Posted { reachable, message, targets } = posted;
    let located = &reachable.located;
    let members: Vec<i32> = action_members::table
        .filter(action_members::action_id.eq(located.id))
        .select(action_members::organization_id)
        .load(conn)?;
    let (city_codes, epci_codes): (String, String) = av::table
        .filter(av::action_id.eq(located.id))
        .filter(av::valid_to.is_null())
        .select((av::city_codes, av::epci_codes))
        .first(conn)?;
    let (cities, epcis) = (codes(&city_codes), codes(&epci_codes));
    let touching = || {
        ia::table.filter(ia::location_type.ne(LocationType::Nation.code())).filter(
            ia::departement_code
                .eq(&located.departement_code)
                .or(ia::region_code.eq(&located.region_code))
                .or(ia::epci_code.eq_any(epcis.clone()))
                .or(ia::city_code.eq_any(cities.clone())),
        )
    };
    let organizations_touching: Vec<i32> = touching()
        .filter(ia::organization_id.is_not_null())
        .select(ia::organization_id.assume_not_null())
        .load(conn)?;
    let users_touching: Vec<i32> =
        touching().filter(ia::user_id.is_not_null()).select(ia::user_id.assume_not_null()).load(conn)?;
    let candidates: Vec<UserRow> = users::table
        .inner_join(organizations::table)
        .filter(users::status.eq(UserStatus::Active.code()))
        .filter(organizations::active.eq(true))
        .filter(users::id.ne(message.author_id))
        .filter(
            users::organization_id
                .eq_any(members.clone())
                .or(users::organization_id.eq_any(organizations_touching))
                .or(users::id.eq_any(users_touching)),
        )
        .select(UserRow::as_select())
        .load(conn)?;
    let stopped: HashSet<i32> = unsub::table
        .filter(unsub::subscription.eq(EmailSubscription::ActionCommentNotification.code()))
        .select(unsub::user_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let area_observes = |area: &AreaRow| {
        let code = area.code.as_deref().unwrap_or("");
        match area.level {
            LocationType::Nation => false,
            LocationType::Region => code == located.region_code,
            LocationType::Departement => code == located.departement_code,
            LocationType::Epci => epcis.iter().any(|epci| epci == code),
            LocationType::City => geography.city_with_arrondissements(code).iter().any(|city| cities.contains(city)),
        }
    };
    let mut observers = Vec::new();
    for user in candidates {
        if stopped.contains(&user.id) {
            continue;
        }
        let member = members.contains(&user.organization_id);
        let areas = crate::users::store::areas_of(conn, &user)?;
        if !member && !areas.iter().any(area_observes) {
            continue;
        }
        let role = RoleKey::of(user.role()?, user.admin_role()?);
        let options = crate::users::store::options_of(conn, user.id)?;
        let area_list: Vec<_> = areas.iter().map(AreaRow::to_area).collect();
        let permissions = Permissions::resolve(role, &options, &area_list, geography);
        if !journal::reads_journal(&permissions, user.organization_id, located.place(), &members) {
            continue;
        }
        let reader = Reader { user_id: user.id, organization_id: user.organization_id, permissions: &permissions };
        if journal::visible(&reader, message, Some(targets)) {
            observers.push((user.email, user.first_name));
        }
    }
    Ok(observers)
}
