//! "Fermeture du site" (`/site/:id/fermeture`): closing an open site (date, cause, context,
//! where the households went, resorbed or not), or correcting whether a closed site was
//! resorbed.

use contract::sites::actions::{ClosureInput, StatusFix};
use contract::sites::codes::{ClosedWithSolutions, ClosingSolution, SiteStatus};
use contract::sites::output::{Site, SolutionCount};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::page::site_id;
use super::sections::ClosureBlock;
use crate::api::{self, ApiError, Method};
use crate::components::form::{field_error, ErrorSummary};
use crate::components::layout::{set_title, Loading, Notice};
use crate::components::table::Table;
use crate::session::Flash;
use crate::{browser, format};

/// Households sent to housing or to long-term adapted shelter count toward resorption.
fn lasting(solution: ClosingSolution) -> bool {
    matches!(solution, ClosingSolution::Housing | ClosingSolution::LongTermShelter)
}

/// Two thirds of the inhabitants in a lasting solution: the rule for a resorbed site.
const RESORPTION_SHARE: f64 = 0.66;

#[component]
pub fn ClosePage() -> impl IntoView {
    set_title("Fermeture du site");
    let id = site_id();
    let site = api::fetch::<Site>(format!("/api/sites/{id}"));
    view! {
            {move || match site.get() {
                None => view! { <h1>"Fermeture du site"</h1><Loading/> }.into_any(),
                Some(answer) => match answer {
                Err(failure) => view! { <h1>"Fermeture du site"</h1><Notice message=failure.message()/> }.into_any(),
                Ok(site) => {
                    set_title(&format!("{} — Fermeture", site.display_name));
                    let open = site.status == SiteStatus::Open;
                    let body = if open && site.abilities.close {
                        view! { <ClosureForm site=site.clone()/> }.into_any()
                    } else if !open && site.abilities.fix_status {
                        view! { <StatusFixForm site=site.clone()/> }.into_any()
                    } else {
                        view! { <Notice message="Vous n'avez pas le droit de déclarer ou de corriger la fermeture de ce site."/> }.into_any()
                    };
                    view! {
                        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
                            <ol class="fr-breadcrumb__list">
                                <li><a class="fr-breadcrumb__link" href="/sites">"Sites"</a></li>
                                <li><a class="fr-breadcrumb__link" href=format!("/site/{id}")>{site.display_name.clone()}</a></li>
                                <li><a class="fr-breadcrumb__link" aria-current="page">"Fermeture"</a></li>
                            </ol>
                        </nav>
                        <h1>{if open { "Fermer le site" } else { "Corriger la fermeture du site" }}</h1>
                        <p class="fr-text--lead">{site.display_name.clone()}</p>
                        {body}
                    }.into_any()
                }
            }}}
    }
}

/// One line of "Orientation des ménages" while typed.
#[derive(Clone, Copy)]
struct SolutionLine {
    solution: ClosingSolution,
    people: RwSignal<String>,
    households: RwSignal<String>,
    message: RwSignal<String>,
}

impl SolutionLine {
    fn count(text: &str) -> Option<i32> {
        text.trim().parse().ok()
    }

    fn to_count(self) -> Option<SolutionCount> {
        let people = Self::count(&self.people.get_untracked());
        let households = Self::count(&self.households.get_untracked());
        let message = Some(self.message.get_untracked()).filter(|m| !m.trim().is_empty());
        (people.is_some() || households.is_some() || message.is_some()).then_some(SolutionCount {
            solution: self.solution,
            people,
            households,
            message,
        })
    }
}

