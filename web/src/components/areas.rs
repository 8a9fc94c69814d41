//! Intervention areas while they are edited: add one found by name, remove one, choose the main
//! one (the map opens on it). Used to create and to edit organizations.

use contract::organizations::{InterventionArea, InterventionAreaInput};
use contract::territories::{LocationInput, LocationType, TerritoryMatch};
use leptos::prelude::*;

use super::territory::TerritoryPicker;
use crate::api::ApiError;

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

/// A list of intervention areas with the controls to change it.
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
