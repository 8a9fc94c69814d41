//! Pieces shared by pages: the frame (header, footer), titles, notices, guards, tables, pickers.

pub mod areas;
pub mod form;
pub mod guard;
pub mod layout;
pub mod map;
pub mod sites;
pub mod table;
pub mod territory;
