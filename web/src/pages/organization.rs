//! One organization of the directory (`/structure/:id`): its type, territory, intervention areas
//! and every active member with their contact details.

use contract::organizations::OrganizationDetail;
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::directory::MemberContact;
use crate::api;
use crate::components::layout::{set_title, Loading};

#[component]
pub fn OrganizationPage() -> impl IntoView {
    set_title("Fiche structure");
    let id = use_params_map().with_untracked(|params| params.get("id")).unwrap_or_default();
    // Bumped by "Réessayer" to load again.
    let attempt = RwSignal::new(0u32);
    let detail = LocalResource::new(move || {
        attempt.track();
        let id = id.clone();
        async move { api::get::<OrganizationDetail>(&format!("/api/organizations/{}", api::encode(&id))).await }
    });
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/annuaire">"Annuaire"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Fiche structure"</a></li>
            </ol>
        </nav>
        <Suspense fallback=|| view! { <h1>"Fiche structure"</h1><Loading/> }>
            {move || detail.get().map(|answer| match answer {
                Ok(detail) => view! { <Sheet detail=detail/> }.into_any(),
                Err(failure) => {
                    let message = if failure.status() == Some(404) {
                        "Cette structure n'existe pas ou n'est plus active.".to_owned()
                    } else {
                        failure.message()
                    };
                    view! {
                        <h1>"Fiche de structure inaccessible"</h1>
                        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><p>{message}</p></div>
                        <ul class="fr-btns-group fr-btns-group--inline-sm">
                            <li><button type="button" class="fr-btn" on:click=move |_| attempt.update(|n| *n += 1)>"Réessayer"</button></li>
                            <li><a class="fr-btn fr-btn--secondary" href="/annuaire">"Retour à l'annuaire"</a></li>
                        </ul>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheet(detail: OrganizationDetail) -> impl IntoView {
    let o = detail.summary;
    set_title(&format!("{} — Annuaire", o.name));
    let title = match &o.abbreviation {
        Some(abbreviation) => format!("{} ({abbreviation})", o.name),
        None => o.name.clone(),
    };
    let members = detail.members;
    view! {
        <h1>{title}</h1>
        <p class="fr-text--lead">{format!("{} — {}", o.type_name, o.location.label)}</p>
        {(!o.active).then(|| view! { <p class="fr-badge">"Structure inactive"</p> })}
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">
                <h2 class="fr-h4">"Informations"</h2>
                <dl class="resorption-facts">
                    <dt>"Catégorie"</dt><dd>{o.category.label()}</dd>
                    <dt>"Type"</dt><dd>{o.type_name.clone()}</dd>
                    <dt>"Territoire"</dt><dd>{o.location.label.clone()}</dd>
                </dl>
                <h2 class="fr-h4">"Territoires d'intervention"</h2>
                <ul>
                    {detail.intervention_areas.into_iter().map(|area| view! {
                        <li>{if area.name.is_empty() { "France entière".to_owned() } else { area.name }}
                            {area.is_main.then_some(" (principal)")}</li>
                    }).collect_view()}
                </ul>
            </div>
            <div class="fr-col-12 fr-col-md-8">
                <h2 class="fr-h4">{match members.len() {
                    0 => "Aucun membre inscrit".to_owned(),
                    1 => "1 membre inscrit".to_owned(),
                    n => format!("{n} membres inscrits"),
                }}</h2>
                <ul class="resorption-plain-list">
                    {members.into_iter().map(|m| view! { <li class="fr-mb-2w"><MemberContact member=m/></li> }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
