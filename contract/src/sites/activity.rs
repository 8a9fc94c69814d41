//! The activity feed (DOMAIN §14).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::history::FieldChange;
use super::output::{SiteLink, UserRef};
use crate::territories::TerritoryRef;

labelled_enum! {
    /// Kinds of events of the feed.
    pub enum ActivityKind {
        SiteCreation = "site_creation" => "Nouveau site",
        SiteUpdate = "site_update" => "Site mis à jour",
        SiteClosing = "site_closing" => "Site fermé",
        SiteComment = "site_comment" => "Nouveau message",
        ActionCreation = "action_creation" => "Nouvelle action",
        ActionUpdate = "action_update" => "Action mise à jour",
        ActionComment = "action_comment" => "Nouveau message sur une action",
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub kind: ActivityKind,
    pub at: DateTime<Utc>,
    pub author: Option<UserRef>,
    /// The site of a site's event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteLink>,
    /// The action of an action's event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<crate::actions::output::ActionLink>,
    pub departement: TerritoryRef,
    /// For updates: what changed (restricted fields only for those allowed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// For messages: the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A page of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    pub items: Vec<Activity>,
    /// Pass it as `before` for older events.
    pub next_before: Option<DateTime<Utc>>,
}
