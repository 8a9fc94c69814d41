//! Reference lists: every enumeration's codes with their French labels.

use serde::{Deserialize, Serialize};

use crate::Labelled;

/// A code and its French label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceItem {
    pub code: String,
    pub label: String,
}

/// Every value of an enumeration, in display order.
pub fn items_of<T: Labelled>() -> Vec<ReferenceItem> {
    T::ALL
        .iter()
        .map(|value| ReferenceItem { code: value.code().to_owned(), label: value.label().to_owned() })
        .collect()
}

/// The reference lists the app and partners need to display codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reference {
    pub roles: Vec<ReferenceItem>,
    pub admin_roles: Vec<ReferenceItem>,
    pub user_statuses: Vec<ReferenceItem>,
    pub permission_options: Vec<ReferenceItem>,
    pub email_subscriptions: Vec<ReferenceItem>,
    pub location_types: Vec<ReferenceItem>,
    pub organization_categories: Vec<ReferenceItem>,
    pub entities: Vec<ReferenceItem>,
    pub features: Vec<ReferenceItem>,
    /// The charter users must accept.
    pub charter_version: i32,
}
