//! Finds a territory (commune, EPCI, département, région) by name or code: a text field and the
//! matching territories as buttons, reachable with the keyboard.

use contract::territories::TerritoryMatch;
use contract::Labelled;
use leptos::prelude::*;

use super::form::TextField;
use crate::api;

#[component]
pub fn TerritoryPicker(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// Receives the territory the user picked.
    #[prop(into)]
    on_pick: Callback<TerritoryMatch>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// Proposes only territories of this level (communes for a site's address).
    #[prop(optional)]
    only: Option<contract::territories::LocationType>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<TerritoryMatch>::new());
    Effect::new(move |_| {
        let query = text.get();
        if query.trim().chars().count() < 2 {
            found.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let limit = if only.is_some() { 30 } else { 8 };
            let path = format!("/api/territories/search?limit={limit}&q={}", api::encode(&query));
            let mut answer = api::get::<Vec<TerritoryMatch>>(&path).await.unwrap_or_default();
            if let Some(level) = only {
                answer.retain(|t| t.location_type == level);
                answer.truncate(8);
            }
            // Answers may arrive out of order: keep only the one for what is typed now.
            // The picker may be gone by then (a choice was made, the page changed).
            if text.try_get_untracked().as_ref() == Some(&query) {
                found.set(answer);
            }
        });
    });
    let list_label = format!("{label} : territoires proposés");
    view! {
        <TextField id=id label=label value=text error=error.unwrap_or_else(|| Signal::derive(|| None))
            hint="Tapez au moins deux lettres du nom, ou le code, puis choisissez dans la liste"/>
        <p class="fr-sr-only" aria-live="polite">
            {move || match found.with(Vec::len) {
                0 => String::new(),
                1 => "1 territoire proposé".to_owned(),
                n => format!("{n} territoires proposés"),
            }}
        </p>
        <Show when=move || found.with(|f| !f.is_empty())>
            <ul class="resorption-suggestions" aria-label=list_label.clone()>
                {move || found.get().into_iter().map(|territory| {
                    let text_label = format!("{} — {}", territory.label, territory.location_type.label());
                    view! {
                        <li>
                            <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm"
                                on:click=move |_| {
                                    on_pick.run(territory.clone());
                                    text.set(String::new());
                                    found.set(Vec::new());
                                }>{text_label}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
