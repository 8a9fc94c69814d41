//! Who may do what on a site (D6): out of the caller's read scope a site does not exist (404);
//! readable but not allowed answers 403. Restricted blocks are removed here, for every output.

use contract::access::{Entity, Feature};
use contract::sites::codes::SiteStatus;
use contract::sites::output::SiteAbilities;

use super::record::SiteRecord;
use super::store::{self, Located};
use crate::access::Place;
use crate::auth::Actor;
use crate::db::Conn;
use crate::error::{AppError, AppResult};

/// Locates a site the actor may read.
pub fn readable(conn: &mut Conn, actor: &Actor, id: i32) -> AppResult<Located> {
    let located = store::locate(conn, id)?.ok_or(AppError::NotFound)?;
    if actor.can(Entity::Site, Feature::Read, located.place()) {
        Ok(located)
    } else {
        Err(AppError::NotFound)
    }
}

/// Refuses with 403 unless the actor may do `feature` on this (readable) site.
pub fn require(actor: &Actor, located: &Located, feature: Feature) -> AppResult<()> {
    actor.require(Entity::Site, feature, located.place())
}

pub fn reads_justice(actor: &Actor, place: Place<'_>) -> bool {
    actor.can(Entity::SiteJustice, Feature::Access, place)
}

pub fn reads_owners(actor: &Actor, place: Place<'_>) -> bool {
    actor.can(Entity::SiteOwner, Feature::Access, place)
}

/// Removes what the actor may not read (justice, owners); what they may read is always
/// present, possibly empty, so that "absent" only ever means "not allowed".
pub fn redact(record: &mut SiteRecord, actor: &Actor, place: Place<'_>) {
    if reads_justice(actor, place) {
        record.data.justice.get_or_insert_with(Default::default);
    } else {
        record.data.justice = None;
    }
    if reads_owners(actor, place) {
        record.data.owners.get_or_insert_with(Vec::new);
    } else {
        record.data.owners = None;
    }
}

pub fn abilities(actor: &Actor, located: &Located) -> SiteAbilities {
    let place = located.place();
    let open = located.status == contract::Labelled::code(SiteStatus::Open);
    let can = |entity, feature| actor.can(entity, feature, place);
    SiteAbilities {
        update: open && can(Entity::Site, Feature::Update),
        close: open && can(Entity::Site, Feature::Close),
        fix_status: !open && can(Entity::Site, Feature::FixStatus),
        delete: can(Entity::Site, Feature::Delete),
        read_justice: can(Entity::SiteJustice, Feature::Access),
        read_owners: can(Entity::SiteOwner, Feature::Access),
        comment: can(Entity::SiteComment, Feature::Create),
        moderate: can(Entity::SiteComment, Feature::Moderate),
        export: can(Entity::Site, Feature::Export),
        set_resorption_target: open && can(Entity::Site, Feature::Update) && super::lifecycle::steers(actor),
        start_resorption: open && can(Entity::Site, Feature::Update),
    }
}
