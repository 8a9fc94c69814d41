//! `resorption seed --scale N`: N times the size of France (per unit: about 1,000 open sites
//! with 20,000 people, 400 sites closed over 5 years, 5 years of versions, journal messages and
//! actors), for benchmarks. Deterministic (a fixed random seed), written in large batches.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use contract::sites::codes::*;
use contract::sites::history::ChangeKind;
use contract::sites::input::{Census, Justice, Owner, Population, SiteInput};
use contract::sites::living_conditions::{Electricity, Fire, LivingConditions, Pests, Trash, Water};
use contract::sites::output::{Closure, SolutionCount};
use contract::Labelled;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::schema::{site_actor_themes, site_actors, site_comments, site_versions, sites, users};
use crate::db::{now, Conn, Db};
use crate::error::{AppError, AppResult};
use crate::sites::record::{SiteRecord, SiteRow};
use crate::territories::Geography;

const OPEN_PER_UNIT: usize = 1000;
const CLOSED_PER_UNIT: usize = 400;
const BATCH: usize = 500;
/// One site gets this many versions: the "busy site" of the benchmarks.
pub const BUSY_SITE_VERSIONS: usize = 300;

#[derive(Insertable)]
#[diesel(table_name = site_versions, treat_none_as_default_value = false)]
struct VersionRow {
    site_id: i32,
    version: i32,
    kind: String,
    valid_from: NaiveDateTime,
    valid_to: Option<NaiveDateTime>,
    author_id: Option<i32>,
    status: String,
    region_code: String,
    departement_code: String,
    epci_code: Option<String>,
    city_code: String,
    population_total: Option<i32>,
    population_minors: Option<i32>,
    minors_in_school: Option<i32>,
    snapshot: String,
    #[diesel(embed)]
    columns: crate::sites::version_columns::VersionColumns,
}

/// Communes weighted toward the populous ones, where sites mostly are.
fn communes(geography: &Geography) -> Vec<String> {
    let mut list: Vec<(&String, i32)> = geography
        .cities
        .iter()
        .filter(|(code, city)| city.population >= 5000 && !geography.arrondissements.contains_key(*code))
        .map(|(code, city)| (code, city.population))
        .collect();
    list.sort();
    list.into_iter()
        .flat_map(|(code, population)| std::iter::repeat_n(code.clone(), (population / 20_000 + 1) as usize))
        .collect()
}

/// Streets as varied as real addresses, so that a text search selects a few sites, not all.
const STREETS: [&str; 24] = [
    "rue de la Gare",
    "chemin des Vignes",
    "avenue Jean Jaurès",
    "route de Paris",
    "impasse du Moulin",
    "quai de la Seine",
    "rue Victor Hugo",
    "boulevard de la République",
    "chemin du Stade",
    "rue des Écoles",
    "allée des Tilleuls",
    "route nationale",
    "rue Pasteur",
    "chemin de Halage",
    "avenue de la Libération",
    "rue du Port",
    "voie ferrée",
    "rue de l'Industrie",
    "chemin des Peupliers",
    "place du Marché",
    "rue Gambetta",
    "avenue du Général de Gaulle",
    "zone artisanale",
    "rue des Prés",
];

fn random_input(rng: &mut StdRng, city: &str, declared_at: NaiveDate) -> SiteInput {
    let total = rng.random_range(3..=37);
    let minors = rng.random_range(0..=total / 2);
    let good = rng.random_bool(0.4);
    let origins = match rng.random_range(0..10) {
        0..=5 => vec![SocialOrigin::European],
        6 => vec![SocialOrigin::French],
        7 => vec![SocialOrigin::European, SocialOrigin::Other],
        8 => vec![SocialOrigin::Other],
        _ => vec![],
    };
    let mut input = SiteInput {
        name: rng.random_bool(0.5).then(|| format!("Site {}", rng.random_range(1..10_000))),
        address: format!("{} {}", rng.random_range(1..200), STREETS[rng.random_range(0..STREETS.len())]),
        address_details: None,
        city_code: city.to_owned(),
        latitude: rng.random_range(43.0..50.5),
        longitude: rng.random_range(-1.5..7.5),
        built_at: Some(declared_at - Duration::days(rng.random_range(0..200))),
        declared_at,
        field_type: if rng.random_bool(0.8) { FieldType::Land } else { FieldType::Building },
        owner_type: if rng.random_bool(0.6) { OwnerType::Public } else { OwnerType::Private },
        is_reinstallation: Some(rng.random_bool(0.2)),
        reinstallation_comments: None,
        reinstallation_incoming_sites: Vec::new(),
        population: Population {
            total: Some(total),
            households: Some((total / 4).max(1)),
            minors: Some(minors),
            minors_in_school: Some(minors / 2),
            caravans: Some(rng.random_range(0..10)),
            huts: Some(rng.random_range(0..10)),
            ..Population::default()
        },
        social_origins: origins,
        census: Census { status: Some(CensusStatus::None), ..Census::default() },
        living_conditions: LivingConditions {
            water: Water {
                access_type: Some(if good { WaterAccessType::ConnectedTap } else { WaterAccessType::PublicFountain }),
                is_public: good.then_some(false),
                is_continuous: good.then_some(true),
                is_local: good.then_some(true),
                ..Water::default()
            },
            electricity: Electricity { access: Some(good), ..Electricity::default() },
            trash: Trash { is_piling: Some(!good), evacuation_is_close: Some(good), ..Trash::default() },
            pests: Pests { presence: Some(!good), details: None },
            fire: Fire { prevention_diagnostic: Some(good) },
            ..LivingConditions::default()
        },
        justice: Some(Justice {
            owner_complaint: Some(rng.random_bool(0.5)),
            justice_procedure: Some(rng.random_bool(0.3)),
            ..Justice::default()
        }),
        owners: Some(vec![Owner { name: "Propriétaire".into(), owner_type: OwnerType::Public }]),
        preparatory_phases: Vec::new(),
        updated_at: None,
    };
    input.normalize();
    input
}

