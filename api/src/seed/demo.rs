//! `resorption seed --demo`: organizations in the départements 93, 13, 44 and 31 and one
//! active user per role, all with the password `resorption-demo`. Running it twice changes
//! nothing; it refuses to run on a production instance.

use contract::organizations::NewOrganization;
use contract::territories::{LocationInput, LocationType};
use contract::users::{AdminRole, Role, UserStatus};
use contract::Labelled;
use diesel::prelude::*;

use crate::db::schema::{organization_types as ot, organizations as o, users};
use crate::db::{now, Conn};
use crate::error::AppResult;
use crate::territories::Geography;
use crate::users::model::{search_text_of, NewUserRow};

pub const DEMO_PASSWORD: &str = "resorption-demo";

/// (key, name, abbreviation, type uid, level, code)
#[rustfmt::skip]
const ORGANIZATIONS: &[(&str, &str, Option<&str>, &str, LocationType, Option<&str>)] = &[
    ("dihal", "Délégation interministérielle à l'hébergement et à l'accès au logement", Some("DIHAL"), "delegation_interministerielle", LocationType::Nation, None),
    ("pref93", "Préfecture de la Seine-Saint-Denis", None, "pref_departement", LocationType::Departement, Some("93")),
    ("ddets93", "DDETS de la Seine-Saint-Denis", Some("DDETS 93"), "ddets", LocationType::Departement, Some("93")),
    ("montreuil", "Commune de Montreuil", None, "commune", LocationType::City, Some("93048")),
    ("asso93", "Association Solidarité Terrain 93", Some("AST 93"), "association", LocationType::Departement, Some("93")),
    ("sante93", "Équipe mobile santé précarité 93", Some("EMSP 93"), "intervenant", LocationType::Departement, Some("93")),
    ("pref13", "Préfecture des Bouches-du-Rhône", None, "pref_departement", LocationType::Departement, Some("13")),
    ("asso13", "Association Accueil Marseille", None, "association", LocationType::Departement, Some("13")),
    ("pref44", "Préfecture de la Loire-Atlantique", None, "pref_departement", LocationType::Departement, Some("44")),
    ("cd44", "Conseil départemental de Loire-Atlantique", Some("CD 44"), "departement", LocationType::Departement, Some("44")),
    ("pref31", "Préfecture de la Haute-Garonne", None, "pref_departement", LocationType::Departement, Some("31")),
    ("ddets31", "DDETS de la Haute-Garonne", Some("DDETS 31"), "ddets", LocationType::Departement, Some("31")),
];

/// (e-mail, first name, last name, position, organization key, role, admin role)
#[rustfmt::skip]
pub const USERS: &[(&str, &str, &str, &str, &str, Role, Option<AdminRole>)] = &[
    ("admin@demo.resorption.fr", "Nadia", "Benali", "Cheffe de projet résorption", "dihal", Role::NationalEstablishment, Some(AdminRole::NationalAdmin)),
    ("national@demo.resorption.fr", "Paul", "Girard", "Chargé de mission", "dihal", Role::NationalEstablishment, None),
    ("admin.93@demo.resorption.fr", "Claire", "Morel", "Sous-préfète à la cohésion sociale", "pref93", Role::DirectCollaborator, Some(AdminRole::LocalAdmin)),
    ("prefecture.93@demo.resorption.fr", "Julien", "Lefèvre", "Chargé de mission bidonvilles", "pref93", Role::DirectCollaborator, None),
    ("commune.93@demo.resorption.fr", "Sophie", "Martin", "Directrice de la solidarité", "montreuil", Role::Collaborator, None),
    ("asso.93@demo.resorption.fr", "Ioana", "Popescu", "Travailleuse sociale", "asso93", Role::Association, None),
    ("asso.13@demo.resorption.fr", "Karim", "Haddad", "Coordinateur", "asso13", Role::Association, None),
    ("intervenant.93@demo.resorption.fr", "Lucie", "Bernard", "Infirmière", "sante93", Role::Intervener, None),
    ("observateur.44@demo.resorption.fr", "Thomas", "Robert", "Chargé d'études", "cd44", Role::ExternalObservator, None),
];

fn organization_id(conn: &mut Conn, geography: &Geography, key: &str) -> AppResult<i32> {
    let Some((_, name, abbreviation, type_uid, level, code)) = ORGANIZATIONS.iter().find(|entry| entry.0 == key) else {
        return Err(crate::error::AppError::internal(format!("unknown demo organization {key}")));
    };
    let existing: Option<i32> = o::table
        .inner_join(ot::table)
        .filter(o::name.eq(name))
        .filter(ot::uid.eq(type_uid))
        .select(o::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let input = NewOrganization {
        name: (*name).to_owned(),
        abbreviation: abbreviation.map(str::to_owned),
        type_uid: (*type_uid).to_owned(),
        location: LocationInput { location_type: *level, code: code.map(str::to_owned) },
        intervention_areas: Vec::new(),
    };
    crate::organizations::store::create(conn, geography, &input)
}

/// Creates what is missing of the demo data. Returns the number of users created.
pub fn seed(conn: &mut Conn, geography: &Geography, password_hash: &str) -> AppResult<usize> {
    for (key, ..) in ORGANIZATIONS {
        organization_id(conn, geography, key)?;
    }
    let charter = crate::users::store::current_charter(conn)?;
    let mut created = 0;
    for (email, first_name, last_name, position, organization, role, admin_role) in USERS {
        if crate::users::store::by_email(conn, email)?.is_some() {
            continue;
        }
        let organization_id = organization_id(conn, geography, organization)?;
        let at = now();
        diesel::insert_into(users::table)
            .values(NewUserRow {
                email: (*email).to_owned(),
                password_hash: Some(password_hash.to_owned()),
                first_name: (*first_name).to_owned(),
                last_name: (*last_name).to_owned(),
                phone: None,
                position: (*position).to_owned(),
                organization_id,
                role: role.code().to_owned(),
                admin_role: admin_role.map(|r| r.code().to_owned()),
                status: UserStatus::Active.code().to_owned(),
                access_request_message: None,
                use_custom_areas: false,
                charter_version: Some(charter),
                charter_accepted_at: Some(at),
                search_text: search_text_of(first_name, last_name, email, position),
                created_by: None,
                created_at: at,
                updated_at: at,
            })
            .execute(conn)?;
        created += 1;
    }
    crate::seed::demo_sites::seed(conn, geography)?;
    crate::seed::demo_actions::seed(conn, geography)?;
    Ok(created)
}

/// The national organization (DIHAL) that national admins belong to, created when missing.
pub fn national_organization(conn: &mut Conn, geography: &Geography) -> AppResult<i32> {
    organization_id(conn, geography, "dihal")
}
