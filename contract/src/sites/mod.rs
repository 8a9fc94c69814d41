//! Sites (bidonvilles, squats): codes, the questionnaire, inputs with their rules, outputs,
//! history, journal and activity.

pub mod actions;
pub mod activity;
pub mod codes;
pub mod filters;
pub mod history;
pub mod input;
pub mod journal;
pub mod living_conditions;
pub mod output;
