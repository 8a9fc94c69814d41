use leptos::prelude::*;

use crate::components::layout::set_title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page introuvable");
    view! {
        <h1>"Page introuvable"</h1>
        <p>"La page que vous cherchez n'existe pas ou a été déplacée."</p>
        <a class="fr-link" href="/">"Retour à l'accueil"</a>
    }
}
