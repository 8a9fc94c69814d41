//! What an admin does to a user, by status: grant access with options or refuse it (pending
//! request), change options or deactivate (active account), reactivate (deactivated account);
//! national admins also set the role, the admin role and private comments. Each form keeps
//! what was typed when the API refuses it, and shows why next to the field.

use std::future::Future;

use contract::users::{AdminRole, OptionsInput, PermissionOption, ReasonInput, Role, UserChanges, UserDetail};
use contract::Labelled;
use leptos::prelude::*;

use super::user::UserSheet;
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{field_error, ErrorSummary, TextArea};

/// Runs one action: the form's error on failure, else the updated user and a success message.
fn perform(
    sheet: UserSheet,
    pending: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    request: impl Future<Output = ApiResult<UserDetail>> + 'static,
    success: String,
) {
    pending.set(true);
    sheet.success.set(None);
    leptos::task::spawn_local(async move {
        match request.await {
            Ok(detail) => {
                error.set(None);
                sheet.updated(detail, success);
            }
            Err(failure) => error.set(Some(failure)),
        }
        pending.set(false);
    });
}

fn reason_of(text: &str) -> ReasonInput {
    ReasonInput { reason: Some(text.trim().to_owned()).filter(|r| !r.is_empty()) }
}

/// The options the user's role may hold, as checkboxes.
#[component]
fn OptionsFieldset(role: Role, chosen: RwSignal<Vec<PermissionOption>>) -> impl IntoView {
    let allowed: Vec<PermissionOption> =
        PermissionOption::ALL.iter().copied().filter(|option| option.allowed_for(role)).collect();
    if allowed.is_empty() {
        return view! { <p>{format!("Le rôle « {} » n'ouvre droit à aucune option.", role.label())}</p> }.into_any();
    }
    view! {
        <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend fr-text--regular">"Options accordées"</legend>
            {allowed.into_iter().map(|option| {
                let id = format!("option-{}", option.code());
                view! {
                    <div class="fr-fieldset__element"><div class="fr-checkbox-group">
                        <input type="checkbox" id=id.clone() name="options"
                            prop:checked=move || chosen.with(|c| c.contains(&option))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| { c.retain(|x| *x != option); if on { c.push(option); } });
                            }/>
                        <label class="fr-label" for=id>{option.label()}</label>
                    </div></div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

#[component]
pub fn ActivationForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let chosen = RwSignal::new(user.options.clone());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (id, email) = (user.id, user.email.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = OptionsInput { options: chosen.get_untracked() };
        let request = async move { api::post(&format!("/api/users/{id}/activation-links"), &body).await };
        perform(sheet, pending, error, request, format!("Un lien d'activation a été envoyé à {email}."));
    };
    let replaces = user.last_access.as_ref().is_some_and(|link| link.used_at.is_none());
    view! {
        <section class="fr-mb-4w" aria-labelledby="accorder-acces">
            <h2 class="fr-h4" id="accorder-acces">"Accorder l'accès"</h2>
            <p>"L'utilisateur recevra un e-mail avec un lien pour activer son compte et choisir son mot de passe."
                {replaces.then_some(" Un nouveau lien remplace le précédent.")}</p>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <OptionsFieldset role=user.role chosen=chosen/>
                <button class="fr-btn fr-icon-mail-line fr-btn--icon-left" type="submit" disabled=move || pending.get()>
                    "Envoyer un lien d'activation"
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn RefuseForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = user.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = reason_of(&reason.get_untracked());
        let request = async move { api::post(&format!("/api/users/{id}/refuse-access"), &body).await };
        perform(
            sheet,
            pending,
            error,
            request,
            "La demande d'accès a été refusée ; le demandeur en est informé par e-mail.".into(),
        );
    };
    if user.access_refused_at.is_some() {
        return view! {
            <section class="fr-mb-4w" aria-labelledby="refuser-acces">
                <h2 class="fr-h4" id="refuser-acces">"Demande refusée"</h2>
                <p>"Cette demande a été refusée. Vous pouvez encore accorder l'accès en envoyant un lien d'activation."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="fr-mb-4w" aria-labelledby="refuser-acces">
            <h2 class="fr-h4" id="refuser-acces">"Refuser l'accès"</h2>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <TextArea id="motif-refus" label="Motif du refus (facultatif, communiqué au demandeur)" value=reason error=field_error(error, "reason")/>
                <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || pending.get()>"Refuser l'accès"</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn OptionsForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let chosen = RwSignal::new(user.options.clone());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = user.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = OptionsInput { options: chosen.get_untracked() };
        let request = async move { api::put(&format!("/api/users/{id}/options"), &body).await };
        perform(sheet, pending, error, request, "Les options ont été enregistrées.".into());
    };
    let has_options = PermissionOption::ALL.iter().any(|option| option.allowed_for(user.role));
    view! {
        <section class="fr-mb-4w" aria-labelledby="options">
            <h2 class="fr-h4" id="options">"Options"</h2>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <OptionsFieldset role=user.role chosen=chosen/>
                {has_options.then(|| view! {
                    <button class="fr-btn" type="submit" disabled=move || pending.get()>"Enregistrer les options"</button>
                })}
            </form>
        </section>
    }
}

#[component]
pub fn DeactivateForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = user.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = reason_of(&reason.get_untracked());
        let request = async move { api::post(&format!("/api/users/{id}/deactivate"), &body).await };
        perform(
            sheet,
            pending,
            error,
            request,
            "Le compte a été désactivé ; l'utilisateur ne peut plus se connecter.".into(),
        );
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="desactiver">
            <h2 class="fr-h4" id="desactiver">"Désactiver le compte"</h2>
            <p>"L'utilisateur est déconnecté et ne peut plus se connecter jusqu'à une réactivation."</p>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <TextArea id="motif-desactivation" label="Motif de la désactivation (facultatif)" value=reason error=field_error(error, "reason")/>
                <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || pending.get()>"Désactiver le compte"</button>
            </form>
        </section>
    }
}

#[component]
pub fn ReactivateForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = user.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = async move { api::post(&format!("/api/users/{id}/reactivate"), &serde_json::json!({})).await };
        perform(
            sheet,
            pending,
            error,
            request,
            "Le compte a été réactivé ; l'utilisateur en est informé par e-mail.".into(),
        );
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="reactiver">
            <h2 class="fr-h4" id="reactiver">"Réactiver le compte"</h2>
            <p>"L'utilisateur pourra de nouveau se connecter avec son mot de passe ; il en est informé par e-mail."</p>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <button class="fr-btn" type="submit" disabled=move || pending.get()>"Réactiver le compte"</button>
            </form>
        </section>
    }
}

