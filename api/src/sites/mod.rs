//! Sites (bidonvilles, squats): the registry at the heart of the platform — declaration,
//! updates with history, closure, lists, map, journal, actors and exports.

pub mod access;
pub mod activity;
pub mod actors;
pub mod cache;
pub mod export;
pub mod fields;
pub mod journal;
pub mod lifecycle;
pub mod map;
pub mod record;
pub mod routes;
pub mod search;
pub mod store;
pub mod version_columns;
pub mod view;
pub mod watchers;
pub mod write;
