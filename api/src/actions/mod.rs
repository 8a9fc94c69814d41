//! Actions (interventions, DOMAIN §10): what is done for the people of the sites, by whom,
//! where and since when, kept version by version like sites.

pub mod access;
pub mod activity;
pub mod export;
pub mod fields;
pub mod finance_readers;
pub mod indicators;
pub mod journal;
pub mod links;
pub mod members;
pub mod record;
pub mod routes;
pub mod search;
pub mod store;
pub mod view;
pub mod watchers;
pub mod write;
