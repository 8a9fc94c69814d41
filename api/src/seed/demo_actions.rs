//! Demonstration actions in the départements 93, 13, 44 and 31: ongoing and ended, on sites,
//! in an ETI, in housing and elsewhere, each with a second version for the history. Added only
//! when no action exists.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use contract::actions::codes::{ActionLocationType, Topic};
use contract::actions::input::{ActionInput, EtiLocation};
use diesel::prelude::*;

use crate::actions::record::ActionRecord;
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

/// Creates the demonstration actions when there is none. Returns how many were created.
pub fn seed(conn: &mut Conn, geography: &Geography) -> AppResult<usize> {
    let existing: i64 = actions::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(0);
    }
    let today = chrono::Utc::now().date_naive();
    let mut created = 0;
    for demo in ACTIONS {
        let mut data = input(conn, demo, today)?;
        // A demo without its people or sites (a partial demo database) is left out.
        if data.pilots.is_empty() || data.operators.is_empty() || !data.check().is_empty() {
            continue;
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
        created += 1;
    }
    Ok(created)
}