/// The versions of one site over five years, oldest first.
fn history(
    rng: &mut StdRng,
    mut record: SiteRecord,
    versions: usize,
    closed: bool,
    end: NaiveDateTime,
) -> Vec<(ChangeKind, SiteRecord)> {
    let start = record.created_at;
    let span = (end - start).num_minutes().max(versions as i64 + 1);
    let mut out = vec![(ChangeKind::Creation, record.clone())];
    for step in 1..versions {
        let at = start + Duration::minutes(span * step as i64 / versions as i64);
        record.version += 1;
        record.updated_at = at;
        record.data_updated_at = at.date();
        let last = step == versions - 1;
        if closed && last {
            let status =
                [SiteStatus::Resorbed, SiteStatus::ClosedByJustice, SiteStatus::ClosedByPrefAdmin, SiteStatus::Unknown]
                    [rng.random_range(0..4)];
            record.status = status;
            record.closure = Some(Closure {
                closed_at: at.date(),
                status,
                context: None,
                closed_with_solutions: Some(if status == SiteStatus::Resorbed {
                    ClosedWithSolutions::Yes
                } else {
                    ClosedWithSolutions::No
                }),
                solutions: vec![SolutionCount {
                    solution: ClosingSolution::TemporaryShelter,
                    people: record.data.population.total,
                    households: None,
                    message: None,
                }],
            });
            out.push((ChangeKind::Closure, record.clone()));
        } else {
            let total = (record.data.population.total.unwrap_or(10) + rng.random_range(-3..=3)).max(3);
            record.data.population.total = Some(total);
            record.data.population.households = Some((total / 4).max(1));
            record.data.population.minors = Some(record.data.population.minors.unwrap_or(0).min(total / 2));
            record.data.population.minors_in_school = Some(record.data.population.minors.unwrap_or(0) / 2);
            out.push((ChangeKind::Update, record.clone()));
        }
    }
    out
}

