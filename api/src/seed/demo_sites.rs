//! Demonstration sites in the départements 93, 13, 44 and 31: open and closed, with several
//! versions over the past months, journal messages and actors. Added only when no site exists.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use contract::sites::codes::*;
use contract::sites::history::ChangeKind;
use contract::sites::input::{Census, Justice, Owner, PhaseInput, Population, SiteInput};
use contract::sites::living_conditions::*;
use contract::sites::output::{Closure, SolutionCount};
use contract::Labelled;
use diesel::prelude::*;

use crate::db::schema::{site_actor_themes, site_actors, site_comments, sites, users};
use crate::db::Conn;
use crate::error::AppResult;
use crate::sites::record::SiteRecord;
use crate::sites::store;
use crate::territories::Geography;

struct Demo {
    name: Option<&'static str>,
    address: &'static str,
    city: &'static str,
    at: (f64, f64),
    field_type: FieldType,
    people: i32,
    households: i32,
    minors: i32,
    origins: &'static [SocialOrigin],
    good_water: bool,
    days_ago: i64,
    closed: Option<(SiteStatus, bool)>,
}

#[rustfmt::skip]
const SITES: &[Demo] = &[
    Demo { name: Some("Les Roses"), address: "12 chemin des Roses 93100 Montreuil", city: "93048", at: (48.8603, 2.4638), field_type: FieldType::Land, people: 45, households: 12, minors: 18, origins: &[SocialOrigin::European], good_water: false, days_ago: 420, closed: None },
    Demo { name: Some("Pleyel"), address: "40 rue de la Liberté 93200 Saint-Denis", city: "93066", at: (48.9215, 2.3468), field_type: FieldType::Building, people: 80, households: 25, minors: 30, origins: &[SocialOrigin::European, SocialOrigin::Other], good_water: true, days_ago: 300, closed: None },
    Demo { name: Some("Canal"), address: "3 quai de l'Ourcq 93000 Bobigny", city: "93008", at: (48.9003, 2.4397), field_type: FieldType::Land, people: 120, households: 34, minors: 52, origins: &[SocialOrigin::European], good_water: false, days_ago: 700, closed: None },
    Demo { name: None, address: "8 rue du Landy 93300 Aubervilliers", city: "93001", at: (48.9127, 2.3725), field_type: FieldType::Land, people: 35, households: 9, minors: 14, origins: &[SocialOrigin::European], good_water: false, days_ago: 500, closed: Some((SiteStatus::Resorbed, true)) },
    Demo { name: Some("La Prairie"), address: "2 allée des Saules 93140 Bondy", city: "93010", at: (48.8985, 2.4808), field_type: FieldType::Land, people: 8, households: 3, minors: 2, origins: &[SocialOrigin::French], good_water: true, days_ago: 60, closed: None },
    Demo { name: Some("Cap Pinède"), address: "15 chemin de la Madrague 13015 Marseille", city: "13215", at: (43.3560, 5.3425), field_type: FieldType::Land, people: 60, households: 17, minors: 25, origins: &[SocialOrigin::European], good_water: false, days_ago: 380, closed: None },
    Demo { name: None, address: "22 boulevard National 13014 Marseille", city: "13214", at: (43.3320, 5.3930), field_type: FieldType::Building, people: 25, households: 8, minors: 9, origins: &[SocialOrigin::Other], good_water: true, days_ago: 260, closed: Some((SiteStatus::ClosedByJustice, false)) },
    Demo { name: Some("Les Milles"), address: "5 route des Milles 13090 Aix-en-Provence", city: "13001", at: (43.5050, 5.3800), field_type: FieldType::Land, people: 15, households: 4, minors: 6, origins: &[], good_water: false, days_ago: 150, closed: None },
    Demo { name: Some("Prairie de Mauves"), address: "60 boulevard de Sarrebruck 44000 Nantes", city: "44109", at: (47.2100, -1.5200), field_type: FieldType::Land, people: 90, households: 26, minors: 40, origins: &[SocialOrigin::European], good_water: true, days_ago: 540, closed: None },
    Demo { name: None, address: "1 rue de la Pelleterie 44800 Saint-Herblain", city: "44162", at: (47.2250, -1.6300), field_type: FieldType::Land, people: 30, households: 8, minors: 11, origins: &[SocialOrigin::European], good_water: false, days_ago: 200, closed: None },
    Demo { name: Some("Ginestous"), address: "10 chemin de Ginestous 31200 Toulouse", city: "31555", at: (43.6480, 1.4230), field_type: FieldType::Land, people: 70, households: 20, minors: 28, origins: &[SocialOrigin::European], good_water: false, days_ago: 450, closed: None },
    Demo { name: None, address: "4 avenue du Parc 31700 Blagnac", city: "31069", at: (43.6400, 1.3900), field_type: FieldType::Building, people: 12, households: 4, minors: 3, origins: &[SocialOrigin::Other], good_water: true, days_ago: 330, closed: Some((SiteStatus::Unknown, false)) },
];

