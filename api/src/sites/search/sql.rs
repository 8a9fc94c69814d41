//! The filters of DOMAIN §16.1 as SQL on site versions, inside the caller's scope: the current
//! versions (`valid_to IS NULL`) for a list of today, those valid at the end of the day for a
//! list "as of" a date. One engine for both (issue 24).

use contract::access::{Entity, Feature};
use contract::sites::codes::{ConditionStatus, ConditionTheme, StatusMode};
use contract::sites::filters::{
    AdministrativeOrderFilter, ClosureOutcome, JusticeFilter, OriginFilter, PopulationBucket, RhiFilter, SiteFilter,
    Zone,
};
use contract::Labelled;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};

use crate::auth::Actor;
use crate::db::schema::{action_members, action_sites, actions, site_actors, site_versions as sv};
use crate::db::Backend;
use crate::db::DbBackend;
use crate::error::{AppError, AppResult};
use crate::filter_in_scope;
use crate::territories::Geography;

/// Site versions; each site appears once, by its version of the moment asked.
pub type SiteQuery = sv::BoxedQuery<'static, DbBackend>;
type Condition = Box<dyn BoxableExpression<sv::table, DbBackend, SqlType = Nullable<Bool>>>;

diesel::table! {
    /// SQLite's trigram index of `site_versions.search_text`, an FTS5 table kept by triggers
    /// (migration 000008); PostgreSQL has a GIN index on the column instead.
    site_versions_search (rowid) {
        rowid -> Integer,
        search_text -> Text,
    }
}
diesel::allow_tables_to_appear_in_same_query!(sv, site_versions_search);

/// Versions whose normalised text contains `pattern` (a `LIKE` pattern), by each database's
/// trigram index: the same answer as `search_text LIKE pattern`, without reading every version.
fn text_contains(backend: Backend, pattern: String) -> Condition {
    match backend {
        Backend::Postgres => Box::new(sv::search_text.like(pattern)),
        Backend::Sqlite => Box::new(
            sv::id
                .eq_any(
                    site_versions_search::table
                        .filter(site_versions_search::search_text.like(pattern))
                        .select(site_versions_search::rowid),
                )
                .nullable(),
        ),
    }
}

/// OR of conditions (none: no restriction).
fn any_of(query: SiteQuery, conditions: Vec<Condition>) -> SiteQuery {
    let mut conditions = conditions.into_iter();
    match conditions.next() {
        None => query,
        Some(first) => query.filter(conditions.fold(first, |all, next| Box::new(all.or(next)))),
    }
}

fn population(bucket: PopulationBucket) -> Condition {
    match bucket {
        PopulationBucket::Unknown => Box::new(sv::population_total.is_null().nullable()),
        PopulationBucket::LessThan10 => Box::new(sv::population_total.lt(10)),
        PopulationBucket::From10To99 => Box::new(sv::population_total.between(10, 99)),
        PopulationBucket::AtLeast100 => Box::new(sv::population_total.ge(100)),
    }
}

/// Each version carries its origins as three flags.
fn origin(filter: OriginFilter) -> Condition {
    match filter {
        OriginFilter::French => Box::new(sv::origin_french.eq(true)),
        OriginFilter::European => Box::new(sv::origin_european.eq(true)),
        OriginFilter::Other => Box::new(sv::origin_other.eq(true)),
        OriginFilter::Unknown => {
            Box::new(sv::origin_french.eq(false).and(sv::origin_european.eq(false)).and(sv::origin_other.eq(false)))
        }
        OriginFilter::EuropeanOnly => {
            Box::new(sv::origin_european.eq(true).and(sv::origin_french.eq(false)).and(sv::origin_other.eq(false)))
        }
    }
}

fn justice(filter: JusticeFilter) -> Condition {
    match filter {
        JusticeFilter::Unknown => Box::new(sv::justice_procedure.is_null().nullable()),
        JusticeFilter::None => Box::new(sv::justice_procedure.eq(false)),
        JusticeFilter::JusticeProcedure => Box::new(sv::justice_procedure.eq(true)),
        JusticeFilter::OwnerComplaint => Box::new(sv::justice_owner_complaint.eq(true)),
        JusticeFilter::JusticeRendered => Box::new(sv::justice_rendered.eq(true)),
    }
}

