//! The directory (`/annuaire`): active organizations and their active members, to find who
//! works where. Loaded once, then filtered in the browser by text, département and category,
//! shown by pages of twenty.

use contract::organizations::{DirectoryEntry, Member, OrganizationCategory};
use contract::Labelled;
use leptos::prelude::*;

use crate::api;
use crate::components::layout::{set_title, Loading, Notice};

const PAGE: usize = 20;
/// Members shown on a card; the organization's page lists them all.
const MEMBERS_SHOWN: usize = 5;

/// Lower case without accents, so that "sante" finds "Santé".
pub fn folded(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

fn searchable(entry: &DirectoryEntry) -> String {
    let o = &entry.organization;
    let mut text =
        format!("{} {} {} {}", o.name, o.abbreviation.clone().unwrap_or_default(), o.type_name, o.location.label);
    for m in &entry.members {
        text.push_str(&format!(" {} {} {} {}", m.first_name, m.last_name, m.position, m.email));
    }
    folded(&text)
}

#[derive(Clone, Default, PartialEq)]
struct Filters {
    text: String,
    departement: String,
    category: String,
}

impl Filters {
    fn keeps(&self, entry: &DirectoryEntry, haystack: &str) -> bool {
        let o = &entry.organization;
        (self.departement.is_empty() || o.location.departement.as_ref().is_some_and(|d| d.code == self.departement))
            && (self.category.is_empty() || o.category.code() == self.category)
            && folded(&self.text).split_whitespace().all(|word| haystack.contains(word))
    }
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    set_title("Annuaire");
    let entries = LocalResource::new(|| api::get::<Vec<DirectoryEntry>>("/api/directory"));
    view! {
        <h1>"Annuaire"</h1>
        <p class="fr-text--lead">"Trouvez les structures inscrites sur Résorption et les coordonnées de leurs membres."</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || entries.get().map(|answer| match answer {
                Err(failure) => view! { <Notice message=failure.message()/> }.into_any(),
                Ok(list) => view! { <Directory entries=list/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Directory(entries: Vec<DirectoryEntry>) -> impl IntoView {
    let mut departements: Vec<(String, String)> =
        entries.iter().filter_map(|e| e.organization.location.departement.clone()).map(|d| (d.code, d.name)).collect();
    departements.sort();
    departements.dedup();
    let indexed: Vec<(DirectoryEntry, String)> = entries
        .into_iter()
        .map(|e| {
            let text = searchable(&e);
            (e, text)
        })
        .collect();
    let text = RwSignal::new(String::new());
    let departement = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let filters =
        Memo::new(move |_| Filters { text: text.get(), departement: departement.get(), category: category.get() });
    // A new search starts again from the first page.
    Effect::new(move |_| {
        filters.track();
        shown.set(PAGE);
    });
    let matching = Memo::new(move |_| {
        let filters = filters.get();
        indexed.iter().filter(|(e, haystack)| filters.keeps(e, haystack)).map(|(e, _)| e.clone()).collect::<Vec<_>>()
    });
    view! {
        <form role="search" class="fr-mb-3w" on:submit=|ev| ev.prevent_default()>
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-6">
                    <div class="fr-input-group">
                        <label class="fr-label" for="recherche-annuaire">"Rechercher une structure ou une personne"
                            <span class="fr-hint-text">"Nom, acronyme, fonction, e-mail ou territoire"</span></label>
                        <input class="fr-input" type="search" id="recherche-annuaire" bind:value=text/>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-departement">"Département"</label>
                        <select class="fr-select" id="filtre-departement" on:change=move |ev| departement.set(event_target_value(&ev))>
                            <option value="">"Tous les départements"</option>
                            {departements.into_iter().map(|(code, name)| view! { <option value=code.clone()>{format!("{code} — {name}")}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-type">"Type de structure"</label>
                        <select class="fr-select" id="filtre-type" on:change=move |ev| category.set(event_target_value(&ev))>
                            <option value="">"Tous les types"</option>
                            {OrganizationCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
            </div>
        </form>
        <p role="status" aria-live="polite">{move || match matching.with(Vec::len) {
            0 => "Aucune structure ne correspond à votre recherche.".to_owned(),
            1 => "1 structure".to_owned(),
            n => format!("{n} structures"),
        }}</p>
        <ul class="fr-grid-row fr-grid-row--gutters resorption-plain-list">
            {move || matching.with(|list| list.iter().take(shown.get()).cloned().map(|entry| view! {
                <li class="fr-col-12 fr-col-md-6"><EntryCard entry=entry/></li>
            }).collect_view())}
        </ul>
        <Show when=move || { matching.with(Vec::len) > shown.get() }>
            <button type="button" class="fr-btn fr-btn--secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                {move || format!("Afficher plus de structures ({} restantes)", matching.with(Vec::len) - shown.get())}
            </button>
        </Show>
    }
}

#[component]
fn EntryCard(entry: DirectoryEntry) -> impl IntoView {
    let o = entry.organization;
    let total = entry.members.len();
    let title = match &o.abbreviation {
        Some(abbreviation) => format!("{} ({abbreviation})", o.name),
        None => o.name.clone(),
    };
    view! {
        <article class="resorption-entry">
            <h2 class="fr-h5 fr-mb-1w"><a href=format!("/structure/{}", o.id)>{title}</a></h2>
            <p class="fr-text--sm fr-mb-1w">{format!("{} — {}", o.type_name, o.location.label)}</p>
            <p class="fr-text--sm fr-text--bold fr-mb-1w">{match total {
                0 => "Aucun membre inscrit".to_owned(),
                1 => "1 membre inscrit".to_owned(),
                n => format!("{n} membres inscrits"),
            }}</p>
            <ul class="resorption-plain-list">
                {entry.members.into_iter().take(MEMBERS_SHOWN).map(|m| view! { <li class="fr-mb-1w"><MemberContact member=m/></li> }).collect_view()}
            </ul>
            {(total > MEMBERS_SHOWN).then(|| view! {
                <p class="fr-text--sm"><a href=format!("/structure/{}", o.id)>
                    {format!("et {} autres personnes : voir la fiche complète", total - MEMBERS_SHOWN)}</a></p>
            })}
        </article>
    }
}

/// A member's name, position, role and contact links.
#[component]
pub fn MemberContact(member: Member) -> impl IntoView {
    view! {
        <p class="fr-mb-0"><strong>{format!("{} {}", member.first_name, member.last_name)}</strong>
            {format!(", {} — {}", member.position, member.role.label())}</p>
        <p class="fr-text--sm fr-mb-0">
            <a href=format!("mailto:{}", member.email)>{member.email.clone()}</a>
            {member.phone.map(|phone| view! { " · "<a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a> })}
        </p>
    }
}
