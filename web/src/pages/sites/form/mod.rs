//! Declaring (`/site/nouveau`) and updating (`/site/:id/mise-a-jour`) a site, in steps. The
//! draft lives above the steps, so that moving between steps or a failed save never loses
//! what was typed. Errors, found in the browser by the contract's own rules or sent by the
//! API, show next to their fields, and the form opens the step holding the first one.

mod characteristics;
pub mod fields;
mod justice;
mod living;
mod location;
mod population;

use contract::access::{Entity, Feature};
use contract::problem::FieldError;
use contract::sites::codes::{FieldType, OwnerType};
use contract::sites::input::{PhaseInput, SiteInput};
use contract::sites::output::Site;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use self::fields::{field_id, problem, Day, Draft, FormErrors};
use crate::api::{self, ApiError, Method};
use crate::components::form::ErrorSummary;
use crate::components::layout::{set_title, Loading, Notice};
use crate::session::{can, Flash, Session};
use crate::{browser, lens};

const STEPS: [&str; 5] = [
    "Adresse et position",
    "Caractéristiques du site",
    "Habitants",
    "Conditions de vie",
    "Procédures et propriétaires",
];

/// The step that holds a field, by its path.
fn step_of(field: &str) -> usize {
    let top = field.split(['.', '[']).next().unwrap_or(field);
    match top {
        "address" | "city_code" | "latitude" | "longitude" | "name" | "address_details" => 0,
        "population" | "social_origins" | "census" => 2,
        "living_conditions" => 3,
        "justice" | "owners" => 4,
        _ => 1,
    }
}

fn new_draft() -> Draft {
    Draft {
        site: SiteInput {
            name: None,
            address: String::new(),
            address_details: None,
            city_code: String::new(),
            latitude: 0.0,
            longitude: 0.0,
            built_at: None,
            declared_at: browser::today(),
            field_type: FieldType::Unknown,
            owner_type: OwnerType::Unknown,
            is_reinstallation: None,
            reinstallation_comments: None,
            reinstallation_incoming_sites: Vec::new(),
            population: Default::default(),
            social_origins: Vec::new(),
            census: Default::default(),
            living_conditions: Default::default(),
            justice: None,
            owners: None,
            preparatory_phases: Vec::new(),
            updated_at: None,
        },
        city_label: String::new(),
        has_point: false,
    }
}

fn draft_of(site: &Site) -> Draft {
    Draft {
        site: SiteInput {
            name: site.name.clone(),
            address: site.address.clone(),
            address_details: site.address_details.clone(),
            city_code: site.city.code.clone(),
            latitude: site.latitude,
            longitude: site.longitude,
            built_at: site.built_at,
            declared_at: site.declared_at,
            field_type: site.field_type,
            owner_type: site.owner_type,
            is_reinstallation: site.is_reinstallation,
            reinstallation_comments: site.reinstallation_comments.clone(),
            reinstallation_incoming_sites: site.reinstallation_incoming_sites.iter().map(|s| s.id).collect(),
            population: site.population.clone(),
            social_origins: site.social_origins.clone(),
            census: site.census.clone(),
            living_conditions: site.living_conditions.clone(),
            justice: site.justice.clone(),
            owners: site.owners.clone(),
            preparatory_phases: site
                .preparatory_phases
                .iter()
                .map(|p| PhaseInput { phase: p.phase, completed_at: p.completed_at })
                .collect(),
            updated_at: None,
        },
        city_label: format!("{} ({})", site.city.name, site.departement.code),
        has_point: true,
    }
}

/// The errors the browser finds before sending.
fn check(draft: &Draft) -> (SiteInput, Vec<FieldError>) {
    let mut input = draft.site.clone();
    input.normalize();
    let mut errors = Vec::new();
    if input.city_code.is_empty() {
        errors.push(FieldError::new("city_code", "required", "Choisissez la commune dans la liste."));
    }
    if !draft.has_point {
        errors.push(FieldError::new(
            "latitude",
            "required",
            "Placez le site sur la carte ou saisissez ses coordonnées.",
        ));
    }
    errors.extend(input.check(browser::today()));
    (input, errors)
}

#[component]
pub fn NewSitePage() -> impl IntoView {
    set_title("Déclarer un site");
    let draft = RwSignal::new(new_draft());
    view! {
        <h1>"Déclarer un nouveau site"</h1>
        <div class="fr-callout fr-mb-3w">
            <h2 class="fr-callout__title fr-h6">"Qu'est-ce qu'un site ?"</h2>
            <p class="fr-callout__text fr-text--sm">"Un site est un lieu de vie informel : bidonville, campement, squat d'immeuble bâti. Tous les sites peuvent être déclarés, quels que soient l'origine et le nombre de leurs habitants."</p>
        </div>
        <SiteForm draft=draft version=None/>
    }
}

