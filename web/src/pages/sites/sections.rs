//! The blocks of a site page that show its data: characteristics, closure, preparatory phases,
//! inhabitants.

use contract::sites::codes::ClosedWithSolutions;
use contract::sites::output::{NearbySite, Site};
use contract::Labelled;
use leptos::prelude::*;

use crate::api;
use crate::components::sites::history::author_text_ref;
use crate::components::table::Table;
use crate::format;

/// A label and its value.
#[component]
pub fn Fact(#[prop(into)] label: String, #[prop(into)] value: String) -> impl IntoView {
    view! { <dt>{label}</dt><dd>{value}</dd> }
}

fn or_unknown(value: Option<String>) -> String {
    value.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "non renseigné".into())
}

fn day_or_unknown(day: Option<chrono::NaiveDate>) -> String {
    day.map(format::day).unwrap_or_else(|| "non renseignée".into())
}

#[component]
pub fn Characteristics(site: Site) -> impl IntoView {
    let reinstallation = match site.is_reinstallation {
        Some(true) => {
            format!("oui{}", site.reinstallation_comments.as_ref().map(|c| format!(" — {c}")).unwrap_or_default())
        }
        answer => format::yes_no(answer).to_owned(),
    };
    let updated = format!(
        "{}{}",
        format::day(site.data_updated_at),
        site.updated_by.as_ref().map(|u| format!(" par {}", author_text_ref(u))).unwrap_or_default()
    );
    let declared = format!(
        "{}{}",
        format::date(site.created_at),
        site.created_by.as_ref().map(|u| format!(" par {}", author_text_ref(u))).unwrap_or_default()
    );
    let place = match &site.epci {
        Some(epci) => {
            format!("{} — {} — {} ({})", site.city.name, epci.name, site.departement.name, site.departement.code)
        }
        None => format!("{} — {} ({})", site.city.name, site.departement.name, site.departement.code),
    };
    view! {
        <dl class="resorption-facts">
            <Fact label="Adresse" value=site.address.clone()/>
            <Fact label="Appellation du site" value=or_unknown(site.name.clone())/>
            <Fact label="Commune" value=place/>
            <Fact label="Informations d'accès" value=or_unknown(site.address_details.clone())/>
            <Fact label="Coordonnées GPS" value=format!("{:.5}, {:.5}", site.latitude, site.longitude)/>
            <Fact label="Date d'installation" value=day_or_unknown(site.built_at)/>
            <Fact label="Date de signalement" value=format::day(site.declared_at)/>
            <Fact label="Type de site" value=site.field_type.label()/>
            <Fact label="Type de propriétaire" value=site.owner_type.label()/>
            <Fact label="S'agit-il d'une réinstallation ?" value=reinstallation/>
            <Fact label="Données mises à jour le" value=updated/>
            <Fact label="Site déclaré le" value=declared/>
            <Fact label="Complétude des informations clés" value=format!("{:.0} %", site.completion_rate * 100.0)/>
        </dl>
        {(!site.reinstallation_incoming_sites.is_empty()).then(|| view! {
            <p class="fr-mb-1v">"Sites d'origine des habitants :"</p>
            <ul>
                {site.reinstallation_incoming_sites.iter().map(|link| view! {
                    <li><a href=format!("/site/{}", link.id)>{format!("{} ({})", link.display_name, link.city_name)}</a></li>
                }).collect_view()}
            </ul>
        })}
        {site.closure.is_none().then(|| view! { <Nearby site_id=site.id latitude=site.latitude longitude=site.longitude/> })}
    }
}

/// "Sites à proximité — dans un rayon de 500 m".
#[component]
fn Nearby(site_id: i32, latitude: f64, longitude: f64) -> impl IntoView {
    let nearby = api::fetch::<Vec<NearbySite>>(format!("/api/sites/nearby?latitude={latitude}&longitude={longitude}"));
    view! {
            {move || nearby.get().and_then(Result::ok).map(|list| list.into_iter().filter(|s| s.id != site_id).take(5).collect::<Vec<_>>()).filter(|list| !list.is_empty()).map(|list| view! {
                <h3 class="fr-h6">"Sites à proximité — dans un rayon de 500 m"</h3>
                <ul>
                    {list.into_iter().map(|site| view! {
                        <li><a href=format!("/site/{}", site.id)>{site.display_name}</a>{format!(" — {} m", site.distance)}</li>
                    }).collect_view()}
                </ul>
            })}
    }
}

