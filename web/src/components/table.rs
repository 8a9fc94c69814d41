//! A data table in the State design system that scrolls sideways inside its own frame on narrow
//! screens, so that the page itself never does.

use leptos::prelude::*;

#[component]
pub fn Table(#[prop(into)] caption: String, children: Children) -> impl IntoView {
    let region_label = caption.clone();
    view! {
        <div class="fr-table fr-table--multiline">
            <div class="fr-table__wrapper">
                // Focusable so that keyboard users can scroll it when it overflows.
                <div class="fr-table__container" tabindex="0" role="region" aria-label=region_label>
                    <div class="fr-table__content">
                        <table>
                            <caption>{caption}</caption>
                            {children()}
                        </table>
                    </div>
                </div>
            </div>
        </div>
    }
}
