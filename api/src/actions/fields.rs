//! Every field of an action as people read it, for the history: a stable path, a French label
//! and a rendered value. Pilots and operators are named by the caller's `name_of`.

use contract::actions::input::ActionInput;
use contract::sites::history::FieldChange;
use contract::Labelled;

use crate::sites::fields::{french_date, NOT_SET};

pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub value: String,
}

fn or_not_set(value: String) -> String {
    if value.is_empty() {
        NOT_SET.into()
    } else {
        value
    }
}

/// Every field of an action's data, in display order.
pub fn fields(data: &ActionInput, name_of: &dyn Fn(i32) -> String) -> Vec<Field> {
    let names = |ids: &[i32]| or_not_set(ids.iter().map(|id| name_of(*id)).collect::<Vec<_>>().join(", "));
    let eti = data.eti.as_ref();
    let mut out = vec![
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
    out.iter_mut().for_each(|(_, _, value)| *value = or_not_set(std::mem::take(value)));
    out.into_iter().map(|(path, label, value)| Field { path, label, value }).collect()
}

/// The fields whose value changed from `old` to `new`.
pub fn diff(old: &[Field], new: &[Field]) -> Vec<FieldChange> {
    new.iter()
        .zip(old)
        .filter(|(new, old)| new.value != old.value)
        .map(|(new, old)| FieldChange {
            field: new.path.to_owned(),
            label: new.label.to_owned(),
            before: old.value.clone(),
            after: new.value.clone(),
        })
        .collect()
}
