//! "Intervenants" of a site: who works on it and on what; declare oneself, declare a
//! colleague, invite someone without an account, remove an actor.

use contract::sites::actions::{ActorInput, ActorInvitation};
use contract::sites::codes::ActorTheme;
use contract::sites::output::{SiteActor, UserRef};
use contract::Labelled;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorSummary, TextField};
use crate::session::Session;

fn themes_text(actor: &SiteActor) -> String {
    let mut themes: Vec<String> =
        actor.themes.iter().filter(|t| **t != ActorTheme::Other).map(|t| t.label().to_owned()).collect();
    if let Some(other) = &actor.other_theme {
        themes.push(other.clone());
    }
    themes.join(", ")
}

#[component]
pub fn Actors(site_id: i32, initial: Vec<SiteActor>, may_manage: bool) -> impl IntoView {
    let actors = RwSignal::new(initial);
    let me = Session::get().me().map(|me| me.id).unwrap_or_default();
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let remove = move |user_id: i32| {
        leptos::task::spawn_local(async move {
            match api::delete_returning::<Vec<SiteActor>>(&format!("/api/sites/{site_id}/actors/{user_id}")).await {
                Ok(list) => {
                    actors.set(list);
                    notice.set(Some("L'intervenant a été retiré du site.".into()));
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let declared = Callback::new(move |list: Vec<SiteActor>| {
        actors.set(list);
        notice.set(Some("Les intervenants du site ont été mis à jour.".into()));
    });
    view! {
        {move || notice.get().map(|m| view! { <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status"><p>{m}</p></div> })}
        <ErrorSummary error=failure/>
        {move || if actors.with(Vec::is_empty) {
            view! { <p>"Aucun intervenant ne s'est déclaré sur ce site."</p> }.into_any()
        } else {
            view! {
                <ul class="resorption-plain-list">
                    {actors.get().into_iter().map(|actor| {
                        let user_id = actor.user.id;
                        let name = format!("{} {}", actor.user.first_name, actor.user.last_name);
                        let removable = may_manage || user_id == me;
                        view! {
                            <li class="resorption-entry fr-mb-1w">
                                <p class="fr-text--bold fr-mb-0">{name.clone()}</p>
                                <p class="fr-mb-0">{format!("{} — {}", actor.user.position, actor.user.organization.name)}</p>
                                <p class="fr-text--sm fr-mb-0">{format!("Champs d'intervention : {}", themes_text(&actor))}</p>
                                {removable.then(|| view! {
                                    <button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
                                        aria-label=(user_id != me).then(|| format!("Retirer {name} des intervenants")) on:click=move |_| remove(user_id)>
                                        {if user_id == me { "Je n'interviens plus sur ce site" } else { "Retirer" }}
                                    </button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Show when=move || actors.with(|list| !list.iter().any(|a| a.user.id == me))>
            <div class="fr-callout fr-mt-2w">
                <h3 class="fr-callout__title fr-h6">"Vous intervenez sur ce site ? Faites-le savoir."</h3>
                <ThemesForm prefix="moi" site_id=site_id user=None button="J'interviens sur ce site" on_done=declared/>
            </div>
        </Show>
        <ColleagueForm site_id=site_id on_done=declared/>
        <InvitationForm site_id=site_id/>
    }
}

/// Themes to declare on the site, for oneself (`user: None`) or a colleague.
#[component]
fn ThemesForm(
    prefix: &'static str,
    site_id: i32,
    user: Option<i32>,
    button: &'static str,
    on_done: Callback<Vec<SiteActor>>,
) -> impl IntoView {
    let themes = RwSignal::new(Vec::<ActorTheme>::new());
    let other = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = ActorInput {
            user_id: user,
            themes: themes.get_untracked(),
            other_theme: Some(other.get_untracked()).filter(|t| !t.trim().is_empty()),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Vec<SiteActor>>(&format!("/api/sites/{site_id}/actors"), &input).await {
                Ok(list) => {
                    error.set(None);
                    on_done.run(list);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let legend_id = format!("{prefix}-themes");
    view! {
        <form on:submit=submit>
            <ErrorSummary error=error/>
            <fieldset class="fr-fieldset" aria-labelledby=legend_id.clone()>
                <legend class="fr-fieldset__legend fr-text--regular" id=legend_id.clone()>"Champs d'intervention"</legend>
                {ActorTheme::ALL.iter().map(|theme| {
                    let theme = *theme;
                    let id = format!("{prefix}-theme-{}", theme.code());
                    view! {
                        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm">
                            <input type="checkbox" id=id.clone() prop:checked=move || themes.with(|t| t.contains(&theme))
                                on:change=move |_| themes.update(|t| if let Some(i) = t.iter().position(|x| *x == theme) { t.remove(i); } else { t.push(theme); })/>
                            <label class="fr-label" for=id>{theme.label()}</label>
                        </div></div>
                    }
                }).collect_view()}
            </fieldset>
            <Show when=move || themes.with(|t| t.contains(&ActorTheme::Other))>
                <TextField id=format!("{prefix}-autre") label="Précisez le champ d'intervention" value=other/>
            </Show>
            <button type="submit" class="fr-btn fr-btn--sm">{button}</button>
        </form>
    }
}

/// Declares a colleague who can read the site, found by name.
#[component]
fn ColleagueForm(site_id: i32, on_done: Callback<Vec<SiteActor>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<UserRef>::new());
    let chosen = RwSignal::new(None::<UserRef>);
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let q = text.get_untracked();
        leptos::task::spawn_local(async move {
            let path = format!("/api/sites/{site_id}/actor-candidates?q={}", api::encode(&q));
            found.set(api::get::<Vec<UserRef>>(&path).await.unwrap_or_default());
        });
    };
    let done = Callback::new(move |list| {
        chosen.set(None);
        found.set(Vec::new());
        text.set(String::new());
        on_done.run(list);
    });
    view! {
        <details class="fr-mt-2w">
            <summary class="fr-link">"Déclarer un ou une collègue sur ce site"</summary>
            <form on:submit=search class="fr-mt-1w">
                <TextField id="collegue" label="Nom, e-mail ou fonction" value=text/>
                <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">"Rechercher"</button>
            </form>
            <ul class="resorption-suggestions fr-mt-1w">
                {move || found.get().into_iter().map(|user| {
                    let label = format!("{} {} — {}", user.first_name, user.last_name, user.organization.name);
                    view! { <li><button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" on:click=move |_| chosen.set(Some(user.clone()))>{label}</button></li> }
                }).collect_view()}
            </ul>
            {move || chosen.get().map(|user| view! {
                <p class="fr-text--bold">{format!("Déclarer {} {}", user.first_name, user.last_name)}</p>
                <ThemesForm prefix="collegue" site_id=site_id user=Some(user.id) button="Déclarer cet intervenant" on_done=done/>
            })}
        </details>
    }
}

/// Invites someone without an account, by e-mail.
#[component]
fn InvitationForm(site_id: i32) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let invitation = ActorInvitation { email: email.get_untracked().trim().to_owned() };
        leptos::task::spawn_local(async move {
            match api::post_empty(&format!("/api/sites/{site_id}/actor-invitations"), &invitation).await {
                Ok(()) => {
                    error.set(None);
                    sent.set(Some(format!("Une invitation a été envoyée à {}.", invitation.email)));
                    email.set(String::new());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <details class="fr-mt-2w">
            <summary class="fr-link">"Inviter par e-mail une personne qui n'a pas de compte"</summary>
            <form on:submit=submit class="fr-mt-1w">
                {move || sent.get().map(|m| view! { <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status"><p>{m}</p></div> })}
                <ErrorSummary error=error/>
                <TextField id="invitation-email" label="Adresse e-mail" kind="email" value=email
                    error=crate::components::form::field_error(error, "email")/>
                <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-mail-line fr-btn--icon-left">"Envoyer l'invitation"</button>
            </form>
        </details>
    }
}
