//! Users and accounts: the current user, public account flows (access request, activation,
//! password reset) and the administration of users.

pub mod account;
pub mod admin;
pub mod me;
pub mod model;
pub mod store;