/// National admins only: the regular role, the admin role and private comments.
#[component]
pub fn RoleForm(user: UserDetail, sheet: UserSheet) -> impl IntoView {
    let role = RwSignal::new(user.role);
    let admin_role = RwSignal::new(user.admin_role);
    let comments = RwSignal::new(user.admin_comments.clone().unwrap_or_default());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let role_error = field_error(error, "role");
    let id = user.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // The admin role is always sent: the contract writes an absent one as null, which removes it.
        let changes = UserChanges {
            role: Some(role.get_untracked()),
            admin_role: Some(admin_role.get_untracked()),
            admin_comments: Some(comments.get_untracked()),
            ..UserChanges::default()
        };
        let request = async move { api::patch(&format!("/api/users/{id}"), &changes).await };
        perform(sheet, pending, error, request, "Le rôle et les commentaires ont été enregistrés.".into());
    };
    // A national admin keeps that choice on offer so that saving never demotes them by surprise.
    let admin_choices: Vec<Option<AdminRole>> = if user.admin_role == Some(AdminRole::NationalAdmin) {
        vec![None, Some(AdminRole::LocalAdmin), Some(AdminRole::NationalAdmin)]
    } else {
        vec![None, Some(AdminRole::LocalAdmin)]
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="role-titre">
            <h2 class="fr-h4" id="role-titre">"Rôle et administration"</h2>
            <ErrorSummary error=error/>
            <form on:submit=submit novalidate>
                <div class=move || if role_error.get().is_some() { "fr-select-group fr-select-group--error" } else { "fr-select-group" }>
                    <label class="fr-label" for="role">"Rôle"</label>
                    <select class="fr-select" id="role" on:change=move |ev| {
                        if let Some(chosen) = Role::from_code(&event_target_value(&ev)) { role.set(chosen); }
                    }>
                        {Role::ALL.iter().map(|r| view! {
                            <option value=r.code() selected=*r == user.role>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    {move || role_error.get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
                </div>
                <div class="fr-select-group">
                    <label class="fr-label" for="admin_role">"Rôle d'administration"
                        <span class="fr-hint-text">"Un administrateur local gère les accès de son territoire."</span></label>
                    <select class="fr-select" id="admin_role" on:change=move |ev| {
                        admin_role.set(AdminRole::from_code(&event_target_value(&ev)));
                    }>
                        {admin_choices.into_iter().map(|choice| view! {
                            <option value=choice.map(|c| c.code()).unwrap_or("") selected=choice == user.admin_role>
                                {choice.map(|c| c.label()).unwrap_or("Aucune")}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <TextArea id="admin_comments" label="Commentaires des administrateurs"
                    value=comments error=field_error(error, "admin_comments")/>
                <button class="fr-btn" type="submit" disabled=move || pending.get()>"Enregistrer le rôle"</button>
            </form>
        </section>
    }
}
