//! Data the platform needs (reference lists, loaded by `migrate`) and data to try it (`seed`).

pub mod demo;
pub mod demo_actions;
pub mod demo_sites;
pub mod reference;
pub mod scale;
pub mod scale_actions;
