//! Who may do what on an action (DOMAIN §10.2, D6): the territorial rights of the matrix, plus
//! every member of a pilot or operator organization, who reads and updates it wherever it is;
//! pilots' organizations also read its finances. Out of reach, an action does not exist (404);
//! readable but not allowed answers 403.

use contract::access::{Entity, Feature};
use contract::actions::output::ActionAbilities;

use super::members::{self, Membership};
use super::store::{self, Located};
use crate::auth::Actor;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

/// An action the caller may read, with how their organization takes part in it.
#[derive(Debug, Clone)]
pub struct Reachable {
    pub located: Located,
    pub membership: Membership,
}

impl Reachable {
    pub fn can_update(&self, actor: &Actor) -> bool {
        self.membership.any() || actor.can(Entity::Action, Feature::Update, self.located.place())
    }

    /// Finances, pilots and the département: finance readers only (DOMAIN §5.6).
    pub fn reads_finances(&self, actor: &Actor) -> bool {
        self.membership.pilot || actor.can(Entity::ActionFinances, Feature::Access, self.located.place())
    }

    pub fn abilities(&self, actor: &Actor) -> ActionAbilities {
        let update = self.can_update(actor);
        let finances = self.reads_finances(actor);
        ActionAbilities {
            update,
            update_restricted: update && finances,
            read_finances: finances,
            delete: actor.can(Entity::Action, Feature::Delete, self.located.place()),
            comment: self.membership.any() || actor.can(Entity::ActionComment, Feature::Create, self.located.place()),
            moderate: actor.can(Entity::ActionComment, Feature::Moderate, self.located.place()),
        }
    }
}

/// Locates an action the caller may read.
pub fn readable(conn: &mut Conn, actor: &Actor, id: i32) -> AppResult<Reachable> {
    let located = store::locate(conn, id)?.ok_or(AppError::NotFound)?;
    let membership = members::membership(conn, id, actor.user.organization_id)?;
    if membership.any() || actor.can(Entity::Action, Feature::Read, located.place()) {
        Ok(Reachable { located, membership })
    } else {
        Err(AppError::NotFound)
    }
}

/// Locates an action the caller may update, at the version they read.
pub fn updatable(conn: &mut Conn, actor: &Actor, id: i32, expected_version: i32) -> AppResult<Reachable> {
    let reachable = readable(conn, actor, id)?;
    if !reachable.can_update(actor) {
        return Err(AppError::forbidden());
    }
    if reachable.located.version != expected_version {
        return Err(AppError::PreconditionFailed { current_version: reachable.located.version });
    }
    Ok(reachable)
}
