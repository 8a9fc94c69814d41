//! The public access request ("/demande-acces"): who you are, your organization (picked by
//! category, type and territory, or a new association), why you need access.

use contract::organizations::{CategoryWithTypes, OrganizationSummary};
use contract::territories::TerritoryMatch;
use contract::users::{AccessRequest, NewAssociation};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{field_error, Checkbox, ErrorSummary, TextArea, TextField};
use crate::components::layout::set_title;

#[component]
pub fn AccessRequestPage() -> impl IntoView {
    set_title("Demander un accès");
    let email = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let organization = RwSignal::new(None::<i32>);
    let new_association = RwSignal::new(false);
    let association_name = RwSignal::new(String::new());
    let association_departement = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = AccessRequest {
            email: email.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            position: position.get_untracked(),
            organization_id: if new_association.get_untracked() { None } else { organization.get_untracked() },
            new_association: new_association.get_untracked().then(|| NewAssociation {
                name: association_name.get_untracked(),
                abbreviation: None,
                departement_code: association_departement.get_untracked(),
            }),
            message: message.get_untracked(),
            legal_consent: consent.get_untracked(),
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            match api::post_empty("/api/access-requests", &request).await {
                Ok(()) => {
                    error.set(None);
                    sent.set(true);
                }
                Err(failure) => error.set(Some(failure)),
            }
            pending.set(false);
        });
    };
    view! {
        <h1>"Demander un accès à Résorption"</h1>
        <Show when=move || !sent.get() fallback=|| view! {
            <div class="fr-alert fr-alert--success" role="status">
                <h2 class="fr-alert__title">"Votre demande d'accès a bien été envoyée"</h2>
                <p>"Un administrateur de votre territoire va l'examiner. Vous recevrez un e-mail dès qu'elle sera traitée."</p>
            </div>
        }>
            <p>"Résorption est réservée aux professionnels qui agissent pour résorber les bidonvilles et les squats. Les champs marqués d'une * sont obligatoires."</p>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <fieldset class="fr-fieldset">
                    <legend class="fr-fieldset__legend">"Vous"</legend>
                    <div class="fr-fieldset__element"><TextField id="email" label="Adresse e-mail professionnelle" kind="email" autocomplete="email" value=email error=field_error(error, "email") required=true/></div>
                    <div class="fr-fieldset__element"><TextField id="first_name" label="Prénom" autocomplete="given-name" value=first_name error=field_error(error, "first_name") required=true/></div>
                    <div class="fr-fieldset__element"><TextField id="last_name" label="Nom" autocomplete="family-name" value=last_name error=field_error(error, "last_name") required=true/></div>
                    <div class="fr-fieldset__element"><TextField id="phone" label="Téléphone" kind="tel" autocomplete="tel" value=phone error=field_error(error, "phone") hint="Format attendu : 01 23 45 67 89"/></div>
                    <div class="fr-fieldset__element"><TextField id="position" label="Fonction" autocomplete="organization-title" value=position error=field_error(error, "position") required=true/></div>
                </fieldset>
                <fieldset class="fr-fieldset">
                    <legend class="fr-fieldset__legend">"Votre structure"</legend>
                    <div class="fr-fieldset__element">
                        <Show when=move || !new_association.get()>
                            <OrganizationPicker selected=organization error=field_error(error, "organization_id")/>
                        </Show>
                    </div>
                    <div class="fr-fieldset__element">
                        <Checkbox id="new_association" label="Mon association n'est pas dans la liste" checked=new_association/>
                    </div>
                    <Show when=move || new_association.get()>
                        <div class="fr-fieldset__element"><TextField id="association_name" label="Nom de l'association" value=association_name error=field_error(error, "new_association.name") required=true/></div>
                        <div class="fr-fieldset__element"><TextField id="association_departement" label="Département (numéro)" value=association_departement error=field_error(error, "new_association.departement_code") hint="Par exemple : 93" required=true/></div>
                    </Show>
                </fieldset>
                <TextArea id="message" label="Expliquez-nous pourquoi vous souhaitez accéder à la plateforme" value=message error=field_error(error, "message") required=true/>
                <Checkbox id="legal_consent" label="J'accepte que mes données soient traitées pour gérer mon accès à la plateforme *" checked=consent error=field_error(error, "legal_consent")/>
                <button class="fr-btn fr-mt-3w" type="submit" disabled=move || pending.get()>"Envoyer ma demande"</button>
            </form>
        </Show>
    }
}

