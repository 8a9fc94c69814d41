//! Badges of a site: status, heatwave, resorption target, living conditions. Each one says its
//! meaning in words, never by colour alone.

use contract::sites::codes::{ClosedWithSolutions, ConditionStatus, ConditionTheme, SiteStatus};
use contract::Labelled;
use leptos::prelude::*;

fn condition_class(status: ConditionStatus) -> &'static str {
    match status {
        ConditionStatus::Good => "fr-badge fr-badge--sm fr-badge--success",
        ConditionStatus::ToImprove => "fr-badge fr-badge--sm fr-badge--warning",
        ConditionStatus::Bad => "fr-badge fr-badge--sm fr-badge--error",
        ConditionStatus::Unknown => "fr-badge fr-badge--sm fr-badge--info",
    }
}

/// "Accès à l'eau : À améliorer".
#[component]
pub fn ConditionBadge(theme: ConditionTheme, status: ConditionStatus) -> impl IntoView {
    view! { <span class=condition_class(status)>{format!("{} : {}", theme.label(), status.label())}</span> }
}

/// The six themes of living conditions, in one row.
#[component]
pub fn ConditionBadges(statuses: Vec<(ConditionTheme, ConditionStatus)>) -> impl IntoView {
    view! {
        <ul class="fr-badges-group" aria-label="Conditions de vie">
            {statuses.into_iter().map(|(theme, status)| view! { <li><ConditionBadge theme=theme status=status/></li> }).collect_view()}
        </ul>
    }
}

/// What the header of a site or a card says of its state.
#[derive(Clone, Copy)]
pub struct SiteState {
    pub status: SiteStatus,
    pub closed_with_solutions: Option<ClosedWithSolutions>,
    pub heatwave: bool,
    pub target: Option<i32>,
}

/// "Site existant", "Site résorbé", "Site fermé", then the heatwave and target badges.
#[component]
pub fn SiteBadges(state: SiteState) -> impl IntoView {
    let (class, label) = match (state.status, state.closed_with_solutions) {
        (SiteStatus::Open, _) => ("fr-badge fr-badge--sm fr-badge--info", "Site existant".to_owned()),
        (_, Some(ClosedWithSolutions::Yes)) => ("fr-badge fr-badge--sm fr-badge--success", "Site résorbé".to_owned()),
        (status, _) => ("fr-badge fr-badge--sm fr-badge--error", format!("Site fermé — {}", status.label())),
    };
    view! {
        <ul class="fr-badges-group">
            <li><span class=class>{label}</span></li>
            {state.heatwave.then(|| view! { <li><span class="fr-badge fr-badge--sm fr-badge--warning">"Alerte canicule"</span></li> })}
            {state.target.map(|year| view! { <li><span class="fr-badge fr-badge--sm fr-badge--purple-glycine">{format!("Objectif résorption {year}")}</span></li> })}
        </ul>
    }
}
