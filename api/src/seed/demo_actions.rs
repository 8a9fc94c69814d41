//! Demonstration actions in the départements 93, 13, 44 and 31: ongoing and ended, on sites,
//! in an ETI, in housing and elsewhere, each created with its finances by a pilot, updated by an
//! operator, then given the indicators of its last two or three years. Added only when no
//! action exists. The plausible figures are drawn here for the scale seed too.

use std::ops::RangeInclusive;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use contract::actions::codes::{ActionChangeKind, ActionLocationType, FinanceType, Topic};
use contract::actions::finances::FinanceRow;
use contract::actions::indicators::Indicators;
use contract::actions::input::{ActionInput, EtiLocation};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::actions::record::{ActionRecord, Derived, StoredIndicators};
use crate::actions::{members, store, write};
use crate::db::schema::{actions, site_versions as sv, users};
use crate::db::Conn;
use crate::error::AppResult;
use crate::territories::Geography;

struct Demo {
    name: &'static str,
    departement: &'static str,
    topics: &'static [Topic],
    goals: &'static str,
    location: Place,
    /// E-mails of the demo users.
    pilots: &'static [&'static str],
    operators: &'static [&'static str],
    /// Started this many days ago; ended this many days ago, if it has.
    started_days_ago: i64,
    ended_days_ago: Option<i64>,
}

enum Place {
    Sites(&'static [&'static str]),
    Eti(&'static str, &'static str, f64, f64),
    Housing,
    Other(&'static str),
}

#[rustfmt::skip]
const ACTIONS: &[Demo] = &[
    Demo { name: "Accès aux soins et scolarisation aux Roses et à Pleyel", departement: "93", topics: &[Topic::Health, Topic::School], goals: "Ouvrir les droits à l'assurance maladie de chaque famille et inscrire tous les enfants à l'école.", location: Place::Sites(&["Les Roses", "Pleyel"]), pilots: &["prefecture.93@demo.resorption.fr"], operators: &["asso.93@demo.resorption.fr"], started_days_ago: 600, ended_days_ago: None },
    Demo { name: "Espace temporaire d'accompagnement de Montreuil", departement: "93", topics: &[Topic::Housing, Topic::Work], goals: "Héberger vingt ménages le temps de construire avec eux un parcours vers le logement et l'emploi.", location: Place::Eti("15 rue de Rosny 93100 Montreuil", "93048", 48.8589, 2.4481), pilots: &["prefecture.93@demo.resorption.fr", "commune.93@demo.resorption.fr"], operators: &["asso.93@demo.resorption.fr", "intervenant.93@demo.resorption.fr"], started_days_ago: 400, ended_days_ago: None },
    Demo { name: "Médiation santé au Canal", departement: "93", topics: &[Topic::Health], goals: "Accompagner les habitants du Canal vers les soins de premier recours.", location: Place::Sites(&["Canal"]), pilots: &["prefecture.93@demo.resorption.fr"], operators: &["intervenant.93@demo.resorption.fr"], started_days_ago: 900, ended_days_ago: Some(120) },
    Demo { name: "Accompagnement vers le logement à Marseille", departement: "13", topics: &[Topic::Housing], goals: "Accompagner les ménages relogés dans le parc social pendant leur première année.", location: Place::Housing, pilots: &["national@demo.resorption.fr"], operators: &["asso.13@demo.resorption.fr"], started_days_ago: 1000, ended_days_ago: Some(200) },
    Demo { name: "Insertion professionnelle à Cap Pinède", departement: "13", topics: &[Topic::Work, Topic::Safety], goals: "Proposer une formation qualifiante et un premier contrat aux adultes du site.", location: Place::Sites(&["Cap Pinède"]), pilots: &["national@demo.resorption.fr"], operators: &["asso.13@demo.resorption.fr"], started_days_ago: 300, ended_days_ago: None },
    Demo { name: "Sécurisation de la Prairie de Mauves", departement: "44", topics: &[Topic::Safety, Topic::Health], goals: "Installer des points d'eau et des extincteurs, former les habitants aux premiers secours.", location: Place::Sites(&["Prairie de Mauves"]), pilots: &["observateur.44@demo.resorption.fr"], operators: &["asso.93@demo.resorption.fr"], started_days_ago: 250, ended_days_ago: None },
    Demo { name: "Permanence d'accès aux droits à Toulouse", departement: "31", topics: &[Topic::Health, Topic::Work], goals: "Tenir une permanence hebdomadaire d'accès aux droits pour les familles de Ginestous.", location: Place::Other("Permanence hebdomadaire à la maison des solidarités de Toulouse"), pilots: &["admin@demo.resorption.fr"], operators: &["asso.13@demo.resorption.fr"], started_days_ago: 500, ended_days_ago: None },
];

