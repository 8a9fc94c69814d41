//! HTTP scenarios against the real server, each on a fresh database. Run on SQLite by
//! default, on PostgreSQL with `TEST_DATABASE=postgres` (`scripts/test` runs both).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod accounts;
mod actions;
mod auth;
mod authorization;
mod backup;
mod config;
mod control_characters;
mod errors;
mod headers;
mod idempotency;
mod leaks;
mod me;
mod openapi;
mod ops;
mod organizations;
mod races;
mod schema;
mod seed;
mod sites;
mod territories;
mod upgrade;
mod users;
