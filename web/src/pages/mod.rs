//! One module per screen.

pub mod access_request;
pub mod account;
pub mod activation;
pub mod charter;
pub mod home;
pub mod login;
pub mod not_found;