fn user_ids(conn: &mut Conn, emails: &[&str]) -> AppResult<Vec<i32>> {
    Ok(users::table.filter(users::email.eq_any(emails)).order(users::id).select(users::id).load(conn)?)
}

fn site_ids(conn: &mut Conn, names: &[&str]) -> AppResult<Vec<i32>> {
    Ok(sv::table
        .filter(sv::valid_to.is_null())
        .filter(sv::name.eq_any(names))
        .order(sv::site_id)
        .select(sv::site_id)
        .load(conn)?)
}

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(9, 30, 0).unwrap_or_default()
}

fn input(conn: &mut Conn, demo: &Demo, today: NaiveDate) -> AppResult<ActionInput> {
    let mut input = ActionInput {
        name: demo.name.to_owned(),
        started_at: Some(today - Duration::days(demo.started_days_ago)),
        ended_at: demo.ended_days_ago.map(|days| today - Duration::days(days)),
        topics: demo.topics.to_vec(),
        goals: demo.goals.to_owned(),
        departement_code: demo.departement.to_owned(),
        pilots: user_ids(conn, demo.pilots)?,
        operators: user_ids(conn, demo.operators)?,
        ..ActionInput::default()
    };
    input.principal_operator = input.operators.first().copied();
    match demo.location {
        Place::Sites(names) => {
            input.location_type = Some(ActionLocationType::OnSite);
            input.site_ids = site_ids(conn, names)?;
        }
        Place::Eti(address, city, latitude, longitude) => {
            input.location_type = Some(ActionLocationType::Eti);
            input.eti = Some(EtiLocation {
                address: address.to_owned(),
                city_code: city.to_owned(),
                latitude: Some(latitude),
                longitude: Some(longitude),
            });
        }
        Place::Housing => input.location_type = Some(ActionLocationType::Housing),
        Place::Other(text) => {
            input.location_type = Some(ActionLocationType::Other);
            input.location_other = Some(text.to_owned());
        }
    }
    input.normalize();
    Ok(input)
}

/// `percent` % of `count`, rounded down.
fn part(count: i32, percent: i32) -> i32 {
    count * percent / 100
}

/// Plausible counts of one year for an action with `topics`, drawn top-down from `people` so
/// that each count stays within those it is part of (DOMAIN §10.4), the topics' blocks only.
pub(super) fn plausible_indicators(rng: &mut StdRng, topics: &[Topic], people: i32) -> Indicators {
    let people = people.max(1);
    let households = (people / rng.random_range(3..=5)).clamp(1, people);
    let (women, minors) = (part(people, rng.random_range(40..=55)), part(people, rng.random_range(30..=50)));
    let mut values = Indicators {
        people: Some(people),
        households: Some(households),
        women: Some(women),
        minors: Some(minors),
        ..Indicators::default()
    };
    if topics.contains(&Topic::Health) {
        values.health_people = Some(part(people, rng.random_range(40..=90)));
    }
    if topics.contains(&Topic::Work) {
        let working = part(people - minors, rng.random_range(10..=40));
        values.work_people = Some(working);
        values.work_women = Some(part(working.min(women), rng.random_range(20..=60)));
    }
    if topics.contains(&Topic::Housing) {
        // About four people a household, never more households than people.
        let (sheltered, housed) = (part(people, rng.random_range(10..=50)), part(people, rng.random_range(5..=30)));
        values.shelter_people = Some(sheltered);
        values.shelter_households = Some(((sheltered + 3) / 4).min(households));
        values.housing_people = Some(housed);
        values.housing_households = Some(((housed + 3) / 4).min(households));
    }
    if topics.contains(&Topic::School) {
        let of_age = part(minors, rng.random_range(70..=90));
        let enrolled = part(of_age, rng.random_range(50..=85));
        let (preschool, elementary, middle, high) =
            (part(enrolled, 20), part(enrolled, 45), part(enrolled, 20), part(enrolled, 10));
        values.school_minors_3_and_over = Some(of_age);
        values.school_mediation = Some(part(of_age, rng.random_range(30..=80)));
        values.school_preschool = Some(preschool);
        values.school_elementary = Some(elementary);
        values.school_middle = Some(middle);
        values.school_high = Some(high);
        values.school_other = Some(enrolled - preschool - elementary - middle - high);
    }
    values
}