fn next_id(conn: &mut Conn) -> AppResult<i32> {
    let max: Option<i32> = sites::table.select(diesel::dsl::max(sites::id)).first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// Keeps PostgreSQL's id sequences past the ids written explicitly (SQLite needs nothing).
fn resync_sequences(conn: &mut Conn) -> AppResult<()> {
    if let crate::db::DbConnection::Postgres(pg) = conn {
        use diesel::connection::SimpleConnection;
        pg.batch_execute(
            "SELECT setval('sites_id_seq', (SELECT MAX(id) FROM sites)); \
             SELECT setval('site_versions_id_seq', (SELECT MAX(id) FROM site_versions)); \
             SELECT setval('site_comments_id_seq', (SELECT MAX(id) FROM site_comments));",
        )?;
    }
    Ok(())
}

/// Writes one batch of sites with their versions, messages and actors.
fn write_batch(
    conn: &mut Conn,
    geography: &Geography,
    histories: &[Vec<(ChangeKind, SiteRecord)>],
    authors: &[i32],
    rng: &mut StdRng,
) -> AppResult<()> {
    let mut rows = Vec::with_capacity(histories.len());
    let mut versions = Vec::new();
    let mut comments = Vec::new();
    let mut actors = Vec::new();
    let mut themes = Vec::new();
    for history in histories {
        let Some((_, current)) = history.last() else { continue };
        let location = current.location(geography)?;
        let row = SiteRow::of(current, &location);
        for (index, (kind, record)) in history.iter().enumerate() {
            versions.push(VersionRow {
                site_id: record.id,
                version: record.version,
                kind: kind.code().to_owned(),
                valid_from: record.updated_at,
                valid_to: history.get(index + 1).map(|(_, next)| next.updated_at),
                author_id: record.updated_by,
                status: record.status.code().to_owned(),
                region_code: row.region_code.clone(),
                departement_code: row.departement_code.clone(),
                epci_code: row.epci_code.clone(),
                city_code: row.city_code.clone(),
                population_total: record.data.population.total,
                population_minors: record.data.population.minors,
                minors_in_school: record.data.population.minors_in_school,
                snapshot: record.to_snapshot()?,
                columns: crate::sites::version_columns::VersionColumns::of(record, &location),
            });
        }
        for day in 0..rng.random_range(0..4) {
            comments.push((
                site_comments::site_id.eq(current.id),
                site_comments::body.eq("Passage sur site : situation inchangée, suivi des familles en cours."),
                site_comments::visibility.eq("public"),
                site_comments::author_id.eq(authors[rng.random_range(0..authors.len())]),
                site_comments::created_at.eq(current.updated_at - Duration::days(day * 30)),
            ));
        }
        if rng.random_bool(0.3) {
            let user = authors[rng.random_range(0..authors.len())];
            actors.push((
                site_actors::site_id.eq(current.id),
                site_actors::user_id.eq(user),
                site_actors::created_at.eq(current.created_at),
            ));
            themes.push((
                site_actor_themes::site_id.eq(current.id),
                site_actor_themes::user_id.eq(user),
                site_actor_themes::theme.eq("sante"),
            ));
        }
        rows.push((sites::id.eq(current.id), row));
    }
    crate::bulk_insert!(conn, sites::table, &rows)?;
    for chunk in versions.chunks(BATCH) {
        crate::bulk_insert!(conn, site_versions::table, chunk)?;
    }
    for chunk in comments.chunks(BATCH) {
        crate::bulk_insert!(conn, site_comments::table, chunk)?;
    }
    crate::bulk_insert!(conn, site_actors::table, &actors)?;
    crate::bulk_insert!(conn, site_actor_themes::table, &themes)?;
    Ok(())
}

/// Generates `units` times France. Returns the number of sites written.
pub fn seed(db: &Db, geography: &Geography, units: usize) -> AppResult<usize> {
    let mut rng = StdRng::seed_from_u64(20_261_126);
    let communes = communes(geography);
    if communes.is_empty() {
        return Err(AppError::internal("no commune to place sites in"));
    }
    let authors: Vec<i32> = db.get().and_then(|mut conn| Ok(users::table.select(users::id).load(&mut *conn)?))?;
    if authors.is_empty() {
        return Err(AppError::internal("seed the demo data first: sites need authors"));
    }
    let total = units * (OPEN_PER_UNIT + CLOSED_PER_UNIT);
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} sites ({per_sec}, reste {eta})",
        )
        .map_err(AppError::internal)?,
    );
    let end = now();
    let mut id = db.get().and_then(|mut conn| next_id(&mut conn))?;
    let mut written = 0;
    while written < total {
        let count = BATCH.min(total - written);
        let mut histories = Vec::with_capacity(count);
        for _ in 0..count {
            let closed = written % (OPEN_PER_UNIT + CLOSED_PER_UNIT) >= OPEN_PER_UNIT;
            let created = end - Duration::days(rng.random_range(30..5 * 365));
            let city = &communes[rng.random_range(0..communes.len())];
            let data = random_input(&mut rng, city, created.date());
            let author = authors[rng.random_range(0..authors.len())];
            let record = SiteRecord {
                id,
                version: 1,
                status: SiteStatus::Open,
                data_updated_at: created.date(),
                data,
                closure: None,
                heatwave: false,
                resorption_target: None,
                updated_without_any_change: false,
                created_at: created,
                created_by: Some(author),
                updated_at: created,
                updated_by: Some(author),
            };
            let versions = if written == 0 { BUSY_SITE_VERSIONS } else { rng.random_range(2..=7) };
            histories.push(history(&mut rng, record, versions, closed, end));
            id += 1;
            written += 1;
        }
        db.write_blocking(|conn| write_batch(conn, geography, &histories, &authors, &mut rng))?;
        bar.inc(count as u64);
    }
    db.write_blocking(resync_sequences)?;
    bar.finish();
    crate::seed::scale_actions::seed(db, geography, units)?;
    // Planner statistics of a freshly loaded database are empty: gather them (both databases).
    // PostgreSQL also needs its visibility map, or counts cannot be read from an index alone
    // until autovacuum passes.
    db.get().and_then(|mut conn| {
        use diesel::connection::SimpleConnection;
        let statement = match conn.backend() {
            crate::db::Backend::Postgres => "VACUUM ANALYZE",
            crate::db::Backend::Sqlite => "ANALYZE",
        };
        conn.batch_execute(statement).map_err(AppError::from)
    })?;
    Ok(written)
}