fn conditions(good_water: bool) -> LivingConditions {
    let water = if good_water {
        Water {
            access_type: Some(WaterAccessType::ConnectedTap),
            is_public: Some(false),
            is_continuous: Some(true),
            is_local: Some(true),
            is_close: Some(true),
            is_unequal: Some(false),
            has_stagnant_water: Some(false),
            ..Water::default()
        }
    } else {
        Water {
            access_type: Some(WaterAccessType::PublicFountain),
            comments: Some("Fontaine à 400 m".into()),
            ..Water::default()
        }
    };
    LivingConditions {
        water,
        sanitary: Sanitary {
            open_air_defecation: Some(!good_water),
            working_toilets: Some(good_water),
            toilet_types: if good_water { vec![ToiletType::Dry] } else { vec![] },
            toilets_are_inside: good_water.then_some(true),
            toilets_are_lighted: good_water.then_some(false),
            hand_washing: good_water.then_some(true),
        },
        electricity: Electricity {
            access: Some(true),
            access_types: vec![ElectricityAccessType::Generator],
            access_is_unequal: Some(!good_water),
        },
        trash: Trash {
            is_piling: Some(!good_water),
            evacuation_is_close: Some(true),
            evacuation_is_safe: Some(true),
            evacuation_is_regular: Some(good_water),
            bulky_is_piling: Some(false),
        },
        pests: Pests { presence: Some(!good_water), details: (!good_water).then(|| "Rats".into()) },
        fire: Fire { prevention_diagnostic: Some(good_water) },
    }
}

fn input(demo: &Demo, today: NaiveDate) -> SiteInput {
    let declared_at = today - Duration::days(demo.days_ago);
    SiteInput {
        name: demo.name.map(str::to_owned),
        address: demo.address.to_owned(),
        address_details: Some("Accès par le portail côté rue".into()),
        city_code: demo.city.to_owned(),
        latitude: demo.at.0,
        longitude: demo.at.1,
        built_at: Some(declared_at - Duration::days(90)),
        declared_at,
        field_type: demo.field_type,
        owner_type: OwnerType::Public,
        is_reinstallation: Some(false),
        reinstallation_comments: None,
        reinstallation_incoming_sites: Vec::new(),
        population: Population {
            total: Some(demo.people),
            households: Some(demo.households),
            minors: Some(demo.minors),
            minors_in_school: Some(demo.minors / 2),
            caravans: Some(demo.households / 2),
            huts: Some(demo.households / 2),
            ..Population::default()
        },
        social_origins: demo.origins.to_vec(),
        census: Census {
            status: Some(CensusStatus::Done),
            conducted_at: Some(declared_at + Duration::days(30)),
            conducted_by: Some("Association Solidarité Terrain".into()),
        },
        living_conditions: conditions(demo.good_water),
        justice: Some(Justice {
            owner_complaint: Some(true),
            justice_procedure: Some(demo.people > 40),
            justice_rendered: Some(false),
            ..Justice::default()
        }),
        owners: Some(vec![Owner { name: "Établissement public foncier".into(), owner_type: OwnerType::Public }]),
        preparatory_phases: Vec::new(),
        updated_at: None,
    }
}

fn user_id(conn: &mut Conn, email: &str) -> AppResult<Option<i32>> {
    Ok(users::table.filter(users::email.eq(email)).select(users::id).first(conn).optional()?)
}

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(10, 0, 0).unwrap_or_default()
}

