//! The Résorption server as a library, so that black-box tests build the same app in-process.

pub mod access;
pub mod app;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod freshness;
pub mod headers;
pub mod idempotency;
pub mod mail;
pub mod ops;
pub mod organizations;
pub mod reference;
pub mod seed;
pub mod server;
pub mod sites;
pub mod spa;
pub mod state;
pub mod territories;
pub mod text;
pub mod upgrade;
pub mod users;