/// The co-fundings an action may have beside the dedicated credits, with their usual comment.
const CO_FUNDINGS: [(FinanceType, Option<&str>); 5] = [
    (FinanceType::State, Some("Crédits de droit commun de la DDETS")),
    (FinanceType::LocalAuthority, Some("Convention avec la commune")),
    (FinanceType::European, Some("FSE+")),
    (FinanceType::Private, Some("Fondation partenaire")),
    (FinanceType::Other, None),
];

/// A row of `euros`, with what was spent: most of it for a past year, part of it this year,
/// nothing yet for a year to come.
fn finance_row(rng: &mut StdRng, year: i32, this_year: i32, kind: FinanceType, euros: i64) -> FinanceRow {
    let spent = match year.cmp(&this_year) {
        std::cmp::Ordering::Less => Some(rng.random_range(70..=100)),
        std::cmp::Ordering::Equal => Some(rng.random_range(40..=90)),
        std::cmp::Ordering::Greater => None,
    };
    FinanceRow {
        year,
        finance_type: kind,
        amount: euros as f64,
        real_amount: spent.map(|percent: i64| (euros * percent) as f64 / 100.0),
        comments: None,
    }
}

/// The finances of an action over `years`: credits dedicated to the resorption every year, and
/// one co-funding some years (DOMAIN §10.3).
pub(super) fn plausible_finances(rng: &mut StdRng, years: RangeInclusive<i32>, this_year: i32) -> Vec<FinanceRow> {
    let mut rows = Vec::new();
    for year in years {
        let dedicated = rng.random_range(15..=120) * 1000;
        let mut row = finance_row(rng, year, this_year, FinanceType::Dedicated, dedicated);
        row.comments = Some("Crédits BOP 135".into());
        rows.push(row);
        if rng.random_bool(0.5) {
            let (kind, comment) = CO_FUNDINGS[rng.random_range(0..CO_FUNDINGS.len())];
            let euros = rng.random_range(4..=80) * 500;
            let mut row = finance_row(rng, year, this_year, kind, euros);
            row.comments = comment.map(str::to_owned);
            rows.push(row);
        }
    }
    contract::actions::finances::normalize(&mut rows);
    rows
}

/// The years of an action that may have indicators: at most the `count` last of its years up
/// to this one (a year to come has none).
pub(super) fn indicator_years(data: &ActionInput, today: NaiveDate, count: i32) -> Vec<i32> {
    let Some((first, last)) = data.years(today) else { return Vec::new() };
    let last = last.min(today.year());
    ((last - count + 1).max(first)..=last).collect()
}

