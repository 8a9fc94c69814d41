//! One module per screen.

pub mod access_request;
pub mod account;
pub mod activation;
pub mod activity;
pub mod admin;
pub mod charter;
pub mod directory;
pub mod home;
pub mod login;
pub mod not_found;
pub mod organization;
pub mod sites;
