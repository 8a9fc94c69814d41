//! The Résorption web app: a client-side Leptos app that talks to the API only through the
//! typed client of [`api`], over the `contract` types.

mod api;
mod app;
mod browser;
mod components;
mod format;
mod lazy;
mod pages;
mod reference;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
