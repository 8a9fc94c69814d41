//! Actions (DOMAIN §10): creation and its rules, merge-patch updates with the fields only
//! finance readers change, history, reads as of a day, deletion — and who may do each; the
//! actions on a site's page and in the activity feed.

mod activity;
mod export;
mod finance_readers;
mod finances;
pub mod fixtures;
mod history;
mod indicators;
mod journal;
mod list;
mod read;
mod seeded;
mod sites;
mod write;
