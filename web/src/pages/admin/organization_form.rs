//! Creating an organization (`/administration/structures/nouvelle`, national admins): name,
//! acronym, category then type, its territory found by name, and optional extra intervention
//! areas.

use contract::organizations::{CategoryWithTypes, InterventionAreaInput, NewOrganization, OrganizationDetail};
use contract::problem::{FieldError, Problem};
use contract::territories::{LocationInput, LocationType};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::AdminMenu;
use crate::api::{self, ApiError};
use crate::components::areas::{AreaChoice, AreasEditor};
use crate::components::form::{field_error, Checkbox, ErrorSummary, TextField};
use crate::components::layout::set_title;
use crate::components::territory::TerritoryPicker;

/// A problem made in the browser, shown like the API's own (nothing sent yet).
fn local_problem(field: &str, message: &str) -> ApiError {
    ApiError::Problem(Problem {
        problem_type: "about:blank".into(),
        title: "Le formulaire contient des erreurs.".into(),
        status: 422,
        code: "validation_failed".into(),
        detail: None,
        errors: vec![FieldError::new(field, "required", message)],
        request_id: None,
    })
}

/// The areas to send: none when no extra one was added (the API then takes the organization's
/// own territory), else that territory as the main one followed by the extras.
fn intervention_areas(own: &LocationInput, extras: &[AreaChoice]) -> Vec<InterventionAreaInput> {
    if extras.is_empty() {
        return Vec::new();
    }
    let others = extras
        .iter()
        .filter(|area| area.location != *own)
        .map(|area| InterventionAreaInput { location: area.location.clone(), is_main: false });
    std::iter::once(InterventionAreaInput { location: own.clone(), is_main: true }).chain(others).collect()
}

#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    set_title("Créer une structure");
    let name = RwSignal::new(String::new());
    let abbreviation = RwSignal::new(String::new());
    let type_uid = RwSignal::new(String::new());
    let national = RwSignal::new(false);
    let territory = RwSignal::new(None::<AreaChoice>);
    let extra_areas = RwSignal::new(Vec::<AreaChoice>::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let location = if national.get_untracked() {
            LocationInput { location_type: LocationType::Nation, code: None }
        } else if let Some(chosen) = territory.get_untracked() {
            chosen.location
        } else {
            error.set(Some(local_problem("location.code", "Choisissez le territoire de la structure.")));
            return;
        };
        let intervention_areas = intervention_areas(&location, &extra_areas.get_untracked());
        let body = NewOrganization {
            name: name.get_untracked(),
            abbreviation: Some(abbreviation.get_untracked()).filter(|a| !a.trim().is_empty()),
            type_uid: type_uid.get_untracked(),
            location,
            intervention_areas,
        };
        pending.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, OrganizationDetail>("/api/organizations", &body).await {
                Ok(created) => {
                    navigate(
                        &format!("/administration/structures/{}?creee=1", created.summary.id),
                        NavigateOptions::default(),
                    );
                }
                Err(failure) => error.set(Some(failure)),
            }
            pending.set(false);
        });
    };
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/administration/structures">"Structures"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Créer une structure"</a></li>
            </ol>
        </nav>
        <h1>"Créer une structure"</h1>
        <AdminMenu/>
        <p>"Les champs marqués d'une * sont obligatoires."</p>
        <ErrorSummary error=error/>
        // Full-width fields are hard to read on large screens.
        <div class="fr-grid-row"><div class="fr-col-12 fr-col-lg-8">
            <form on:submit=submit novalidate>
                <TextField id="name" label="Nom de la structure" value=name error=field_error(error, "name") required=true/>
                <TextField id="abbreviation" label="Acronyme" value=abbreviation error=field_error(error, "abbreviation")/>
                <TypeSelect type_uid=type_uid error=error/>
                <fieldset class="fr-fieldset" aria-labelledby="territoire-legende">
                    <legend class="fr-fieldset__legend" id="territoire-legende">"Territoire de la structure *"</legend>
                    <div class="fr-fieldset__element">
                        <Checkbox id="nationale" label="Structure nationale (France entière)" checked=national/>
                    </div>
                    <Show when=move || !national.get()>
                        <div class="fr-fieldset__element">
                            <p>{move || match territory.get() {
                                Some(chosen) => format!("Territoire choisi : {}", chosen.label),
                                None => "Aucun territoire choisi.".to_owned(),
                            }}</p>
                            <TerritoryPicker id="territoire" label="Commune, intercommunalité, département ou région" error=field_error(error, "location.code")
                                on_pick=move |t| territory.set(Some(AreaChoice::from_match(t)))/>
                        </div>
                    </Show>
                </fieldset>
                <AreasEditor areas=extra_areas legend="Territoires d'intervention supplémentaires (facultatif)" error=error/>
                <button class="fr-btn fr-mt-3w" type="submit" disabled=move || pending.get()>"Créer la structure"</button>
            </form>
        </div></div>
    }
}

/// The organization's type, chosen within a category to shorten the list.
#[component]
fn TypeSelect(type_uid: RwSignal<String>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let categories = LocalResource::new(|| api::get::<Vec<CategoryWithTypes>>("/api/organization-categories"));
    let category = RwSignal::new(String::new());
    let type_error = field_error(error, "type_uid");
    view! {
        <div class="fr-select-group">
            <label class="fr-label" for="categorie">"Catégorie"</label>
            <select class="fr-select" id="categorie" on:change=move |ev| { category.set(event_target_value(&ev)); type_uid.set(String::new()); }>
                <option value="">"Choisissez une catégorie"</option>
                {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                    view! { <option value=c.category.code()>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class=move || if type_error.get().is_some() { "fr-select-group fr-select-group--error" } else { "fr-select-group" }>
            <label class="fr-label" for="type_uid">"Type de structure *"</label>
            <select class="fr-select" id="type_uid" on:change=move |ev| type_uid.set(event_target_value(&ev))
                aria-describedby=move || type_error.get().is_some().then_some("type_uid-erreur")>
                <option value="" selected=move || type_uid.get().is_empty()>"Choisissez un type"</option>
                {move || {
                    let chosen = category.get();
                    categories.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .filter(|c| chosen.is_empty() || c.category.code() == chosen)
                        .flat_map(|c| c.types)
                        .map(|t| view! { <option value=t.uid.clone()>{t.name_singular}</option> })
                        .collect_view()
                }}
            </select>
            {move || type_error.get().map(|m| view! { <p class="fr-error-text" id="type_uid-erreur">{m}</p> })}
        </div>
    }
}
