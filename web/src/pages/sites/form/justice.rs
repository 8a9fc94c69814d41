//! Step 5 of the site form, for who may read them: judicial and administrative procedures,
//! and the owners of the land.

use contract::sites::codes::{OwnerType, PoliceStatus};
use contract::sites::input::Owner;
use contract::Labelled;
use leptos::prelude::*;

use super::fields::{field_id, message_for, Day, Draft, Lens, Pick, Text, When, YesNo};
use crate::pages::sites::query::options;

/// A lens on one answer of the justice block, created when first answered.
macro_rules! justice {
    ($draft:expr, $field:ident) => {
        Lens::new(
            $draft,
            |d| d.site.justice.as_ref().and_then(|j| j.$field.clone()),
            |d, v| d.site.justice.get_or_insert_with(Default::default).$field = v,
        )
    };
}

#[component]
pub fn JusticeStep(draft: RwSignal<Draft>, justice: bool, owners: bool) -> impl IntoView {
    view! {
        {justice.then(|| view! { <Procedures draft=draft/> })}
        {owners.then(|| view! { <Owners draft=draft/> })}
    }
}

#[component]
fn Procedures(draft: RwSignal<Draft>) -> impl IntoView {
    let answer = move |check: fn(&contract::sites::input::Justice) -> bool| {
        Signal::derive(move || draft.with(|d| d.site.justice.as_ref().is_some_and(check)))
    };
    let police = Lens::new(
        draft,
        |d| d.site.justice.as_ref().and_then(|j| j.police_status).map(Labelled::code),
        |d, v| d.site.justice.get_or_insert_with(Default::default).police_status = v.and_then(PoliceStatus::from_code),
    );
    view! {
        <h3 class="fr-h5">"Procédure judiciaire"</h3>
        <YesNo legend="Le propriétaire a-t-il déposé plainte ?" field="justice.owner_complaint" lens=justice!(draft, owner_complaint)/>
        <YesNo legend="Existe-t-il une procédure judiciaire ?" field="justice.justice_procedure" lens=justice!(draft, justice_procedure)/>
        <When condition=answer(|j| j.justice_procedure == Some(true))>
            <YesNo legend="Une décision de justice a-t-elle été rendue ?" field="justice.justice_rendered" lens=justice!(draft, justice_rendered)/>
            <When condition=answer(|j| j.justice_rendered == Some(true))>
                <Text label="Origine de la décision" field="justice.justice_rendered_by" lens=justice!(draft, justice_rendered_by) required=true/>
                <Day label="Date de la décision" field="justice.justice_rendered_at" lens=justice!(draft, justice_rendered_at) required=true/>
                <YesNo legend="Un appel est-il en cours ?" field="justice.justice_challenged" lens=justice!(draft, justice_challenged)/>
            </When>
        </When>
        <Pick legend="Concours de la force publique" field="justice.police_status" choices={options::<PoliceStatus>()} lens=police unknown="Inconnu" inline=true/>
        <When condition=answer(|j| matches!(j.police_status, Some(PoliceStatus::Requested | PoliceStatus::Granted | PoliceStatus::Refused)))>
            <Day label="Date de la demande" field="justice.police_requested_at" lens=justice!(draft, police_requested_at)/>
        </When>
        <When condition=answer(|j| j.police_status == Some(PoliceStatus::Granted))>
            <Day label="Date d'octroi" field="justice.police_granted_at" lens=justice!(draft, police_granted_at)/>
        </When>
        <Text label="Nom de l'étude d'huissiers" field="justice.bailiff" lens=justice!(draft, bailiff)/>
        <YesNo legend="Existe-t-il un contentieux ?" field="justice.existing_litigation" lens=justice!(draft, existing_litigation)/>
        <h3 class="fr-h5">"Procédure administrative"</h3>
        <YesNo legend="Une procédure administrative prescrit-elle l'évacuation sous délai ?" field="justice.evacuation_under_time_limit"
            lens=justice!(draft, evacuation_under_time_limit)/>
        <When condition=answer(|j| j.evacuation_under_time_limit == Some(true))>
            <Day label="Date de l'arrêté" field="justice.administrative_order_decision_at" lens=justice!(draft, administrative_order_decision_at)/>
            <Text label="Qui a pris l'arrêté ?" field="justice.administrative_order_decision_rendered_by" lens=justice!(draft, administrative_order_decision_rendered_by)/>
            <Day label="Date de l'évacuation" field="justice.administrative_order_evacuation_at" lens=justice!(draft, administrative_order_evacuation_at)/>
        </When>
        <YesNo legend="Un arrêté d'insalubrité a-t-il été pris (opération RHI) ?" field="justice.insalubrity_order" lens=justice!(draft, insalubrity_order)/>
        <When condition=answer(|j| j.insalubrity_order == Some(true))>
            <YesNo legend="L'arrêté a-t-il été affiché ou notifié ?" field="justice.insalubrity_order_displayed" lens=justice!(draft, insalubrity_order_displayed)/>
            <Text label="Type d'arrêté" field="justice.insalubrity_order_type" lens=justice!(draft, insalubrity_order_type)/>
            <Text label="Auteur de l'arrêté" field="justice.insalubrity_order_by" lens=justice!(draft, insalubrity_order_by)/>
            <Day label="Date de l'arrêté" field="justice.insalubrity_order_at" lens=justice!(draft, insalubrity_order_at)/>
            <Text label="Parcelles concernées" field="justice.insalubrity_parcels" lens=justice!(draft, insalubrity_parcels)/>
        </When>
    }
}

