//! `resorption seed --scale N`, actions part: about 300 actions per unit, placed where the open
//! sites are, each with 2 to 4 versions and the members and sites of its current one, then one
//! more where an operator enters its indicators. Each has finances and indicators for the years
//! of its span, up to its last five. Columns come from `actions::write::derive`, as on the write
//! path; rows are written in large batches with ids assigned here. Deterministic (fixed random
//! seeds).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use contract::actions::codes::{ActionChangeKind, ActionLocationType, Topic};
use contract::actions::input::{ActionInput, EtiLocation};
use contract::sites::codes::SiteStatus;
use contract::users::UserStatus;
use contract::Labelled;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::actions::members::{self, Person, OPERATOR_CATEGORIES, PILOT_CATEGORIES};
use crate::actions::record::{delimited, ActionRecord, Derived, StoredIndicators};
use crate::db::schema::{action_members as am, action_sites, action_versions, actions, site_versions as sv, users};
use crate::db::{now, Conn, Db};
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

const PER_UNIT: usize = 300;
const BATCH: usize = 500;
const SEED: u64 = 20_261_208;
/// Finances and indicators cover at most this many of an action's last years.
const FIGURE_YEARS: i32 = 5;

/// Name stems with their main topic and goals: a text search on one stem selects a tenth.
#[rustfmt::skip]
const THEMES: [(&str, Topic, &str); 10] = [
    ("Accompagnement santé", Topic::Health, "Ouvrir les droits à l'assurance maladie et accompagner les familles vers les soins."),
    ("Médiation scolaire", Topic::School, "Inscrire les enfants à l'école et suivre leur assiduité avec les familles."),
    ("Insertion professionnelle", Topic::Work, "Proposer une formation qualifiante et un premier contrat aux adultes."),
    ("Accès au logement", Topic::Housing, "Construire avec chaque ménage un parcours vers le logement."),
    ("Sécurisation", Topic::Safety, "Installer des points d'eau et des extincteurs, former aux premiers secours."),
    ("Permanence d'accès aux droits", Topic::Health, "Tenir une permanence hebdomadaire d'ouverture des droits."),
    ("Aide aux devoirs", Topic::School, "Accompagner la scolarité des enfants deux soirs par semaine."),
    ("Chantier d'insertion", Topic::Work, "Employer les adultes volontaires sur un chantier encadré."),
    ("Relogement accompagné", Topic::Housing, "Suivre les ménages relogés pendant leur première année."),
    ("Prévention incendie", Topic::Safety, "Diagnostiquer les risques d'incendie et équiper chaque habitation."),
];

/// Appended to the goals, one per update, so that every version differs from the one before.
const GOAL_STEPS: [&str; 3] = [
    "Point d'étape : les familles sont suivies chaque semaine.",
    "Élargissement aux ménages arrivés depuis le lancement.",
    "Bilan intermédiaire transmis au comité de pilotage.",
];

const ETI_STREETS: [&str; 4] =
    ["rue de la Solidarité", "avenue de la République", "chemin des Écoliers", "rue du Parc"];

const OTHER_PLACES: [&str; 3] =
    ["Permanence à la maison des solidarités", "Accueil de jour du CCAS", "Unité mobile de santé"];

#[derive(Insertable)]
#[diesel(table_name = action_versions, treat_none_as_default_value = false)]
struct VersionRow {
    action_id: i32,
    version: i32,
    kind: String,
    valid_from: NaiveDateTime,
    valid_to: Option<NaiveDateTime>,
    author_id: Option<i32>,
    departement_code: String,
    region_code: String,
    name: String,
    started_at: NaiveDate,
    ended_at: Option<NaiveDate>,
    location_type: String,
    topics: String,
    city_codes: String,
    epci_codes: String,
    search_text: String,
    snapshot: String,
    indicator_years: String,
    indicators_updated_at: Option<NaiveDateTime>,
}

