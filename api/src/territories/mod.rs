//! Régions, départements, EPCI and communes (D11): the reference file and its loading, then an
//! in-memory [`Geography`] (the data never changes while the server runs) for search, labels and
//! the resolution of a (level, code) into every level above it.

pub mod geography;
pub mod load;
pub mod routes;
mod search;

pub use geography::{Geography, Resolved};
