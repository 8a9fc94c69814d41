//! Guards for signed-in pages: a signed-out user goes to sign-in, then comes back; a user who
//! has not accepted the charter goes to the charter first.

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
