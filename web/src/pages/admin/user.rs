//! One user for admins (`/administration/utilisateurs/:id`): identity, organization, role,
//! status, access request and latest activation link, then the actions the status allows.

use contract::users::{UserDetail, UserStatus};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::user_actions::{ActivationForm, DeactivateForm, OptionsForm, ReactivateForm, RefuseForm, RoleForm};
use super::{role_text, StatusBadge};
use crate::api::{self, ApiResult};
use crate::components::layout::{set_title, Loading, Notice};
use crate::format;
use crate::session::Session;

/// The user shown and the last success message, shared with the action forms: every action
/// answers the updated user, which replaces the one shown.
#[derive(Clone, Copy)]
pub struct UserSheet {
    pub user: RwSignal<Option<ApiResult<UserDetail>>>,
    pub success: RwSignal<Option<String>>,
}

impl UserSheet {
    pub fn updated(self, detail: UserDetail, message: String) {
        self.user.set(Some(Ok(detail)));
        self.success.set(Some(message));
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    set_title("Fiche utilisateur");
    let id = use_params_map().with_untracked(|params| params.get("id")).unwrap_or_default();
    let sheet = UserSheet { user: RwSignal::new(None), success: RwSignal::new(None) };
    leptos::task::spawn_local(async move {
        let answer = api::get::<UserDetail>(&format!("/api/users/{}", api::encode(&id))).await;
        if let Ok(user) = &answer {
            set_title(&format!("{} {} — Gestion des accès", user.first_name, user.last_name));
        }
        sheet.user.set(Some(answer));
    });
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/administration/utilisateurs">"Gestion des accès"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Fiche utilisateur"</a></li>
            </ol>
        </nav>
        {move || match sheet.user.get() {
            None => view! { <h1>"Fiche utilisateur"</h1><Loading/> }.into_any(),
            Some(Err(failure)) => {
                let message = if failure.status() == Some(404) {
                    "Cet utilisateur n'existe pas ou n'est pas rattaché à votre territoire.".to_owned()
                } else {
                    failure.message()
                };
                view! { <h1>"Fiche utilisateur"</h1><Notice message=message/> }.into_any()
            }
            Some(Ok(user)) => view! { <Sheet user=user sheet=sheet/> }.into_any(),
        }}
    }
}

#[component]
fn Sheet(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let national_admin =
        Session::get().me().and_then(|me| me.admin_role) == Some(contract::users::AdminRole::NationalAdmin);
    view! {
        <h1>{format!("{} {}", user.first_name, user.last_name)}</h1>
        <StatusBadge status=user.status refused=user.access_refused_at.is_some()/>
        <div class="fr-grid-row fr-grid-row--gutters fr-mt-1w">
            <div class="fr-col-12 fr-col-md-5">
                <Identity user=user.clone()/>
                <AccessHistory user=user.clone()/>
            </div>
            <div class="fr-col-12 fr-col-md-7">
                {move || sheet.success.get().map(|message| view! {
                    <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status"><p>{message}</p></div>
                })}
                {user.access_request_message.clone().map(|message| view! {
                    <h2 class="fr-h4">"Message de la demande d'accès"</h2>
                    <blockquote class="fr-callout resorption-request"><p class="fr-callout__text">{message}</p></blockquote>
                })}
                <Actions user=user.clone() sheet=sheet/>
                {national_admin.then(|| view! { <RoleForm user=user.clone() sheet=sheet/> })}
            </div>
        </div>
    }
}

#[component]
fn Actions(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    match user.status {
        UserStatus::New => view! {
            <ActivationForm user=user.clone() sheet=sheet/>
            <RefuseForm user=user sheet=sheet/>
        }
        .into_any(),
        UserStatus::Active => view! {
            <OptionsForm user=user.clone() sheet=sheet/>
            <DeactivateForm user=user sheet=sheet/>
        }
        .into_any(),
        UserStatus::Inactive => view! { <ReactivateForm user=user sheet=sheet/> }.into_any(),
    }
}

#[component]
fn Identity(user: UserDetail) -> impl IntoView {
    let areas = user.intervention_areas.iter().map(|area| area.name.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <h2 class="fr-h4">"Identité"</h2>
        <dl class="resorption-facts">
            <dt>"Adresse e-mail"</dt><dd><a href=format!("mailto:{}", user.email)>{user.email.clone()}</a></dd>
            <dt>"Téléphone"</dt><dd>{user.phone.clone().unwrap_or_else(|| "Non renseigné".into())}</dd>
            <dt>"Fonction"</dt><dd>{user.position.clone()}</dd>
            <dt>"Structure"</dt>
            <dd><a href=format!("/structure/{}", user.organization.id)>{user.organization.name.clone()}</a>
                {format!(" ({}, {})", user.organization.type_name, user.organization.location.label)}</dd>
            <dt>"Territoires d'intervention"</dt><dd>{areas}</dd>
            <dt>"Rôle"</dt><dd>{role_text(user.role, user.admin_role)}</dd>
            <dt>"Statut"</dt><dd>{user.status.label()}</dd>
            <dt>"Options"</dt>
            <dd>{if user.options.is_empty() { "Aucune".to_owned() } else { user.options.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ") }}</dd>
        </dl>
    }
}

#[component]
fn AccessHistory(user: UserDetail) -> impl IntoView {
    let link = user.last_access.clone().map(|link| {
        let expiry = if link.used_at.is_some() {
            None
        } else if format::is_past(link.expires_at) {
            Some(format!("A expiré le {}", format::date_time(link.expires_at)))
        } else {
            Some(format!("Expire le {}", format::date_time(link.expires_at)))
        };
        view! {
            <dt>"Dernier lien d'activation"</dt>
            <dd>{format!("Envoyé le {}{}", format::date_time(link.created_at),
                link.sent_by.as_deref().map(|by| format!(" par {by}")).unwrap_or_default())}</dd>
            {expiry.map(|text| view! { <dd>{text}</dd> })}
            {link.used_at.map(|at| view! { <dd>{format!("Utilisé le {}", format::date_time(at))}</dd> })}
        }
    });
    view! {
        <h2 class="fr-h4 fr-mt-4w">"Accès"</h2>
        <dl class="resorption-facts">
            <dt>"Compte créé le"</dt><dd>{format::date_time(user.created_at)}</dd>
            {user.access_refused_at.map(|at| view! { <dt>"Demande refusée le"</dt><dd>{format::date_time(at)}</dd> })}
            {match link {
                Some(link) => link.into_any(),
                None => view! { <dt>"Lien d'activation"</dt><dd>"Aucun lien envoyé"</dd> }.into_any(),
            }}
            <dt>"Dernière connexion"</dt>
            <dd>{user.last_sign_in_at.map(format::date_time).unwrap_or_else(|| "Jamais".into())}</dd>
        </dl>
    }
}
