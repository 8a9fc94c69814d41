//! Step 1 of the site form: the address, the commune, the name, and the position, placed by
//! clicking a small map or typed as coordinates. Before a site is declared, the open sites
//! near that position are shown as possible duplicates.

use contract::sites::output::NearbySite;
use contract::territories::{LocationType, TerritoryMatch};
use leptos::html::Div;
use leptos::prelude::*;

use super::fields::{message_for, Draft, Lens, Text};
use crate::api;
use crate::components::map::Map;
use crate::components::territory::TerritoryPicker;
use crate::reference;

#[component]
pub fn LocationStep(draft: RwSignal<Draft>, creating: bool) -> impl IntoView {
    let address = Lens::new(
        draft,
        |d| Some(d.site.address.clone()).filter(|a| !a.is_empty()),
        |d, v| d.site.address = v.unwrap_or_default(),
    );
    let pick_city = move |found: TerritoryMatch| {
        draft.update(|d| {
            d.site.city_code = found.code.clone();
            d.city_label = found.label.clone();
        });
    };
    let city = move || draft.with(|d| d.city_label.clone());
    view! {
        <Text label="Adresse" field="address" lens=address required=true
            hint="Numéro, voie, code postal et commune, par exemple « 12 chemin des Roses 93100 Montreuil »"/>
        <p class="fr-mb-1w" aria-live="polite">
            {move || if city().is_empty() { "Commune : aucune commune choisie".to_owned() } else { format!("Commune : {}", city()) }}
        </p>
        <TerritoryPicker id="city_code" label="Commune *" on_pick=pick_city only=LocationType::City error=message_for("city_code")/>
        <Text label="Appellation du site" field="name" lens=crate::lens!(draft, site.name) hint="35 caractères au plus, par exemple « Les Roses »"/>
        <Text label="Informations d'accès" field="address_details" lens=crate::lens!(draft, site.address_details) long=true/>
        <Position draft=draft/>
        {creating.then(|| view! { <NearbyNotice draft=draft/> })}
    }
}

fn coordinate_text(value: f64) -> String {
    format!("{value:.6}")
}