/// Picks an organization: category, then type, then territory or name.
#[component]
pub fn OrganizationPicker(selected: RwSignal<Option<i32>>, error: Signal<Option<String>>) -> impl IntoView {
    let categories = LocalResource::new(|| api::get::<Vec<CategoryWithTypes>>("/api/organization-categories"));
    let category = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let departement = RwSignal::new(None::<String>);
    let places = RwSignal::new(Vec::<TerritoryMatch>::new());
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let query = place.get();
        if query.trim().len() < 2 {
            places.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found =
                api::get::<Vec<TerritoryMatch>>(&format!("/api/territories/search?limit=8&q={}", api::encode(&query)))
                    .await
                    .unwrap_or_default();
            places.set(found.into_iter().filter(|t| t.departement_code.is_some()).collect());
        });
    });
    let results = LocalResource::new(move || {
        let (kind, departement, text) = (kind.get(), departement.get(), text.get());
        async move {
            let mut query = format!("/api/organizations/search?limit=50&q={}", api::encode(&text));
            if !kind.is_empty() {
                query.push_str(&format!("&type={}", api::encode(&kind)));
            }
            if let Some(code) = departement {
                query.push_str(&format!("&departement={code}"));
            }
            api::get::<Vec<OrganizationSummary>>(&query).await.unwrap_or_default()
        }
    });
    view! {
        <div class="fr-select-group">
            <label class="fr-label" for="category">"Catégorie de structure"</label>
            <select class="fr-select" id="category" on:change=move |ev| { category.set(event_target_value(&ev)); kind.set(String::new()); }>
                <option value="">"Toutes les catégories"</option>
                {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                    let code = contract::Labelled::code(c.category).to_owned();
                    view! { <option value=code>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="fr-select-group">
            <label class="fr-label" for="type">"Type de structure"</label>
            <select class="fr-select" id="type" on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="">"Tous les types"</option>
                {move || {
                    let chosen = category.get();
                    categories.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .filter(|c| chosen.is_empty() || contract::Labelled::code(c.category) == chosen)
                        .flat_map(|c| c.types)
                        .map(|t| view! { <option value=t.uid.clone()>{t.name_singular}</option> })
                        .collect_view()
                }}
            </select>
        </div>
        <TextField id="territory" label="Territoire (commune ou département)" value=place hint="Tapez au moins deux lettres"/>
        <ul class="resorption-suggestions" aria-label="Territoires proposés">
            {move || places.get().into_iter().map(|t| {
                let code = t.departement_code.clone();
                let label = t.label.clone();
                view! { <li><button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm"
                    on:click=move |_| { departement.set(code.clone()); place.set(label.clone()); }>{t.label}</button></li> }
            }).collect_view()}
        </ul>
        <TextField id="organization_name" label="Nom de la structure" value=text/>
        <div class=move || if error.get().is_some() { "fr-select-group fr-select-group--error" } else { "fr-select-group" }>
            <label class="fr-label" for="organization_id">"Structure *"</label>
            <select class="fr-select" id="organization_id" on:change=move |ev| selected.set(event_target_value(&ev).parse().ok())>
                <option value="">"Choisissez votre structure"</option>
                {move || results.get().unwrap_or_default().into_iter().map(|o| {
                    let id = o.id;
                    let label = format!("{} — {}", o.name, o.location.label);
                    view! { <option value=id.to_string() selected=move || selected.get() == Some(id)>{label}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|message| view! { <p class="fr-error-text">{message}</p> })}
        </div>
    }
}
