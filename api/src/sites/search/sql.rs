//! The filters of DOMAIN §16.1 as SQL on the `sites` table, inside the caller's scope.

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
use crate::config::Backend;
use crate::db::schema::{site_actors, site_origins, sites};
use crate::db::DbBackend;
use crate::error::{AppError, AppResult};
use crate::filter_in_scope;
use crate::territories::Geography;

pub type SiteQuery = sites::BoxedQuery<'static, DbBackend>;
type Condition = Box<dyn BoxableExpression<sites::table, DbBackend, SqlType = Nullable<Bool>>>;

diesel::table! {
    /// SQLite's trigram index of `sites.search_text`, an FTS5 table kept by triggers (migration
    /// 000004); PostgreSQL has a GIN index on the column instead.
    sites_search (rowid) {
        rowid -> Integer,
        search_text -> Text,
    }
}
diesel::allow_tables_to_appear_in_same_query!(sites, sites_search);

/// Sites whose normalised text contains `pattern` (a `LIKE` pattern), by each database's
/// trigram index: the same answer as `search_text LIKE pattern`, without reading every site.
fn text_contains(backend: Backend, pattern: String) -> Condition {
    match backend {
        Backend::Postgres => Box::new(sites::search_text.like(pattern).nullable()),
        Backend::Sqlite => Box::new(
            sites::id
                .eq_any(sites_search::table.filter(sites_search::search_text.like(pattern)).select(sites_search::rowid))
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

fn has_origin(origin: &'static str) -> Condition {
    Box::new(
        exists(site_origins::table.filter(site_origins::site_id.eq(sites::id)).filter(site_origins::origin.eq(origin)))
            .nullable(),
    )
}

fn population(bucket: PopulationBucket) -> Condition {
    match bucket {
        PopulationBucket::Unknown => Box::new(sites::population_total.is_null().nullable()),
        PopulationBucket::LessThan10 => Box::new(sites::population_total.lt(10)),
        PopulationBucket::From10To99 => Box::new(sites::population_total.between(10, 99)),
        PopulationBucket::AtLeast100 => Box::new(sites::population_total.ge(100)),
    }
}

fn origin(filter: OriginFilter) -> Condition {
    let any_origin = || exists(site_origins::table.filter(site_origins::site_id.eq(sites::id)));
    match filter {
        OriginFilter::French => has_origin("french"),
        OriginFilter::European => has_origin("european"),
        OriginFilter::Other => has_origin("other"),
        OriginFilter::Unknown => Box::new(not(any_origin()).nullable()),
        OriginFilter::EuropeanOnly => Box::new(
            has_origin("european").and(
                not(exists(
                    site_origins::table
                        .filter(site_origins::site_id.eq(sites::id))
                        .filter(site_origins::origin.ne("european")),
                ))
                .nullable(),
            ),
        ),
    }
}

fn justice(filter: JusticeFilter) -> Condition {
    match filter {
        JusticeFilter::Unknown => Box::new(sites::justice_procedure.is_null().nullable()),
        JusticeFilter::None => Box::new(sites::justice_procedure.eq(false)),
        JusticeFilter::JusticeProcedure => Box::new(sites::justice_procedure.eq(true)),
        JusticeFilter::OwnerComplaint => Box::new(sites::justice_owner_complaint.eq(true)),
        JusticeFilter::JusticeRendered => Box::new(sites::justice_rendered.eq(true)),
    }
}

fn administrative_order(filter: AdministrativeOrderFilter) -> Condition {
    match filter {
        AdministrativeOrderFilter::Unknown => Box::new(sites::justice_evacuation_order.is_null().nullable()),
        AdministrativeOrderFilter::None => Box::new(sites::justice_evacuation_order.eq(false)),
        AdministrativeOrderFilter::EvacuationUnderTimeLimit => Box::new(sites::justice_evacuation_order.eq(true)),
    }
}

fn rhi(filter: RhiFilter) -> Condition {
    match filter {
        RhiFilter::Unknown => Box::new(sites::justice_insalubrity_order.is_null().nullable()),
        RhiFilter::None => Box::new(sites::justice_insalubrity_order.eq(false)),
        RhiFilter::InsalubrityOrder => Box::new(sites::justice_insalubrity_order.eq(true)),
    }
}

fn poor_condition(theme: ConditionTheme) -> Condition {
    let poor = vec![ConditionStatus::Bad.code(), ConditionStatus::Unknown.code()];
    match theme {
        ConditionTheme::Water => Box::new(sites::water_status.eq_any(poor).nullable()),
        ConditionTheme::Sanitary => Box::new(sites::sanitary_status.eq_any(poor).nullable()),
        ConditionTheme::Electricity => Box::new(sites::electricity_status.eq_any(poor).nullable()),
        ConditionTheme::Trash => Box::new(sites::trash_status.eq_any(poor).nullable()),
        ConditionTheme::Pests => Box::new(sites::pests_status.eq_any(poor).nullable()),
        ConditionTheme::Fire => Box::new(sites::fire_status.eq_any(poor).nullable()),
    }
}

/// The overseas régions, for the `zone` filter.
pub fn overseas_regions(geography: &Geography) -> Vec<String> {
    geography.regions.iter().filter(|(_, region)| region.overseas).map(|(code, _)| code.clone()).collect()
}

/// Sites of the caller's list scope matching every filter (not the `as_of` one).
pub fn filtered(backend: Backend, actor: &Actor, geography: &Geography, filter: &SiteFilter) -> AppResult<SiteQuery> {
    let scope = actor.scope(Entity::Site, Feature::List)?;
    let mut query = sites::table.into_boxed();
    query =
        filter_in_scope!(query, scope, sites::region_code, sites::departement_code, sites::epci_code, sites::city_code);
    query = match filter.status_mode() {
        StatusMode::Open => query.filter(sites::status.eq("open")),
        StatusMode::InProgress => query.filter(sites::status.eq("open")).filter(sites::has_phases.eq(true)),
        StatusMode::Closed => query.filter(sites::status.ne("open")),
        StatusMode::Resorbed => query.filter(sites::status.ne("open")).filter(sites::closed_with_solutions.eq("yes")),
    };
    let territory = geography.territory_filter(filter.location_type, filter.location_code.as_deref())?;
    query = crate::filter_by_territory!(
        query,
        territory,
        sites::region_code,
        sites::departement_code,
        sites::epci_code,
        sites::city_code
    );
    query = match filter.zone {
        Some(Zone::Hexagone) => query.filter(sites::region_code.ne_all(overseas_regions(geography))),
        Some(Zone::OutreMer) => query.filter(sites::region_code.eq_any(overseas_regions(geography))),
        None => query,
    };
    for pattern in crate::text::word_patterns(filter.q.as_deref().unwrap_or("")) {
        query = query.filter(text_contains(backend, pattern));
    }
    query = any_of(query, filter.population.iter().map(|b| population(*b)).collect());
    if !filter.field_type.is_empty() {
        query = query.filter(sites::field_type.eq_any(filter.field_type.iter().map(|f| f.code()).collect::<Vec<_>>()));
    }
    query = any_of(query, filter.origin.iter().map(|o| origin(*o)).collect());
    query = match filter.target {
        Some(true) => query.filter(sites::resorption_target.is_not_null()),
        Some(false) => query.filter(sites::resorption_target.is_null()),
        None => query,
    };
    if filter.uses_justice() {
        let justice_scope = actor.scope(Entity::SiteJustice, Feature::Access).map_err(|_| AppError::Forbidden {
            code: "justice_filter_forbidden",
            detail: "Les filtres sur les procédures sont réservés aux personnes habilitées.",
        })?;
        query = filter_in_scope!(
            query,
            justice_scope,
            sites::region_code,
            sites::departement_code,
            sites::epci_code,
            sites::city_code
        );
        query = any_of(query, filter.justice.iter().map(|j| justice(*j)).collect());
        query = any_of(query, filter.administrative_order.iter().map(|a| administrative_order(*a)).collect());
        query = any_of(query, filter.rhi.iter().map(|r| rhi(*r)).collect());
    }
    if let Some(heatwave) = filter.heatwave {
        query = query.filter(sites::heatwave.eq(heatwave));
    }
    let has_actors = || exists(site_actors::table.filter(site_actors::site_id.eq(sites::id)));
    query = match filter.actors {
        Some(true) => query.filter(has_actors()),
        Some(false) => query.filter(not(has_actors())),
        None => query,
    };
    query = any_of(query, filter.conditions.iter().map(|t| poor_condition(*t)).collect());
    if !filter.closing_reason.is_empty() {
        query = query.filter(sites::status.eq_any(filter.closing_reason.iter().map(|s| s.code()).collect::<Vec<_>>()));
    }
    let outcome = |o: &ClosureOutcome| -> Condition {
        match o {
            ClosureOutcome::Resorbed => Box::new(sites::closed_with_solutions.eq("yes")),
            ClosureOutcome::Closed => {
                Box::new(sites::closed_with_solutions.is_null().nullable().or(sites::closed_with_solutions.ne("yes")))
            }
        }
    };
    query = any_of(query, filter.outcome.iter().map(outcome).collect());
    if !filter.closure_year.is_empty() {
        query = query.filter(sites::closed_year.eq_any(filter.closure_year.clone()));
    }
    Ok(query)
}
