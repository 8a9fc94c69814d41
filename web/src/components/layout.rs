//! The page frame in the State design system: skip links, header with the service name and
//! the user's menu, main content, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::Session;

/// Sets the document title: "<page> — Résorption".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} — Résorption"));
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <div class="fr-skiplinks">
            <nav class="fr-container" role="navigation" aria-label="Accès rapide">
                <ul class="fr-skiplinks__list">
                    <li><a class="fr-link" href="#contenu">"Contenu"</a></li>
                    <li><a class="fr-link" href="#navigation-principale">"Menu"</a></li>
                </ul>
            </nav>
        </div>
        <Header/>
        <main id="contenu" class="fr-container fr-py-4w" tabindex="-1">{children()}</main>
        <Footer/>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header role="banner" class="fr-header">
            <div class="fr-header__body">
                <div class="fr-container">
                    <div class="fr-header__body-row">
                        <div class="fr-header__brand fr-enlarge-link">
                            <div class="fr-header__brand-top">
                                <div class="fr-header__logo">
                                    <p class="fr-logo">"République" <br/> "Française"</p>
                                </div>
                            </div>
                            <div class="fr-header__service">
                                <A href="/" attr:title="Accueil — Résorption">
                                    <p class="fr-header__service-title">"Résorption"</p>
                                </A>
                                <p class="fr-header__service-tagline">"Agir ensemble pour résorber les bidonvilles et les squats"</p>
                            </div>
                        </div>
                        <div class="fr-header__tools">
                            <div class="fr-header__tools-links">
                                <ToolsLinks/>
                            </div>
                        </div>
                    </div>
                </div>
            </div>
            <Navigation/>
        </header>
    }
}

/// The user's links (account, sign-out) or the visitor's (sign-in, access request).
#[component]
fn ToolsLinks() -> impl IntoView {
    let session = Session::get();
    view! {
        <ul class="fr-btns-group">
            {move || match session.me() {
                Some(me) => view! {
                    <li><A href="/mon-compte" attr:class="fr-btn fr-icon-account-circle-line">{format!("{} {}.", me.first_name, me.last_name.chars().next().unwrap_or(' '))}</A></li>
                    <li><SignOut/></li>
                }.into_any(),
                None => view! {
                    <li><A href="/connexion" attr:class="fr-btn fr-icon-lock-line">"Me connecter"</A></li>
                    <li><A href="/demande-acces" attr:class="fr-btn fr-icon-add-circle-line">"Demander un accès"</A></li>
                }.into_any(),
            }}
        </ul>
    }
}

#[component]
fn SignOut() -> impl IntoView {
    let session = Session::get();
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = crate::api::post_empty("/api/auth/logout", &serde_json::json!({})).await;
            session.set(None);
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href("/connexion");
            }
        });
    };
    view! { <button class="fr-btn fr-icon-logout-box-r-line" on:click=sign_out>"Me déconnecter"</button> }
}

#[component]
fn Navigation() -> impl IntoView {
    let session = Session::get();
    view! {
        <div class="fr-header__menu">
            <div class="fr-container">
                // The design system hides the header's tools below the large breakpoint (its own
                // script would move them into a burger menu): show them here on small screens.
                <div class="fr-header__menu-links fr-hidden-lg"><ToolsLinks/></div>
                <Show when=move || session.me().is_some()>
                    <nav class="fr-nav" id="navigation-principale" role="navigation" aria-label="Menu principal">
                        <ul class="fr-nav__list">
                            <li class="fr-nav__item"><A href="/" attr:class="fr-nav__link" exact=true>"Accueil"</A></li>
                            <li class="fr-nav__item"><A href="/sites" attr:class="fr-nav__link">"Sites"</A></li>
                            <li class="fr-nav__item"><A href="/carte" attr:class="fr-nav__link">"Carte"</A></li>
                            <li class="fr-nav__item"><A href="/annuaire" attr:class="fr-nav__link">"Annuaire"</A></li>
                            <Show when=move || session.me().is_some_and(|me| me.admin_role.is_some())>
                                <li class="fr-nav__item"><A href="/administration" attr:class="fr-nav__link">"Administration"</A></li>
                            </Show>
                        </ul>
                    </nav>
                </Show>
            </div>
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="fr-footer" role="contentinfo" id="pied-de-page">
            <div class="fr-container">
                <div class="fr-footer__body">
                    <div class="fr-footer__brand fr-enlarge-link">
                        <p class="fr-logo">"République" <br/> "Française"</p>
                    </div>
                    <div class="fr-footer__content">
                        <p class="fr-footer__content-desc">
                            "Résorption aide les services de l'État, les collectivités, les associations et les agences nationales à agir ensemble pour résorber les bidonvilles et les squats."
                        </p>
                    </div>
                </div>
                <div class="fr-footer__bottom">
                    <ul class="fr-footer__bottom-list">
                        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/api/docs/">"Documentation de l'API"</a></li>
                    </ul>
                </div>
            </div>
        </footer>
    }
}

/// A red or green notice with a message.
#[component]
pub fn Notice(#[prop(into)] message: String, #[prop(default = false)] success: bool) -> impl IntoView {
    let class = if success {
        "fr-alert fr-alert--success fr-alert--sm fr-mb-3w"
    } else {
        "fr-alert fr-alert--error fr-alert--sm fr-mb-3w"
    };
    view! { <div class=class role="alert"><p>{message}</p></div> }
}

/// A loading indicator that screen readers announce.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="resorption-loading" role="status" aria-live="polite">"Chargement…"</p> }
}
