//! Filters of the site list, the map and the export (DOMAIN §16.1). In a query string, a
//! filter with several values takes them comma-separated: values of one filter are OR-ed,
//! filters are AND-ed.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::codes::{ConditionTheme, FieldType, SiteStatus, StatusMode};
use crate::territories::LocationType;
use crate::Labelled;

labelled_enum! {
    pub enum PopulationBucket {
        Unknown = "unknown" => "Inconnu",
        LessThan10 = "lt10" => "Moins de 10 personnes",
        From10To99 = "10_99" => "De 10 à 99 personnes",
        AtLeast100 = "gte100" => "100 personnes et plus",
    }
}

labelled_enum! {
    pub enum OriginFilter {
        French = "french" => "Incluant des ressortissants français",
        European = "european" => "Incluant des ressortissants européens (UE)",
        Other = "other" => "Incluant des ressortissants extracommunautaires",
        Unknown = "unknown" => "Origines inconnues",
        EuropeanOnly = "european_only" => "Exclusivement des ressortissants européens (UE)",
    }
}

labelled_enum! {
    pub enum JusticeFilter {
        Unknown = "unknown" => "Inconnu",
        None = "none" => "Aucune procédure",
        JusticeProcedure = "justice_procedure" => "Procédure judiciaire en cours",
        OwnerComplaint = "owner_complaint" => "Plainte du propriétaire",
        JusticeRendered = "justice_rendered" => "Décision de justice rendue",
    }
}

labelled_enum! {
    pub enum AdministrativeOrderFilter {
        Unknown = "unknown" => "Inconnu",
        None = "none" => "Aucune procédure administrative",
        EvacuationUnderTimeLimit = "evacuation_under_time_limit" => "Évacuation sous délai",
    }
}

labelled_enum! {
    pub enum RhiFilter {
        Unknown = "unknown" => "Inconnu",
        None = "none" => "Aucun arrêté",
        InsalubrityOrder = "insalubrity_order" => "Arrêté d'insalubrité (opération RHI)",
    }
}

labelled_enum! {
    /// For closed sites: resorbed with solutions, or closed without.
    pub enum ClosureOutcome {
        Resorbed = "resorbed" => "Résorbé",
        Closed = "closed" => "Fermé sans résorption",
    }
}

labelled_enum! {
    pub enum Zone {
        Hexagone = "hexagone" => "Hexagone",
        OutreMer = "outre_mer" => "Outre-mer",
    }
}

labelled_enum! {
    pub enum SiteSort {
        City = "city" => "Commune",
        BuiltAt = "built_at" => "Date d'installation",
        UpdatedAt = "updated_at" => "Date d'actualisation",
        DeclaredAt = "declared_at" => "Date de signalement",
        ClosedAt = "closed_at" => "Date de fermeture",
    }
}

/// Reads `a,b,c` into a list, naming an unknown value.
pub fn comma_separated<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw: Option<String> = Option::deserialize(deserializer)?;
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(|value| {
            value.parse::<T>().map_err(|e| serde::de::Error::custom(format!("unknown variant `{value}`: {e}")))
        })
        .collect()
}

/// Which sites: status, territory, text and every filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SiteFilter {
    /// `open` (default), `in_progress`, `closed` or `resorbed`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<StatusMode>,
    /// The territory level; with `location_code`.
    #[serde(default)]
    pub location_type: Option<LocationType>,
    #[serde(default)]
    pub location_code: Option<String>,
    /// `hexagone` or `outre_mer`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub zone: Option<Zone>,
    /// Text in the name, the address or the commune (accents and case ignored).
    #[serde(default)]
    pub q: Option<String>,
    /// Comma-separated: `unknown`, `lt10`, `10_99`, `gte100`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub population: Vec<PopulationBucket>,
    /// Comma-separated: `land`, `building`, `unknown`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub field_type: Vec<FieldType>,
    /// Comma-separated: `french`, `european`, `other`, `unknown`, `european_only`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub origin: Vec<OriginFilter>,
    /// With ("true") or without ("false") a resorption target.
    #[serde(default)]
    pub target: Option<bool>,
    /// Justice readers only. Comma-separated: `unknown`, `none`, `justice_procedure`, `owner_complaint`, `justice_rendered`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub justice: Vec<JusticeFilter>,
    /// Justice readers only. Comma-separated: `unknown`, `none`, `evacuation_under_time_limit`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub administrative_order: Vec<AdministrativeOrderFilter>,
    /// Justice readers only. Comma-separated: `unknown`, `none`, `insalubrity_order`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub rhi: Vec<RhiFilter>,
    #[serde(default)]
    pub heatwave: Option<bool>,
    /// With ("true") or without ("false") declared actors.
    #[serde(default)]
    pub actors: Option<bool>,
    /// With ("true") or without ("false") an action led on the site.
    #[serde(default)]
    pub has_action: Option<bool>,
    /// Comma-separated themes whose status is bad or unknown: `water`, `sanitary`, `electricity`, `trash`, `pests`, `fire`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub conditions: Vec<ConditionTheme>,
    /// Closed sites: comma-separated closing causes.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub closing_reason: Vec<SiteStatus>,
    /// Closed sites: `resorbed`, `closed`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub outcome: Vec<ClosureOutcome>,
    /// Closed sites: comma-separated years of closure.
    #[serde(default, deserialize_with = "comma_separated")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub closure_year: Vec<i32>,
    /// The situation as it was at the end of this day (history), instead of now.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

fn push_list<T: Labelled>(pairs: &mut Vec<(String, String)>, name: &str, values: &[T]) {
    if !values.is_empty() {
        pairs.push((name.into(), values.iter().map(|v| v.code()).collect::<Vec<_>>().join(",")));
    }
}

impl SiteFilter {
    pub fn status_mode(&self) -> StatusMode {
        self.status.unwrap_or(StatusMode::Open)
    }

    /// True when a filter reads justice data (refused without the justice permission).
    pub fn uses_justice(&self) -> bool {
        !self.justice.is_empty() || !self.administrative_order.is_empty() || !self.rhi.is_empty()
    }

    /// The (name, value) pairs of a query string, values not yet percent-encoded.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut push = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name.to_owned(), value));
            }
        };
        push("status", self.status.map(|s| s.code().to_owned()));
        push("location_type", self.location_type.map(|t| t.code().to_owned()));
        push("location_code", self.location_code.clone());
        push("zone", self.zone.map(|z| z.code().to_owned()));
        push("q", self.q.clone().filter(|q| !q.trim().is_empty()));
        push("target", self.target.map(|b| b.to_string()));
        push("heatwave", self.heatwave.map(|b| b.to_string()));
        push("actors", self.actors.map(|b| b.to_string()));
        push("has_action", self.has_action.map(|b| b.to_string()));
        push("as_of", self.as_of.map(|d| d.to_string()));
        push_list(&mut pairs, "population", &self.population);
        push_list(&mut pairs, "field_type", &self.field_type);
        push_list(&mut pairs, "origin", &self.origin);
        push_list(&mut pairs, "justice", &self.justice);
        push_list(&mut pairs, "administrative_order", &self.administrative_order);
        push_list(&mut pairs, "rhi", &self.rhi);
        push_list(&mut pairs, "conditions", &self.conditions);
        push_list(&mut pairs, "closing_reason", &self.closing_reason);
        push_list(&mut pairs, "outcome", &self.outcome);
        if !self.closure_year.is_empty() {
            pairs.push((
                "closure_year".into(),
                self.closure_year.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(","),
            ));
        }
        pairs
    }
}
