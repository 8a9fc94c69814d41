//! Step 2 of the site form: dates, type of site, owner type, reinstallation, and the
//! preparatory phases once resorption has started.

use contract::sites::codes::{FieldType, OwnerType};
use contract::Labelled;
use leptos::prelude::*;

use super::fields::{Day, Draft, Lens, Pick, Text, When, YesNo};
use crate::lens;
use crate::pages::sites::query::options;

#[component]
pub fn CharacteristicsStep(draft: RwSignal<Draft>) -> impl IntoView {
    let declared_at = Lens::new(
        draft,
        |d| Some(d.site.declared_at),
        |d, v| {
            if let Some(day) = v {
                d.site.declared_at = day;
            }
        },
    );
    let field_type = Lens::new(
        draft,
        |d| Some(d.site.field_type.code()),
        |d, v| d.site.field_type = v.and_then(FieldType::from_code).unwrap_or(FieldType::Unknown),
    );
    let owner_type = Lens::new(
        draft,
        |d| Some(d.site.owner_type.code()),
        |d, v| d.site.owner_type = v.and_then(OwnerType::from_code).unwrap_or(OwnerType::Unknown),
    );
    let reinstallation = lens!(draft, site.is_reinstallation);
    view! {
        <Day label="Date d'installation" field="built_at" lens=lens!(draft, site.built_at)/>
        <Day label="Date de signalement" field="declared_at" lens=declared_at required=true/>
        <Pick legend="Type de site" field="field_type" choices={options::<FieldType>()} lens=field_type inline=true required=true/>
        <Pick legend="Type de propriétaire" field="owner_type" choices={options::<OwnerType>()} lens=owner_type inline=true/>
        <YesNo legend="S'agit-il d'une réinstallation ?" field="is_reinstallation" lens=reinstallation/>
        <When condition=Signal::derive(move || reinstallation.get() == Some(true))>
            <Text label="Précisions sur la réinstallation" field="reinstallation_comments" lens=lens!(draft, site.reinstallation_comments) long=true/>
        </When>
        <PhaseDates draft=draft/>
    }
}

/// "Terminée le" for each preparatory phase of a site whose resorption started.
#[component]
fn PhaseDates(draft: RwSignal<Draft>) -> impl IntoView {
    let phases = draft.with_untracked(|d| d.site.preparatory_phases.clone());
    (!phases.is_empty()).then(|| view! {
        <fieldset class="fr-fieldset" aria-labelledby="phases-legende">
            <legend class="fr-fieldset__legend" id="phases-legende">"Phases préparatoires à la résorption"
                <span class="fr-hint-text">"Indiquez la date à laquelle chaque phase a été terminée."</span>
            </legend>
            {phases.into_iter().enumerate().map(|(index, phase)| {
                let id = format!("preparatory_phases-{index}-completed_at");
                view! {
                    <div class="fr-fieldset__element">
                        <div class="fr-input-group">
                            <label class="fr-label" for=id.clone()>{format!("{} — terminée le", phase.phase.label())}</label>
                            <input class="fr-input" type="date" id=id prop:value=phase.completed_at.map(|d| d.to_string()).unwrap_or_default()
                                on:input=move |event| {
                                    let day = event_target_value(&event).parse().ok();
                                    draft.update(|d| if let Some(p) = d.site.preparatory_phases.get_mut(index) { p.completed_at = day; });
                                }/>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    })
}
