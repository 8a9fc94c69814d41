//! Creating an organization (`/administration/structures/nouvelle`, national admins): name,
//! acronym, category then type, its territory found by name, and optional extra intervention
//! areas. Also the intervention-area editor the edit page shares.

use contract::organizations::{
    CategoryWithTypes, InterventionArea, InterventionAreaInput, NewOrganization, OrganizationDetail,
};
use contract::problem::{FieldError, Problem};
use contract::territories::{LocationInput, LocationType, TerritoryMatch};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::AdminMenu;
use crate::api::{self, ApiError};
use crate::components::form::{field_error, Checkbox, ErrorSummary, TextField};
use crate::components::layout::set_title;
use crate::components::territory::TerritoryPicker;

/// One intervention area while it is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaChoice {
    pub location: LocationInput,
    pub label: String,
    pub is_main: bool,
}

impl AreaChoice {
    pub fn from_match(territory: TerritoryMatch) -> Self {
        AreaChoice {
            location: LocationInput { location_type: territory.location_type, code: Some(territory.code) },
            label: territory.label,
            is_main: false,
        }
    }

    pub fn from_area(area: InterventionArea) -> Self {
        AreaChoice {
            location: LocationInput { location_type: area.location_type, code: area.code },
            label: if area.location_type == LocationType::Nation { "France entière".into() } else { area.name },
            is_main: area.is_main,
        }
    }

    pub fn to_input(&self) -> InterventionAreaInput {
        InterventionAreaInput { location: self.location.clone(), is_main: self.is_main }
    }
}

/// The message the API gave for any of the areas, if one.
fn areas_error(error: RwSignal<Option<ApiError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|e| match e {
            Some(ApiError::Problem(problem)) => {
                problem.errors.iter().find(|e| e.field.starts_with("intervention_areas")).map(|e| e.message.clone())
            }
            _ => None,
        })
    })
}

/// A list of intervention areas: add one by name, remove one, choose the main one (the map
/// opens on it).
#[component]
pub fn AreasEditor(
    areas: RwSignal<Vec<AreaChoice>>,
    #[prop(into)] legend: String,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let message = areas_error(error);
    let add = move |territory: TerritoryMatch| {
        let choice = AreaChoice::from_match(territory);
        areas.update(|list| {
            if !list.iter().any(|a| a.location == choice.location) {
                list.push(choice);
            }
        });
    };
    view! {
        <fieldset class=move || if message.get().is_some() { "fr-fieldset fr-fieldset--error" } else { "fr-fieldset" }
            aria-labelledby="zones-legende">
            <legend class="fr-fieldset__legend" id="zones-legende">{legend}</legend>
            <div class="fr-fieldset__element">
                <Show when=move || areas.with(|a| !a.is_empty()) fallback=|| view! { <p class="fr-text--sm">"Aucun territoire ajouté."</p> }>
                    <ul class="resorption-areas">
                        {move || areas.get().into_iter().enumerate().map(|(index, area)| {
                            let label = area.label.clone();
                            view! {
                                <li>
                                    <span>{area.label.clone()}{area.is_main.then_some(" — territoire principal")}</span>
                                    {(!area.is_main).then(|| view! {
                                        <button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm"
                                            aria-label=format!("Rendre principal : {}", label)
                                            on:click=move |_| areas.update(|list| for (i, a) in list.iter_mut().enumerate() { a.is_main = i == index; })>
                                            "Rendre principal"
                                        </button>
                                    })}
                                    <button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm"
                                        aria-label=format!("Retirer {}", area.label)
                                        on:click=move |_| areas.update(|list| { list.remove(index); })>
                                        "Retirer"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
            </div>
            <div class="fr-fieldset__element">
                <TerritoryPicker id="ajout-territoire" label="Ajouter un territoire d'intervention" on_pick=add/>
            </div>
            {move || message.get().map(|m| view! { <div class="fr-messages-group"><p class="fr-message fr-message--error">{m}</p></div> })}
        </fieldset>
    }
}

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

#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    set_title("Créer une structure");
    let categories = LocalResource::new(|| api::get::<Vec<CategoryWithTypes>>("/api/organization-categories"));
    let name = RwSignal::new(String::new());
    let abbreviation = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let type_uid = RwSignal::new(String::new());
    let national = RwSignal::new(false);
    let territory = RwSignal::new(None::<AreaChoice>);
    let extra_areas = RwSignal::new(Vec::<AreaChoice>::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let type_error = field_error(error, "type_uid");
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
        let extras = extra_areas.get_untracked();
        // Extra areas come on top of the organization's own territory, which stays the main one.
        let intervention_areas = if extras.is_empty() {
            Vec::new()
        } else {
            let own = InterventionAreaInput { location: location.clone(), is_main: true };
            std::iter::once(own)
                .chain(
                    extras
                        .iter()
                        .filter(|a| a.location != location)
                        .map(|a| InterventionAreaInput { is_main: false, ..a.to_input() }),
                )
                .collect()
        };
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
