//! Who is calling (D5): passwords, access and refresh tokens, cookies for the app and bearer
//! tokens for partners, login throttling, and the [`Actor`] extractor every protected handler
//! takes.

pub mod actor;
pub mod cache;
pub mod cookies;
pub mod password;
pub mod routes;
pub mod store;
pub mod throttle;
pub mod tokens;

pub use actor::{Actor, SignedIn};
