//! Account activation ("/activer-mon-compte/:token") and password reset
//! ("/mot-de-passe-oublie", "/nouveau-mot-de-passe/:token").

use contract::auth::Credentials;
use contract::users::{Activation, NewPassword, PasswordResetRequest, TokenInfo};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::form::{field_error, Checkbox, ErrorSummary, TextField};
use crate::components::layout::{set_title, Loading};
use crate::session::Session;

fn token() -> String {
    use_params_map().with_untracked(|params| params.get("token").unwrap_or_default())
}

#[component]
fn InvalidLink() -> impl IntoView {
    view! {
        <div class="fr-alert fr-alert--error" role="alert">
            <h2 class="fr-alert__title">"Ce lien n'est plus valide"</h2>
            <p>"Il a expiré, a déjà servi ou a été remplacé par un lien plus récent. Demandez-en un nouveau."</p>
        </div>
    }
}

#[component]
pub fn ActivateAccount() -> impl IntoView {
    set_title("Activer mon compte");
    let token = token();
    let info = LocalResource::new({
        let token = token.clone();
        move || {
            let token = token.clone();
            async move { api::get::<TokenInfo>(&format!("/api/activation/{token}")).await }
        }
    });
    let password = RwSignal::new(String::new());
    let charter = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let charter_error = RwSignal::new(None::<String>);
    let session = Session::get();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !charter.get_untracked() {
            charter_error.set(Some("Vous devez accepter la charte d'engagement.".into()));
            return;
        }
        charter_error.set(None);
        let Some(Ok(info)) = info.get_untracked() else { return };
        let body = Activation { password: password.get_untracked(), charter_version: info.charter_version };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::post_empty(&format!("/api/activation/{token}"), &body).await {
                Ok(()) => {
                    let credentials = Credentials { email: info.email.clone(), password: body.password };
                    let _ = api::post::<_, serde_json::Value>("/api/auth/login", &credentials).await;
                    session.reload();
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href("/");
                    }
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <h1>"Activer mon compte"</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || info.get().map(|result| match result {
                Err(_) => view! { <InvalidLink/> }.into_any(),
                Ok(info) => view! {
                    <p>{format!("Bienvenue {} {} ({}). Choisissez votre mot de passe pour activer votre compte.", info.first_name, info.last_name, info.email)}</p>
                    <ErrorSummary error=error/>
                    <form on:submit=submit.clone() novalidate>
                        <TextField id="password" label="Mot de passe" kind="password" autocomplete="new-password" value=password
                            error=field_error(error, "password") hint="Au moins 12 caractères ; une phrase de passe est plus sûre" required=true/>
                        <Checkbox id="charter" label="J'accepte la charte d'engagement des utilisateurs de Résorption" checked=charter error=Signal::derive(move || charter_error.get())/>
                        <button class="fr-btn fr-mt-3w" type="submit">"Activer mon compte"</button>
                    </form>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn ForgottenPassword() -> impl IntoView {
    set_title("Mot de passe oublié");
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = PasswordResetRequest { email: email.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::post_empty("/api/password-resets", &body).await {
                Ok(()) => sent.set(true),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <h1>"Mot de passe oublié"</h1>
        <Show when=move || !sent.get() fallback=|| view! {
            <div class="fr-alert fr-alert--success" role="status"><p>"Si un compte actif correspond à cette adresse, un e-mail vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe."</p></div>
        }>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <TextField id="email" label="Adresse e-mail" kind="email" autocomplete="email" value=email error=field_error(error, "email") required=true/>
                <button class="fr-btn" type="submit">"Recevoir un lien"</button>
            </form>
        </Show>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    set_title("Nouveau mot de passe");
    let token = token();
    let info = LocalResource::new({
        let token = token.clone();
        move || {
            let token = token.clone();
            async move { api::get::<TokenInfo>(&format!("/api/password-resets/{token}")).await }
        }
    });
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NewPassword { password: password.get_untracked() };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::post_empty(&format!("/api/password-resets/{token}"), &body).await {
                Ok(()) => done.set(true),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <h1>"Choisir un nouveau mot de passe"</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || info.get().map(|result| match result {
                Err(_) => view! { <InvalidLink/> }.into_any(),
                Ok(_) if done.get() => view! {
                    <div class="fr-alert fr-alert--success" role="status"><p>"Votre mot de passe a été changé. "<a href="/connexion">"Connectez-vous"</a></p></div>
                }.into_any(),
                Ok(info) => view! {
                    <p>{format!("Compte : {}", info.email)}</p>
                    <ErrorSummary error=error/>
                    <form on:submit=submit.clone() novalidate>
                        <TextField id="password" label="Nouveau mot de passe" kind="password" autocomplete="new-password" value=password
                            error=field_error(error, "password") hint="Au moins 12 caractères" required=true/>
                        <button class="fr-btn" type="submit">"Enregistrer"</button>
                    </form>
                }.into_any(),
            })}
        </Suspense>
    }
}
