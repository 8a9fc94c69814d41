//! The journal of a site: messages with tags and a targeted visibility (DOMAIN §9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::codes::{CommentTag, CommentVisibility};
use super::output::{OrganizationRef, UserRef};

/// Posts a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Passage sur site ce matin : 6 enfants inscrits à l'école.", "tags": ["passage_sur_site"], "visibility": "custom", "organization_ids": [3]})))]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    #[validate(length(min = 1, max = 10000, message = "Le message doit compter entre 1 et 10 000 caractères."))]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<CommentTag>,
    pub visibility: CommentVisibility,
    /// With `custom`: the organizations whose members may read it.
    #[serde(default)]
    pub organization_ids: Vec<i32>,
    /// With `custom`: the users who may read it.
    #[serde(default)]
    pub user_ids: Vec<i32>,
}

/// Edits one's own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Passage sur site ce matin : 7 enfants inscrits à l'école.", "tags": ["passage_sur_site"]})))]
#[serde(deny_unknown_fields)]
pub struct CommentEdit {
    #[validate(length(min = 1, max = 10000, message = "Le message doit compter entre 1 et 10 000 caractères."))]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<CommentTag>,
}

/// Removes someone else's message: the reason is e-mailed to its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Message hors sujet"})))]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    #[validate(length(min = 3, max = 2000, message = "Indiquez le motif de la suppression."))]
    pub reason: String,
}

/// A message of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i32,
    pub site_id: i32,
    pub body: String,
    pub tags: Vec<CommentTag>,
    pub visibility: CommentVisibility,
    pub target_organizations: Vec<OrganizationRef>,
    pub target_users: Vec<UserRef>,
    pub author: UserRef,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub can_edit: bool,
    pub can_moderate: bool,
}

/// What posting a message did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedComment {
    pub comment: Comment,
    /// How many people were told by e-mail.
    pub notified: i32,
}
