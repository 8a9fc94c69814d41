//! Actions named from elsewhere: the actions of a site (its page, DOMAIN §6.11), among those
//! the caller may read.

use chrono::NaiveDate;
use contract::access::{Entity, Feature};
use contract::actions::codes::{ActionPhase, Topic};
use contract::actions::output::ActionLink;
use contract::Labelled;
use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::{action_members as am, action_sites, action_versions as av};
use crate::db::Conn;
use crate::error::AppResult;

/// An action briefly, from the columns of its version.
pub fn link(id: i32, name: String, started_at: NaiveDate, ended_at: Option<NaiveDate>, topics: &str) -> ActionLink {
    let today = crate::sites::write::today();
    ActionLink {
        id,
        name,
        phase: if ended_at.is_some_and(|end| end < today) { ActionPhase::Ended } else { ActionPhase::Ongoing },
        started_at,
        ended_at,
        topics: topics.split(',').filter_map(Topic::from_code).collect(),
    }
}

/// The actions on a site the caller may read (those of its territory and of its
/// organization), newest first. Closing the site changes nothing: its actions stay.
pub fn on_site(conn: &mut Conn, actor: &Actor, site_id: i32) -> AppResult<Vec<ActionLink>> {
    type Row = (i32, String, NaiveDate, Option<NaiveDate>, String, String, String, bool);
    let mine = diesel::dsl::exists(
        am::table.filter(am::action_id.eq(av::action_id)).filter(am::organization_id.eq(actor.user.organization_id)),
    );
    let rows: Vec<Row> = action_sites::table
        .inner_join(av::table.on(av::action_id.eq(action_sites::action_id).and(av::valid_to.is_null())))
        .filter(action_sites::site_id.eq(site_id))
        .order((av::started_at.desc(), av::action_id.desc()))
        .select((
            av::action_id,
            av::name,
            av::started_at,
            av::ended_at,
            av::topics,
            av::region_code,
            av::departement_code,
            mine,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, _, _, region, departement, mine)| {
            let place = crate::access::Place { region, departement, epci: None, city: "" };
            *mine || actor.can(Entity::Action, Feature::Read, place)
        })
        .map(|(id, name, started_at, ended_at, topics, ..)| link(id, name, started_at, ended_at, &topics))
        .collect())
}