fn administrative_order(filter: AdministrativeOrderFilter) -> Condition {
    match filter {
        AdministrativeOrderFilter::Unknown => Box::new(sv::justice_evacuation_order.is_null().nullable()),
        AdministrativeOrderFilter::None => Box::new(sv::justice_evacuation_order.eq(false)),
        AdministrativeOrderFilter::EvacuationUnderTimeLimit => Box::new(sv::justice_evacuation_order.eq(true)),
    }
}

fn rhi(filter: RhiFilter) -> Condition {
    match filter {
        RhiFilter::Unknown => Box::new(sv::justice_insalubrity_order.is_null().nullable()),
        RhiFilter::None => Box::new(sv::justice_insalubrity_order.eq(false)),
        RhiFilter::InsalubrityOrder => Box::new(sv::justice_insalubrity_order.eq(true)),
    }
}

fn poor_condition(theme: ConditionTheme) -> Condition {
    let poor = vec![ConditionStatus::Bad.code(), ConditionStatus::Unknown.code()];
    match theme {
        ConditionTheme::Water => Box::new(sv::water_status.eq_any(poor).nullable()),
        ConditionTheme::Sanitary => Box::new(sv::sanitary_status.eq_any(poor).nullable()),
        ConditionTheme::Electricity => Box::new(sv::electricity_status.eq_any(poor).nullable()),
        ConditionTheme::Trash => Box::new(sv::trash_status.eq_any(poor).nullable()),
        ConditionTheme::Pests => Box::new(sv::pests_status.eq_any(poor).nullable()),
        ConditionTheme::Fire => Box::new(sv::fire_status.eq_any(poor).nullable()),
    }
}

/// The overseas régions, for the `zone` filter.
pub fn overseas_regions(geography: &Geography) -> Vec<String> {
    geography.regions.iter().filter(|(_, region)| region.overseas).map(|(code, _)| code.clone()).collect()
}

/// Sites with an action the caller reads — where they read actions, or of their organization —
/// as the site's page lists them (`actions::links`): an action out of reach counts for nothing.
fn with_readable_action(actor: &Actor) -> Box<dyn BoxableExpression<sv::table, DbBackend, SqlType = Bool>> {
    let on_site = action_sites::table.filter(action_sites::site_id.eq(sv::site_id));
    let scope = actor.permissions.scope(Entity::Action, Feature::Read);
    if scope.is_some_and(|scope| scope.national) {
        return Box::new(exists(on_site));
    }
    let (departements, regions) =
        scope.map(|scope| (scope.departement_codes(), scope.region_codes())).unwrap_or_default();
    let of_organization = action_members::table
        .filter(action_members::organization_id.eq(actor.user.organization_id))
        .select(action_members::action_id);
    let readable = actions::table
        .filter(
            actions::departement_code
                .eq_any(departements)
                .or(actions::region_code.eq_any(regions))
                .or(actions::id.eq_any(of_organization)),
        )
        .select(actions::id);
    Box::new(exists(on_site.filter(action_sites::action_id.eq_any(readable))))
}

