//! Step 3 of the site form: people, households, minors by age, schooling, dwellings, origins
//! and the social diagnosis.

use contract::sites::codes::{CensusStatus, SocialOrigin};
use leptos::prelude::*;

use super::fields::{Count, Day, Draft, Pick, PickMany, Text, When};
use crate::pages::sites::query::options;
use crate::{code_lens, codes_lens, lens};

#[component]
pub fn PopulationStep(draft: RwSignal<Draft>) -> impl IntoView {
    let census = code_lens!(draft, CensusStatus, site.census.status);
    let census_planned = Signal::derive(move || matches!(census.get(), Some("scheduled" | "done")));
    view! {
        <fieldset class="fr-fieldset" aria-labelledby="personnes-legende">
            <legend class="fr-fieldset__legend" id="personnes-legende">"Combien de personnes vivent sur le site ?"
                <span class="fr-hint-text">"Laissez vide ce qui n'est pas connu."</span></legend>
            <div class="fr-fieldset__element resorption-counts">
                <Count label="Personnes" field="population.total" lens=lens!(draft, site.population.total)/>
                <Count label="dont femmes et filles" field="population.total_females" lens=lens!(draft, site.population.total_females)/>
                <Count label="Ménages" field="population.households" lens=lens!(draft, site.population.households)/>
                <Count label="Mineurs" field="population.minors" lens=lens!(draft, site.population.minors)/>
                <Count label="dont filles" field="population.minors_girls" lens=lens!(draft, site.population.minors_girls)/>
                <Count label="Mineurs de 0 à 3 ans" field="population.minors_0_3" lens=lens!(draft, site.population.minors_0_3)/>
                <Count label="Mineurs de 3 à 6 ans" field="population.minors_3_6" lens=lens!(draft, site.population.minors_3_6)/>
                <Count label="Mineurs de 6 à 12 ans" field="population.minors_6_12" lens=lens!(draft, site.population.minors_6_12)/>
                <Count label="Mineurs de 12 à 16 ans" field="population.minors_12_16" lens=lens!(draft, site.population.minors_12_16)/>
                <Count label="Mineurs de 16 à 18 ans" field="population.minors_16_18" lens=lens!(draft, site.population.minors_16_18)/>
                <Count label="Inscrits en établissement scolaire" field="population.minors_in_school" lens=lens!(draft, site.population.minors_in_school)/>
            </div>
        </fieldset>
        <fieldset class="fr-fieldset" aria-labelledby="habitat-legende">
            <legend class="fr-fieldset__legend" id="habitat-legende">"Habitat"</legend>
            <div class="fr-fieldset__element resorption-counts">
                <Count label="Caravanes" field="population.caravans" lens=lens!(draft, site.population.caravans)/>
                <Count label="Habitats autoconstruits" field="population.huts" lens=lens!(draft, site.population.huts)/>
                <Count label="Tentes" field="population.tents" lens=lens!(draft, site.population.tents)/>
                <Count label="Voitures dortoir" field="population.cars" lens=lens!(draft, site.population.cars)/>
                <Count label="Matelas" field="population.mattresses" lens=lens!(draft, site.population.mattresses)/>
            </div>
        </fieldset>
        <PickMany legend="Origines des habitants" field="social_origins" choices={options::<SocialOrigin>()}
            lens=codes_lens!(draft, SocialOrigin, site.social_origins)/>
        <Pick legend="Quel est le statut du diagnostic social ?" field="census.status" choices={options::<CensusStatus>()}
            lens=census unknown="Inconnu" inline=true/>
        <When condition=census_planned>
            <Day label="Date du diagnostic" field="census.conducted_at" lens=lens!(draft, site.census.conducted_at) required=true/>
            <Text label="Service ou opérateur en charge du diagnostic" field="census.conducted_by" lens=lens!(draft, site.census.conducted_by) required=true/>
        </When>
    }
}
