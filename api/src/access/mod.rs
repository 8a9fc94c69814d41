//! The access policy (D6), in one place: the role matrix as data, per-user options,
//! intervention areas, read widening, the checks on one object, and the scope filter that list
//! queries apply in SQL. Deny unless a rule allows.

pub mod matrix;
pub mod policy;
pub mod routes;
pub mod scope;

pub use matrix::RoleKey;
pub use policy::{Area, Permissions};
pub use scope::{Place, Scope};

#[cfg(test)]
mod tests;
