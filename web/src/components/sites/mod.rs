//! Pieces of the site screens shared by several pages.

pub mod actors;
pub mod badges;
pub mod card;
pub mod history;
pub mod journal;
pub mod territory_banner;
