//! Organizations for national admins (`/administration/structures`): search by name, category
//! and state, each row leading to its edit page; a link to create one.

use contract::organizations::{OrganizationCategory, OrganizationSummary};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::components::A;

use super::AdminMenu;
use crate::api;
use crate::components::layout::{set_title, Loading, Notice};
use crate::components::table::Table;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    set_title("Structures");
    let text = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    // "" for both, "active" or "inactive".
    let state = RwSignal::new(String::new());
    let organizations = LocalResource::new(move || {
        let (searched, category) = (searched.get(), category.get());
        async move {
            let mut path = format!("/api/organizations?limit=1000&q={}", api::encode(&searched));
            if !category.is_empty() {
                path.push_str(&format!("&category={}", api::encode(&category)));
            }
            api::get::<Vec<OrganizationSummary>>(&path).await
        }
    });
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        searched.set(text.get_untracked());
    };
    view! {
        <h1>"Structures"</h1>
        <AdminMenu/>
        <p><A href="/administration/structures/nouvelle" attr:class="fr-btn fr-icon-add-line fr-btn--icon-left">"Créer une structure"</A></p>
        <form role="search" class="fr-mb-3w" on:submit=search>
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-6">
                    <div class="fr-search-bar">
                        <label class="fr-label" for="recherche-structure">"Rechercher par nom ou acronyme"</label>
                        <input class="fr-input" type="search" id="recherche-structure" placeholder="Rechercher par nom ou acronyme" bind:value=text/>
                        <button class="fr-btn" type="submit" title="Rechercher">"Rechercher"</button>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-categorie">"Catégorie"</label>
                        <select class="fr-select" id="filtre-categorie" on:change=move |ev| category.set(event_target_value(&ev))>
                            <option value="">"Toutes les catégories"</option>
                            {OrganizationCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-etat">"État"</label>
                        <select class="fr-select" id="filtre-etat" on:change=move |ev| state.set(event_target_value(&ev))>
                            <option value="">"Actives et inactives"</option>
                            <option value="active">"Actives"</option>
                            <option value="inactive">"Inactives"</option>
                        </select>
                    </div>
                </div>
            </div>
        </form>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || organizations.get().map(|answer| match answer {
                Err(failure) => view! { <Notice message=failure.message()/> }.into_any(),
                Ok(list) => {
                    let wanted = state.get();
                    let list: Vec<_> = list.into_iter()
                        .filter(|o| wanted.is_empty() || o.active == (wanted == "active"))
                        .collect();
                    if list.is_empty() {
                        view! { <p>"Aucune structure ne correspond à ces critères."</p> }.into_any()
                    } else {
                        view! { <OrganizationTable organizations=list/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganizationTable(organizations: Vec<OrganizationSummary>) -> impl IntoView {
    let caption = match organizations.len() {
        1 => "1 structure".to_owned(),
        n => format!("{n} structures"),
    };
    view! {
        <Table caption=caption>
            <thead>
                <tr>
                    <th scope="col">"Nom"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Territoire"</th>
                    <th scope="col">"État"</th>
                </tr>
            </thead>
            <tbody>
                {organizations.into_iter().map(|o| view! {
                    <tr>
                        <td>
                            <a href=format!("/administration/structures/{}", o.id)>{o.name.clone()}</a>
                            {o.abbreviation.clone().map(|a| format!(" ({a})"))}
                        </td>
                        <td>{o.type_name.clone()}</td>
                        <td>{o.location.label.clone()}</td>
                        <td>{if o.active {
                            view! { <p class="fr-badge fr-badge--sm fr-badge--success">"Active"</p> }.into_any()
                        } else {
                            view! { <p class="fr-badge fr-badge--sm">"Inactive"</p> }.into_any()
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </Table>
    }
}
