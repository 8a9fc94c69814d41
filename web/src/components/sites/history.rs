//! "Historique des modifications" of a site: each version with who, when, and every field
//! that changed, from what to what.

use contract::sites::history::HistoryEntry;
use contract::sites::output::UserRef;
use contract::Labelled;
use leptos::prelude::*;

use crate::api;
use crate::components::layout::{Loading, Notice};
use crate::format;

pub fn author_text(author: &Option<UserRef>) -> String {
    match author {
        Some(user) => author_text_ref(user),
        None => "un compte supprimé".into(),
    }
}

/// "Julien Lefèvre (Préfecture de la Seine-Saint-Denis)".
pub fn author_text_ref(user: &UserRef) -> String {
    format!("{} {} ({})", user.first_name, user.last_name, user.organization.name)
}

#[component]
pub fn History(site_id: i32) -> impl IntoView {
    let entries = api::fetch::<Vec<HistoryEntry>>(format!("/api/sites/{site_id}/history"));
    view! {
            {move || match entries.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <Notice message=failure.message()/> }.into_any(),
                Some(Ok(list)) => view! {
                    <p>{format::count(list.len() as i64, "version", "versions")}</p>
                    <ol class="resorption-plain-list resorption-history">
                        {list.into_iter().map(|entry| view! { <HistoryItem entry=entry/> }).collect_view()}
                    </ol>
                }.into_any(),
            }}
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    let heading =
        format!("{} — le {} par {}", entry.kind.label(), format::date_time(entry.at), author_text(&entry.author));
    view! {
        <li class="resorption-entry fr-mb-2w">
            <p class="fr-text--bold fr-mb-1v">{heading}</p>
            {(!entry.changes.is_empty()).then(|| view! {
                <ul class="fr-mb-0">
                    {entry.changes.into_iter().map(|change| view! {
                        <li>
                            <span class="fr-text--bold">{change.label}</span>" : "
                            <del><span class="fr-sr-only">"ancienne valeur : "</span>{change.before}</del>
                            " → "
                            <ins><span class="fr-sr-only">"nouvelle valeur : "</span>{change.after}</ins>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
