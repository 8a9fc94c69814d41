//! Reference data loaded at every start-up when missing: geography, organization types and the
//! charter. Idempotent.

use diesel::prelude::*;

use crate::db::schema::{charters, organization_types as ot};
use crate::db::{now, Conn};
use crate::error::AppResult;

/// (uid, category, singular, plural, abbreviation, default role)
#[rustfmt::skip]
const ORGANIZATION_TYPES: &[(&str, &str, &str, &str, Option<&str>, &str)] = &[
    ("pref_departement", "public_establishment", "Préfecture de département", "Préfectures de département", Some("Préfecture"), "direct_collaborator"),
    ("pref_region", "public_establishment", "Préfecture de région", "Préfectures de région", Some("Préfecture de région"), "direct_collaborator"),
    ("ddets", "public_establishment", "Direction départementale de l'emploi, du travail et des solidarités", "Directions départementales de l'emploi, du travail et des solidarités", Some("DDETS"), "direct_collaborator"),
    ("dreets", "public_establishment", "Direction régionale de l'économie, de l'emploi, du travail et des solidarités", "Directions régionales de l'économie, de l'emploi, du travail et des solidarités", Some("DREETS"), "direct_collaborator"),
    ("drihl", "public_establishment", "Direction régionale et interdépartementale de l'hébergement et du logement", "Directions régionales et interdépartementales de l'hébergement et du logement", Some("DRIHL"), "direct_collaborator"),
    ("ddt", "public_establishment", "Direction départementale des territoires", "Directions départementales des territoires", Some("DDT"), "direct_collaborator"),
    ("dsden", "public_establishment", "Direction des services départementaux de l'Éducation nationale", "Directions des services départementaux de l'Éducation nationale", Some("DSDEN"), "collaborator"),
    ("rectorat", "public_establishment", "Rectorat", "Rectorats", None, "collaborator"),
    ("casnav", "public_establishment", "Centre académique pour la scolarisation des enfants allophones", "Centres académiques pour la scolarisation des enfants allophones", Some("CASNAV"), "collaborator"),
    ("ars", "public_establishment", "Agence régionale de santé", "Agences régionales de santé", Some("ARS"), "collaborator"),
    ("gendarmerie_nationale", "public_establishment", "Gendarmerie nationale", "Gendarmerie nationale", None, "collaborator"),
    ("ddsp", "public_establishment", "Direction départementale de la sécurité publique", "Directions départementales de la sécurité publique", Some("DDSP"), "collaborator"),
    ("ofii", "public_establishment", "Office français de l'immigration et de l'intégration", "Office français de l'immigration et de l'intégration", Some("OFII"), "collaborator"),
    ("sdis", "public_establishment", "Service départemental d'incendie et de secours", "Services départementaux d'incendie et de secours", Some("SDIS"), "collaborator"),
    ("france_travail", "public_establishment", "France Travail", "France Travail", None, "collaborator"),
    ("defenseur_des_droits", "public_establishment", "Défenseur des droits", "Défenseur des droits", None, "collaborator"),
    ("commune", "territorial_collectivity", "Commune", "Communes", None, "collaborator"),
    ("intercommunalite", "territorial_collectivity", "Intercommunalité", "Intercommunalités", Some("EPCI"), "collaborator"),
    ("departement", "territorial_collectivity", "Conseil départemental", "Conseils départementaux", None, "collaborator"),
    ("region", "territorial_collectivity", "Conseil régional", "Conseils régionaux", None, "collaborator"),
    ("association", "association", "Association", "Associations", None, "association"),
    ("ministere", "administration", "Ministère", "Ministères", None, "national_establisment"),
    ("delegation_interministerielle", "administration", "Délégation interministérielle", "Délégations interministérielles", None, "national_establisment"),
    ("agence_nationale", "administration", "Agence nationale", "Agences nationales", None, "national_establisment"),
    ("intervenant", "intervener", "Intervenant", "Intervenants", None, "intervener"),
];

/// The charter versions in force over time; users must accept the newest.
const CHARTERS: &[(i32, &str)] = &[(1, "Charte d'engagement des utilisateurs de Résorption")];

pub fn load(conn: &mut Conn) -> AppResult<()> {
    crate::territories::load::load_if_missing(conn)?;
    let known: Vec<String> = ot::table.select(ot::uid).load(conn)?;
    for (position, (uid, category, singular, plural, abbreviation, role)) in ORGANIZATION_TYPES.iter().enumerate() {
        if known.iter().any(|k| k == uid) {
            continue;
        }
        diesel::insert_into(ot::table)
            .values((
                ot::uid.eq(uid),
                ot::category.eq(category),
                ot::name_singular.eq(singular),
                ot::name_plural.eq(plural),
                ot::abbreviation.eq(abbreviation),
                ot::default_role.eq(role),
                ot::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    let versions: Vec<i32> = charters::table.select(charters::version).load(conn)?;
    for (version, title) in CHARTERS {
        if !versions.contains(version) {
            diesel::insert_into(charters::table)
                .values((charters::version.eq(version), charters::title.eq(title), charters::published_at.eq(now())))
                .execute(conn)?;
        }
    }
    Ok(())
}
