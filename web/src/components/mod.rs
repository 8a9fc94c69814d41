//! Pieces shared by pages: the frame (header, footer), titles, notices, guards.

pub mod form;
pub mod guard;
pub mod layout;
