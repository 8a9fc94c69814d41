//! "Exporter" on the site list: a dialog with the optional column groups and the date of the
//! situation, then the spreadsheet of the listed sites, downloaded.

use contract::access::{Entity, Feature};
use contract::sites::codes::{ExportOption, StatusMode};
use contract::Labelled;
use leptos::prelude::*;

use super::query::{encode_pairs, ListQuery};
use crate::session::{can, Session};
use crate::{api, browser, format};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The options the user's permissions make useful.
fn allowed_options() -> Vec<ExportOption> {
    let me = Session::get().me();
    let may = |entity, feature| me.as_ref().is_some_and(|me| can(me, entity, feature));
    ExportOption::ALL
        .iter()
        .copied()
        .filter(|option| match option {
            ExportOption::Owner => may(Entity::SiteOwner, Feature::Access),
            ExportOption::Justice => may(Entity::SiteJustice, Feature::Access),
            ExportOption::Comments => may(Entity::SiteComment, Feature::List),
            _ => true,
        })
        .collect()
}

#[component]
pub fn ExportDialog(query: Memo<ListQuery>, total: Signal<i64>) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let chosen = RwSignal::new(Vec::<ExportOption>::new());
    let as_of = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let mode = move || query.with(|q| q.filter().status_mode());
    let title = move || match mode() {
        StatusMode::Closed => "Exporter les sites fermés",
        StatusMode::Resorbed => "Exporter les sites résorbés",
        _ => "Exporter les sites existants",
    };
    let open = move |_| {
        failure.set(None);
        done.set(None);
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let close = move || {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    };
    let export = move |_| {
        let mut pairs = query.get_untracked().filter().to_pairs();
        let options: Vec<&str> = chosen.get_untracked().iter().map(|o| o.code()).collect();
        if !options.is_empty() {
            pairs.push(("options".into(), options.join(",")));
        }
        let day = as_of.get_untracked();
        if !day.is_empty() {
            pairs.push(("as_of".into(), day));
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let answer = api::download(&format!("/api/sites/export{}", encode_pairs(&pairs))).await;
            busy.set(false);
            match answer
                .map_err(|e| e.message())
                .and_then(|(name, bytes)| browser::save_file(&name, &bytes, XLSX).map(|_| name))
            {
                Ok(name) => done.set(Some(format!("Le fichier {name} a été téléchargé."))),
                Err(message) => failure.set(Some(message)),
            }
        });
    };
    let today = browser::today().to_string();
    view! {
        <button type="button" class="fr-btn fr-btn--secondary fr-icon-download-line" on:click=open>"Exporter"</button>
        <dialog node_ref=dialog class="resorption-dialog" aria-labelledby="export-titre">
            <div class="fr-p-4w">
                <h2 id="export-titre" class="fr-h4">{title}</h2>
                <p>{move || format!("Le fichier contiendra {} avec les filtres de la liste.", format::count(total.get(), "site", "sites"))}</p>
                <div class="fr-input-group">
                    <label class="fr-label" for="export-date">"Exporter la situation de ces sites à la date du"
                        <span class="fr-hint-text">"Laissez vide pour la situation actuelle."</span></label>
                    <input class="fr-input" type="date" id="export-date" max=today bind:value=as_of/>
                </div>
                <fieldset class="fr-fieldset" aria-labelledby="export-options">
                    <legend class="fr-fieldset__legend" id="export-options">"Colonnes à ajouter"</legend>
                    {allowed_options().into_iter().map(|option| {
                        let id = format!("export-{}", option.code());
                        view! {
                            <div class="fr-fieldset__element"><div class="fr-checkbox-group">
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&option))
                                    on:change=move |_| chosen.update(|c| if let Some(i) = c.iter().position(|o| *o == option) { c.remove(i); } else { c.push(option); })/>
                                <label class="fr-label" for=id>{option.label()}</label>
                            </div></div>
                        }
                    }).collect_view()}
                </fieldset>
                {move || failure.get().map(|m| view! { <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert"><p>{m}</p></div> })}
                {move || done.get().map(|m| view! { <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status"><p>{m}</p></div> })}
                <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--right">
                    <li><button type="button" class="fr-btn fr-btn--secondary" on:click=move |_| close()>"Fermer"</button></li>
                    <li><button type="button" class="fr-btn" disabled=move || busy.get() on:click=export>
                        {move || match (busy.get(), total.get()) {
                            (true, _) => "Export en cours…".to_owned(),
                            (false, 1) => "Exporter le site".to_owned(),
                            (false, n) => format!("Exporter les {n} sites"),
                        }}
                    </button></li>
                </ul>
            </div>
        </dialog>
    }
}
