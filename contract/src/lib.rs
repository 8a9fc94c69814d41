//! The wire contract of Résorption: every type that crosses the HTTP boundary between the API,
//! the web app and partner systems. Field names are English snake_case; French appears only in
//! labels. Enumerations are stable string codes with a French label each.

#[macro_use]
mod labelled;

pub mod access;
pub mod actions;
pub mod auth;
pub mod organizations;
pub mod problem;
pub mod reference;
pub mod sites;
pub mod territories;
pub mod text;
pub mod users;

pub use labelled::Labelled;
