//! Territory autocompletion: every level at once, accent- and case-insensitive, best match first.

use contract::territories::{LocationType, TerritoryMatch};

use super::Geography;
use crate::text::normalize;

/// How well a name matches the query; lower is better.
fn match_rank(search_text: &str, query: &str) -> Option<u8> {
    if search_text == query {
        Some(0)
    } else if search_text.starts_with(query) {
        Some(1)
    } else if search_text.contains(&format!(" {query}")) {
        Some(2)
    } else if search_text.contains(query) {
        Some(3)
    } else {
        None
    }
}

struct Candidate {
    rank: u8,
    level: u8,
    population: i32,
    found: TerritoryMatch,
}

impl Geography {
    /// Territories whose name (or code) matches `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<TerritoryMatch> {
        let query = normalize(query);
        if query.is_empty() {
            return Vec::new();
        }
        let is_code = query.chars().all(|c| c.is_ascii_alphanumeric()) && query.chars().any(|c| c.is_ascii_digit());
        let rank_of = |code: &str, search_text: &str| {
            if is_code {
                if code.eq_ignore_ascii_case(&query) {
                    return Some(0);
                }
                if code.to_ascii_lowercase().starts_with(&query) {
                    return Some(1);
                }
            }
            match_rank(search_text, &query)
        };
        let mut candidates = Vec::new();
        for (code, region) in &self.regions {
            if let Some(rank) = rank_of(code, &region.search_text) {
                candidates.push(Candidate {
                    rank,
                    level: 0,
                    population: 0,
                    found: found(LocationType::Region, code, &region.name, region.name.clone(), None),
                });
            }
        }
        for (code, departement) in &self.departements {
            if let Some(rank) = rank_of(code, &departement.search_text) {
                let label = format!("{} ({code})", departement.name);
                candidates.push(Candidate {
                    rank,
                    level: 1,
                    population: 0,
                    found: found(LocationType::Departement, code, &departement.name, label, Some(code)),
                });
            }
        }
        for (code, epci) in &self.epcis {
            if let Some(rank) = rank_of(code, &epci.search_text) {
                candidates.push(Candidate {
                    rank,
                    level: 2,
                    population: 0,
                    found: found(LocationType::Epci, code, &epci.name, epci.name.clone(), None),
                });
            }
        }
        for (code, city) in &self.cities {
            if let Some(rank) = rank_of(code, &city.search_text) {
                let label = format!("{} ({})", city.name, city.departement_code);
                candidates.push(Candidate {
                    rank,
                    level: 3,
                    population: city.population,
                    found: found(LocationType::City, code, &city.name, label, Some(&city.departement_code)),
                });
            }
        }
        // Best match first; among equals, the larger territory, then the more populous commune.
        candidates.sort_by(|a, b| {
            (a.rank, a.level, std::cmp::Reverse(a.population), &a.found.code).cmp(&(
                b.rank,
                b.level,
                std::cmp::Reverse(b.population),
                &b.found.code,
            ))
        });
        candidates.into_iter().take(limit).map(|candidate| candidate.found).collect()
    }
}

fn found(
    location_type: LocationType,
    code: &str,
    name: &str,
    label: String,
    departement_code: Option<&str>,
) -> TerritoryMatch {
    TerritoryMatch {
        location_type,
        code: code.to_owned(),
        name: name.to_owned(),
        label,
        departement_code: departement_code.map(str::to_owned),
    }
}
