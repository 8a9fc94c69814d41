//! "Carte" (`/carte`): the sites of the user's territories on a Leaflet map, coloured by field
//! type, with heatwave and closed states, grouped in bubbles when close. A site opened on the
//! map shows its details beside it. The list is the map's text alternative.

use contract::sites::output::Site;
use contract::Labelled;
use leptos::html::Div;
use leptos::prelude::*;

use crate::api;
use crate::components::layout::{set_title, Notice};
use crate::components::map::Map;
use crate::session::{is_national, Session};
use crate::{format, reference};

#[component]
pub fn MapPage() -> impl IntoView {
    set_title("Carte des sites");
    let container = NodeRef::<Div>::new();
    let map = StoredValue::new_local(None::<Map>);
    let ready = RwSignal::new(false);
    let count = RwSignal::new(None::<u32>);
    let failure = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<i32>);
    let show_closed = RwSignal::new(false);
    let legend = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move { legend.set(reference::field_types().await) });
    // The map opens on the user's main territory; national users see France.
    let home: Option<String> = Session::get().me().filter(|me| !is_national(me)).and_then(|me| {
        let main = me.territories.iter().find(|t| t.is_main).or(me.territories.first())?.clone();
        let code = main.code?;
        Some(format!("/api/sites/map?location_type={}&location_code={}", main.location_type.code(), api::encode(&code)))
    });

    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        if map.with_value(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            match Map::create(element.into(), true).await {
                Ok(created) => {
                    if map.try_set_value(Some(created.clone())).is_some() {
                        created.remove();
                        return;
                    }
                    ready.set(true);
                }
                Err(message) => failure.set(Some(message)),
            }
        });
    });
    Effect::new(move |drawn_before: Option<bool>| {
        let closed = show_closed.get();
        if !ready.get() {
            return false;
        }
        let home = home.clone();
        leptos::task::spawn_local(async move {
            let path = if closed { "/api/sites/map?status=closed" } else { "/api/sites/map" };
            let (geojson, colors) = (api::get_text(path).await, reference::field_types().await);
            let Some(current) = map.try_get_value().flatten() else { return };
            match geojson {
                Ok(geojson) => {
                    let drawn = current
                        .set_sites(&geojson, &reference::colors_json(&colors), false, move |id| selected.set(Some(id)));
                    count.set(Some(drawn));
                }
                Err(error) => failure.set(Some(error.message())),
            }
            if drawn_before == Some(true) {
                return;
            }
            match &home {
                Some(path) => match api::get_text(path).await {
                    Ok(framed) => current.fit_sites(&framed),
                    Err(_) => current.show_france(),
                },
                None => current.show_france(),
            }
        });
        true
    });
    on_cleanup(move || {
        if let Some(current) = map.get_value() {
            current.remove();
        }
    });

    view! {
        <h1>"Carte des sites"</h1>
        <p role="status" aria-live="polite" class="resorption-map-count">
            {move || match count.get() {
                None => "Chargement de la carte…".to_owned(),
                Some(n) => format!("{} sur la carte.", format::count(n.into(), if show_closed.get() { "site fermé" } else { "site existant" }, if show_closed.get() { "sites fermés" } else { "sites existants" })),
            }}
            " "<a class="fr-link" href=move || if show_closed.get() { "/sites?status=closed" } else { "/sites" }>"Voir ces sites sous forme de liste"</a>
        </p>
        {move || failure.get().map(|message| view! { <Notice message=message/> })}
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-lg-9">
                <a class="fr-link fr-sr-only-focusable resorption-skip-map" href="#apres-carte">"Passer la carte"</a>
                <div node_ref=container class="resorption-map" role="region" aria-label="Carte des sites"></div>
                <span id="apres-carte" tabindex="-1"></span>
            </div>
            <div class="fr-col-12 fr-col-lg-3">
                <div class="fr-toggle fr-mb-2w">
                    <input type="checkbox" class="fr-toggle__input" id="carte-fermes" bind:checked=show_closed/>
                    <label class="fr-toggle__label" for="carte-fermes">"Afficher les sites fermés"</label>
                </div>
                <h2 class="fr-h6">"Légende"</h2>
                <ul class="resorption-plain-list resorption-legend">
                    {move || legend.get().into_iter().map(|item| view! {
                        <li><span class="resorption-swatch" style=format!("background-color:{}", item.color)></span>{item.label}</li>
                    }).collect_view()}
                    <li><span class="resorption-swatch resorption-swatch--heatwave"></span>"Alerte canicule (contour rouge)"</li>
                    <li><span class="resorption-swatch resorption-swatch--closed"></span>"Site fermé (gris, barré)"</li>
                    <li><span class="resorption-swatch resorption-swatch--cluster">"3"</span>"Plusieurs sites proches : cliquez pour zoomer"</li>
                </ul>
                {move || selected.get().map(|id| view! { <SelectedSite id=id/> })}
            </div>
        </div>
    }
}

/// The site opened on the map, in words.
#[component]
fn SelectedSite(id: i32) -> impl IntoView {
    let site = api::fetch::<Site>(format!("/api/sites/{id}"));
    view! {
        <section class="resorption-entry fr-mt-2w" aria-live="polite" aria-label="Site sélectionné">
                {move || site.get().map(|answer| match answer {
                    Err(failure) => view! { <p>{failure.message()}</p> }.into_any(),
                    Ok(site) => view! {
                        <h2 class="fr-h6">{site.display_name.clone()}</h2>
                        <p class="fr-mb-1v">{format!("{} — {}", site.city.name, site.field_type.label())}</p>
                        <p class="fr-mb-1v">{format::people(site.population.total)}</p>
                        <a class="fr-link" href=format!("/site/{}", site.id)>"Voir la fiche du site"</a>
                    }.into_any(),
                })}
        </section>
    }
}
