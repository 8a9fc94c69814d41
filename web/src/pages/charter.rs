//! The charter to accept before anything else ("/charte").

use contract::users::{CharterAcceptance, Me};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::layout::{set_title, Notice};
use crate::session::Session;

#[component]
pub fn Charter() -> impl IntoView {
    set_title("Charte d'engagement");
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let charter = RwSignal::new(false);
    let confidentiality = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let version = session.me().map(|me| me.charter.current_version).unwrap_or(1);
        let body = CharterAcceptance {
            version,
            charter_agreement: charter.get_untracked(),
            confidentiality_agreement: confidentiality.get_untracked(),
        };
        let next = crate::pages::login::safe_next(query.with_untracked(|q| q.get("suite")));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::post::<_, Me>("/api/me/charter", &body).await {
                Ok(me) => {
                    session.set(Some(me));
                    navigate(&next, Default::default());
                }
                Err(failure) => error.set(Some(failure.message())),
            }
        });
    };
    view! {
        <h1>"Charte d'engagement"</h1>
        <p>"Avant d'accéder à la plateforme, prenez connaissance des engagements des utilisateurs et acceptez-les."</p>
        {move || error.get().map(|message| view! { <Notice message=message/> })}
        <form on:submit=submit>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Mes engagements"</legend>
                <div class="fr-fieldset__element">
                    <div class="fr-checkbox-group">
                        <input type="checkbox" id="charter" bind:checked=charter/>
                        <label class="fr-label" for="charter">"Je m'engage à respecter la charte d'engagement des utilisateurs de Résorption"</label>
                    </div>
                </div>
                <div class="fr-fieldset__element">
                    <div class="fr-checkbox-group">
                        <input type="checkbox" id="confidentiality" bind:checked=confidentiality/>
                        <label class="fr-label" for="confidentiality">"Je m'engage à respecter l'instruction du 25 janvier 2018 et la confidentialité des données"</label>
                    </div>
                </div>
            </fieldset>
            <button class="fr-btn" type="submit">"J'accepte et j'accède à la plateforme"</button>
        </form>
    }
}