#[component]
fn ClosureForm(site: Site) -> impl IntoView {
    let id = site.id;
    let version = site.version;
    let declared_at = site.declared_at;
    let inhabitants = site.population.total;
    let closed_at = RwSignal::new(browser::today().to_string());
    let cause = RwSignal::new(String::new());
    let context = RwSignal::new(String::new());
    let resorbed = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let lines: Vec<SolutionLine> = ClosingSolution::ALL
        .iter()
        .map(|solution| SolutionLine {
            solution: *solution,
            people: RwSignal::new(String::new()),
            households: RwSignal::new(String::new()),
            message: RwSignal::new(String::new()),
        })
        .collect();
    let share = {
        let lines = lines.clone();
        Memo::new(move |_| {
            let placed: i32 =
                lines.iter().filter(|l| lasting(l.solution)).filter_map(|l| SolutionLine::count(&l.people.get())).sum();
            inhabitants.filter(|n| *n > 0).map(|n| f64::from(placed) / f64::from(n))
        })
    };
    // Pre-answered from the share until the user answers.
    let resorbed_answer = move || resorbed.get().unwrap_or_else(|| share.get().is_some_and(|s| s >= RESORPTION_SHARE));
    let navigate = use_navigate();
    let submit = {
        let lines = lines.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let Some(status) = SiteStatus::from_code(&cause.get_untracked()) else {
                error.set(Some(super::form::fields::problem(vec![contract::problem::FieldError::new(
                    "status",
                    "required",
                    "Indiquez la cause de la fermeture.",
                )])));
                browser::focus("status");
                return;
            };
            let input = ClosureInput {
                closed_at: closed_at.get_untracked().parse().unwrap_or_else(|_| browser::today()),
                status,
                closing_context: Some(context.get_untracked()).filter(|c| !c.trim().is_empty()),
                closed_with_solutions: resorbed_answer(),
                solutions: lines.iter().filter_map(|l| l.to_count()).collect(),
            };
            let found = input.check(declared_at, browser::today());
            if !found.is_empty() {
                error.set(Some(super::form::fields::problem(found)));
                return;
            }
            busy.set(true);
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let answer =
                    api::send_versioned::<_, Site>(Method::POST, &format!("/api/sites/{id}/closure"), version, &input)
                        .await;
                busy.set(false);
                match answer {
                    Ok(_) => {
                        Flash::set("Le site a bien été déclaré comme fermé. Les acteurs concernés ont été prévenus par e-mail.");
                        navigate(&format!("/site/{id}"), Default::default());
                    }
                    Err(failure) => error.set(Some(failure)),
                }
            });
        }
    };
    let causes: Vec<SiteStatus> = SiteStatus::ALL.iter().copied().filter(|s| *s != SiteStatus::Open).collect();
    view! {
        <form on:submit=submit novalidate>
            <ErrorSummary error=error/>
            <div class=move || if field_error(error, "closed_at").get().is_some() { "fr-input-group fr-input-group--error" } else { "fr-input-group" }>
                <label class="fr-label" for="closed_at">"Date de la fermeture du site *"</label>
                <input class="fr-input" type="date" id="closed_at" max=browser::today().to_string() bind:value=closed_at/>
                {move || field_error(error, "closed_at").get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
            </div>
            <div class=move || if field_error(error, "status").get().is_some() { "fr-select-group fr-select-group--error" } else { "fr-select-group" }>
                <label class="fr-label" for="status">"Cause de la fermeture *"</label>
                <select class="fr-select" id="status" on:change=move |e| cause.set(event_target_value(&e))>
                    <option value="" selected disabled>"Choisissez une cause"</option>
                    {causes.into_iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                </select>
                {move || field_error(error, "status").get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
            </div>
            <div class=move || if field_error(error, "closing_context").get().is_some() { "fr-input-group fr-input-group--error" } else { "fr-input-group" }>
                <label class="fr-label" for="closing_context">
                    {move || if cause.get() == "other" { "Contexte de la fermeture *" } else { "Contexte de la fermeture" }}
                    <span class="fr-hint-text">"Obligatoire pour la cause « Autre »."</span>
                </label>
                <textarea class="fr-input" id="closing_context" rows="3" bind:value=context></textarea>
                {move || field_error(error, "closing_context").get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
            </div>
            <Solutions lines=lines.clone() error=error/>
            <p class="fr-mb-1w">{format!("Nombre d'habitants connu : {}.", format::people(inhabitants))}</p>
            {move || share.get().map(|s| {
                let percent = (s * 100.0).round();
                if s >= RESORPTION_SHARE {
                    view! { <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" aria-live="polite"><p>{format!("{percent} % des habitants sont orientés vers un logement ou un hébergement adapté de longue durée : le site peut être considéré comme résorbé (seuil : 66 %).")}</p></div> }.into_any()
                } else {
                    view! { <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" aria-live="polite"><p>{format!("{percent} % des habitants sont orientés vers un logement ou un hébergement adapté de longue durée : en dessous de 66 %, le site n'est en principe pas considéré comme résorbé.")}</p></div> }.into_any()
                }
            })}
            <fieldset class="fr-fieldset" aria-labelledby="resorbe-legende">
                <legend class="fr-fieldset__legend" id="resorbe-legende">"Est-ce que ce site a été résorbé définitivement ? *"</legend>
                {[(true, "Oui"), (false, "Non")].into_iter().map(|(value, label)| {
                    let id = format!("resorbe-{}", label.to_lowercase());
                    view! {
                        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">
                            <input type="radio" name="resorbe" id=id.clone() prop:checked=move || resorbed_answer() == value on:change=move |_| resorbed.set(Some(value))/>
                            <label class="fr-label" for=id>{label}</label>
                        </div></div>
                    }
                }).collect_view()}
            </fieldset>
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <li><a class="fr-btn fr-btn--secondary" href=format!("/site/{id}")>"Annuler"</a></li>
                <li><button type="submit" class="fr-btn" disabled=move || busy.get()>"Déclarer la fermeture"</button></li>
            </ul>
        </form>
    }
}

#[component]
fn Solutions(lines: Vec<SolutionLine>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    view! {
        <Table caption="Orientation des ménages">
            <thead><tr><th scope="col">"Solution"</th><th scope="col">"Personnes"</th><th scope="col">"Ménages"</th><th scope="col">"Commentaire"</th></tr></thead>
            <tbody>
                {lines.into_iter().enumerate().map(|(index, line)| {
                    let label = line.solution.label();
                    let fault = Signal::derive(move || {
                        error.with(|e| match e {
                            Some(ApiError::Problem(p)) => p.errors.iter().find(|f| f.field.starts_with(&format!("solutions[{index}]"))).map(|f| f.message.clone()),
                            _ => None,
                        })
                    });
                    view! {
                        <tr>
                            <th scope="row">{label}{move || fault.get().map(|m| view! { <p class="fr-error-text">{m}</p> })}</th>
                            <td><input class="fr-input" type="number" min="0" aria-label=format!("Personnes — {label}") bind:value=line.people/></td>
                            <td><input class="fr-input" type="number" min="0" aria-label=format!("Ménages — {label}") bind:value=line.households/></td>
                            <td><input class="fr-input" aria-label=format!("Commentaire — {label}") bind:value=line.message/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </Table>
    }
}

#[component]
fn StatusFixForm(site: Site) -> impl IntoView {
    let id = site.id;
    let version = site.version;
    let current = site.closure.as_ref().and_then(|c| c.closed_with_solutions).unwrap_or(ClosedWithSolutions::Unknown);
    let answer = RwSignal::new(current);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fix = StatusFix { closed_with_solutions: answer.get_untracked() };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::send_versioned::<_, Site>(
                Method::PUT,
                &format!("/api/sites/{id}/closure/outcome"),
                version,
                &fix,
            )
            .await
            {
                Ok(_) => {
                    Flash::set("La fermeture du site a été corrigée.");
                    navigate(&format!("/site/{id}"), Default::default());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
            <p>"Seule la réponse « résorbé définitivement » peut être corrigée ici. Pour toute autre correction, écrivez à l'équipe de Résorption."</p>
        </div>
        <ClosureBlock site=site.clone()/>
        <form on:submit=submit>
            <ErrorSummary error=error/>
            <fieldset class="fr-fieldset" aria-labelledby="correction-legende">
                <legend class="fr-fieldset__legend" id="correction-legende">"Est-ce que ce site a été résorbé définitivement ?"</legend>
                {ClosedWithSolutions::ALL.iter().map(|choice| {
                    let choice = *choice;
                    let id = format!("correction-{}", choice.code());
                    view! {
                        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">
                            <input type="radio" name="correction" id=id.clone() prop:checked=move || answer.get() == choice on:change=move |_| answer.set(choice)/>
                            <label class="fr-label" for=id>{choice.label()}</label>
                        </div></div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="fr-btn">"Enregistrer la correction"</button>
        </form>
    }
}