#[component]
pub fn ClosureBlock(site: Site) -> impl IntoView {
    let Some(closure) = site.closure else { return ().into_any() };
    let resorbed = match closure.closed_with_solutions {
        Some(ClosedWithSolutions::Yes) => "oui",
        Some(ClosedWithSolutions::No) => "non",
        _ => "inconnu",
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="fermeture">
            <h2 id="fermeture">"Fermeture du site"</h2>
            <dl class="resorption-facts">
                <Fact label="Date de fermeture" value=format::day(closure.closed_at)/>
                <Fact label="Cause de la fermeture" value=closure.status.label()/>
                <Fact label="Contexte de la fermeture" value=or_unknown(closure.context.clone())/>
                <Fact label="Site résorbé définitivement" value=resorbed/>
            </dl>
            {(!closure.solutions.is_empty()).then(|| view! {
                <Table caption="Orientation des ménages">
                    <thead><tr><th scope="col">"Solution"</th><th scope="col">"Personnes"</th><th scope="col">"Ménages"</th><th scope="col">"Commentaire"</th></tr></thead>
                    <tbody>
                        {closure.solutions.iter().map(|s| view! {
                            <tr>
                                <td>{s.solution.label()}</td>
                                <td>{s.people.map(|n| n.to_string()).unwrap_or_else(|| "-".into())}</td>
                                <td>{s.households.map(|n| n.to_string()).unwrap_or_else(|| "-".into())}</td>
                                <td>{s.message.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </Table>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub fn Phases(site: Site) -> impl IntoView {
    (!site.preparatory_phases.is_empty()).then(|| {
        view! {
            <section class="fr-mb-4w" aria-labelledby="phases">
                <h2 id="phases">"Phases préparatoires à la résorption"</h2>
                <ul>
                    {site.preparatory_phases.iter().map(|phase| {
                        let state = match phase.completed_at {
                            Some(day) => format!("terminée le {}", format::day(day)),
                            None => "en cours".into(),
                        };
                        view! { <li>{format!("{} : {state}", phase.label)}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

fn count_text(count: Option<i32>) -> String {
    count.map(|n| n.to_string()).unwrap_or_else(|| "-".into())
}

#[component]
pub fn Inhabitants(site: Site) -> impl IntoView {
    let p = &site.population;
    let rows = [
        ("Personnes", p.total),
        ("dont femmes et filles", p.total_females),
        ("Ménages", p.households),
        ("Mineurs", p.minors),
        ("dont filles", p.minors_girls),
        ("Mineurs de 0 à 3 ans", p.minors_0_3),
        ("Mineurs de 3 à 6 ans", p.minors_3_6),
        ("Mineurs de 6 à 12 ans", p.minors_6_12),
        ("Mineurs de 12 à 16 ans", p.minors_12_16),
        ("Mineurs de 16 à 18 ans", p.minors_16_18),
        ("Inscrits en établissement scolaire", p.minors_in_school),
        ("Caravanes", p.caravans),
        ("Habitats autoconstruits", p.huts),
        ("Tentes", p.tents),
        ("Voitures dortoir", p.cars),
        ("Matelas", p.mattresses),
    ];
    let origins = if site.social_origins.is_empty() {
        "inconnues".to_owned()
    } else {
        site.social_origins.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ")
    };
    let census = match site.census.status {
        None => "inconnu".to_owned(),
        Some(status) => {
            let mut text = status.label().to_owned();
            if let Some(day) = site.census.conducted_at {
                text.push_str(&format!(" — le {}", format::day(day)));
            }
            if let Some(by) = &site.census.conducted_by {
                text.push_str(&format!(" par {by}"));
            }
            text
        }
    };
    view! {
        <Table caption=format!("Habitants au {}", format::day(site.data_updated_at))>
            <thead><tr><th scope="col">"Donnée"</th><th scope="col">"Nombre"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{count_text(value)}</td></tr> }).collect_view()}
            </tbody>
        </Table>
        <dl class="resorption-facts">
            <Fact label="Origines" value=origins/>
            <Fact label="Diagnostic social" value=census/>
        </dl>
    }
}
