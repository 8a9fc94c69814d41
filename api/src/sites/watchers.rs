//! Who is told of a new journal message (DOMAIN §9.5): active users allowed to read the
//! journal of the site whose territory is the site's commune or EPCI, or its département or
//! région when that is the level of their area (commune- and EPCI-level users too when they
//! are local admins or actors of the site); for a targeted message, only its targets; never
//! those who unsubscribed, nor the author. National areas do not count: national users follow
//! the whole country through the activity feed, not by e-mail.

use std::collections::HashSet;

use contract::territories::LocationType;
use contract::users::{EmailSubscription, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use super::journal::{self, Posted, Reader};
use super::store::Located;
use crate::access::{Permissions, RoleKey};
use crate::db::schema::{intervention_areas, organizations, site_actors, user_email_unsubscriptions as unsub, users};
use crate::db::Conn;
use crate::error::AppResult;
use crate::organizations::areas::AreaRow;
use crate::territories::Geography;
use crate::users::model::UserRow;

/// True when an area puts the user among the site's watchers.
fn area_watches(area: &AreaRow, located: &Located, geography: &Geography, close_follower: bool) -> bool {
    let code = area.code.as_deref().unwrap_or("");
    match area.level {
        LocationType::Nation => false,
        LocationType::Region => code == located.region_code,
        LocationType::Departement => code == located.departement_code,
        LocationType::Epci => {
            located.epci_code.as_deref() == Some(code)
                || (close_follower && geography.departements_of_epci(code).contains(&located.departement_code))
        }
        LocationType::City => {
            geography.city_with_arrondissements(code).contains(&located.city_code)
                || (close_follower
                    && geography.cities.get(code).is_some_and(|city| city.departement_code == located.departement_code))
        }
    }
}

/// The e-mail addresses and first names of the watchers of a new message.
pub fn of_comment(conn: &mut Conn, geography: &Geography, posted: &Posted) -> AppResult<Vec<(String, String)>> {
    let Posted { located, message, targets } = posted;
    // Only users whose areas (their own or their organization's) touch the site's
    // département, région or EPCI can watch it: the precise rule runs below on those.
    let touching = || {
        intervention_areas::table.filter(intervention_areas::location_type.ne("nation")).filter(
            intervention_areas::departement_code
                .eq(&located.departement_code)
                .or(intervention_areas::region_code.eq(&located.region_code))
                .or(intervention_areas::epci_code.eq(located.epci_code.clone().unwrap_or_default())),
        )
    };
    let organizations_touching: Vec<i32> = touching()
        .filter(intervention_areas::organization_id.is_not_null())
        .select(intervention_areas::organization_id.assume_not_null())
        .load(conn)?;
    let users_touching: Vec<i32> = touching()
        .filter(intervention_areas::user_id.is_not_null())
        .select(intervention_areas::user_id.assume_not_null())
        .load(conn)?;
    let candidates: Vec<UserRow> = users::table
        .inner_join(organizations::table)
        .filter(users::status.eq(UserStatus::Active.code()))
        .filter(organizations::active.eq(true))
        .filter(users::id.ne(message.author_id))
        .filter(users::organization_id.eq_any(organizations_touching).or(users::id.eq_any(users_touching)))
        .select(UserRow::as_select())
        .load(conn)?;
    let stopped: HashSet<i32> = unsub::table
        .filter(unsub::subscription.eq(EmailSubscription::CommentNotification.code()))
        .select(unsub::user_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let actors: HashSet<i32> = site_actors::table
        .filter(site_actors::site_id.eq(located.id))
        .select(site_actors::user_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let mut watchers = Vec::new();
    for user in candidates {
        if stopped.contains(&user.id) {
            continue;
        }
        let role = RoleKey::of(user.role()?, user.admin_role()?);
        let close_follower = role == RoleKey::LocalAdmin || actors.contains(&user.id);
        let areas = crate::users::store::areas_of(conn, &user)?;
        if !areas.iter().any(|area| area_watches(area, located, geography, close_follower)) {
            continue;
        }
        let options = crate::users::store::options_of(conn, user.id)?;
        let area_list: Vec<_> = areas.iter().map(AreaRow::to_area).collect();
        let permissions = Permissions::resolve(role, &options, &area_list, geography);
        let reader = Reader { user_id: user.id, organization_id: user.organization_id, permissions: &permissions };
        if journal::readable(&reader, located.place(), message, Some(targets)) {
            watchers.push((user.email, user.first_name));
        }
    }
    Ok(watchers)
}
