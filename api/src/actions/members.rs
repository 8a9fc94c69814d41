//! Pilots and operators: who may be one (DOMAIN §10.1), and the organizations of the current
//! ones, through which their colleagues read and update the action (§5.3, point 5).

use std::collections::HashMap;

use contract::problem::FieldError;
use contract::users::UserStatus;
use contract::Labelled;
use diesel::prelude::*;

use super::record::{Member, MemberRole};
use crate::db::schema::{action_members as am, organization_types as ot, organizations, users};
use crate::db::Conn;
use crate::error::AppResult;

/// Pilots work for State services, central administrations or local authorities.
pub const PILOT_CATEGORIES: &[&str] = &["public_establishment", "administration", "territorial_collectivity"];
/// Operators work for associations or interveners.
pub const OPERATOR_CATEGORIES: &[&str] = &["association", "intervener"];

/// A user who may be named pilot or operator, with their organization.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub organization_id: i32,
    pub organization_name: String,
    pub organization_abbreviation: Option<String>,
    pub category: String,
    /// The user and their organization are active.
    pub active: bool,
}

impl Person {
    /// What a text search of actions finds them by.
    pub fn search_words(&self) -> String {
        format!(
            "{} {} {} {}",
            self.first_name,
            self.last_name,
            self.organization_name,
            self.organization_abbreviation.as_deref().unwrap_or_default()
        )
    }
}

/// The people of `ids` that exist.
pub fn people(conn: &mut Conn, ids: &[i32]) -> AppResult<HashMap<i32, Person>> {
    type Row = (i32, String, String, String, i32, String, Option<String>, String, bool);
    let rows: Vec<Row> = users::table
        .inner_join(organizations::table.on(organizations::id.eq(users::organization_id)))
        .inner_join(ot::table.on(ot::id.eq(organizations::type_id)))
        .filter(users::id.eq_any(ids.to_vec()))
        .select((
            users::id,
            users::first_name,
            users::last_name,
            users::status,
            organizations::id,
            organizations::name,
            organizations::abbreviation,
            ot::category,
            organizations::active,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, first_name, last_name, status, organization_id, name, abbreviation, category, active)| {
            let person = Person {
                id,
                first_name,
                last_name,
                organization_id,
                organization_name: name,
                organization_abbreviation: abbreviation,
                category,
                active: active && status == UserStatus::Active.code(),
            };
            (id, person)
        })
        .collect())
}

/// One error for `field` when one of `ids` is unknown, inactive or of another kind of
/// organization.
pub fn check(
    people: &HashMap<i32, Person>,
    ids: &[i32],
    role: MemberRole,
    stored: &[i32],
    errors: &mut Vec<FieldError>,
) {
    let (field, categories, code, message) = match role {
        MemberRole::Pilot => (
            "pilots",
            PILOT_CATEGORIES,
            "not_a_pilot",
            "Un pilote doit être un utilisateur actif d'un service de l'État ou d'une collectivité.",
        ),
        MemberRole::Operator => (
            "operators",
            OPERATOR_CATEGORIES,
            "not_an_operator",
            "Un opérateur doit être un utilisateur actif d'une association ou d'un intervenant.",
        ),
    };
    // Someone already named keeps their place even if their account was since deactivated:
    // the action's story stays as it was.
    let fits = |id: &i32| {
        stored.contains(id)
            || people.get(id).is_some_and(|person| person.active && categories.contains(&person.category.as_str()))
    };
    if !ids.iter().all(fits) {
        errors.push(FieldError::new(field, code, message));
    }
}

/// The members of an action from its pilots and operators.
pub fn of(people: &HashMap<i32, Person>, pilots: &[i32], operators: &[i32], principal: Option<i32>) -> Vec<Member> {
    let member = |user_id: &i32, role| {
        people.get(user_id).map(|person| Member {
            user_id: *user_id,
            organization_id: person.organization_id,
            role,
            is_principal: role == MemberRole::Operator && principal == Some(*user_id),
        })
    };
    pilots
        .iter()
        .filter_map(|id| member(id, MemberRole::Pilot))
        .chain(operators.iter().filter_map(|id| member(id, MemberRole::Operator)))
        .collect()
}

/// Replaces the members of an action by those of its new version.
pub fn replace(conn: &mut Conn, action_id: i32, members: &[Member]) -> AppResult<()> {
    diesel::delete(am::table.filter(am::action_id.eq(action_id))).execute(conn)?;
    for member in members {
        diesel::insert_into(am::table)
            .values((
                am::action_id.eq(action_id),
                am::user_id.eq(member.user_id),
                am::organization_id.eq(member.organization_id),
                am::role.eq(member.role.code()),
                am::is_principal.eq(member.is_principal),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// How the organization of a user takes part in an action: as pilot, as operator, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Membership {
    pub pilot: bool,
    pub operator: bool,
}

impl Membership {
    pub fn any(self) -> bool {
        self.pilot || self.operator
    }
}

pub fn membership(conn: &mut Conn, action_id: i32, organization_id: i32) -> AppResult<Membership> {
    let roles: Vec<String> = am::table
        .filter(am::action_id.eq(action_id))
        .filter(am::organization_id.eq(organization_id))
        .select(am::role)
        .load(conn)?;
    Ok(Membership {
        pilot: roles.iter().any(|role| role == MemberRole::Pilot.code()),
        operator: roles.iter().any(|role| role == MemberRole::Operator.code()),
    })
}