/// Creates the demonstration sites when there is none. Returns how many were created.
pub fn seed(conn: &mut Conn, geography: &Geography) -> AppResult<usize> {
    let existing: i64 = sites::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(0);
    }
    let today = chrono::Utc::now().date_naive();
    let author = user_id(conn, "prefecture.93@demo.resorption.fr")?;
    let operator = user_id(conn, "asso.93@demo.resorption.fr")?;
    for demo in SITES {
        let mut input = input(demo, today);
        input.normalize();
        let created = at(input.declared_at);
        let mut record = SiteRecord {
            id: 0,
            version: 1,
            status: SiteStatus::Open,
            data_updated_at: input.declared_at,
            data: input,
            closure: None,
            heatwave: false,
            resorption_target: None,
            updated_without_any_change: false,
            created_at: created,
            created_by: author,
            updated_at: created,
            updated_by: author,
        };
        store::insert(conn, geography, &mut record)?;
        // A later census changed the figures.
        let later = record.data.declared_at + Duration::days(demo.days_ago / 2);
        record.data.population.total = Some(demo.people + 5);
        record.data.population.minors = Some(demo.minors + 2);
        record.data_updated_at = later;
        record.updated_at = at(later);
        record.updated_by = operator.or(author);
        if demo.name == Some("Pleyel") {
            record.resorption_target = Some(chrono::Datelike::year(&today));
            record.data.preparatory_phases = vec![
                PhaseInput { phase: PreparatoryPhase::SociologicalDiagnosis, completed_at: Some(later) },
                PhaseInput { phase: PreparatoryPhase::SocialAssessment, completed_at: None },
                PhaseInput { phase: PreparatoryPhase::PoliticalValidation, completed_at: None },
                PhaseInput { phase: PreparatoryPhase::TechnicalDiagnosis, completed_at: None },
            ];
        }
        let version = record.version;
        store::save(conn, geography, &mut record, version, ChangeKind::Update)?;
        if let Some((status, resorbed)) = demo.closed {
            let closed_at = today - Duration::days(20);
            record.status = status;
            record.closure = Some(Closure {
                closed_at,
                status,
                context: Some("Fermeture décidée en comité de pilotage".into()),
                closed_with_solutions: Some(if resorbed { ClosedWithSolutions::Yes } else { ClosedWithSolutions::No }),
                solutions: vec![SolutionCount {
                    solution: ClosingSolution::LongTermShelter,
                    people: Some(demo.people / 2),
                    households: Some(demo.households / 2),
                    message: None,
                }],
            });
            record.updated_at = at(closed_at);
            for owner in record.data.owners.iter_mut().flatten() {
                owner.name = crate::sites::lifecycle::ANONYMISED_OWNER.to_owned();
            }
            let version = record.version;
            store::save(conn, geography, &mut record, version, ChangeKind::Closure)?;
        } else if demo.people > 100 {
            record.heatwave = true;
            record.updated_at = at(today - Duration::days(2));
            let version = record.version;
            store::save(conn, geography, &mut record, version, ChangeKind::Heatwave)?;
        }
        if record.data.city_code.starts_with("93") {
            demo_activity(conn, record.id, author, operator, today)?;
        }
    }
    Ok(SITES.len())
}

/// Actors and journal messages on a site of Seine-Saint-Denis.
fn demo_activity(
    conn: &mut Conn,
    site_id: i32,
    author: Option<i32>,
    operator: Option<i32>,
    today: NaiveDate,
) -> AppResult<()> {
    let Some(operator) = operator else { return Ok(()) };
    diesel::insert_into(site_actors::table)
        .values((
            site_actors::site_id.eq(site_id),
            site_actors::user_id.eq(operator),
            site_actors::created_by.eq(operator),
            site_actors::created_at.eq(at(today - Duration::days(40))),
        ))
        .execute(conn)?;
    for theme in [ActorTheme::SocialMediation, ActorTheme::Education] {
        diesel::insert_into(site_actor_themes::table)
            .values((
                site_actor_themes::site_id.eq(site_id),
                site_actor_themes::user_id.eq(operator),
                site_actor_themes::theme.eq(theme.code()),
            ))
            .execute(conn)?;
    }
    let messages = [
        (
            operator,
            "Passage sur site ce matin : 6 enfants inscrits à l'école élémentaire, démarches en cours pour 4 autres.",
            CommentVisibility::Public,
            12,
        ),
        (
            author.unwrap_or(operator),
            "Point d'étape avant le comité de pilotage : réunion prévue avec la commune.",
            CommentVisibility::Public,
            5,
        ),
    ];
    for (by, body, visibility, days) in messages {
        diesel::insert_into(site_comments::table)
            .values((
                site_comments::site_id.eq(site_id),
                site_comments::body.eq(body),
                site_comments::visibility.eq(visibility.code()),
                site_comments::author_id.eq(by),
                site_comments::created_at.eq(at(today - Duration::days(days))),
            ))
            .execute(conn)?;
    }
    Ok(())
}
