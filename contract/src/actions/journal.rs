//! The journal of an action: messages with a targeted visibility, as on sites (DOMAIN §10.5).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::sites::codes::CommentVisibility;
use crate::sites::output::{OrganizationRef, UserRef};

/// Posts a message on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Trois familles ont ouvert leurs droits à l'assurance maladie ce mois-ci.", "visibility": "public"})))]
#[serde(deny_unknown_fields)]
pub struct ActionCommentInput {
    #[validate(length(min = 1, max = 10000, message = "Le message doit compter entre 1 et 10 000 caractères."))]
    pub body: String,
    /// `public`: every reader of the action; `pref_et_ddets`: the préfecture and DDETS of its
    /// département; `custom`: chosen organizations and people.
    pub visibility: CommentVisibility,
    #[serde(default)]
    pub organization_ids: Vec<i32>,
    #[serde(default)]
    pub user_ids: Vec<i32>,
}

/// Edits one's own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Quatre familles ont ouvert leurs droits ce mois-ci."})))]
#[serde(deny_unknown_fields)]
pub struct ActionCommentEdit {
    #[validate(length(min = 1, max = 10000, message = "Le message doit compter entre 1 et 10 000 caractères."))]
    pub body: String,
}

/// A message of an action's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionComment {
    pub id: i32,
    pub action_id: i32,
    pub body: String,
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
pub struct PostedActionComment {
    pub comment: ActionComment,
    /// How many people were told by e-mail.
    pub notified: i32,
}
