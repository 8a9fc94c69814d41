//! One site in a list: a card whose title links to the site page.

use contract::sites::codes::ConditionTheme;
use contract::sites::output::SiteSummary;
use contract::Labelled;
use leptos::prelude::*;

use super::badges::{ConditionBadges, SiteBadges, SiteState};
use crate::format;

fn population_text(site: &SiteSummary) -> String {
    let mut text = format::people(site.population_total);
    if let Some(minors) = site.population_minors {
        text.push_str(&format!(" dont {minors} mineur{}", if minors > 1 { "s" } else { "" }));
    }
    text
}

fn justice_text(site: &SiteSummary) -> Option<String> {
    let justice = site.justice.as_ref()?;
    Some(format!(
        "Procédure judiciaire : {} — décision rendue : {} — évacuation sous délai : {}",
        format::yes_no(justice.justice_procedure),
        format::yes_no(justice.justice_rendered),
        format::yes_no(justice.evacuation_under_time_limit),
    ))
}

#[component]
pub fn SiteCard(site: SiteSummary) -> impl IntoView {
    let state = SiteState {
        status: site.status,
        closed_with_solutions: site.closed_with_solutions,
        heatwave: site.heatwave,
        target: site.resorption_target,
    };
    let c = &site.conditions;
    let conditions = vec![
        (ConditionTheme::Water, c.water),
        (ConditionTheme::Sanitary, c.sanitary),
        (ConditionTheme::Electricity, c.electricity),
        (ConditionTheme::Trash, c.trash),
        (ConditionTheme::Pests, c.pests),
        (ConditionTheme::Fire, c.fire),
    ];
    let open = site.closed_at.is_none();
    let when = match site.closed_at {
        Some(day) => format!("Fermé le {}", format::day(day)),
        None => format!("Données mises à jour le {}", format::day(site.data_updated_at)),
    };
    let description = format!("{} — {} — {}", site.city.name, site.field_type.label(), population_text(&site));
    let justice = justice_text(&site);
    view! {
        <div class="fr-card fr-card--sm resorption-site-card">
            <div class="fr-card__body">
                <div class="fr-card__content">
                    <h3 class="fr-card__title"><a href=format!("/site/{}", site.id)>{site.display_name.clone()}</a></h3>
                    <div class="fr-card__desc">
                        <p class="fr-mb-1w">{description}</p>
                        {open.then(|| view! { <ConditionBadges statuses=conditions/> })}
                        {justice.map(|text| view! { <p class="fr-text--sm fr-mb-0">{text}</p> })}
                    </div>
                    <div class="fr-card__start"><SiteBadges state=state/></div>
                    <div class="fr-card__end"><p class="fr-card__detail fr-icon-time-line">{when}</p></div>
                </div>
            </div>
        </div>
    }
}