/// The point of the site: a click on the map, or typed coordinates.
#[component]
fn Position(draft: RwSignal<Draft>) -> impl IntoView {
    let placed = draft.with_untracked(|d| d.has_point.then_some((d.site.latitude, d.site.longitude)));
    let latitude = RwSignal::new(placed.map(|p| coordinate_text(p.0)).unwrap_or_default());
    let longitude = RwSignal::new(placed.map(|p| coordinate_text(p.1)).unwrap_or_default());
    let container = NodeRef::<Div>::new();
    let map = StoredValue::new_local(None::<Map>);
    let place = move |lat: f64, lon: f64| {
        draft.update(|d| {
            d.site.latitude = lat;
            d.site.longitude = lon;
            d.has_point = true;
        });
    };
    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        if map.with_value(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(created) = Map::create(element.into(), false).await else { return };
            // The sites already known give bearings on a blank background.
            if let Ok(geojson) = api::get_text("/api/sites/map").await {
                let colors = reference::colors_json(&reference::field_types().await);
                created.set_sites(&geojson, &colors, placed.is_none(), |_| {});
            }
            if let Some((lat, lon)) = placed {
                created.set_point(lat, lon, true);
            }
            created.on_click(move |lat, lon| {
                latitude.set(coordinate_text(lat));
                longitude.set(coordinate_text(lon));
                place(lat, lon);
                if let Some(current) = map.get_value() {
                    current.set_point(lat, lon, false);
                }
            });
            // The form may have moved to another step meanwhile.
            if map.try_set_value(Some(created.clone())).is_some() {
                created.remove();
            }
        });
    });
    on_cleanup(move || {
        if let Some(current) = map.get_value() {
            current.remove();
        }
    });
    let typed = move || {
        if let (Ok(lat), Ok(lon)) = (
            latitude.get_untracked().trim().replace(',', ".").parse::<f64>(),
            longitude.get_untracked().trim().replace(',', ".").parse::<f64>(),
        ) {
            place(lat, lon);
            if let Some(current) = map.get_value() {
                current.set_point(lat, lon, true);
            }
        }
    };
    let message = message_for("latitude");
    view! {
        <fieldset class=move || if message.get().is_some() { "fr-fieldset fr-fieldset--error" } else { "fr-fieldset" }
            id="latitude-groupe" aria-labelledby="position-legende">
            <legend class="fr-fieldset__legend" id="position-legende">"Position du site *"
                <span class="fr-hint-text">"Cliquez sur la carte à l'emplacement du site, ou saisissez ses coordonnées GPS (en degrés décimaux)."</span>
            </legend>
            <div class="fr-fieldset__element">
                <div node_ref=container class="resorption-map resorption-map--small" role="region" aria-label="Carte pour placer le site"></div>
            </div>
            <div class="fr-fieldset__element fr-fieldset__element--inline">
                <div class="fr-input-group">
                    <label class="fr-label" for="latitude">"Latitude"<span class="fr-hint-text">"Par exemple 48.8603"</span></label>
                    <input class="fr-input" id="latitude" inputmode="decimal" prop:value=move || latitude.get()
                        aria-invalid=move || message.get().is_some().then_some("true")
                        on:input=move |e| { latitude.set(event_target_value(&e)); typed(); }/>
                </div>
            </div>
            <div class="fr-fieldset__element fr-fieldset__element--inline">
                <div class="fr-input-group">
                    <label class="fr-label" for="longitude">"Longitude"<span class="fr-hint-text">"Par exemple 2.4638"</span></label>
                    <input class="fr-input" id="longitude" inputmode="decimal" prop:value=move || longitude.get()
                        on:input=move |e| { longitude.set(event_target_value(&e)); typed(); }/>
                </div>
            </div>
            <div class="fr-messages-group">
                {move || message.get().map(|m| view! { <p class="fr-message fr-message--error" id="latitude-erreur">{m}</p> })}
            </div>
        </fieldset>
    }
}

/// Open sites close to the point: maybe the same site, already declared.
#[component]
fn NearbyNotice(draft: RwSignal<Draft>) -> impl IntoView {
    let nearby = RwSignal::new(Vec::<NearbySite>::new());
    let point = Memo::new(move |_| draft.with(|d| d.has_point.then_some((d.site.latitude, d.site.longitude))));
    Effect::new(move |_| {
        let Some((lat, lon)) = point.get() else {
            nearby.set(Vec::new());
            return;
        };
        leptos::task::spawn_local(async move {
            let found = api::get::<Vec<NearbySite>>(&format!("/api/sites/nearby?latitude={lat}&longitude={lon}"))
                .await
                .unwrap_or_default();
            if point.try_get_untracked() == Some(Some((lat, lon))) {
                nearby.set(found.into_iter().take(5).collect());
            }
        });
    });
    view! {
        <div aria-live="polite">
            <Show when=move || nearby.with(|n| !n.is_empty())>
                <div class="fr-alert fr-alert--warning fr-mb-3w">
                    <h3 class="fr-alert__title">{move || match nearby.with(Vec::len) {
                        1 => "1 site est déjà enregistré dans un rayon de 500 mètres autour de cette position".to_owned(),
                        n => format!("{n} sites sont déjà enregistrés dans un rayon de 500 mètres autour de cette position"),
                    }}</h3>
                    <p>"Assurez-vous de ne pas déclarer un site déjà enregistré :"</p>
                    <ul>
                        {move || nearby.get().into_iter().map(|site| view! {
                            <li>
                                <a href=format!("/site/{}", site.id) target="_blank" rel="noopener">
                                    {format!("{} ({})", site.display_name, site.city_name)}<span class="fr-sr-only">" (nouvel onglet)"</span>
                                </a>
                                {format!(" — à {} m", site.distance)}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
        </div>
    }
}