#[component]
pub fn UpdateSitePage() -> impl IntoView {
    set_title("Mettre à jour un site");
    let id = super::page::site_id();
    let loaded = RwSignal::new(None::<Result<(Draft, i32, String), ApiError>>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            let answer = api::get::<Site>(&format!("/api/sites/{id}")).await;
            loaded.set(Some(answer.map(|site| (draft_of(&site), site.version, site.display_name))));
        });
    };
    reload();
    provide_context(Reload(Callback::new(move |_| reload())));
    move || match loaded.get() {
        None => view! { <h1>"Mettre à jour un site"</h1><Loading/> }.into_any(),
        Some(Err(failure)) => view! { <h1>"Mettre à jour un site"</h1><Notice message=failure.message()/> }.into_any(),
        Some(Ok((draft, version, name))) => {
            set_title(&format!("{name} — Mise à jour"));
            view! {
                <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
                    <ol class="fr-breadcrumb__list">
                        <li><a class="fr-breadcrumb__link" href="/sites">"Sites"</a></li>
                        <li><a class="fr-breadcrumb__link" href=format!("/site/{id}")>{name.clone()}</a></li>
                        <li><a class="fr-breadcrumb__link" aria-current="page">"Mise à jour"</a></li>
                    </ol>
                </nav>
                <h1>{format!("Mettre à jour le site {name}")}</h1>
                <SiteForm draft=RwSignal::new(draft) version=Some((id, version))/>
            }
            .into_any()
        }
    }
}

/// Reloads the site after a conflict (someone else saved it meanwhile).
#[derive(Clone, Copy)]
struct Reload(Callback<()>);

#[component]
fn SiteForm(draft: RwSignal<Draft>, version: Option<(i32, i32)>) -> impl IntoView {
    let me = Session::get().me();
    let justice = me.as_ref().is_some_and(|me| can(me, Entity::SiteJustice, Feature::Access));
    let owners = me.as_ref().is_some_and(|me| can(me, Entity::SiteOwner, Feature::Access));
    let updating = version.is_some();
    let (justice, owners) = if updating {
        draft.with_untracked(|d| (justice && d.site.justice.is_some(), owners && d.site.owners.is_some()))
    } else {
        (justice, owners)
    };
    if owners && !updating {
        draft.update(|d| d.site.owners = Some(Vec::new()));
    }
    let steps: Vec<usize> = (0..STEPS.len()).filter(|s| *s < 4 || justice || owners).collect();
    let count = steps.len();
    let step = RwSignal::new(0usize);
    let errors = RwSignal::new(None::<ApiError>);
    provide_context(FormErrors(errors));
    let stale = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let reload = use_context::<Reload>();

    let show_step = move |index: usize| {
        step.set(index.min(count - 1));
        request_animation_frame(|| browser::focus("etape-titre"));
    };
    let show_errors = move |failure: ApiError| {
        let first = match &failure {
            ApiError::Problem(problem) => problem.errors.first().map(|e| e.field.clone()),
            ApiError::Network(_) => None,
        };
        errors.set(Some(failure));
        match first.filter(|f| f != "updated_at") {
            Some(field) => {
                step.set(step_of(&field).min(count - 1));
                request_animation_frame(move || browser::focus(&field_id(&field)));
            }
            None => request_animation_frame(|| browser::focus("erreurs")),
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (input, found) = draft.with_untracked(check);
        if !found.is_empty() {
            show_errors(problem(found));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let answer = match version {
                None => api::post::<_, Site>("/api/sites", &input).await,
                Some((id, version)) => {
                    api::send_versioned::<_, Site>(Method::PATCH, &format!("/api/sites/{id}"), version, &input).await
                }
            };
            busy.set(false);
            match answer {
                Ok(site) => {
                    Flash::set(if updating {
                        "Mise à jour réussie."
                    } else {
                        "Déclaration réussie : le site est enregistré et les acteurs concernés ont été prévenus par e-mail."
                    });
                    navigate(&format!("/site/{}", site.id), Default::default());
                }
                Err(failure) if failure.status() == Some(412) => stale.set(true),
                Err(failure) => show_errors(failure),
            }
        });
    };

    let has_previous = move || step.get() != 0;
    let has_next = move || step.get() + 1 != count;
    view! {
        <ErrorSummaryAnchor errors=errors/>
        <Show when=move || stale.get()>
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
                <h2 class="fr-alert__title">"Quelqu'un d'autre a enregistré ce site entre-temps"</h2>
                <p>"Vos modifications n'ont pas été enregistrées. Rechargez le site pour partir de sa dernière version (vos saisies seront remplacées), puis refaites vos changements."</p>
                <button type="button" class="fr-btn fr-btn--sm fr-mt-1w" on:click=move |_| {
                    if let Some(reload) = reload { reload.0.run(()); }
                }>"Recharger le site"</button>
            </div>
        </Show>
        {version.map(|(id, version)| view! { <ConfirmUnchanged id=id version=version stale=stale/> })}
        <form on:submit=submit novalidate>
            {updating.then(|| view! {
                <Day label="La situation correspond à la date du (laissez vide pour aujourd'hui)" field="updated_at" lens=lens!(draft, site.updated_at)/>
            })}
            <Stepper step=step steps=steps.clone()/>
            <nav aria-label="Étapes du formulaire" class="fr-mb-2w">
                <ul class="fr-tags-group">
                    {steps.iter().enumerate().map(|(index, s)| view! {
                        <li><button type="button" class="fr-tag" aria-pressed=move || (step.get() == index).to_string()
                            on:click=move |_| show_step(index)>{STEPS[*s]}</button></li>
                    }).collect_view()}
                </ul>
            </nav>
            {move || {
                let current = steps.get(step.get()).copied().unwrap_or(0);
                match current {
                    0 => view! { <location::LocationStep draft=draft creating=!updating/> }.into_any(),
                    1 => view! { <characteristics::CharacteristicsStep draft=draft/> }.into_any(),
                    2 => view! { <population::PopulationStep draft=draft/> }.into_any(),
                    3 => view! { <living::LivingConditionsStep draft=draft/> }.into_any(),
                    _ => view! { <justice::JusticeStep draft=draft justice=justice owners=owners/> }.into_any(),
                }
            }}
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
                <Show when=has_previous>
                    <li><button type="button" class="fr-btn fr-btn--secondary"
                        on:click=move |_| show_step(step.get_untracked().saturating_sub(1))>"Étape précédente"</button></li>
                </Show>
                <Show when=has_next>
                    <li><button type="button" class="fr-btn fr-btn--secondary"
                        on:click=move |_| show_step(step.get_untracked() + 1)>"Étape suivante"</button></li>
                </Show>
                <li><button type="submit" class="fr-btn" disabled=move || busy.get()>
                    {if updating { "Mettre à jour le site" } else { "Déclarer le site" }}
                </button></li>
            </ul>
        </form>
    }
}