/// The current version of an open site: where actions go, and what names them.
struct OpenSite {
    id: i32,
    departement_code: String,
    city_code: String,
    city_name: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// What every generated action draws from, loaded once.
struct Context {
    pilots: Vec<i32>,
    operators: Vec<i32>,
    people: HashMap<i32, Person>,
    sites: Vec<OpenSite>,
    /// Indexes into `sites`, by département.
    by_departement: HashMap<String, Vec<usize>>,
}

/// One action: what all its versions store beside the snapshot (only the goals, topics and end
/// date change between them, and `derive` reads none of these), then its versions, oldest first.
type Generated = (Derived, Vec<(ActionChangeKind, ActionRecord)>);

fn of_kind(active: &[i32], people: &HashMap<i32, Person>, categories: &[&str]) -> Vec<i32> {
    let fits = |id: &i32| people.get(id).is_some_and(|person| categories.contains(&person.category.as_str()));
    active.iter().copied().filter(fits).collect()
}

fn load(conn: &mut Conn) -> AppResult<Context> {
    // The people `members::check` accepts: active users of active organizations of the right kind.
    let active: Vec<i32> = users::table
        .filter(users::status.eq(UserStatus::Active.code()))
        .order(users::id)
        .select(users::id)
        .load(conn)?;
    let people: HashMap<i32, Person> =
        members::people(conn, &active)?.into_iter().filter(|(_, person)| person.active).collect();
    let pilots = of_kind(&active, &people, PILOT_CATEGORIES);
    let operators = of_kind(&active, &people, OPERATOR_CATEGORIES);
    if pilots.is_empty() || operators.is_empty() {
        return Err(AppError::internal("seed the demo data first: actions need active pilots and operators"));
    }
    type Row = (i32, String, String, Option<String>, Option<f64>, Option<f64>);
    let rows: Vec<Row> = sv::table
        .filter(sv::valid_to.is_null())
        .filter(sv::status.eq(SiteStatus::Open.code()))
        .order(sv::site_id)
        .select((sv::site_id, sv::departement_code, sv::city_code, sv::city_name, sv::latitude, sv::longitude))
        .load(conn)?;
    if rows.is_empty() {
        return Err(AppError::internal("no open site: actions are placed where the sites are"));
    }
    let sites: Vec<OpenSite> = rows
        .into_iter()
        .map(|(id, departement_code, city_code, city_name, latitude, longitude)| OpenSite {
            id,
            departement_code,
            city_code,
            city_name: city_name.unwrap_or_default(),
            latitude,
            longitude,
        })
        .collect();
    let mut by_departement: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, site) in sites.iter().enumerate() {
        by_departement.entry(site.departement_code.clone()).or_default().push(index);
    }
    Ok(Context { pilots, operators, people, sites, by_departement })
}

/// Up to `count` distinct items, in the order drawn.
fn pick<'a, T>(rng: &mut StdRng, items: &'a [T], count: usize) -> Vec<&'a T> {
    let count = count.min(items.len());
    let mut picked: Vec<usize> = Vec::with_capacity(count);
    while picked.len() < count {
        let index = rng.random_range(0..items.len());
        if !picked.contains(&index) {
            picked.push(index);
        }
    }
    picked.into_iter().filter_map(|index| items.get(index)).collect()
}

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(9, 30, 0).unwrap_or_default()
}

