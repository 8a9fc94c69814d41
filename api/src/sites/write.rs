//! Declaring and updating sites: every rule of DOMAIN §6 on the whole input, whatever the
//! client sent, then one new version. Restricted blocks a caller may not write keep their
//! stored values.

use chrono::NaiveDate;
use contract::access::{Entity, Feature};
use contract::problem::FieldError;
use contract::sites::codes::SiteStatus;
use contract::sites::history::ChangeKind;
use contract::sites::input::SiteInput;
use contract::territories::LocationType;
use diesel::prelude::*;
use serde_json::Value;

use super::access;
use super::record::SiteRecord;
use super::store;
use crate::access::Place;
use crate::auth::Actor;
use crate::db::schema::site_versions as sv;
use crate::db::{now, Conn};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Runs every rule; one error per faulty field.
fn check(conn: &mut Conn, geography: &Geography, actor: &Actor, input: &SiteInput) -> AppResult<()> {
    let mut errors = input.check(today());
    if geography.resolve(LocationType::City, Some(&input.city_code)).is_none() {
        errors.push(FieldError::new("city_code", "unknown_territory", "Commune inconnue."));
    }
    if !input.reinstallation_incoming_sites.is_empty() {
        let readable = super::view::links(conn, actor, &input.reinstallation_incoming_sites)?;
        if readable.len() != input.reinstallation_incoming_sites.len() {
            errors.push(FieldError::new(
                "reinstallation_incoming_sites",
                "unknown_site",
                "Un des sites d'origine est inconnu ou hors de votre territoire.",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Keeps only what the actor may write at `place`; restricted blocks fall back to `stored`.
fn keep_writable(input: &mut SiteInput, stored: Option<&SiteInput>, actor: &Actor, place: Place<'_>) {
    if !access::reads_justice(actor, place) {
        input.justice = stored.and_then(|s| s.justice.clone());
    }
    if !access::reads_owners(actor, place) {
        input.owners = stored.and_then(|s| s.owners.clone());
    }
    input.justice.get_or_insert_with(Default::default);
    input.owners.get_or_insert_with(Vec::new);
}

/// Declares a site.
pub fn create(conn: &mut Conn, geography: &Geography, actor: &Actor, mut input: SiteInput) -> AppResult<SiteRecord> {
    if !actor.permissions.allows_somewhere(Entity::Site, Feature::Create) {
        return Err(AppError::forbidden());
    }
    input.normalize();
    if let Some(location) = geography.resolve(LocationType::City, Some(&input.city_code)) {
        actor.require(Entity::Site, Feature::Create, location.place())?;
        keep_writable(&mut input, None, actor, location.place());
        input.normalize();
    }
    check(conn, geography, actor, &input)?;
    let at = now();
    let updated_at = input.updated_at.take();
    let mut record = SiteRecord {
        id: 0,
        version: 1,
        status: SiteStatus::Open,
        data_updated_at: updated_at.unwrap_or_else(today),
        data: input,
        closure: None,
        heatwave: false,
        resorption_target: None,
        updated_without_any_change: false,
        created_at: at,
        created_by: Some(actor.id()),
        updated_at: at,
        updated_by: Some(actor.id()),
    };
    store::insert(conn, geography, &mut record)?;
    Ok(record)
}

/// Applies an RFC 7396 merge patch: objects merge key by key, `null` removes, anything else
/// replaces.
pub fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(key);
                } else {
                    merge(target.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// Loads a site the actor may update, checking the version they read.
pub fn editable(
    conn: &mut Conn,
    actor: &Actor,
    id: i32,
    expected_version: i32,
) -> AppResult<(store::Located, SiteRecord)> {
    let located = access::readable(conn, actor, id)?;
    access::require(actor, &located, Feature::Update)?;
    if located.version != expected_version {
        return Err(AppError::PreconditionFailed { current_version: located.version });
    }
    let record = store::current(conn, id)?.ok_or(AppError::NotFound)?;
    if !record.is_open() {
        return Err(AppError::Conflict {
            code: "site_closed",
            detail: "Un site fermé ne peut plus être mis à jour.".into(),
        });
    }
    Ok((located, record))
}

/// Updates a site with a merge patch over what the actor may see of it.
pub fn update(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    patch: &Value,
) -> AppResult<SiteRecord> {
    let (located, mut record) = editable(conn, actor, id, expected_version)?;
    let mut visible = record.clone();
    access::redact(&mut visible, actor, located.place());
    let mut merged = serde_json::to_value(&visible.data).map_err(AppError::internal)?;
    merge(&mut merged, patch);
    let bytes = serde_json::to_vec(&merged).map_err(AppError::internal)?;
    let mut input: SiteInput = crate::extract::parse_json(&bytes)?;
    input.normalize();
    if input.city_code != record.data.city_code {
        if let Some(location) = geography.resolve(LocationType::City, Some(&input.city_code)) {
            actor.require(Entity::Site, Feature::Update, location.place())?;
        }
    }
    keep_writable(&mut input, Some(&record.data), actor, located.place());
    input.normalize();
    check(conn, geography, actor, &input)?;
    let data_updated_at = input.updated_at.take().unwrap_or_else(today);
    if data_updated_at < record.data_updated_at {
        return Err(AppError::field(
            "updated_at",
            "before_previous_update",
            "La date de mise à jour ne peut précéder la précédente.",
        ));
    }
    if input == record.data {
        return Err(AppError::field(
            "updated_at",
            "no_change",
            "Aucune donnée n'a changé : confirmez plutôt que les données sont à jour.",
        ));
    }
    record.data = input;
    record.data_updated_at = data_updated_at;
    record.updated_without_any_change = false;
    record.updated_at = now();
    record.updated_by = Some(actor.id());
    store::save(conn, geography, &mut record, expected_version, ChangeKind::Update)?;
    Ok(record)
}

/// Records that the data was checked and is still right, refreshing its date.
pub fn confirm(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    id: i32,
    expected_version: i32,
) -> AppResult<SiteRecord> {
    let (_, mut record) = editable(conn, actor, id, expected_version)?;
    record.data_updated_at = today();
    record.updated_without_any_change = true;
    record.updated_at = now();
    record.updated_by = Some(actor.id());
    store::save(conn, geography, &mut record, expected_version, ChangeKind::Confirmation)?;
    Ok(record)
}

/// Open sites of the caller's read scope within `radius` metres of a point, nearest first.
pub fn nearby(
    conn: &mut Conn,
    actor: &Actor,
    latitude: f64,
    longitude: f64,
    radius: f64,
) -> AppResult<Vec<contract::sites::output::NearbySite>> {
    let scope = actor.scope(Entity::Site, Feature::List)?.clone();
    let delta_lat = radius / 111_320.0;
    let delta_lon = radius / (111_320.0 * latitude.to_radians().cos().abs().max(0.01));
    // Among the current versions.
    let query = sv::table
        .filter(sv::valid_to.is_null())
        .filter(sv::status.eq("open"))
        .filter(sv::latitude.between(latitude - delta_lat, latitude + delta_lat))
        .filter(sv::longitude.between(longitude - delta_lon, longitude + delta_lon))
        .into_boxed();
    let query =
        crate::filter_in_scope!(query, &scope, sv::region_code, sv::departement_code, sv::epci_code, sv::city_code);
    type Near =
        (i32, Option<String>, Option<String>, Option<String>, Option<String>, Option<i32>, Option<f64>, Option<f64>);
    let rows: Vec<Near> = query
        .select((
            sv::site_id,
            sv::address,
            sv::name,
            sv::city_name,
            sv::field_type,
            sv::population_total,
            sv::latitude,
            sv::longitude,
        ))
        .load(conn)?;
    let mut found: Vec<_> = rows
        .into_iter()
        .filter_map(|(id, address, name, city_name, field_type, population_total, lat, lon)| {
            let distance = haversine(latitude, longitude, lat?, lon?);
            (distance <= radius).then(|| contract::sites::output::NearbySite {
                id,
                display_name: super::record::display_name(address.as_deref().unwrap_or_default(), name.as_deref()),
                city_name: city_name.unwrap_or_default(),
                field_type: field_type
                    .as_deref()
                    .and_then(|code| crate::users::model::decode(code).ok())
                    .unwrap_or(contract::sites::codes::FieldType::Unknown),
                population_total,
                distance: distance.round() as i32,
            })
        })
        .collect();
    found.sort_by_key(|site| site.distance);
    found.truncate(10);
    Ok(found)
}

/// Distance in metres between two points on the Earth.
pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let (dphi, dlambda) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut target = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2]});
        merge(&mut target, &serde_json::json!({"b": {"c": null, "x": 5}, "e": [3], "f": "new"}));
        assert_eq!(target, serde_json::json!({"a": 1, "b": {"d": 3, "x": 5}, "e": [3], "f": "new"}));
    }

    #[test]
    fn haversine_measures_metres() {
        let d = haversine(48.8566, 2.3522, 48.8566, 2.3622);
        assert!((700.0..760.0).contains(&d), "{d}");
    }
}
