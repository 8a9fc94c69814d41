//! Organization categories and types, organizations bound to a territory, their intervention
//! areas, and the directory of active members.

pub mod areas;
pub mod model;
pub mod routes;
pub mod store;
