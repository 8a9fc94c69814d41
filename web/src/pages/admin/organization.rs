//! Editing an organization (`/administration/structures/:id`, national admins): name, acronym,
//! active or not, intervention areas; its members, each leading to their access page.

use contract::organizations::{OrganizationChanges, OrganizationDetail};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminMenu;
use crate::api::{self, ApiError, ApiResult};
use crate::components::areas::{AreaChoice, AreasEditor};
use crate::components::form::{field_error, ErrorSummary, TextField};
use crate::components::layout::{set_title, Loading, Notice};

#[component]
pub fn OrganizationEditPage() -> impl IntoView {
    set_title("Modifier une structure");
    let id = use_params_map().with_untracked(|params| params.get("id")).unwrap_or_default();
    let just_created = use_query_map().with_untracked(|query| query.get("creee").is_some());
    let loaded = RwSignal::new(None::<ApiResult<OrganizationDetail>>);
    leptos::task::spawn_local(async move {
        let answer = api::get::<OrganizationDetail>(&format!("/api/organizations/{}", api::encode(&id))).await;
        if let Ok(detail) = &answer {
            set_title(&format!("{} — Structures", detail.summary.name));
        }
        loaded.set(Some(answer));
    });
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/administration/structures">"Structures"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Modifier une structure"</a></li>
            </ol>
        </nav>
        {move || match loaded.get() {
            None => view! { <h1>"Modifier une structure"</h1><Loading/> }.into_any(),
            Some(Err(failure)) => view! { <h1>"Modifier une structure"</h1><Notice message=failure.message()/> }.into_any(),
            Some(Ok(detail)) => view! { <EditForm detail=detail just_created=just_created/> }.into_any(),
        }}
    }
}

#[component]
fn EditForm(detail: OrganizationDetail, just_created: bool) -> impl IntoView {
    let id = detail.summary.id;
    let name = RwSignal::new(detail.summary.name.clone());
    let abbreviation = RwSignal::new(detail.summary.abbreviation.clone().unwrap_or_default());
    let active = RwSignal::new(detail.summary.active);
    let areas = RwSignal::new(detail.intervention_areas.iter().cloned().map(AreaChoice::from_area).collect::<Vec<_>>());
    let heading = RwSignal::new(detail.summary.name.clone());
    let error = RwSignal::new(None::<ApiError>);
    let success = RwSignal::new(just_created.then(|| "La structure a été créée.".to_owned()));
    let pending = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let changes = OrganizationChanges {
            name: Some(name.get_untracked()),
            // An empty acronym removes it (an absent one would leave it as it is).
            abbreviation: Some(Some(abbreviation.get_untracked())),
            active: Some(active.get_untracked()),
            intervention_areas: Some(areas.get_untracked().iter().map(AreaChoice::to_input).collect()),
        };
        pending.set(true);
        success.set(None);
        leptos::task::spawn_local(async move {
            match api::patch::<_, OrganizationDetail>(&format!("/api/organizations/{id}"), &changes).await {
                Ok(saved) => {
                    error.set(None);
                    heading.set(saved.summary.name.clone());
                    areas.set(saved.intervention_areas.into_iter().map(AreaChoice::from_area).collect());
                    success.set(Some("Les modifications ont été enregistrées.".into()));
                }
                Err(failure) => error.set(Some(failure)),
            }
            pending.set(false);
        });
    };
    let summary = detail.summary.clone();
    view! {
        <h1>{move || heading.get()}</h1>
        <AdminMenu/>
        <p>{format!("{} — {} — {}", summary.type_name, summary.category.label(), summary.location.label)}</p>
        <ul class="fr-links-group">
            <li><a class="fr-link" href=format!("/structure/{id}")>"Voir la fiche de l'annuaire"</a></li>
            // The organization page lists active members only; pending and deactivated accounts are here.
            <li><a class="fr-link" href=format!("/administration/utilisateurs?statut=tous&structure={id}")>"Voir tous les comptes de la structure"</a></li>
        </ul>
        {move || success.get().map(|message| view! { <Notice message=message success=true/> })}
        <ErrorSummary error=error/>
        // Full-width fields are hard to read on large screens.
        <div class="fr-grid-row"><div class="fr-col-12 fr-col-lg-8">
            <form on:submit=submit novalidate>
                <TextField id="name" label="Nom de la structure" value=name error=field_error(error, "name") required=true/>
                <TextField id="abbreviation" label="Acronyme" value=abbreviation error=field_error(error, "abbreviation")/>
                <div class="fr-toggle fr-mb-3w">
                    <input type="checkbox" class="fr-toggle__input" id="active" aria-describedby="active-aide" bind:checked=active/>
                    <label class="fr-toggle__label" for="active">"Structure active"</label>
                    <p class="fr-hint-text" id="active-aide">"Les membres d'une structure inactive ne peuvent plus se connecter ; elle n'apparaît plus dans l'annuaire."</p>
                </div>
                <AreasEditor areas=areas legend="Territoires d'intervention" error=error/>
                <button class="fr-btn fr-mt-3w" type="submit" disabled=move || pending.get()>"Enregistrer les modifications"</button>
            </form>
        </div></div>
        <Members detail=detail/>
    }
}

#[component]
fn Members(detail: OrganizationDetail) -> impl IntoView {
    view! {
        <h2 class="fr-mt-5w">"Membres actifs"</h2>
        {if detail.members.is_empty() {
            view! { <p>"Aucun membre actif."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {detail.members.into_iter().map(|m| view! {
                        <li>
                            <a href=format!("/administration/utilisateurs/{}", m.id)>{format!("{} {}", m.first_name, m.last_name)}</a>
                            {format!(" — {} ({})", m.position, m.role.label())}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
