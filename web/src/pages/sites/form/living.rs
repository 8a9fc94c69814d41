//! Step 4 of the site form: living conditions. A question appears only when the previous
//! answers make it relevant, following the same rules as `LivingConditions::normalize`,
//! which also empties hidden answers before saving.

use contract::sites::codes::{ElectricityAccessType, ToiletType, WaterAccessType};
use leptos::prelude::*;

use super::fields::{Draft, Pick, PickMany, Text, When, YesNo};
use crate::pages::sites::query::options;
use crate::{code_lens, codes_lens, lens};

#[component]
pub fn LivingConditionsStep(draft: RwSignal<Draft>) -> impl IntoView {
    view! {
        <Water draft=draft/>
        <Sanitary draft=draft/>
        <Electricity draft=draft/>
        <Trash draft=draft/>
        <h3 class="fr-h5">"Nuisibles"</h3>
        <YesNo legend="Y a-t-il des nuisibles sur le site ?" field="living_conditions.pests.presence" lens=lens!(draft, site.living_conditions.pests.presence)/>
        <When condition=Signal::derive(move || draft.with(|d| d.site.living_conditions.pests.presence == Some(true)))>
            <Text label="Précisez (rats, insectes…)" field="living_conditions.pests.details" lens=lens!(draft, site.living_conditions.pests.details)/>
        </When>
        <h3 class="fr-h5">"Prévention incendie"</h3>
        <YesNo legend="Un diagnostic prévention incendie par le SDIS a-t-il été réalisé ?" field="living_conditions.fire.prevention_diagnostic"
            lens=lens!(draft, site.living_conditions.fire.prevention_diagnostic)/>
    }
}

#[component]
fn Water(draft: RwSignal<Draft>) -> impl IntoView {
    let water = move |check: fn(&contract::sites::living_conditions::Water) -> bool| {
        Signal::derive(move || draft.with(|d| check(&d.site.living_conditions.water)))
    };
    view! {
        <h3 class="fr-h5">"Eau"</h3>
        <Pick legend="Comment les habitants ont-ils accès à l'eau ?" field="living_conditions.water.access_type" required=true
            choices={options::<WaterAccessType>()} lens=code_lens!(draft, WaterAccessType, site.living_conditions.water.access_type)/>
        <When condition=water(|w| w.access_type == Some(WaterAccessType::Other))>
            <Text label="Précisez le mode d'accès à l'eau" field="living_conditions.water.access_type_details" required=true
                lens=lens!(draft, site.living_conditions.water.access_type_details)/>
        </When>
        <When condition=water(|w| matches!(w.access_type, Some(WaterAccessType::ConnectedTap | WaterAccessType::Other)))>
            <YesNo legend="Le point d'eau est-il sur la voie publique ?" field="living_conditions.water.is_public"
                lens=lens!(draft, site.living_conditions.water.is_public)/>
            <When condition=water(|w| w.is_public == Some(false))>
                <YesNo legend="L'accès est-il continu ?" field="living_conditions.water.is_continuous"
                    lens=lens!(draft, site.living_conditions.water.is_continuous)/>
                <When condition=water(|w| w.is_continuous == Some(false))>
                    <Text label="Précisez pourquoi l'accès n'est pas continu" field="living_conditions.water.is_continuous_details" required=true
                        lens=lens!(draft, site.living_conditions.water.is_continuous_details)/>
                </When>
                <YesNo legend="L'accès se situe-t-il sur le site ?" field="living_conditions.water.is_local"
                    lens=lens!(draft, site.living_conditions.water.is_local)/>
                <When condition=water(|w| w.is_local == Some(true))>
                    <YesNo legend="Le point d'eau est-il à moins de 200 mètres de l'habitation la plus éloignée ?" field="living_conditions.water.is_close"
                        lens=lens!(draft, site.living_conditions.water.is_close)/>
                    <YesNo legend="Des inégalités d'accès sont-elles constatées ?" field="living_conditions.water.is_unequal"
                        lens=lens!(draft, site.living_conditions.water.is_unequal)/>
                    <When condition=water(|w| w.is_unequal == Some(true))>
                        <Text label="Précisez les inégalités d'accès constatées" field="living_conditions.water.is_unequal_details" required=true
                            lens=lens!(draft, site.living_conditions.water.is_unequal_details)/>
                    </When>
                    <YesNo legend="Y a-t-il des eaux stagnantes autour du point de distribution ?" field="living_conditions.water.has_stagnant_water"
                        lens=lens!(draft, site.living_conditions.water.has_stagnant_water)/>
                </When>
            </When>
        </When>
        <Text label="Informations complémentaires sur l'accès à l'eau" field="living_conditions.water.comments" long=true
            lens=lens!(draft, site.living_conditions.water.comments)/>
    }
}