/// The third version of a demo action: its operator enters the indicators of its last years,
/// three weeks ago (or a week after the update, if later).
fn enter_indicators(
    conn: &mut Conn,
    rng: &mut StdRng,
    record: &mut ActionRecord,
    derived: &Derived,
    today: NaiveDate,
) -> AppResult<()> {
    let entered = at(today - Duration::days(21)).max(record.updated_at + Duration::days(7));
    let people = rng.random_range(20..=90);
    let count = rng.random_range(2..=3);
    let mut entries = Vec::new();
    for year in indicator_years(&record.data, today, count) {
        // The people followed vary a little from one year to the next.
        let followed = part(people, rng.random_range(85..=115));
        let values = plausible_indicators(rng, &record.data.topics, followed);
        entries.push(StoredIndicators { year, values, updated_at: entered, updated_by: record.updated_by });
    }
    record.indicators = entries;
    if record.indicators.is_empty() {
        return Ok(());
    }
    record.updated_at = entered;
    let version = record.version;
    store::save_as(conn, record, version, derived, ActionChangeKind::Indicators)
}

/// Creates the demonstration actions when there is none. Returns how many were created.
pub fn seed(conn: &mut Conn, geography: &Geography) -> AppResult<usize> {
    let existing: i64 = actions::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(0);
    }
    let today = chrono::Utc::now().date_naive();
    let mut created = 0;
    for (index, demo) in ACTIONS.iter().enumerate() {
        let mut data = input(conn, demo, today)?;
        // A demo without its people or sites (a partial demo database) is left out.
        if data.pilots.is_empty() || data.operators.is_empty() || !data.check().is_empty() {
            continue;
        }
        let mut figures = StdRng::seed_from_u64(index as u64);
        if let Some((first, last)) = data.years(today) {
            data.finances = plausible_finances(&mut figures, first..=last, today.year());
        }
        // The first version had no end date and one topic fewer; the second set them.
        let (ended_at, topics) = (data.ended_at.take(), data.topics.clone());
        if topics.len() > 1 {
            data.topics.pop();
        }
        let people = members::people(conn, &[data.pilots.clone(), data.operators.clone()].concat())?;
        let author = data.pilots.first().copied();
        let started = at(today - Duration::days(demo.started_days_ago));
        let mut record = ActionRecord {
            id: 0,
            version: 1,
            data: data.clone(),
            indicators: Vec::new(),
            created_at: started,
            created_by: author,
            updated_at: started,
            updated_by: author,
        };
        let derived = write::derive(conn, geography, &record.data, &people)?;
        store::insert(conn, &mut record, &derived)?;
        record.data.ended_at = ended_at;
        record.data.topics = topics;
        let later = today - Duration::days(demo.ended_days_ago.unwrap_or(demo.started_days_ago / 2));
        record.updated_at = at(later).max(started + Duration::hours(1));
        record.updated_by = data.operators.first().copied();
        let derived = write::derive(conn, geography, &record.data, &people)?;
        store::save(conn, &mut record, 1, &derived)?;
        enter_indicators(conn, &mut figures, &mut record, &derived, today)?;
        created += 1;
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use contract::Labelled;

    use super::*;

    #[test]
    fn the_plausible_figures_follow_every_rule() {
        let mut rng = StdRng::seed_from_u64(7);
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        for round in 0..2000 {
            let topics: Vec<Topic> = Topic::ALL.iter().copied().filter(|_| rng.random_bool(0.5)).collect();
            let people = rng.random_range(1..=300);
            let values = plausible_indicators(&mut rng, &topics, people);
            assert_eq!(values.check(&topics), Vec::new(), "{round}: {values:?} for {topics:?}");
            let first = rng.random_range(2019..=2027);
            let last = first + rng.random_range(0..=4);
            let rows = plausible_finances(&mut rng, first..=last, 2026);
            let mut errors = Vec::new();
            contract::actions::finances::check(&rows, first, last, &mut errors);
            assert_eq!(errors, Vec::new(), "{round}: {rows:?}");
            assert!(rows.iter().all(|row| row.real_amount.is_none() == (row.year > 2026)), "{rows:?}");
        }
        let data = ActionInput { started_at: NaiveDate::from_ymd_opt(2024, 3, 1), ..ActionInput::default() };
        assert_eq!(indicator_years(&data, today, 3), vec![2024, 2025, 2026], "none for next year");
        let data = ActionInput { started_at: NaiveDate::from_ymd_opt(2026, 3, 1), ..ActionInput::default() };
        assert_eq!(indicator_years(&data, today, 3), vec![2026]);
    }
}
