//! The territory search banner of the site list and the activity feed: find a commune,
//! an EPCI, a département or a région, or pick one of one's own territories.

use contract::territories::{LocationType, TerritoryMatch};
use leptos::prelude::*;

use crate::components::territory::TerritoryPicker;
use crate::session::Session;

/// A territory chosen to filter a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryChoice {
    pub location_type: LocationType,
    pub code: Option<String>,
    pub label: String,
}

impl TerritoryChoice {
    /// The `location_type` and `location_code` query pairs (none for the nation).
    pub fn pairs(&self) -> Vec<(String, String)> {
        match (&self.location_type, &self.code) {
            (LocationType::Nation, _) | (_, None) => vec![("location_type".into(), "nation".into())],
            (level, Some(code)) => {
                vec![
                    ("location_type".into(), contract::Labelled::code(*level).into()),
                    ("location_code".into(), code.clone()),
                ]
            }
        }
    }
}

/// The user's intervention areas as choices.
pub fn my_territories() -> Vec<TerritoryChoice> {
    Session::get()
        .me()
        .map(|me| {
            me.territories
                .into_iter()
                .map(|area| TerritoryChoice {
                    location_type: area.location_type,
                    label: if area.location_type == LocationType::Nation {
                        "France entière".into()
                    } else {
                        area.name
                    },
                    code: area.code,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[component]
pub fn TerritoryBanner(
    #[prop(into)] id: String,
    /// The territory shown; `None` for all of the user's territories.
    #[prop(into)]
    current: Signal<Option<TerritoryChoice>>,
    #[prop(into)] on_change: Callback<Option<TerritoryChoice>>,
) -> impl IntoView {
    let pick = move |found: TerritoryMatch| {
        on_change.run(Some(TerritoryChoice {
            location_type: found.location_type,
            code: Some(found.code),
            label: found.label,
        }))
    };
    let shortcuts = my_territories();
    let several = shortcuts.len() > 1;
    view! {
        <div class="resorption-banner fr-p-3w fr-mb-3w">
            <TerritoryPicker id=id label="Rechercher une commune, un département, une région…" on_pick=pick/>
            <p class="fr-mb-1v fr-text--bold" id="mes-territoires">"Mes territoires :"</p>
            <ul class="fr-tags-group" aria-labelledby="mes-territoires">
                {several.then(|| view! {
                    <li><button type="button" class="fr-tag" aria-pressed=move || current.get().is_none().to_string()
                        on:click=move |_| on_change.run(None)>"Tous mes territoires"</button></li>
                })}
                {shortcuts.into_iter().map(|choice| {
                    let label = choice.label.clone();
                    let selected = choice.clone();
                    view! {
                        <li><button type="button" class="fr-tag"
                            aria-pressed=move || (current.get().as_ref() == Some(&selected)).to_string()
                            on:click=move |_| on_change.run(Some(choice.clone()))>{label}</button></li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
