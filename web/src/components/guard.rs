//! Guards for signed-in pages: a signed-out user goes to sign-in, then comes back; a user who
//! has not accepted the charter goes to the charter first.

use contract::users::AdminRole;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use super::layout::Loading;
use crate::session::Session;

/// The path and query the user asked for, to come back to after sign-in.
pub fn here() -> String {
    let location = use_location();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        location.pathname.get_untracked()
    } else {
        format!("{}?{search}", location.pathname.get_untracked())
    }
}

#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let target = here();
    Effect::new(move |_| match session.state.get() {
        Some(None) => navigate(&format!("/connexion?suite={}", crate::api::encode(&target)), Default::default()),
        Some(Some(me)) if me.charter.must_accept => {
            navigate(&format!("/charte?suite={}", crate::api::encode(&target)), Default::default())
        }
        _ => {}
    });
    move || match session.state.get() {
        Some(Some(me)) if !me.charter.must_accept => children().into_any(),
        _ => view! { <Loading/> }.into_any(),
    }
}

/// The state shown to a signed-in user who opens a page beyond their rights. The API refuses
/// the data anyway; this says so in words instead of an empty page.
#[component]
pub fn Forbidden() -> impl IntoView {
    super::layout::set_title("Accès refusé");
    view! {
        <h1>"Accès refusé à la page demandée"</h1>
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <p>"Cette page est réservée aux administrateurs. Si vous pensez devoir y accéder, adressez-vous à l'administrateur de votre territoire."</p>
        </div>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/">"Retour à l'accueil"</a>
    }
}

/// A page for administrators only: local or national ones, or national ones when `national`.
#[component]
pub fn AdminOnly(#[prop(default = false)] national: bool, children: ChildrenFn) -> impl IntoView {
    let session = Session::get();
    let allowed = move || {
        session.me().and_then(|me| me.admin_role).is_some_and(|role| !national || role == AdminRole::NationalAdmin)
    };
    view! {
        <SignedIn>
            {
                let children = children.clone();
                move || if allowed() { children().into_any() } else { view! { <Forbidden/> }.into_any() }
            }
        </SignedIn>
    }
}