#[component]
fn ErrorSummaryAnchor(errors: RwSignal<Option<ApiError>>) -> impl IntoView {
    view! { <div id="erreurs" tabindex="-1"><ErrorSummary error=errors/></div> }
}

/// The design system's stepper: where the user is, and what comes next.
#[component]
fn Stepper(step: RwSignal<usize>, steps: Vec<usize>) -> impl IntoView {
    let count = steps.len();
    let titles: Vec<&'static str> = steps.iter().map(|s| STEPS[*s]).collect();
    let current = {
        let titles = titles.clone();
        move || titles.get(step.get()).copied().unwrap_or("")
    };
    let next = move || titles.get(step.get() + 1).copied();
    view! {
        <div class="fr-stepper">
            <h2 class="fr-stepper__title" id="etape-titre" tabindex="-1">
                {current}
                <span class="fr-stepper__state">{move || format!("Étape {} sur {count}", step.get() + 1)}</span>
            </h2>
            <div class="fr-stepper__steps" data-fr-current-step=move || (step.get() + 1).to_string() data-fr-steps=count.to_string()></div>
            {move || next().map(|title| view! { <p class="fr-stepper__details"><span class="fr-text--bold">"Étape suivante : "</span>{title}</p> })}
        </div>
    }
}

/// "Données à jour sans changement": records a visit that found nothing new.
#[component]
fn ConfirmUnchanged(id: i32, version: i32, stale: RwSignal<bool>) -> impl IntoView {
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let path = format!("/api/sites/{id}/confirmation");
            match api::send_versioned::<_, Site>(Method::POST, &path, version, &serde_json::json!({})).await {
                Ok(_) => {
                    Flash::set("Les données du site sont confirmées à jour.");
                    navigate(&format!("/site/{id}"), Default::default());
                }
                Err(error) if error.status() == Some(412) => stale.set(true),
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    view! {
        <div class="fr-callout fr-mb-3w">
            <p class="fr-callout__text fr-text--sm">"Vous êtes passé sur le site et rien n'a changé ? Confirmez que les données sont toujours à jour, sans rien modifier."</p>
            {move || failure.get().map(|m| view! { <Notice message=m/> })}
            <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-checkbox-circle-line fr-btn--icon-left" on:click=confirm>
                "Confirmer que les données sont à jour"
            </button>
        </div>
    }
}
