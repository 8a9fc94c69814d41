//! The blocks of a site page about living conditions, and the restricted ones: procedures
//! and owners (shown only when the API sent them, i.e. to who may read them).

use contract::sites::codes::ConditionTheme;
use contract::sites::input::{Justice, Owner};
use contract::sites::living_conditions::{LivingConditions, ThemeStatus};
use contract::sites::output::Site;
use contract::Labelled;
use leptos::prelude::*;

use super::sections::Fact;
use crate::components::sites::badges::ConditionBadge;
use crate::format;

/// Free answers that explain a theme, besides its status.
fn details(theme: ConditionTheme, answers: &LivingConditions) -> Vec<String> {
    let mut lines = Vec::new();
    fn push(lines: &mut Vec<String>, label: &str, value: &Option<String>) {
        if let Some(value) = value.as_ref().filter(|v| !v.trim().is_empty()) {
            lines.push(format!("{label} : {value}"));
        }
    }
    match theme {
        ConditionTheme::Water => {
            let water = &answers.water;
            if let Some(kind) = water.access_type {
                lines.push(format!("Accès à l'eau : {}", kind.label()));
            }
            push(&mut lines, "Précisions", &water.access_type_details);
            push(&mut lines, "Accès discontinu", &water.is_continuous_details);
            push(&mut lines, "Inégalités d'accès", &water.is_unequal_details);
            push(&mut lines, "Informations complémentaires", &water.comments);
        }
        ConditionTheme::Sanitary => {
            let kinds: Vec<&str> = answers.sanitary.toilet_types.iter().map(|t| t.label()).collect();
            if !kinds.is_empty() {
                lines.push(format!("Types de toilettes : {}", kinds.join(", ")));
            }
        }
        ConditionTheme::Electricity => {
            let kinds: Vec<&str> = answers.electricity.access_types.iter().map(|t| t.label()).collect();
            if !kinds.is_empty() {
                lines.push(format!("Sources d'électricité : {}", kinds.join(", ")));
            }
        }
        ConditionTheme::Pests => push(&mut lines, "Précisions", &answers.pests.details),
        ConditionTheme::Trash | ConditionTheme::Fire => {}
    }
    lines
}

#[component]
fn Theme(status: ThemeStatus, details: Vec<String>) -> impl IntoView {
    let list = |title: &'static str, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            view! {
                <p class="fr-mb-0 fr-text--sm fr-text--bold">{title}</p>
                <ul class="fr-text--sm">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            }
        })
    };
    view! {
        <div class="fr-col-12 fr-col-md-6">
            <div class="resorption-entry">
                <h3 class="fr-h6 fr-mb-1w">{status.theme.label()}</h3>
                <p><ConditionBadge theme=status.theme status=status.status/></p>
                {list("Ce qui va bien", status.positive)}
                {list("Ce qui ne va pas", status.negative)}
                {list("Non renseigné", status.unknown)}
                {list("Réponses", details)}
            </div>
        </div>
    }
}

#[component]
pub fn LivingConditionsBlock(site: Site) -> impl IntoView {
    let answers = site.living_conditions.clone();
    view! {
        {site.heatwave.then(|| view! {
            <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w"><p>"Alerte canicule en cours sur ce site."</p></div>
        })}
        <div class="fr-grid-row fr-grid-row--gutters">
            {site.living_condition_statuses.into_iter().map(|status| {
                let lines = details(status.theme, &answers);
                view! { <Theme status=status details=lines/> }
            }).collect_view()}
        </div>
    }
}

fn opt(value: &Option<String>) -> String {
    value.clone().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "non renseigné".into())
}

fn day(value: Option<chrono::NaiveDate>) -> String {
    value.map(format::day).unwrap_or_else(|| "non renseignée".into())
}

#[component]
pub fn JusticeBlock(justice: Justice) -> impl IntoView {
    let j = justice;
    view! {
        <dl class="resorption-facts">
            <Fact label="Dépôt de plainte par le propriétaire" value=format::yes_no(j.owner_complaint)/>
            <Fact label="Existence d'une procédure judiciaire" value=format::yes_no(j.justice_procedure)/>
            {(j.justice_procedure == Some(true)).then(|| view! {
                <Fact label="Décision de justice rendue" value=format::yes_no(j.justice_rendered)/>
            })}
            {(j.justice_rendered == Some(true)).then(|| view! {
                <Fact label="Origine de la décision" value=opt(&j.justice_rendered_by)/>
                <Fact label="Date de la décision" value=day(j.justice_rendered_at)/>
                <Fact label="Appel en cours" value=format::yes_no(j.justice_challenged)/>
            })}
            <Fact label="Concours de la force publique" value=j.police_status.map(|s| s.label()).unwrap_or("inconnu")/>
            {j.police_requested_at.map(|d| view! { <Fact label="Date de la demande de concours" value=format::day(d)/> })}
            {j.police_granted_at.map(|d| view! { <Fact label="Date d'octroi du concours" value=format::day(d)/> })}
            <Fact label="Nom de l'étude d'huissiers" value=opt(&j.bailiff)/>
            <Fact label="Existence d'un contentieux" value=format::yes_no(j.existing_litigation)/>
            <Fact label="Procédure administrative prescrivant l'évacuation sous délai" value=format::yes_no(j.evacuation_under_time_limit)/>
            {(j.evacuation_under_time_limit == Some(true)).then(|| view! {
                <Fact label="Date de l'arrêté" value=day(j.administrative_order_decision_at)/>
                <Fact label="Auteur de l'arrêté" value=opt(&j.administrative_order_decision_rendered_by)/>
                <Fact label="Date de l'évacuation" value=day(j.administrative_order_evacuation_at)/>
            })}
            <Fact label="Arrêté d'insalubrité (opération RHI)" value=format::yes_no(j.insalubrity_order)/>
            {(j.insalubrity_order == Some(true)).then(|| view! {
                <Fact label="Affichage ou notification de l'arrêté" value=format::yes_no(j.insalubrity_order_displayed)/>
                <Fact label="Type d'arrêté" value=opt(&j.insalubrity_order_type)/>
                <Fact label="Auteur de l'arrêté" value=opt(&j.insalubrity_order_by)/>
                <Fact label="Date de l'arrêté" value=day(j.insalubrity_order_at)/>
                <Fact label="Parcelles concernées" value=opt(&j.insalubrity_parcels)/>
            })}
        </dl>
    }
}

#[component]
pub fn OwnersBlock(owners: Vec<Owner>) -> impl IntoView {
    if owners.is_empty() {
        return view! { <p>"Aucun propriétaire renseigné."</p> }.into_any();
    }
    view! {
        <ul>
            {owners.into_iter().map(|owner| view! { <li>{format!("{} — {}", owner.name, owner.owner_type.label())}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}
