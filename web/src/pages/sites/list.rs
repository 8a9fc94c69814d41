//! "Sites" (`/sites`): the sites of the user's territories, open or closed, with a territory
//! search, a text search, every filter, a sort, totals, cards and "Afficher plus". The whole
//! state lives in the URL.

use contract::access::{Entity, Feature};
use contract::sites::output::{SitePage, SiteSummary};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::export::ExportDialog;
use super::list_filters::{Filters, SortSelect};
use super::query::{encode_pairs, ListQuery};
use crate::api;
use crate::components::layout::{set_title, Loading, Notice};
use crate::components::sites::card::SiteCard;
use crate::components::sites::territory_banner::TerritoryBanner;
use crate::session::{can, Session};

/// The sites loaded so far and the totals of the whole selection.
#[derive(Clone, Copy)]
struct Results {
    items: RwSignal<Vec<SiteSummary>>,
    next: RwSignal<Option<String>>,
    total: RwSignal<i64>,
    people: RwSignal<i64>,
    minors: RwSignal<i64>,
    loading: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
    /// Increases with each new query, so that a late answer to an older one is dropped.
    generation: RwSignal<u32>,
    /// The query of the pages loaded, for "Afficher plus".
    current: RwSignal<ListQuery>,
}

impl Results {
    fn new() -> Self {
        Results {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            total: RwSignal::new(0),
            people: RwSignal::new(0),
            minors: RwSignal::new(0),
            loading: RwSignal::new(true),
            failure: RwSignal::new(None),
            generation: RwSignal::new(0),
            current: RwSignal::new(ListQuery::default()),
        }
    }

    fn load_more(self) {
        if let Some(cursor) = self.next.get_untracked() {
            self.load(self.current.get_untracked(), Some(cursor));
        }
    }

    fn load(self, query: ListQuery, cursor: Option<String>) {
        self.current.set(query.clone());
        let generation =
            if cursor.is_none() { self.generation.get_untracked() + 1 } else { self.generation.get_untracked() };
        self.generation.set(generation);
        self.loading.set(true);
        let mut pairs = query.filter().to_pairs();
        if let Some(sort) = query.get("sort") {
            pairs.push(("sort".into(), sort.to_owned()));
        }
        pairs.push(("limit".into(), "20".into()));
        let more = cursor.is_some();
        if let Some(cursor) = cursor {
            pairs.push(("cursor".into(), cursor));
        }
        leptos::task::spawn_local(async move {
            let answer = api::get::<SitePage>(&format!("/api/sites{}", encode_pairs(&pairs))).await;
            // A newer query was made meanwhile, or the page is gone.
            if self.generation.try_get_untracked() != Some(generation) {
                return;
            }
            self.loading.set(false);
            match answer {
                Ok(page) => {
                    self.failure.set(None);
                    self.next.set(page.next_cursor);
                    self.total.set(page.total);
                    self.people.set(page.population_total);
                    self.minors.set(page.minors_total);
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
pub fn SiteListPage() -> impl IntoView {
    set_title("Sites");
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(ListQuery::from_map));
    let navigate = use_navigate();
    let go = Callback::new(move |next: ListQuery| {
        navigate(&next.url(), NavigateOptions { scroll: false, ..Default::default() });
    });
    let results = Results::new();
    Effect::new(move |_| results.load(query.get(), None));
    let me = Session::get().me();
    let justice = me.as_ref().is_some_and(|me| can(me, Entity::SiteJustice, Feature::Access));
    let may_export = me.as_ref().is_some_and(|me| can(me, Entity::Site, Feature::Export));
    let may_create = me.as_ref().is_some_and(|me| can(me, Entity::Site, Feature::Create));
    let closed = Memo::new(move |_| query.with(|q| q.get("status") == Some("closed")));
    let heading = move || {
        let place =
            query.with(|q| q.territory()).map(|t| t.label).unwrap_or_else(|| "tous les territoires accessibles".into());
        if closed.get() {
            format!("Sites fermés — {place}")
        } else {
            format!("Sites existants — {place}")
        }
    };
    let text = RwSignal::new(query.get_untracked().get("q").unwrap_or_default().to_owned());
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        go.run(query.get_untracked().with("q", Some(text.get_untracked().trim().to_owned())));
    };
    view! {
        <h1>{heading}</h1>
        <TerritoryBanner id="territoire-liste" current=Signal::derive(move || query.with(|q| q.territory()))
            on_change=move |choice| go.run(query.get_untracked().with_territory(choice))/>
        <nav aria-label="Statut des sites" class="fr-mb-2w">
            <ul class="fr-tags-group">
                <li><a class="fr-tag" href=move || query.with(|q| q.kept_for_tab(None).url())
                    aria-current=move || (!closed.get()).then_some("page")>"Sites existants"</a></li>
                <li><a class="fr-tag" href=move || query.with(|q| q.kept_for_tab(Some("closed")).url())
                    aria-current=move || closed.get().then_some("page")>"Sites fermés"</a></li>
            </ul>
        </nav>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            {may_export.then(|| view! { <li><ExportDialog query=query total=results.total.into()/></li> })}
            {may_create.then(|| view! { <li><a class="fr-btn fr-icon-add-line" href="/site/nouveau">"Déclarer un nouveau site"</a></li> })}
        </ul>
        <form role="search" on:submit=search class="fr-mb-3w">
            <div class="fr-search-bar">
                <label class="fr-label" for="recherche-site">"Rechercher un site par nom, adresse ou commune"</label>
                <input class="fr-input" type="search" id="recherche-site" placeholder="Nom, adresse ou commune" bind:value=text/>
                <button class="fr-btn" type="submit" title="Rechercher">"Rechercher"</button>
            </div>
        </form>
        {move || view! { <Filters query=query go=go closed=closed.get() justice=justice/> }}
        {move || view! { <SortSelect query=query go=go closed=closed.get()/> }}
        <ResultList results=results/>
    }
}

#[component]
fn ResultList(results: Results) -> impl IntoView {
    let summary = move || {
        let total = results.total.get();
        format!(
            "{} représentant {} dont {} mineur{}",
            crate::format::count(total, "site", "sites"),
            crate::format::count(results.people.get(), "personne", "personnes"),
            results.minors.get(),
            if results.minors.get() > 1 { "s" } else { "" },
        )
    };
    view! {
        <p class="fr-text--lead resorption-summary" role="status" aria-live="polite">
            {move || if results.loading.get() && results.items.with(Vec::is_empty) { "Recherche en cours…".to_owned() } else { summary() }}
        </p>
        {move || results.failure.get().map(|message| view! { <Notice message=message/> })}
        <ul class="resorption-plain-list resorption-cards">
            <For each=move || results.items.get() key=|site| site.id let:site>
                <li><SiteCard site=site/></li>
            </For>
        </ul>
        {move || (!results.loading.get() && results.failure.get().is_none() && results.items.with(Vec::is_empty)).then(|| view! {
            <p>"Aucun site ne correspond à ces critères."</p>
        })}
        {move || results.loading.get().then(|| view! { <Loading/> })}
        {move || results.next.get().is_some().then(|| view! {
            <p class="fr-mt-2w">
                <button type="button" class="fr-btn fr-btn--secondary" disabled=move || results.loading.get()
                    on:click=move |_| results.load_more()>
                    {move || format!("Afficher plus ({} sur {})", results.items.with(Vec::len), results.total.get())}
                </button>
            </p>
        })}
    }
}
