//! My account ("/mon-compte"): profile, e-mail subscriptions, password.

use contract::reference::Reference;
use contract::users::{EmailSubscription, Me, PasswordChange, ProfileChanges};
use contract::Labelled;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{field_error, ErrorSummary, TextField};
use crate::components::layout::{set_title, Notice};
use crate::session::Session;

#[component]
pub fn Account() -> impl IntoView {
    set_title("Mon compte");
    let session = Session::get();
    let Some(me) = session.me() else { return ().into_any() };
    view! {
        <h1>"Mon compte"</h1>
        <p>{format!("{} — {} ({})", me.email, me.organization.name, me.role.label())}</p>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6"><Profile me=me.clone()/></div>
            <div class="fr-col-12 fr-col-md-6"><Password/></div>
        </div>
    }
    .into_any()
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let session = Session::get();
    let first_name = RwSignal::new(me.first_name.clone());
    let last_name = RwSignal::new(me.last_name.clone());
    let phone = RwSignal::new(me.phone.clone().unwrap_or_default());
    let position = RwSignal::new(me.position.clone());
    let subscriptions = RwSignal::new(me.email_subscriptions.clone());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let labels = LocalResource::new(|| api::get::<Reference>("/api/reference"));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let changes = ProfileChanges {
            first_name: Some(first_name.get_untracked()),
            last_name: Some(last_name.get_untracked()),
            phone: Some(phone.get_untracked()),
            position: Some(position.get_untracked()),
            email_subscriptions: Some(subscriptions.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::patch::<_, Me>("/api/me", &changes).await {
                Ok(me) => {
                    error.set(None);
                    saved.set(true);
                    session.set(Some(me));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <h2>"Mes informations"</h2>
        <ErrorSummary error=error/>
        <Show when=move || saved.get()><Notice message="Vos informations ont été enregistrées." success=true/></Show>
        <form on:submit=submit novalidate>
            <TextField id="first_name" label="Prénom" value=first_name error=field_error(error, "first_name") autocomplete="given-name" required=true/>
            <TextField id="last_name" label="Nom" value=last_name error=field_error(error, "last_name") autocomplete="family-name" required=true/>
            <TextField id="phone" label="Téléphone" kind="tel" value=phone error=field_error(error, "phone") autocomplete="tel"/>
            <TextField id="position" label="Fonction" value=position error=field_error(error, "position") required=true/>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Je souhaite recevoir par e-mail"</legend>
                {EmailSubscription::ALL.iter().map(|subscription| {
                    let subscription = *subscription;
                    let id = format!("abonnement-{}", subscription.code());
                    let label = move || labels.get().and_then(Result::ok)
                        .and_then(|r| r.email_subscriptions.into_iter().find(|i| i.code == subscription.code()).map(|i| i.label))
                        .unwrap_or_else(|| subscription.label().to_owned());
                    view! {
                        <div class="fr-fieldset__element"><div class="fr-checkbox-group">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || subscriptions.with(|s| s.contains(&subscription))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    subscriptions.update(|s| { s.retain(|x| *x != subscription); if on { s.push(subscription); } });
                                }/>
                            <label class="fr-label" for=id>{label}</label>
                        </div></div>
                    }
                }).collect_view()}
            </fieldset>
            <button class="fr-btn" type="submit">"Enregistrer mes informations"</button>
        </form>
    }
}

#[component]
fn Password() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let change =
            PasswordChange { current_password: current.get_untracked(), new_password: new_password.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::put_empty("/api/me/password", &change).await {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                    current.set(String::new());
                    new_password.set(String::new());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <h2>"Mon mot de passe"</h2>
        <ErrorSummary error=error/>
        <Show when=move || saved.get()><Notice message="Votre mot de passe a été changé." success=true/></Show>
        <form on:submit=submit novalidate>
            <TextField id="current_password" label="Mot de passe actuel" kind="password" autocomplete="current-password" value=current error=field_error(error, "current_password") required=true/>
            <TextField id="new_password" label="Nouveau mot de passe" kind="password" autocomplete="new-password" value=new_password error=field_error(error, "new_password") hint="Au moins 12 caractères" required=true/>
            <button class="fr-btn" type="submit">"Changer mon mot de passe"</button>
        </form>
    }
}
