//! Actions (DOMAIN §10): what is done for the people of the sites, by whom, where and since
//! when. Finances and yearly indicators come with their own types.

pub mod codes;
pub mod filters;
pub mod finances;
pub mod indicators;
pub mod input;
pub mod journal;
pub mod output;
