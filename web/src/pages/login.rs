//! Sign-in ("/connexion"). After signing in, the user returns to the page they asked for.

use contract::auth::{Credentials, Session as OpenSession};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::layout::{set_title, Notice};
use crate::session::Session;

/// Where to go after sign-in: only a path of this app, never another site.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|path| path.starts_with('/') && !path.starts_with("//")).unwrap_or_else(|| "/".into())
}

#[component]
pub fn Login() -> impl IntoView {
    set_title("Connexion");
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let expired = move || query.with(|q| q.get("suite").is_some());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        pending.set(true);
        error.set(None);
        let credentials = Credentials { email: email.get_untracked(), password: password.get_untracked() };
        let next = safe_next(query.with_untracked(|q| q.get("suite")));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::post::<_, OpenSession>("/api/auth/login", &credentials).await {
                Ok(_) => {
                    let me = crate::api::get("/api/me").await.ok();
                    session.set(me);
                    navigate(&next, Default::default());
                }
                Err(failure) => error.set(Some(failure.message())),
            }
            pending.set(false);
        });
    };
    view! {
        <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                <h1>"Connectez-vous à Résorption"</h1>
                <Show when=expired>
                    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w"><p>"Veuillez vous connecter pour accéder à la page demandée."</p></div>
                </Show>
                {move || error.get().map(|message| view! { <Notice message=message/> })}
                <form on:submit=submit novalidate>
                    <div class="fr-input-group">
                        <label class="fr-label" for="email">"Adresse e-mail"</label>
                        <input class="fr-input" id="email" name="email" type="email" autocomplete="username" required
                            bind:value=email/>
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="password">"Mot de passe"</label>
                        <input class="fr-input" id="password" name="password" type="password" autocomplete="current-password" required
                            bind:value=password/>
                    </div>
                    <ul class="fr-btns-group fr-btns-group--inline">
                        <li><button class="fr-btn" type="submit" disabled=move || pending.get()>"Me connecter"</button></li>
                    </ul>
                </form>
                <p class="fr-mt-3w">
                    <a class="fr-link" href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a>
                    " · "
                    <a class="fr-link" href="/demande-acces">"Demander un accès"</a>
                </p>
            </div>
        </div>
    }
}