#[component]
fn Sanitary(draft: RwSignal<Draft>) -> impl IntoView {
    let sanitary = move |check: fn(&contract::sites::living_conditions::Sanitary) -> bool| {
        Signal::derive(move || draft.with(|d| check(&d.site.living_conditions.sanitary)))
    };
    view! {
        <h3 class="fr-h5">"Toilettes"</h3>
        <YesNo legend="Y a-t-il des toilettes fonctionnelles et utilisées ?" field="living_conditions.sanitary.working_toilets"
            lens=lens!(draft, site.living_conditions.sanitary.working_toilets)/>
        <YesNo legend="Constate-t-on des marques de défécation à l'air libre ?" field="living_conditions.sanitary.open_air_defecation"
            lens=lens!(draft, site.living_conditions.sanitary.open_air_defecation)/>
        <When condition=sanitary(|s| s.working_toilets == Some(true))>
            <PickMany legend="Quels types de toilettes ?" field="living_conditions.sanitary.toilet_types" choices={options::<ToiletType>()}
                lens=codes_lens!(draft, ToiletType, site.living_conditions.sanitary.toilet_types)/>
            <When condition=sanitary(|s| s.toilet_types.iter().any(|t| *t != ToiletType::Latrines))>
                <YesNo legend="Les toilettes sont-elles à l'intérieur du site ?" field="living_conditions.sanitary.toilets_are_inside"
                    lens=lens!(draft, site.living_conditions.sanitary.toilets_are_inside)/>
                <YesNo legend="Sont-elles éclairées et verrouillables de l'intérieur ?" field="living_conditions.sanitary.toilets_are_lighted"
                    lens=lens!(draft, site.living_conditions.sanitary.toilets_are_lighted)/>
                <YesNo legend="Y a-t-il un point de lavage des mains à proximité ?" field="living_conditions.sanitary.hand_washing"
                    lens=lens!(draft, site.living_conditions.sanitary.hand_washing)/>
            </When>
        </When>
    }
}

#[component]
fn Electricity(draft: RwSignal<Draft>) -> impl IntoView {
    let electricity = move |check: fn(&contract::sites::living_conditions::Electricity) -> bool| {
        Signal::derive(move || draft.with(|d| check(&d.site.living_conditions.electricity)))
    };
    view! {
        <h3 class="fr-h5">"Électricité"</h3>
        <YesNo legend="Y a-t-il une installation électrique ?" field="living_conditions.electricity.access"
            lens=lens!(draft, site.living_conditions.electricity.access)/>
        <When condition=electricity(|e| e.access == Some(true))>
            <PickMany legend="Quelles sources d'électricité ?" field="living_conditions.electricity.access_types" choices={options::<ElectricityAccessType>()}
                lens=codes_lens!(draft, ElectricityAccessType, site.living_conditions.electricity.access_types)/>
            <When condition=electricity(|e| !e.access_types.is_empty())>
                <YesNo legend="Des inégalités d'accès sont-elles constatées ?" field="living_conditions.electricity.access_is_unequal"
                    lens=lens!(draft, site.living_conditions.electricity.access_is_unequal)/>
            </When>
        </When>
    }
}

#[component]
fn Trash(draft: RwSignal<Draft>) -> impl IntoView {
    let collected =
        Signal::derive(move || draft.with(|d| d.site.living_conditions.trash.evacuation_is_close == Some(true)));
    view! {
        <h3 class="fr-h5">"Déchets"</h3>
        <YesNo legend="Constate-t-on une accumulation d'ordures ménagères ?" field="living_conditions.trash.is_piling"
            lens=lens!(draft, site.living_conditions.trash.is_piling)/>
        <YesNo legend="Y a-t-il des dispositifs de ramassage des déchets à moins de 100 mètres ?" field="living_conditions.trash.evacuation_is_close"
            lens=lens!(draft, site.living_conditions.trash.evacuation_is_close)/>
        <When condition=collected>
            <YesNo legend="Ces dispositifs sont-ils en bon état ?" field="living_conditions.trash.evacuation_is_safe"
                lens=lens!(draft, site.living_conditions.trash.evacuation_is_safe)/>
            <YesNo legend="La collecte est-elle régulière ?" field="living_conditions.trash.evacuation_is_regular"
                lens=lens!(draft, site.living_conditions.trash.evacuation_is_regular)/>
            <YesNo legend="Constate-t-on une accumulation d'encombrants ?" field="living_conditions.trash.bulky_is_piling"
                lens=lens!(draft, site.living_conditions.trash.bulky_is_piling)/>
        </When>
    }
}
