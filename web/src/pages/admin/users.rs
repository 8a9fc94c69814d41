//! "Gestion des accès" (`/administration/utilisateurs`): the users of the admin's territory by
//! status, with a text search. The filters live in the URL so that the list comes back as it
//! was after opening a user, and can be shared.

use contract::users::{UserStatus, UserSummary};
use contract::Labelled;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{role_text, AdminMenu, StatusBadge};
use crate::api;
use crate::components::layout::{set_title, Loading, Notice};
use crate::components::table::Table;
use crate::format;

/// The status tabs: a URL code, a label, the API filter (`None`: every status).
const TABS: [(&str, &str, Option<UserStatus>); 4] = [
    ("new", "Demandes en attente", Some(UserStatus::New)),
    ("active", "Actifs", Some(UserStatus::Active)),
    ("inactive", "Désactivés", Some(UserStatus::Inactive)),
    ("tous", "Tous", None),
];

/// The list's own URL for a tab, a search and, when given, one organization.
fn list_path(tab: &str, text: &str, organization: Option<i32>) -> String {
    let mut path = format!("/administration/utilisateurs?statut={tab}");
    if !text.trim().is_empty() {
        path.push_str(&format!("&q={}", api::encode(text.trim())));
    }
    if let Some(id) = organization {
        path.push_str(&format!("&structure={id}"));
    }
    path
}

#[component]
pub fn UsersPage() -> impl IntoView {
    set_title("Gestion des accès");
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        let code = query.with(|q| q.get("statut")).unwrap_or_default();
        TABS.iter().find(|(c, ..)| *c == code).map_or("new", |(c, ..)| c)
    });
    let searched = Memo::new(move |_| query.with(|q| q.get("q")).unwrap_or_default());
    // Set from an organization's page: its accounts only.
    let organization = Memo::new(move |_| query.with(|q| q.get("structure")).and_then(|id| id.parse::<i32>().ok()));
    let text = RwSignal::new(searched.get_untracked());
    let users = LocalResource::new(move || {
        let (tab, searched, organization) = (tab.get(), searched.get(), organization.get());
        async move {
            let mut path = format!("/api/users?q={}", api::encode(&searched));
            if let Some(id) = organization {
                path.push_str(&format!("&organization_id={id}"));
            }
            if let Some(status) = TABS.iter().find(|(c, ..)| *c == tab).and_then(|(_, _, status)| *status) {
                path.push_str(&format!("&status={}", status.code()));
            }
            api::get::<Vec<UserSummary>>(&path).await
        }
    });
    let navigate = use_navigate();
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        navigate(
            &list_path(tab.get_untracked(), &text.get_untracked(), organization.get_untracked()),
            NavigateOptions::default(),
        );
    };
    view! {
        <h1>"Gestion des accès"</h1>
        <p class="fr-text--lead">"Traitez les demandes d'accès et gérez les comptes de votre territoire."</p>
        <AdminMenu/>
        <nav aria-label="Statut des comptes">
            <ul class="fr-tags-group">
                {TABS.iter().map(|(code, label, _)| {
                    let code = *code;
                    view! {
                        <li><a class="fr-tag" href=move || list_path(code, &searched.get(), organization.get())
                            aria-current=move || (tab.get() == code).then_some("page")>{*label}</a></li>
                    }
                }).collect_view()}
            </ul>
        </nav>
        {move || organization.get().map(|_| view! {
            <p>"Comptes d'une seule structure. "<a href=move || list_path(tab.get(), &searched.get(), None)>"Voir toutes les structures"</a></p>
        })}
        <form role="search" class="fr-mb-3w" on:submit=search>
            <div class="fr-search-bar">
                <label class="fr-label" for="recherche-utilisateur">"Rechercher par nom, e-mail ou fonction"</label>
                <input class="fr-input" type="search" id="recherche-utilisateur" name="q" placeholder="Rechercher par nom, e-mail ou fonction" bind:value=text/>
                <button class="fr-btn" type="submit" title="Rechercher">"Rechercher"</button>
            </div>
        </form>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || users.get().map(|answer| match answer {
                Err(failure) => view! { <Notice message=failure.message()/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p>"Aucun compte ne correspond à ces critères."</p> }.into_any(),
                Ok(list) => view! { <UserTable users=list/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(users: Vec<UserSummary>) -> impl IntoView {
    let caption = match users.len() {
        1 => "1 compte".to_owned(),
        n => format!("{n} comptes"),
    };
    view! {
        <Table caption=caption>
            <thead>
                <tr>
                    <th scope="col">"Utilisateur"</th>
                    <th scope="col">"Structure"</th>
                    <th scope="col">"Territoire"</th>
                    <th scope="col">"Rôle"</th>
                    <th scope="col">"Statut"</th>
                    <th scope="col">"Demande du"</th>
                </tr>
            </thead>
            <tbody>
                {users.into_iter().map(|user| view! {
                    <tr>
                        <td>
                            <a href=format!("/administration/utilisateurs/{}", user.id)>{format!("{} {}", user.first_name, user.last_name)}</a>
                            <br/><span class="fr-text--sm">{user.position}</span>
                        </td>
                        <td>{user.organization_name}</td>
                        <td>{user.location_label}</td>
                        <td>{role_text(user.role, user.admin_role)}</td>
                        <td><StatusBadge status=user.status refused=user.access_refused_at.is_some()/></td>
                        <td>{format::date(user.created_at)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </Table>
    }
}
