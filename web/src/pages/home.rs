//! The home page of a signed-in user.

use leptos::prelude::*;

use crate::components::layout::set_title;
use crate::session::Session;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Accueil");
    let session = Session::get();
    move || {
        session.me().map(|me| {
            let territories = me.territories.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ");
            view! {
                <h1>{format!("Bonjour {} {}", me.first_name, me.last_name)}</h1>
                <p class="fr-text--lead">{format!("{} — {}", me.organization.name, contract::Labelled::label(me.role))}</p>
                <p>{format!("Vos territoires : {territories}")}</p>
            }
        })
    }
}