/// Half on 1–3 sites of the département, a fifth in an ETI in the commune of one of them, a
/// fifth in housing, a tenth elsewhere.
fn locate(rng: &mut StdRng, context: &Context, input: &mut ActionInput, home: &OpenSite) {
    match rng.random_range(0..10) {
        0..=4 => {
            input.location_type = Some(ActionLocationType::OnSite);
            let local = context.by_departement.get(&home.departement_code).map(Vec::as_slice).unwrap_or_default();
            let count = rng.random_range(1..=3);
            let picked = pick(rng, local, count).into_iter().filter_map(|index| context.sites.get(*index));
            input.site_ids = picked.map(|site| site.id).collect();
            if input.site_ids.is_empty() {
                input.site_ids.push(home.id);
            }
        }
        5 | 6 => {
            input.location_type = Some(ActionLocationType::Eti);
            let street = ETI_STREETS[rng.random_range(0..ETI_STREETS.len())];
            input.eti = Some(EtiLocation {
                address: format!("{} {street}", rng.random_range(1..120)),
                city_code: home.city_code.clone(),
                latitude: Some(home.latitude.unwrap_or(46.5) + rng.random_range(-0.01..0.01_f64)),
                longitude: Some(home.longitude.unwrap_or(2.5) + rng.random_range(-0.01..0.01_f64)),
            });
        }
        7 | 8 => input.location_type = Some(ActionLocationType::Housing),
        _ => {
            input.location_type = Some(ActionLocationType::Other);
            let place = OTHER_PLACES[rng.random_range(0..OTHER_PLACES.len())];
            let city = &home.city_name;
            input.location_other = Some(if city.is_empty() { place.to_owned() } else { format!("{place}, {city}") });
        }
    }
}

/// The data of the current version, in the département of a random open site: actions are
/// where the sites are. 40 % have ended.
fn random_input(rng: &mut StdRng, context: &Context, today: NaiveDate) -> ActionInput {
    let home = &context.sites[rng.random_range(0..context.sites.len())];
    let (stem, topic, goals) = THEMES[rng.random_range(0..THEMES.len())];
    let started = today - Duration::days(rng.random_range(10..6 * 365));
    let ended_at =
        rng.random_bool(0.4).then(|| started + Duration::days(rng.random_range(0..(today - started).num_days())));
    let mut topics = vec![topic];
    for _ in 0..rng.random_range(0..=2) {
        topics.push(Topic::ALL[rng.random_range(0..Topic::ALL.len())]);
    }
    let (pilot_count, operator_count) = (rng.random_range(1..=2), rng.random_range(1..=3));
    let pilots: Vec<i32> = pick(rng, &context.pilots, pilot_count).into_iter().copied().collect();
    let operators: Vec<i32> = pick(rng, &context.operators, operator_count).into_iter().copied().collect();
    let place = if home.city_name.is_empty() { home.departement_code.clone() } else { home.city_name.clone() };
    let mut input = ActionInput {
        name: format!("{stem} – {place} n° {}", rng.random_range(1..1000)),
        started_at: Some(started),
        ended_at,
        topics,
        goals: goals.to_owned(),
        departement_code: home.departement_code.clone(),
        principal_operator: operators.first().copied(),
        pilots,
        operators,
        ..ActionInput::default()
    };
    locate(rng, context, &mut input, home);
    input.normalize();
    input
}

/// The versions of one action, oldest first: created with fewer topics and no end date, then
/// updated toward `last`, the goals growing at each step.
fn history(
    rng: &mut StdRng,
    id: i32,
    last: &ActionInput,
    created: NaiveDateTime,
    end: NaiveDateTime,
) -> Vec<(ActionChangeKind, ActionRecord)> {
    let count: usize = rng.random_range(2..=4);
    let latest = match last.ended_at {
        Some(day) => at(day) + Duration::days(rng.random_range(0..20)),
        None => end - Duration::minutes(rng.random_range(0..180 * 24 * 60)),
    };
    // At least a minute between versions, none after now.
    let span = (latest.min(end).max(created) - created).num_minutes().max(count as i64 - 1);
    let people: Vec<i32> = last.pilots.iter().chain(&last.operators).copied().collect();
    let created_by = last.pilots.first().copied();
    let mut out = Vec::with_capacity(count);
    for step in 0..count {
        let remaining = count - 1 - step;
        let mut data = last.clone();
        if remaining > 0 {
            data.ended_at = None;
        }
        data.topics.truncate(last.topics.len().saturating_sub(remaining).max(1));
        let goals = std::iter::once(last.goals.as_str()).chain(GOAL_STEPS.iter().copied().take(step));
        data.goals = goals.collect::<Vec<_>>().join(" ");
        let (kind, author) = match step {
            0 => (ActionChangeKind::Creation, created_by),
            _ => (ActionChangeKind::Update, pick(rng, &people, 1).into_iter().next().copied()),
        };
        let updated_at = created + Duration::minutes(span * step as i64 / (count as i64 - 1));
        let version = step as i32 + 1;
        let record = ActionRecord {
            id,
            version,
            data,
            indicators: Vec::new(),
            created_at: created,
            created_by,
            updated_at,
            updated_by: author,
        };
        out.push((kind, record));
    }
    out
}

