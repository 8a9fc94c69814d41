//! Sites: declaration, rules, history, lifecycle, lists, map, journal, actors, activity,
//! exports — with the scope and restricted fields of each persona.

mod activity;
mod actors;
mod as_of;
mod export;
pub mod fixtures;
mod journal;
mod lifecycle;
mod lists;
mod messages;
mod read;
mod write;

pub use fixtures::{create as create_site, montreuil as montreuil_body, patch as patch_site};
