//! Builds the answer about one action for one caller.

use contract::actions::codes::{ActionLocationType, ActionPhase};
use contract::actions::indicators::YearIndicators;
use contract::actions::output::{Action, EtiPlace};
use contract::territories::{LocationType, TerritoryRef};

use super::access::Reachable;
use super::record::ActionRecord;
use crate::auth::Actor;
use crate::db::{utc, Conn};
use crate::error::AppResult;
use crate::territories::Geography;

fn territory(geography: &Geography, level: LocationType, code: &str) -> TerritoryRef {
    let found = geography.resolve(level, Some(code));
    let named = match level {
        LocationType::City => found.and_then(|f| f.city),
        _ => found.and_then(|f| f.departement),
    };
    named.unwrap_or_else(|| TerritoryRef { code: code.to_owned(), name: code.to_owned() })
}

/// The action with everything the caller may read of it.
pub fn action(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    reachable: &Reachable,
    record: ActionRecord,
) -> AppResult<Action> {
    let indicators_updated_at = record.indicators_updated_at().map(utc);
    let data = record.data;
    let mut people: Vec<i32> = data.pilots.iter().chain(&data.operators).copied().collect();
    people.extend(record.created_by);
    people.extend(record.updated_by);
    let refs = crate::users::store::refs(conn, &people)?;
    let named = |ids: &[i32]| ids.iter().filter_map(|id| refs.get(id).cloned()).collect::<Vec<_>>();
    let departement = territory(geography, LocationType::Departement, &data.departement_code);
    let region = geography
        .resolve(LocationType::Departement, Some(&data.departement_code))
        .and_then(|found| found.region)
        .unwrap_or_else(|| TerritoryRef { code: reachable.located.region_code.clone(), name: String::new() });
    let today = crate::sites::write::today();
    Ok(Action {
        id: record.id,
        version: record.version,
        phase: if data.is_ended(today) { ActionPhase::Ended } else { ActionPhase::Ongoing },
        started_at: data.started_at.unwrap_or_default(),
        ended_at: data.ended_at,
        topics: data.topics.clone(),
        goals: data.goals.clone(),
        departement,
        region,
        location_type: data.location_type.unwrap_or(ActionLocationType::Other),
        eti: data.eti.as_ref().map(|eti| EtiPlace {
            address: eti.address.clone(),
            city: territory(geography, LocationType::City, &eti.city_code),
            latitude: eti.latitude,
            longitude: eti.longitude,
        }),
        sites: crate::sites::view::links(conn, actor, &data.site_ids)?,
        location_other: data.location_other.clone(),
        pilots: named(&data.pilots),
        operators: named(&data.operators),
        principal_operator: data.principal_operator,
        finances: reachable.reads_finances(actor).then(|| data.finances.clone()),
        indicators: record
            .indicators
            .iter()
            .map(|year| YearIndicators {
                year: year.year,
                values: year.values.clone(),
                updated_at: utc(year.updated_at),
                updated_by: year.updated_by,
            })
            .collect(),
        indicators_updated_at,
        created_at: utc(record.created_at),
        created_by: record.created_by.and_then(|id| refs.get(&id).cloned()),
        updated_at: utc(record.updated_at),
        updated_by: record.updated_by.and_then(|id| refs.get(&id).cloned()),
        abilities: reachable.abilities(actor),
        kept_fields: Vec::new(),
        name: data.name,
    })
}
