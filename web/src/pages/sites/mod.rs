//! The site screens: map, list, site page, form, closure.

pub mod close;
mod conditions;
mod export;
pub mod form;
pub mod list;
mod list_filters;
pub mod map;
pub mod page;
pub mod query;
mod sections;