/// The owners, replaced as a whole on save.
#[component]
fn Owners(draft: RwSignal<Draft>) -> impl IntoView {
    let count = Memo::new(move |_| draft.with(|d| d.site.owners.as_ref().map_or(0, Vec::len)));
    let add = move |_| {
        draft.update(|d| {
            d.site
                .owners
                .get_or_insert_with(Vec::new)
                .push(Owner { name: String::new(), owner_type: OwnerType::Unknown })
        })
    };
    view! {
        <h3 class="fr-h5">"Propriétaires"</h3>
        {move || (0..count.get()).map(|index| view! { <OwnerRow draft=draft index=index/> }).collect_view()}
        <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-add-line fr-btn--icon-left" on:click=add>"Ajouter un propriétaire"</button>
    }
}

#[component]
fn OwnerRow(draft: RwSignal<Draft>, index: usize) -> impl IntoView {
    let field: &'static str = Box::leak(format!("owners[{index}].name").into_boxed_str());
    let message = message_for(field);
    let id = field_id(field);
    let owner = draft.with_untracked(|d| d.site.owners.as_ref().and_then(|o| o.get(index)).cloned());
    let Some(owner) = owner else { return ().into_any() };
    let update = move |change: Box<dyn FnOnce(&mut Owner)>| {
        draft.update(|d| {
            if let Some(owner) = d.site.owners.as_mut().and_then(|o| o.get_mut(index)) {
                change(owner);
            }
        })
    };
    let type_id = format!("owners-{index}-type");
    view! {
        <div class="resorption-entry fr-mb-2w">
            <div class=move || if message.get().is_some() { "fr-input-group fr-input-group--error" } else { "fr-input-group" }>
                <label class="fr-label" for=id.clone()>{format!("Nom du propriétaire n° {}", index + 1)}</label>
                <input class="fr-input" id=id.clone() prop:value=owner.name.clone()
                    on:input=move |e| { let name = event_target_value(&e); update(Box::new(move |o| o.name = name)); }/>
                {move || message.get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
            </div>
            <div class="fr-select-group">
                <label class="fr-label" for=type_id.clone()>"Type de propriétaire"</label>
                <select class="fr-select" id=type_id on:change=move |e| {
                    let kind = OwnerType::from_code(&event_target_value(&e)).unwrap_or(OwnerType::Unknown);
                    update(Box::new(move |o| o.owner_type = kind));
                }>
                    {OwnerType::ALL.iter().map(|kind| view! { <option value=kind.code() selected=*kind == owner.owner_type>{kind.label()}</option> }).collect_view()}
                </select>
            </div>
            <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
                on:click=move |_| draft.update(|d| if let Some(list) = d.site.owners.as_mut() { if index < list.len() { list.remove(index); } })>
                "Retirer ce propriétaire"
            </button>
        </div>
    }
    .into_any()
}
