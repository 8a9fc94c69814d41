//! The administration screens: access management (users) for local and national admins,
//! organizations for national admins.

pub mod organization;
pub mod organization_form;
pub mod organizations;
pub mod user;
pub mod user_actions;
pub mod users;

use contract::users::{AdminRole, UserStatus};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::Session;

/// The administration sub-menu: organizations appear for national admins only.
#[component]
pub fn AdminMenu() -> impl IntoView {
    let session = Session::get();
    let national = move || session.me().and_then(|me| me.admin_role) == Some(AdminRole::NationalAdmin);
    view! {
        <Show when=national>
            <nav class="fr-mb-3w resorption-admin-menu" aria-label="Administration">
                <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                    <li><A href="/administration/utilisateurs" attr:class="fr-btn fr-btn--secondary">"Gestion des accès"</A></li>
                    <li><A href="/administration/structures" attr:class="fr-btn fr-btn--secondary">"Structures"</A></li>
                </ul>
            </nav>
        </Show>
    }
}

/// A status as a badge: a word and a colour, never the colour alone.
#[component]
pub fn StatusBadge(status: UserStatus, #[prop(default = false)] refused: bool) -> impl IntoView {
    let (class, label) = match (status, refused) {
        (UserStatus::New, true) => ("fr-badge fr-badge--sm fr-badge--warning", "Demande refusée".to_owned()),
        (UserStatus::New, false) => ("fr-badge fr-badge--sm fr-badge--new", status.label().to_owned()),
        (UserStatus::Active, _) => ("fr-badge fr-badge--sm fr-badge--success", status.label().to_owned()),
        (UserStatus::Inactive, _) => ("fr-badge fr-badge--sm fr-badge--error", status.label().to_owned()),
    };
    view! { <p class=class>{label}</p> }
}

/// "Correspondant", or "Correspondant · Administrateur local".
pub fn role_text(role: contract::users::Role, admin_role: Option<AdminRole>) -> String {
    match admin_role {
        Some(admin) => format!("{} · {}", role.label(), admin.label()),
        None => role.label().to_owned(),
    }
}