/// The version where an operator enters the indicators of the action's years, up to its last
/// five, a few hours after the last update: every year before this one, and this one for half
/// of the actions (it is still being filled). Counts follow the topics and bounds (DOMAIN §10.4).
fn with_indicators(rng: &mut StdRng, last: &ActionRecord, today: NaiveDate) -> Option<ActionRecord> {
    let mut years = super::demo_actions::indicator_years(&last.data, today, FIGURE_YEARS);
    if years.last() == Some(&today.year()) && rng.random_bool(0.5) {
        years.pop();
    }
    let entered = last.updated_at + Duration::minutes(rng.random_range(1..24 * 60));
    let author = last.data.operators.get(rng.random_range(0..last.data.operators.len().max(1))).copied();
    let people = rng.random_range(8..=150);
    let mut indicators = Vec::new();
    for year in years {
        let followed = people * rng.random_range(80..=120) / 100;
        let values = super::demo_actions::plausible_indicators(rng, &last.data.topics, followed);
        indicators.push(StoredIndicators { year, values, updated_at: entered, updated_by: author });
    }
    if indicators.is_empty() {
        return None;
    }
    let version = last.version + 1;
    Some(ActionRecord { version, indicators, updated_at: entered, updated_by: author, ..last.clone() })
}

fn generate(
    conn: &mut Conn,
    rng: &mut StdRng,
    context: &Context,
    geography: &Geography,
    id: i32,
    end: NaiveDateTime,
) -> AppResult<Generated> {
    let today = end.date();
    let mut input = random_input(rng, context, today);
    // Figures from a generator of their own: the actions stay those drawn before they had any.
    let mut figures = StdRng::seed_from_u64(SEED ^ u64::from(id.unsigned_abs()));
    if let Some((first, last)) = input.years(today) {
        let years = (last - FIGURE_YEARS + 1).max(first)..=last;
        input.finances = super::demo_actions::plausible_finances(&mut figures, years, today.year());
    }
    let derived = crate::actions::write::derive(conn, geography, &input, &context.people)?;
    let created = at(input.started_at.unwrap_or(today)) + Duration::hours(rng.random_range(0..72));
    // A day kept after the last update for the indicators, none after now.
    let mut chain = history(rng, id, &input, created, end - Duration::days(1));
    let entered = chain.last().and_then(|(_, last)| with_indicators(&mut figures, last, today));
    chain.extend(entered.map(|record| (ActionChangeKind::Indicators, record)));
    Ok((derived, chain))
}

/// The row `actions::store::write_version` inserts for `record`.
fn version_row(
    record: &ActionRecord,
    kind: ActionChangeKind,
    valid_to: Option<NaiveDateTime>,
    derived: &Derived,
) -> AppResult<VersionRow> {
    let data = &record.data;
    Ok(VersionRow {
        action_id: record.id,
        version: record.version,
        kind: kind.code().to_owned(),
        valid_from: record.updated_at,
        valid_to,
        author_id: record.updated_by,
        departement_code: data.departement_code.clone(),
        region_code: derived.region_code.clone(),
        name: data.name.clone(),
        started_at: data.started_at.unwrap_or_default(),
        ended_at: data.ended_at,
        location_type: data.location_type.map(Labelled::code).unwrap_or_default().to_owned(),
        topics: delimited(data.topics.iter().map(|topic| topic.code())),
        city_codes: derived.city_codes.clone(),
        epci_codes: derived.epci_codes.clone(),
        search_text: derived.search_text.clone(),
        snapshot: record.to_snapshot()?,
        indicator_years: record.indicator_years(),
        indicators_updated_at: record.indicators_updated_at(),
    })
}

