//! The site list's query string: the filters of the API (same names, so that a shared link
//! reads the same in both) plus the sort and the chosen territory's label.

use contract::sites::filters::SiteFilter;
use contract::territories::LocationType;
use contract::Labelled;
use leptos_router::params::ParamsMap;

use crate::api;
use crate::components::sites::territory_banner::TerritoryChoice;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery(Vec<(String, String)>);

impl ListQuery {
    pub fn from_map(map: &ParamsMap) -> Self {
        ListQuery(map.latest_values().map(|(k, v)| (k.to_string(), v.to_owned())).collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// The values of a comma-separated filter.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.get(name).map(|v| v.split(',').filter(|v| !v.is_empty()).collect()).unwrap_or_default()
    }

    /// The same query with `name` set to `value`, or removed.
    pub fn with(&self, name: &str, value: Option<String>) -> Self {
        let mut pairs: Vec<(String, String)> = self.0.iter().filter(|(k, _)| k != name).cloned().collect();
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            pairs.push((name.to_owned(), value));
        }
        ListQuery(pairs)
    }

    /// The same query with `code` added to or removed from the filter `name`.
    pub fn toggled(&self, name: &str, code: &str) -> Self {
        let mut values: Vec<&str> = self.values(name);
        if let Some(index) = values.iter().position(|v| *v == code) {
            values.remove(index);
        } else {
            values.push(code);
        }
        self.with(name, Some(values.join(",")))
    }

    /// Only the status, territory and text: what switching tabs keeps.
    pub fn kept_for_tab(&self, status: Option<&str>) -> Self {
        let kept = ["location_type", "location_code", "lieu", "q"];
        let pairs = self.0.iter().filter(|(k, _)| kept.contains(&k.as_str())).cloned().collect();
        ListQuery(pairs).with("status", status.map(str::to_owned))
    }

    pub fn territory(&self) -> Option<TerritoryChoice> {
        let location_type = self.get("location_type").and_then(LocationType::from_code)?;
        Some(TerritoryChoice {
            location_type,
            code: self.get("location_code").map(str::to_owned),
            label: self
                .get("lieu")
                .unwrap_or(if location_type == LocationType::Nation { "France entière" } else { "" })
                .to_owned(),
        })
    }

    pub fn with_territory(&self, choice: Option<TerritoryChoice>) -> Self {
        let base = self.with("location_type", None).with("location_code", None).with("lieu", None);
        match choice {
            None => base,
            Some(choice) => {
                let mut query = base;
                for (name, value) in choice.pairs() {
                    query = query.with(&name, Some(value));
                }
                query.with("lieu", Some(choice.label))
            }
        }
    }

    /// How many filters (besides status, territory, text and sort) are set.
    pub fn active_filters(&self) -> usize {
        let skip = ["status", "location_type", "location_code", "lieu", "q", "sort"];
        self.0.iter().filter(|(k, v)| !skip.contains(&k.as_str()) && !v.is_empty()).count()
    }

    fn list<T: std::str::FromStr>(&self, name: &str) -> Vec<T> {
        self.values(name).into_iter().filter_map(|v| v.parse().ok()).collect()
    }

    fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(|v| v.parse().ok())
    }

    pub fn filter(&self) -> SiteFilter {
        SiteFilter {
            status: self.get("status").and_then(Labelled::from_code),
            location_type: self.get("location_type").and_then(Labelled::from_code),
            location_code: self.get("location_code").map(str::to_owned),
            zone: self.get("zone").and_then(Labelled::from_code),
            q: self.get("q").map(str::to_owned),
            population: self.list("population"),
            field_type: self.list("field_type"),
            origin: self.list("origin"),
            target: self.flag("target"),
            justice: self.list("justice"),
            administrative_order: self.list("administrative_order"),
            rhi: self.list("rhi"),
            heatwave: self.flag("heatwave"),
            actors: self.flag("actors"),
            has_action: self.flag("has_action"),
            conditions: self.list("conditions"),
            closing_reason: self.list("closing_reason"),
            outcome: self.list("outcome"),
            closure_year: self.list("closure_year"),
            as_of: None,
        }
    }

    /// The page's own URL.
    pub fn url(&self) -> String {
        format!("/sites{}", encode_pairs(&self.0))
    }
}

/// `?a=1&b=2`, percent-encoded; empty for no pairs.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", api::encode(v))).collect();
    format!("?{}", joined.join("&"))
}

/// A filter's choices as (code, label) pairs.
pub fn options<T: Labelled>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|v| (v.code(), v.label())).collect()
}