/// Versions of the sites of the caller's list scope matching every filter, at the moment
/// `filter.as_of` asks for (now when absent).
pub fn filtered(backend: Backend, actor: &Actor, geography: &Geography, filter: &SiteFilter) -> AppResult<SiteQuery> {
    let scope = actor.scope(Entity::Site, Feature::List)?;
    let mut query = sv::table.into_boxed();
    query = match filter.as_of {
        None => query.filter(sv::valid_to.is_null()),
        Some(day) => {
            if day > crate::sites::write::today() {
                return Err(AppError::field("as_of", "future_date", "La date ne peut pas être dans le futur."));
            }
            // The versions valid at the end of that day. Their data was updated by that day: a
            // version's `data_updated_at` is never after the day it was written (the date is
            // today's or one given, which may be neither in the future nor before the previous
            // one, `SiteInput::check`). Said outright, it lets a past list start its walk of
            // the update-date index at that day instead of reading every later version first.
            let at = crate::sites::routes::end_of(day);
            query
                .filter(sv::valid_from.le(at))
                .filter(sv::valid_to.is_null().or(sv::valid_to.gt(at)))
                .filter(sv::data_updated_at.le(day))
        }
    };
    query = filter_in_scope!(query, scope, sv::region_code, sv::departement_code, sv::epci_code, sv::city_code);
    query = match filter.status_mode() {
        StatusMode::Open => query.filter(sv::status.eq("open")),
        StatusMode::InProgress => query.filter(sv::status.eq("open")).filter(sv::has_phases.eq(true)),
        StatusMode::Closed => query.filter(sv::status.ne("open")),
        StatusMode::Resorbed => query.filter(sv::status.ne("open")).filter(sv::closed_with_solutions.eq("yes")),
    };
    let territory = geography.territory_filter(filter.location_type, filter.location_code.as_deref())?;
    query = crate::filter_by_territory!(
        query,
        territory,
        sv::region_code,
        sv::departement_code,
        sv::epci_code,
        sv::city_code
    );
    query = match filter.zone {
        Some(Zone::Hexagone) => query.filter(sv::region_code.ne_all(overseas_regions(geography))),
        Some(Zone::OutreMer) => query.filter(sv::region_code.eq_any(overseas_regions(geography))),
        None => query,
    };
    for pattern in crate::text::word_patterns(filter.q.as_deref().unwrap_or("")) {
        query = query.filter(text_contains(backend, pattern));
    }
    query = any_of(query, filter.population.iter().map(|b| population(*b)).collect());
    if !filter.field_type.is_empty() {
        query = query.filter(sv::field_type.eq_any(filter.field_type.iter().map(|f| f.code()).collect::<Vec<_>>()));
    }
    query = any_of(query, filter.origin.iter().map(|o| origin(*o)).collect());
    query = match filter.target {
        Some(true) => query.filter(sv::resorption_target.is_not_null()),
        Some(false) => query.filter(sv::resorption_target.is_null()),
        None => query,
    };
    if filter.uses_justice() {
        let justice_scope = actor.scope(Entity::SiteJustice, Feature::Access).map_err(|_| AppError::Forbidden {
            code: "justice_filter_forbidden",
            detail: "Les filtres sur les procédures sont réservés aux personnes habilitées.",
        })?;
        query =
            filter_in_scope!(query, justice_scope, sv::region_code, sv::departement_code, sv::epci_code, sv::city_code);
        query = any_of(query, filter.justice.iter().map(|j| justice(*j)).collect());
        query = any_of(query, filter.administrative_order.iter().map(|a| administrative_order(*a)).collect());
        query = any_of(query, filter.rhi.iter().map(|r| rhi(*r)).collect());
    }
    if let Some(heatwave) = filter.heatwave {
        query = query.filter(sv::heatwave.eq(heatwave));
    }
    let has_actors = || exists(site_actors::table.filter(site_actors::site_id.eq(sv::site_id)));
    query = match filter.actors {
        Some(true) => query.filter(has_actors()),
        Some(false) => query.filter(not(has_actors())),
        None => query,
    };
    if let Some(wanted) = filter.has_action {
        let on_site = with_readable_action(actor);
        query = if wanted { query.filter(on_site) } else { query.filter(not(on_site)) };
    }
    query = any_of(query, filter.conditions.iter().map(|t| poor_condition(*t)).collect());
    if !filter.closing_reason.is_empty() {
        query = query.filter(sv::status.eq_any(filter.closing_reason.iter().map(|s| s.code()).collect::<Vec<_>>()));
    }
    let outcome = |o: &ClosureOutcome| -> Condition {
        match o {
            ClosureOutcome::Resorbed => Box::new(sv::closed_with_solutions.eq("yes")),
            ClosureOutcome::Closed => {
                Box::new(sv::closed_with_solutions.is_null().nullable().or(sv::closed_with_solutions.ne("yes")))
            }
        }
    };
    query = any_of(query, filter.outcome.iter().map(outcome).collect());
    if !filter.closure_year.is_empty() {
        query = query.filter(sv::closed_year.eq_any(filter.closure_year.clone()));
    }
    Ok(query)
}
