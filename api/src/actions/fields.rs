//! Every field of an action as people read it, for the history: a stable path, a French label
//! and a rendered value. Pilots and operators are named by the caller's `name_of`; finances are
//! marked so that only finance readers see them change.

use contract::actions::indicators::FIELDS;
use contract::sites::history::FieldChange;
use contract::Labelled;

use super::record::ActionRecord;
use crate::sites::fields::{french_date, NOT_SET};

pub struct Field {
    pub path: String,
    pub label: String,
    pub value: String,
    /// Finances: shown to finance readers only.
    pub restricted: bool,
}

fn or_not_set(value: String) -> String {
    if value.is_empty() {
        NOT_SET.into()
    } else {
        value
    }
}

/// "45 000,50 €".
pub fn euros(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let (whole, fraction) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    let sign = if whole < 0 { "-" } else { "" };
    format!("{sign}{grouped},{fraction:02} €")
}

/// Every field of an action, in display order.
pub fn fields(record: &ActionRecord, name_of: &dyn Fn(i32) -> String) -> Vec<Field> {
    let data = &record.data;
    let names = |ids: &[i32]| ids.iter().map(|id| name_of(*id)).collect::<Vec<_>>().join(", ");
    let eti = data.eti.as_ref();
    let plain: Vec<(&str, &str, String)> = vec![
        ("name", "Nom de l'action", data.name.clone()),
        ("started_at", "Date de début", data.started_at.map(french_date).unwrap_or_default()),
        ("ended_at", "Date de fin", data.ended_at.map(french_date).unwrap_or_default()),
        ("topics", "Champs d'intervention", data.topics.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")),
        ("goals", "Objectifs de l'action", data.goals.clone()),
        ("departement_code", "Département", data.departement_code.clone()),
        ("location_type", "Lieu de l'action", data.location_type.map(|t| t.label().to_owned()).unwrap_or_default()),
        ("eti.address", "Adresse de l'ETI", eti.map(|e| e.address.clone()).unwrap_or_default()),
        ("eti.city_code", "Commune de l'ETI", eti.map(|e| e.city_code.clone()).unwrap_or_default()),
        ("site_ids", "Sites", data.site_ids.iter().map(|id| format!("n°{id}")).collect::<Vec<_>>().join(", ")),
        ("location_other", "Précisions sur le lieu", data.location_other.clone().unwrap_or_default()),
        ("pilots", "Pilotes de l'action", names(&data.pilots)),
        ("operators", "Opérateurs de l'action", names(&data.operators)),
        ("principal_operator", "Opérateur principal", data.principal_operator.map(name_of).unwrap_or_default()),
    ];
    let mut out: Vec<Field> = plain
        .into_iter()
        .map(|(path, label, value)| Field {
            path: path.to_owned(),
            label: label.to_owned(),
            value: or_not_set(value),
            restricted: false,
        })
        .collect();
    let finances = data
        .finances
        .iter()
        .map(|row| {
            let executed = row.real_amount.map(|amount| format!(", {} exécutés", euros(amount))).unwrap_or_default();
            format!("{} · {} : {} prévus{executed}", row.year, row.finance_type.label(), euros(row.amount))
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    out.push(Field {
        path: "finances".into(),
        label: "Financements".into(),
        value: or_not_set(finances),
        restricted: true,
    });
    for entry in &record.indicators {
        for ((field, label, _), value) in FIELDS.iter().zip(entry.values.values()) {
            out.push(Field {
                path: format!("indicators.{}.{field}", entry.year),
                label: format!("{label} ({})", entry.year),
                value: value.map(|v| v.to_string()).unwrap_or_else(|| NOT_SET.into()),
                restricted: false,
            });
        }
    }
    out
}

/// The fields whose value changed from `old` to `new` (finances only for finance readers). A
/// field present on one side only (a year of indicators added or removed) counts as changed.
pub fn diff(old: &[Field], new: &[Field], finances: bool) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for field in new {
        if field.restricted && !finances {
            continue;
        }
        let before = old.iter().find(|o| o.path == field.path).map(|o| o.value.clone());
        let before = before.unwrap_or_else(|| NOT_SET.into());
        if before != field.value {
            changes.push(FieldChange {
                field: field.path.clone(),
                label: field.label.clone(),
                before,
                after: field.value.clone(),
            });
        }
    }
    for field in old {
        if !new.iter().any(|n| n.path == field.path) && field.value != NOT_SET {
            changes.push(FieldChange {
                field: field.path.clone(),
                label: field.label.clone(),
                before: field.value.clone(),
                after: NOT_SET.into(),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_french_euros() {
        assert_eq!(euros(45000.5), "45\u{202f}000,50 €");
        assert_eq!(euros(0.0), "0,00 €");
        assert_eq!(euros(1234567.891), "1\u{202f}234\u{202f}567,89 €");
    }
}
