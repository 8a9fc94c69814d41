//! The filters and the sort of the site list. Every change rewrites the URL, which the list
//! reads: a filtered list can be shared and comes back after visiting a site.

use contract::sites::codes::{ConditionTheme, FieldType, SiteStatus};
use contract::sites::filters::{
    AdministrativeOrderFilter, ClosureOutcome, JusticeFilter, OriginFilter, PopulationBucket, RhiFilter, SiteSort,
};
use contract::Labelled;
use leptos::prelude::*;

use super::query::{options, ListQuery};

/// Checkboxes for a filter with several values (OR-ed).
#[component]
fn CheckFilter(
    name: &'static str,
    legend: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    query: Memo<ListQuery>,
    go: Callback<ListQuery>,
) -> impl IntoView {
    let legend_id = format!("filtre-{name}");
    view! {
        <fieldset class="fr-fieldset fr-col-12 fr-col-md-6 fr-col-lg-4" aria-labelledby=legend_id.clone()>
            <legend class="fr-fieldset__legend fr-text--regular" id=legend_id.clone()>{legend}</legend>
            {choices.into_iter().map(|(code, label)| {
                let id = format!("filtre-{name}-{code}");
                view! {
                    <div class="fr-fieldset__element">
                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || query.with(|q| q.values(name).contains(&code))
                                on:change=move |_| go.run(query.get_untracked().toggled(name, code))/>
                            <label class="fr-label" for=id>{label}</label>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Three radios: every site, only "yes", only "no".
#[component]
fn YesNoFilter(
    name: &'static str,
    legend: &'static str,
    yes: &'static str,
    no: &'static str,
    query: Memo<ListQuery>,
    go: Callback<ListQuery>,
) -> impl IntoView {
    let legend_id = format!("filtre-{name}");
    let choices = [(None, "Tous"), (Some("true"), yes), (Some("false"), no)];
    view! {
        <fieldset class="fr-fieldset fr-col-12 fr-col-md-6 fr-col-lg-4" aria-labelledby=legend_id.clone()>
            <legend class="fr-fieldset__legend fr-text--regular" id=legend_id.clone()>{legend}</legend>
            {choices.into_iter().map(|(value, label)| {
                let id = format!("filtre-{name}-{}", value.unwrap_or("tous"));
                view! {
                    <div class="fr-fieldset__element">
                        <div class="fr-radio-group fr-radio-group--sm">
                            <input type="radio" id=id.clone() name=format!("filtre-{name}")
                                prop:checked=move || query.with(|q| q.get(name) == value)
                                on:change=move |_| go.run(query.get_untracked().with(name, value.map(str::to_owned)))/>
                            <label class="fr-label" for=id>{label}</label>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn recent_years() -> Vec<(&'static str, &'static str)> {
    let this_year = crate::browser::today().format("%Y").to_string().parse::<i32>().unwrap_or(2025);
    // Codes and labels must live as long as the page: a handful of short strings, leaked once.
    (0..6)
        .map(|back| {
            let year: &'static str = Box::leak((this_year - back).to_string().into_boxed_str());
            (year, year)
        })
        .collect()
}

/// Every filter of the list; justice filters only for who may read justice data.
#[component]
pub fn Filters(query: Memo<ListQuery>, go: Callback<ListQuery>, closed: bool, justice: bool) -> impl IntoView {
    let conditions: Vec<(&str, &str)> = ConditionTheme::ALL
        .iter()
        .map(|t| {
            let label = match t {
                ConditionTheme::Water => "Eau",
                ConditionTheme::Sanitary => "Toilettes",
                ConditionTheme::Electricity => "Électricité",
                ConditionTheme::Trash => "Évacuation des déchets",
                ConditionTheme::Pests => "Présence de nuisibles",
                ConditionTheme::Fire => "Prévention incendie",
            };
            (t.code(), label)
        })
        .collect();
    let reasons: Vec<(&str, &str)> =
        SiteStatus::ALL.iter().filter(|s| **s != SiteStatus::Open).map(|s| (s.code(), s.label())).collect();
    let count = move || query.with(ListQuery::active_filters);
    let any = move || count() != 0;
    view! {
        <details class="resorption-filters fr-mb-3w" prop:open=any>
            <summary class="fr-btn fr-btn--secondary fr-icon-filter-line fr-btn--icon-left">
                {move || match count() { 0 => "Filtrer par".to_owned(), n => format!("Filtrer par ({n} actif{})", if n > 1 { "s" } else { "" }) }}
            </summary>
            <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
                {closed.then(|| view! {
                    <CheckFilter name="outcome" legend="Résorbé ou fermé" choices={options::<ClosureOutcome>()} query=query go=go/>
                    <CheckFilter name="closing_reason" legend="Cause de la fermeture" choices=reasons.clone() query=query go=go/>
                    <CheckFilter name="closure_year" legend="Année de fermeture" choices=recent_years() query=query go=go/>
                })}
                <CheckFilter name="population" legend="Nombre de personnes" choices={options::<PopulationBucket>()} query=query go=go/>
                <CheckFilter name="field_type" legend="Type de site" choices={options::<FieldType>()} query=query go=go/>
                <CheckFilter name="origin" legend="Origines" choices={options::<OriginFilter>()} query=query go=go/>
                {(!closed).then(|| view! {
                    <CheckFilter name="conditions" legend="Conditions de vie mauvaises ou inconnues" choices=conditions.clone() query=query go=go/>
                    <YesNoFilter name="heatwave" legend="Alerte canicule" yes="Avec alerte" no="Sans alerte" query=query go=go/>
                    <YesNoFilter name="actors" legend="Intervenants" yes="Avec intervenants" no="Sans intervenant" query=query go=go/>
                })}
                <YesNoFilter name="has_action" legend="Actions" yes="Avec une action" no="Sans action" query=query go=go/>
                <YesNoFilter name="target" legend="Objectif résorption" yes="Avec objectif" no="Sans objectif" query=query go=go/>
                {justice.then(|| view! {
                    <CheckFilter name="justice" legend="Procédure judiciaire" choices={options::<JusticeFilter>()} query=query go=go/>
                    <CheckFilter name="administrative_order" legend="Procédure administrative" choices={options::<AdministrativeOrderFilter>()} query=query go=go/>
                    <CheckFilter name="rhi" legend="Opération RHI" choices={options::<RhiFilter>()} query=query go=go/>
                })}
            </div>
            {move || any().then(|| view! {
                <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-close-circle-line fr-btn--icon-left"
                    on:click=move |_| {
                        let q = query.get_untracked();
                        let status = q.get("status").map(str::to_owned);
                        go.run(q.kept_for_tab(status.as_deref()).with("sort", q.get("sort").map(str::to_owned)));
                    }>"Effacer les filtres"</button>
            })}
        </details>
    }
}

/// "Trier par", with the orders that make sense for open or closed sites.
#[component]
pub fn SortSelect(query: Memo<ListQuery>, go: Callback<ListQuery>, closed: bool) -> impl IntoView {
    let sorts: Vec<SiteSort> = if closed {
        vec![SiteSort::ClosedAt, SiteSort::City, SiteSort::UpdatedAt]
    } else {
        vec![SiteSort::UpdatedAt, SiteSort::City, SiteSort::BuiltAt, SiteSort::DeclaredAt]
    };
    let default = sorts[0].code();
    view! {
        <div class="fr-select-group resorption-sort">
            <label class="fr-label" for="tri">"Trier par"</label>
            <select class="fr-select" id="tri"
                on:change=move |event| go.run(query.get_untracked().with("sort", Some(event_target_value(&event))))>
                {sorts.into_iter().map(|sort| {
                    let code = sort.code();
                    view! { <option value=code selected=move || query.with(|q| q.get("sort").unwrap_or(default) == code)>{sort.label()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
