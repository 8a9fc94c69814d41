//! The same filters on records in memory, for lists "as of" a past date (read from history).
//! `tests/http/sites_list.rs` checks that both ways agree.

use contract::sites::codes::ClosedWithSolutions;
use contract::sites::codes::{ConditionStatus, SiteStatus, SocialOrigin, StatusMode};
use contract::sites::filters::{
    AdministrativeOrderFilter, ClosureOutcome, JusticeFilter, OriginFilter, PopulationBucket, RhiFilter, SiteFilter,
};

use crate::sites::record::SiteRecord;

fn any<T>(values: &[T], test: impl Fn(&T) -> bool) -> bool {
    values.is_empty() || values.iter().any(test)
}

/// True when the record matches the filters that are not about territory or text.
pub fn matches(filter: &SiteFilter, record: &SiteRecord, has_actors: bool) -> bool {
    let data = &record.data;
    let open = record.status == SiteStatus::Open;
    let resorbed = record.closure.as_ref().and_then(|c| c.closed_with_solutions) == Some(ClosedWithSolutions::Yes);
    let status_ok = match filter.status_mode() {
        StatusMode::Open => open,
        StatusMode::InProgress => open && !data.preparatory_phases.is_empty(),
        StatusMode::Closed => !open,
        StatusMode::Resorbed => !open && resorbed,
    };
    let total = data.population.total;
    let origins = &data.social_origins;
    let justice = data.justice.clone().unwrap_or_default();
    status_ok
        && any(&filter.population, |bucket| match bucket {
            PopulationBucket::Unknown => total.is_none(),
            PopulationBucket::LessThan10 => total.is_some_and(|t| t < 10),
            PopulationBucket::From10To99 => total.is_some_and(|t| (10..=99).contains(&t)),
            PopulationBucket::AtLeast100 => total.is_some_and(|t| t >= 100),
        })
        && any(&filter.field_type, |kind| *kind == data.field_type)
        && any(&filter.origin, |origin| match origin {
            OriginFilter::French => origins.contains(&SocialOrigin::French),
            OriginFilter::European => origins.contains(&SocialOrigin::European),
            OriginFilter::Other => origins.contains(&SocialOrigin::Other),
            OriginFilter::Unknown => origins.is_empty(),
            OriginFilter::EuropeanOnly => origins == &[SocialOrigin::European],
        })
        && filter.target.is_none_or(|target| target == record.resorption_target.is_some())
        && any(&filter.justice, |j| match j {
            JusticeFilter::Unknown => justice.justice_procedure.is_none(),
            JusticeFilter::None => justice.justice_procedure == Some(false),
            JusticeFilter::JusticeProcedure => justice.justice_procedure == Some(true),
            JusticeFilter::OwnerComplaint => justice.owner_complaint == Some(true),
            JusticeFilter::JusticeRendered => justice.justice_rendered == Some(true),
        })
        && any(&filter.administrative_order, |a| match a {
            AdministrativeOrderFilter::Unknown => justice.evacuation_under_time_limit.is_none(),
            AdministrativeOrderFilter::None => justice.evacuation_under_time_limit == Some(false),
            AdministrativeOrderFilter::EvacuationUnderTimeLimit => justice.evacuation_under_time_limit == Some(true),
        })
        && any(&filter.rhi, |r| match r {
            RhiFilter::Unknown => justice.insalubrity_order.is_none(),
            RhiFilter::None => justice.insalubrity_order == Some(false),
            RhiFilter::InsalubrityOrder => justice.insalubrity_order == Some(true),
        })
        && filter.heatwave.is_none_or(|heatwave| heatwave == record.heatwave)
        && filter.actors.is_none_or(|wanted| wanted == has_actors)
        && any(&filter.conditions, |theme| {
            matches!(data.living_conditions.status_of(*theme), ConditionStatus::Bad | ConditionStatus::Unknown)
        })
        && any(&filter.closing_reason, |reason| *reason == record.status)
        && any(&filter.outcome, |outcome| match outcome {
            ClosureOutcome::Resorbed => resorbed,
            ClosureOutcome::Closed => !resorbed,
        })
        && any(&filter.closure_year, |year| {
            record.closure.as_ref().is_some_and(|c| chrono::Datelike::year(&c.closed_at) == *year)
        })
}
