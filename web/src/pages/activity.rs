//! "Dernières activités": sites declared, updated and closed, and journal messages, newest
//! first, filtered by kind and territory, with "Voir plus" for older ones.

use contract::sites::activity::{Activity, ActivityKind, ActivityPage};
use contract::Labelled;
use leptos::prelude::*;

use crate::api;
use crate::components::layout::{Loading, Notice};
use crate::components::sites::history::author_text;
use crate::components::sites::territory_banner::{TerritoryBanner, TerritoryChoice};
use crate::format;
use crate::pages::sites::query::encode_pairs;

#[derive(Clone, Copy)]
struct Feed {
    items: RwSignal<Vec<Activity>>,
    next: RwSignal<Option<chrono::DateTime<chrono::Utc>>>,
    loading: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
    generation: RwSignal<u32>,
}

impl Feed {
    fn load(self, kinds: Vec<ActivityKind>, territory: Option<TerritoryChoice>, more: bool) {
        let generation = self.generation.get_untracked() + u32::from(!more);
        self.generation.set(generation);
        let mut pairs: Vec<(String, String)> = vec![("limit".into(), "10".into())];
        if !kinds.is_empty() {
            pairs.push(("kinds".into(), kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")));
        }
        if let Some(choice) = territory {
            pairs.extend(choice.pairs());
        }
        if more {
            if let Some(before) = self.next.get_untracked() {
                pairs.push(("before".into(), before.to_rfc3339()));
            }
        }
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::get::<ActivityPage>(&format!("/api/activities{}", encode_pairs(&pairs))).await;
            if self.generation.try_get_untracked() != Some(generation) {
                return;
            }
            self.loading.set(false);
            match answer {
                Ok(page) => {
                    self.failure.set(None);
                    self.next.set(page.next_before);
                    if more {
                        self.items.update(|items| items.extend(page.items));
                    } else {
                        self.items.set(page.items);
                    }
                }
                Err(failure) => self.failure.set(Some(failure.message())),
            }
        });
    }
}

#[component]
pub fn ActivityFeed() -> impl IntoView {
    let feed = Feed {
        items: RwSignal::new(Vec::new()),
        next: RwSignal::new(None),
        loading: RwSignal::new(true),
        failure: RwSignal::new(None),
        generation: RwSignal::new(0),
    };
    let kinds = RwSignal::new(Vec::<ActivityKind>::new());
    let territory = RwSignal::new(None::<TerritoryChoice>);
    Effect::new(move |_| feed.load(kinds.get(), territory.get(), false));
    view! {
        <TerritoryBanner id="territoire-activite" current=territory on_change=move |choice| territory.set(choice)/>
        <fieldset class="fr-fieldset" aria-labelledby="types-activite">
            <legend class="fr-fieldset__legend fr-text--regular" id="types-activite">"Types d'activités (toutes si aucune n'est cochée)"</legend>
            {ActivityKind::ALL.iter().map(|kind| {
                let kind = *kind;
                let id = format!("activite-{}", kind.code());
                view! {
                    <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm">
                        <input type="checkbox" id=id.clone() prop:checked=move || kinds.with(|k| k.contains(&kind))
                            on:change=move |_| kinds.update(|k| if let Some(i) = k.iter().position(|x| *x == kind) { k.remove(i); } else { k.push(kind); })/>
                        <label class="fr-label" for=id>{kind.label()}</label>
                    </div></div>
                }
            }).collect_view()}
        </fieldset>
        {move || feed.failure.get().map(|m| view! { <Notice message=m/> })}
        <ul class="resorption-plain-list" aria-live="polite">
            {move || feed.items.get().into_iter().map(|activity| view! { <ActivityItem activity=activity/> }).collect_view()}
        </ul>
        {move || (!feed.loading.get() && feed.items.with(Vec::is_empty) && feed.failure.get().is_none()).then(|| view! {
            <p>"Aucune activité à afficher."</p>
        })}
        {move || feed.loading.get().then(|| view! { <Loading/> })}
        {move || feed.next.get().is_some().then(|| view! {
            <button type="button" class="fr-btn fr-btn--secondary" disabled=move || feed.loading.get()
                on:click=move |_| feed.load(kinds.get_untracked(), territory.get_untracked(), true)>"Voir plus"</button>
        })}
    }
}

#[component]
fn ActivityItem(activity: Activity) -> impl IntoView {
    let byline = format!("le {} par {}", format::date_time(activity.at), author_text(&activity.author));
    let changes = activity.changes.len();
    view! {
        <li class="resorption-entry fr-mb-2w">
            <p class="fr-mb-1v">
                <span class="fr-badge fr-badge--sm fr-badge--blue-cumulus fr-mr-1w">{activity.kind.label()}</span>
                {activity.site.map(|site| view! {
                    <a href=format!("/site/{}", site.id)>{site.display_name.clone()}</a>
                    {format!(" — {} ({})", site.city_name, activity.departement.name)}
                })}
                {activity.action.map(|action| view! {
                    <span>{format!("Action « {} »", action.name)}</span>
                    {format!(" — {}", activity.departement.name)}
                })}
            </p>
            <p class="fr-text--sm fr-mb-1v">{byline}</p>
            {activity.comment.map(|text| view! { <blockquote class="resorption-request fr-mb-1v">{text}</blockquote> })}
            {(changes > 0).then(|| view! {
                <ul class="fr-text--sm fr-mb-0">
                    {activity.changes.into_iter().take(5).map(|c| view! { <li>{format!("{} : {} → {}", c.label, c.before, c.after)}</li> }).collect_view()}
                    {(changes > 5).then(|| view! { <li>{format!("et {} autres changements", changes - 5)}</li> })}
                </ul>
            })}
        </li>
    }
}
