//! The site page (`/site/:id`): a header with the site's state and the actions the caller's
//! abilities allow, then every block of the site, its actors, its journal and its history.
//! With `?as_of=YYYY-MM-DD`, the site as it was that day, read-only.

use contract::sites::actions::HeatwaveInput;
use contract::sites::codes::SiteStatus;
use contract::sites::output::Site;
use contract::users::Role;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::conditions::{JusticeBlock, LivingConditionsBlock, OwnersBlock};
use super::sections::{Characteristics, ClosureBlock, Inhabitants, Phases};
use crate::api::{self, ApiError};
use crate::components::layout::{set_title, Loading, Notice};
use crate::components::sites::actors::Actors;
use crate::components::sites::badges::{SiteBadges, SiteState};
use crate::components::sites::history::History;
use crate::components::sites::journal::SiteJournal;
use crate::session::{Flash, Session};
use crate::{browser, format};

/// The site shown and the outcome of the last action, shared with the header's buttons.
#[derive(Clone, Copy)]
struct Sheet {
    site: RwSignal<Option<Result<Site, ApiError>>>,
    notice: RwSignal<Option<(bool, String)>>,
}

impl Sheet {
    fn done(self, answer: Result<Site, ApiError>, success: &str) {
        match answer {
            Ok(site) => {
                self.site.set(Some(Ok(site)));
                self.notice.set(Some((true, success.to_owned())));
            }
            Err(failure) => self.notice.set(Some((false, failure.message()))),
        }
    }
}

/// The id in the path, as a number (0, which names no site, when it is not one).
pub fn site_id() -> i32 {
    use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse().ok()).unwrap_or(0)
}

#[component]
pub fn SitePage() -> impl IntoView {
    set_title("Fiche site");
    let id = site_id();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of")).filter(|d| !d.is_empty());
    let sheet = Sheet { site: RwSignal::new(None), notice: RwSignal::new(Flash::take().map(|m| (true, m))) };
    let path = match &as_of {
        Some(day) => format!("/api/sites/{id}?as_of={}", api::encode(day)),
        None => format!("/api/sites/{id}"),
    };
    leptos::task::spawn_local(async move {
        let answer = api::get::<Site>(&path).await;
        if let Ok(site) = &answer {
            set_title(&format!("{} — Fiche site", site.display_name));
        }
        sheet.site.set(Some(answer));
    });
    move || match sheet.site.get() {
        None => view! { <h1>"Fiche site"</h1><Loading/> }.into_any(),
        Some(Err(failure)) => {
            let message = if failure.status() == Some(404) {
                "Ce site n'existe pas ou n'est pas situé sur votre territoire.".to_owned()
            } else {
                failure.message()
            };
            view! { <h1>"Fiche site"</h1><Notice message=message/> }.into_any()
        }
        Some(Ok(site)) => view! { <SiteSheet site=site sheet=sheet as_of=as_of.clone()/> }.into_any(),
    }
}

