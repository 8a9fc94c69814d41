//! The test harness: a real server on a fresh database per test, demo personas, an SMTP
//! catcher, and authorization tables.

pub mod access;
pub mod app;
pub mod db;
pub mod mail;
pub mod spreadsheet;

pub use access::{assert_access, everyone, table, Expect};
pub use app::{Caller, Persona, Reply, TestApp};
