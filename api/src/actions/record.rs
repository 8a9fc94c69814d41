//! An action as stored: the whole record, serialised as the snapshot of each version, and what
//! is derived from it for the columns of a version and the tables of the current one.

use chrono::NaiveDateTime;
use contract::actions::indicators::Indicators;
use contract::actions::input::ActionInput;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// Everything known about an action at one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub id: i32,
    pub version: i32,
    /// The data as entered, normalised.
    pub data: ActionInput,
    /// The indicators of each year entered, by year.
    #[serde(default)]
    pub indicators: Vec<StoredIndicators>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i32>,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<i32>,
}

/// The indicators of one year as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredIndicators {
    pub year: i32,
    pub values: Indicators,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<i32>,
}

impl ActionRecord {
    /// When indicators were last entered, for the list's status tag.
    pub fn indicators_updated_at(&self) -> Option<NaiveDateTime> {
        self.indicators.iter().map(|year| year.updated_at).max()
    }

    /// ",2024,2025,": the years with indicators, for the list filter.
    pub fn indicator_years(&self) -> String {
        let years: Vec<String> = self.indicators.iter().map(|year| year.year.to_string()).collect();
        delimited(years.iter().map(String::as_str))
    }

    pub fn to_snapshot(&self) -> AppResult<String> {
        serde_json::to_string(self).map_err(AppError::internal)
    }

    pub fn from_snapshot(snapshot: &str) -> AppResult<Self> {
        serde_json::from_str(snapshot).map_err(|error| AppError::internal(format!("action snapshot: {error}")))
    }
}

/// What a version stores beside the snapshot, computed by the write path from the record and
/// the database (organizations of the people, communes of the sites).
#[derive(Debug, Clone, Default)]
pub struct Derived {
    pub region_code: String,
    /// ",93048,93066,": communes of the ETI and of the sites.
    pub city_codes: String,
    pub epci_codes: String,
    /// Name, communes, pilots and operators with their organizations, normalised.
    pub search_text: String,
    pub members: Vec<Member>,
}

/// A pilot or an operator of the current version, with the organization access reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: i32,
    pub organization_id: i32,
    pub role: MemberRole,
    pub is_principal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    Pilot,
    Operator,
}

impl MemberRole {
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Pilot => "pilot",
            MemberRole::Operator => "operator",
        }
    }
}

/// ",a,b,": a list stored so that `LIKE '%,a,%'` finds one of its items.
pub fn delimited<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(",");
    for item in items {
        out.push_str(item);
        out.push(',');
    }
    out
}
