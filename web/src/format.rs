//! Dates as French readers expect them, in the browser's time zone (the API speaks UTC).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    let millis = at.timestamp_millis() as f64;
    // getTimezoneOffset is "UTC minus local" in minutes, for that very instant (summer time aware).
    let offset = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis)).get_timezone_offset();
    at.naive_utc() - Duration::minutes(offset.round() as i64)
}

/// "26/11/2026".
pub fn date(at: DateTime<Utc>) -> String {
    local(at).format("%d/%m/%Y").to_string()
}

/// "26/11/2026 à 15h40".
pub fn date_time(at: DateTime<Utc>) -> String {
    local(at).format("%d/%m/%Y à %Hh%M").to_string()
}

/// True when the instant is past, by the browser's clock.
pub fn is_past(at: DateTime<Utc>) -> bool {
    (at.timestamp_millis() as f64) < js_sys::Date::now()
}

/// "26/11/2026", for a calendar day.
pub fn day(day: chrono::NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// "45 personnes", "1 personne"; for an unknown count, "nombre de personnes inconnu".
pub fn people(count: Option<i32>) -> String {
    match count {
        None => "nombre de personnes inconnu".into(),
        Some(1) => "1 personne".into(),
        Some(n) => format!("{n} personnes"),
    }
}

/// "3 sites", "1 site", "aucun site".
pub fn count(n: i64, one: &str, many: &str) -> String {
    match n {
        0 => format!("aucun {one}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// "oui", "non", "inconnu".
pub fn yes_no(answer: Option<bool>) -> &'static str {
    match answer {
        Some(true) => "oui",
        Some(false) => "non",
        None => "inconnu",
    }
}