#[component]
fn SiteSheet(site: Site, sheet: Sheet, as_of: Option<String>) -> impl IntoView {
    let state = SiteState {
        status: site.status,
        closed_with_solutions: site.closure.as_ref().and_then(|c| c.closed_with_solutions),
        heatwave: site.heatwave,
        target: site.resorption_target,
    };
    let read_only = as_of.is_some();
    let last_event = match &site.updated_by {
        Some(user) => format!(
            "Dernière mise à jour le {} par {} {}",
            format::date(site.updated_at),
            user.first_name,
            user.last_name
        ),
        None => format!("Site déclaré le {}", format::day(site.declared_at)),
    };
    let show_history = RwSignal::new(false);
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/sites">"Sites"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">{site.display_name.clone()}</a></li>
            </ol>
        </nav>
        <div class="resorption-site-header fr-p-3w fr-mb-3w">
            <h1 class="fr-mb-1w">{site.display_name.clone()}</h1>
            <p class="fr-text--lead fr-mb-1w">{format!("{} ({})", site.city.name, site.departement.code)}</p>
            <SiteBadges state=state/>
            <p class="fr-text--sm fr-mb-2w">{last_event}</p>
            {as_of.map(|day| view! {
                <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w">
                    <p>{format!("Situation du site au {day}, en lecture seule. ")}<a href=format!("/site/{}", site.id)>"Voir la situation actuelle"</a></p>
                </div>
            })}
            {(!read_only).then(|| view! { <HeaderActions site=site.clone() sheet=sheet/> })}
        </div>
        {move || sheet.notice.get().map(|(success, message)| if success {
            view! { <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status"><p>{message}</p></div> }.into_any()
        } else {
            view! { <Notice message=message/> }.into_any()
        })}
        <nav class="fr-mb-3w" aria-label="Rubriques de la fiche">
            <ul class="fr-tags-group">
                <li><a class="fr-tag" href="#caracteristiques">"Caractéristiques"</a></li>
                <li><a class="fr-tag" href="#habitants">"Habitants"</a></li>
                <li><a class="fr-tag" href="#conditions-de-vie">"Conditions de vie"</a></li>
                {site.justice.is_some().then(|| view! { <li><a class="fr-tag" href="#procedures">"Procédures"</a></li> })}
                <li><a class="fr-tag" href="#intervenants">"Intervenants"</a></li>
                <li><a class="fr-tag" href="#actions">"Actions"</a></li>
                <li><a class="fr-tag" href="#journal">"Journal du site"</a></li>
                <li><a class="fr-tag" href="#historique">"Historique"</a></li>
            </ul>
        </nav>
        <section class="fr-mb-4w" aria-labelledby="caracteristiques">
            <h2 id="caracteristiques">"Caractéristiques du site"</h2>
            <Characteristics site=site.clone()/>
        </section>
        <ClosureBlock site=site.clone()/>
        <Phases site=site.clone()/>
        <section class="fr-mb-4w" aria-labelledby="habitants">
            <h2 id="habitants">"Habitants"</h2>
            <Inhabitants site=site.clone()/>
        </section>
        <section class="fr-mb-4w" aria-labelledby="conditions-de-vie">
            <h2 id="conditions-de-vie">"Conditions de vie et environnement"</h2>
            <LivingConditionsBlock site=site.clone()/>
        </section>
        {site.justice.clone().map(|justice| view! {
            <section class="fr-mb-4w" aria-labelledby="procedures">
                <h2 id="procedures">"Procédures judiciaires et administratives"</h2>
                <JusticeBlock justice=justice/>
            </section>
        })}
        {site.owners.clone().map(|owners| view! {
            <section class="fr-mb-4w" aria-labelledby="proprietaires">
                <h2 id="proprietaires">"Propriétaires"</h2>
                <OwnersBlock owners=owners/>
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="intervenants">
            <h2 id="intervenants">"Intervenants"</h2>
            <Actors site_id=site.id initial=site.actors.clone() may_manage=site.abilities.update && !read_only/>
        </section>
        <section class="fr-mb-4w" aria-labelledby="actions">
            <h2 id="actions">"Actions"</h2>
            <SiteActions actions=site.actions.clone()/>
        </section>
        <section class="fr-mb-4w resorption-journal" aria-labelledby="journal">
            <SiteJournal site_id=site.id may_comment=site.abilities.comment && !read_only/>
        </section>
        <section class="fr-mb-4w" aria-labelledby="historique">
            <h2 id="historique">"Historique des modifications"</h2>
            <Show when=move || show_history.get() fallback=move || view! {
                <button type="button" class="fr-btn fr-btn--secondary" on:click=move |_| show_history.set(true)>"Voir l'historique des modifications"</button>
            }>
                <History site_id=site.id/>
            </Show>
        </section>
    }
}

/// Whether the user steers resorption in the territory (admins and State correspondents),
/// who alone may set a resorption target.
fn steers() -> bool {
    Session::get().me().is_some_and(|me| me.admin_role.is_some() || me.role == Role::DirectCollaborator)
}

#[component]
fn HeaderActions(site: Site, sheet: Sheet) -> impl IntoView {
    let id = site.id;
    let open = site.status == SiteStatus::Open;
    let abilities = site.abilities.clone();
    let favorite = RwSignal::new(site.is_favorite);
    let navigate = use_navigate();
    let heatwave = site.heatwave;
    let toggle_heatwave = move |_| {
        leptos::task::spawn_local(async move {
            let answer =
                api::put::<_, Site>(&format!("/api/sites/{id}/heatwave"), &HeatwaveInput { heatwave: !heatwave }).await;
            sheet
                .done(answer, if heatwave { "L'alerte canicule est levée." } else { "L'alerte canicule est activée." });
        });
    };
    let set_target = move |_| {
        leptos::task::spawn_local(async move {
            let answer =
                api::post::<_, Site>(&format!("/api/sites/{id}/resorption-target"), &serde_json::json!({})).await;
            sheet.done(answer, "L'objectif résorption est fixé pour cette année.");
        });
    };
    let start = move |_| {
        if !browser::confirm("Démarrer la résorption de ce site ? Les phases préparatoires seront ajoutées.") {
            return;
        }
        leptos::task::spawn_local(async move {
            let answer =
                api::post::<_, Site>(&format!("/api/sites/{id}/resorption-start"), &serde_json::json!({})).await;
            sheet.done(answer, "La résorption du site est démarrée.");
        });
    };
    let remove = move |_| {
        if !browser::confirm("Supprimer définitivement ce site et tout son historique ? Cette action est irréversible.")
        {
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/api/sites/{id}")).await {
                Ok(()) => {
                    Flash::set("Le site a été supprimé.");
                    navigate("/sites", Default::default());
                }
                Err(failure) => sheet.notice.set(Some((false, failure.message()))),
            }
        });
    };
    let toggle_favorite = move |_| {
        let now = favorite.get_untracked();
        leptos::task::spawn_local(async move {
            let path = format!("/api/sites/{id}/favorite");
            let answer =
                if now { api::delete(&path).await } else { api::post_empty(&path, &serde_json::json!({})).await };
            match answer {
                Ok(()) => favorite.set(!now),
                Err(failure) => sheet.notice.set(Some((false, failure.message()))),
            }
        });
    };
    let may_target = open && abilities.update && site.resorption_target.is_none() && steers();
    let may_start = open && abilities.update && site.preparatory_phases.is_empty();
    view! {
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
            {(open && abilities.update).then(|| view! {
                <li><a class="fr-btn fr-icon-edit-line" href=format!("/site/{id}/mise-a-jour")>"Mettre à jour"</a></li>
            })}
            {(open && abilities.close).then(|| view! {
                <li><a class="fr-btn fr-btn--secondary fr-icon-close-circle-line" href=format!("/site/{id}/fermeture")>"Fermer le site"</a></li>
            })}
            {(!open && abilities.fix_status).then(|| view! {
                <li><a class="fr-btn fr-btn--secondary fr-icon-edit-line" href=format!("/site/{id}/fermeture")>"Corriger la fermeture du site"</a></li>
            })}
            {(open && abilities.update).then(|| view! {
                <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-sun-line" on:click=toggle_heatwave>
                    {if heatwave { "Supprimer l'alerte canicule" } else { "Activer l'alerte canicule" }}
                </button></li>
            })}
            {may_target.then(|| view! {
                <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-flag-line" on:click=set_target>"Objectif résorption"</button></li>
            })}
            {may_start.then(|| view! {
                <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-checkbox-circle-line" on:click=start>"Démarrer la résorption"</button></li>
            })}
            <li><button type="button" class="fr-btn fr-btn--tertiary" aria-pressed=move || favorite.get().to_string()
                class:fr-icon-star-fill=move || favorite.get() class:fr-icon-star-line=move || !favorite.get()
                on:click=toggle_favorite>{move || if favorite.get() { "Retirer de mes sites favoris" } else { "Ajouter à mes sites favoris" }}</button></li>
            <li><a class="fr-btn fr-btn--tertiary fr-icon-chat-3-line" href="#journal">"Journal du site"</a></li>
            {abilities.delete.then(|| view! {
                <li><button type="button" class="fr-btn fr-btn--tertiary fr-icon-delete-line" on:click=remove>"Supprimer le site"</button></li>
            })}
        </ul>
    }
}

/// The actions led on the site that the user may read.
#[component]
fn SiteActions(actions: Vec<contract::actions::output::ActionLink>) -> impl IntoView {
    use contract::actions::codes::ActionPhase;
    use contract::Labelled;
    if actions.is_empty() {
        return view! { <p>"Aucune action n'est menée sur ce site."</p> }.into_any();
    }
    view! {
        <ul class="fr-raw-list">
            {actions.into_iter().map(|action| {
                let period = match action.ended_at {
                    Some(end) => format!("du {} au {}", crate::format::day(action.started_at), crate::format::day(end)),
                    None => format!("depuis le {}", crate::format::day(action.started_at)),
                };
                let topics = action.topics.iter().map(|topic| topic.label()).collect::<Vec<_>>().join(", ");
                let badge = if action.phase == ActionPhase::Ended { "fr-badge fr-badge--sm" } else { "fr-badge fr-badge--sm fr-badge--success" };
                view! {
                    <li class="resorption-entry fr-mb-2w">
                        <p class="fr-mb-1v">
                            <span class=badge>{action.phase.label()}</span>
                            " "<strong>{action.name}</strong>
                        </p>
                        <p class="fr-text--sm fr-mb-0">{format!("{period} — {topics}")}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}