/// Writes a batch of actions: the `actions` rows, every version chained in valid time as
/// `store` chains them, and the members and sites of the current version.
fn write_batch(conn: &mut Conn, batch: &[Generated]) -> AppResult<()> {
    let (mut rows, mut versions, mut member_rows, mut site_rows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (derived, chain) in batch {
        let (Some((_, first)), Some((_, last))) = (chain.first(), chain.last()) else { continue };
        rows.push((
            actions::id.eq(last.id),
            actions::version.eq(last.version),
            actions::departement_code.eq(last.data.departement_code.clone()),
            actions::region_code.eq(derived.region_code.clone()),
            actions::created_at.eq(first.created_at),
            actions::created_by.eq(first.created_by),
            actions::updated_at.eq(last.updated_at),
            actions::updated_by.eq(last.updated_by),
        ));
        for (index, (kind, record)) in chain.iter().enumerate() {
            let valid_to = chain.get(index + 1).map(|(_, next)| next.updated_at);
            versions.push(version_row(record, *kind, valid_to, derived)?);
        }
        member_rows.extend(derived.members.iter().map(|member| {
            (
                am::action_id.eq(last.id),
                am::user_id.eq(member.user_id),
                am::organization_id.eq(member.organization_id),
                am::role.eq(member.role.code()),
                am::is_principal.eq(member.is_principal),
            )
        }));
        let linked = last.data.site_ids.iter();
        site_rows.extend(linked.map(|site| (action_sites::action_id.eq(last.id), action_sites::site_id.eq(*site))));
    }
    for chunk in rows.chunks(BATCH) {
        crate::bulk_insert!(conn, actions::table, chunk)?;
    }
    for chunk in versions.chunks(BATCH) {
        crate::bulk_insert!(conn, action_versions::table, chunk)?;
    }
    for chunk in member_rows.chunks(BATCH) {
        crate::bulk_insert!(conn, am::table, chunk)?;
    }
    for chunk in site_rows.chunks(BATCH) {
        crate::bulk_insert!(conn, action_sites::table, chunk)?;
    }
    Ok(())
}

fn next_id(conn: &mut Conn) -> AppResult<i32> {
    let max: Option<i32> = actions::table.select(diesel::dsl::max(actions::id)).first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// Keeps PostgreSQL's id sequences past the ids written explicitly (SQLite needs nothing).
fn resync_sequences(conn: &mut Conn) -> AppResult<()> {
    if let crate::db::DbConnection::Postgres(pg) = conn {
        use diesel::connection::SimpleConnection;
        pg.batch_execute(
            "SELECT setval('actions_id_seq', (SELECT MAX(id) FROM actions)); \
             SELECT setval('action_versions_id_seq', (SELECT MAX(id) FROM action_versions));",
        )?;
    }
    Ok(())
}

/// Generates `units` × 300 actions where the open sites are. Returns the number written.
pub fn seed(db: &Db, geography: &Geography, units: usize) -> AppResult<usize> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let context = db.get().and_then(|mut conn| load(&mut conn))?;
    let total = units * PER_UNIT;
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} actions ({per_sec}, reste {eta})",
        )
        .map_err(AppError::internal)?,
    );
    let end = now();
    let mut id = db.get().and_then(|mut conn| next_id(&mut conn))?;
    let mut written = 0;
    while written < total {
        let count = BATCH.min(total - written);
        // A connection of its own per batch, released before the write takes one.
        let batch = db.get().and_then(|mut conn| {
            let ids = id..id + count as i32;
            let generated = ids.map(|action| generate(&mut conn, &mut rng, &context, geography, action, end));
            generated.collect::<AppResult<Vec<_>>>()
        })?;
        db.write_blocking(|conn| write_batch(conn, &batch))?;
        id += count as i32;
        written += count;
        bar.inc(count as u64);
    }
    db.write_blocking(resync_sequences)?;
    bar.finish();
    Ok(written)
}
