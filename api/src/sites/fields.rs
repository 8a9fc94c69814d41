//! Every field of a site as people read it: a stable path, a French label and a rendered
//! value ("oui", "non", "inconnu", "non renseigné", "1 mars 2026"). History diffs compare
//! these; restricted fields are marked so they can be left out for those who may not read them.

use chrono::{Datelike, NaiveDate};
use contract::Labelled;

use super::record::SiteRecord;

pub const NOT_SET: &str = "non renseigné";

/// Which permission a field needs beyond reading the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    None,
    Justice,
    Owners,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub value: String,
    pub restriction: Restriction,
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "1 mars 2026".
pub fn french_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

pub fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "oui".into(),
        Some(false) => "non".into(),
        None => "inconnu".into(),
    }
}

struct Fields {
    out: Vec<Field>,
    restriction: Restriction,
}

impl Fields {
    fn push(&mut self, path: &'static str, label: &'static str, value: String) {
        self.out.push(Field { path, label, value, restriction: self.restriction });
    }
    fn text(&mut self, path: &'static str, label: &'static str, value: &Option<String>) {
        self.push(path, label, value.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| NOT_SET.into()));
    }
    fn date(&mut self, path: &'static str, label: &'static str, value: Option<NaiveDate>) {
        self.push(path, label, value.map(french_date).unwrap_or_else(|| NOT_SET.into()));
    }
    fn count(&mut self, path: &'static str, label: &'static str, value: Option<i32>) {
        self.push(path, label, value.map(|v| v.to_string()).unwrap_or_else(|| NOT_SET.into()));
    }
    fn tri(&mut self, path: &'static str, label: &'static str, value: Option<bool>) {
        self.push(path, label, yes_no(value));
    }
    fn code<T: Labelled>(&mut self, path: &'static str, label: &'static str, value: Option<T>) {
        self.push(path, label, value.map(|v| v.label().to_owned()).unwrap_or_else(|| NOT_SET.into()));
    }
    fn list<T: Labelled>(&mut self, path: &'static str, label: &'static str, values: &[T]) {
        let joined = values.iter().map(|v| v.label()).collect::<Vec<_>>().join(", ");
        self.push(path, label, if joined.is_empty() { NOT_SET.into() } else { joined });
    }
}

/// Every field of a record, in display order.
pub fn fields(record: &SiteRecord) -> Vec<Field> {
    let mut f = Fields { out: Vec::new(), restriction: Restriction::None };
    let d = &record.data;
    f.code("status", "Statut du site", Some(record.status));
    f.text("name", "Appellation du site", &d.name);
    f.push("address", "Adresse", d.address.clone());
    f.text("address_details", "Informations d'accès", &d.address_details);
    f.push("city_code", "Code commune", d.city_code.clone());
    f.push("coordinates", "Coordonnées GPS", format!("{:.5}, {:.5}", d.latitude, d.longitude));
    f.date("built_at", "Date d'installation", d.built_at);
    f.push("declared_at", "Date de signalement", french_date(d.declared_at));
    f.push("data_updated_at", "Date de mise à jour des données", french_date(record.data_updated_at));
    f.code("field_type", "Type de site", Some(d.field_type));
    f.code("owner_type", "Type de propriétaire", Some(d.owner_type));
    f.tri("is_reinstallation", "S'agit-il d'une réinstallation ?", d.is_reinstallation);
    f.text("reinstallation_comments", "Précisions sur la réinstallation", &d.reinstallation_comments);
    let incoming = d.reinstallation_incoming_sites.iter().map(|id| format!("n°{id}")).collect::<Vec<_>>().join(", ");
    f.push(
        "reinstallation_incoming_sites",
        "Sites d'origine",
        if incoming.is_empty() { NOT_SET.into() } else { incoming },
    );
    population(&mut f, record);
    f.list("social_origins", "Origines", &d.social_origins);
    f.code("census.status", "Statut du diagnostic social", d.census.status);
    f.date("census.conducted_at", "Date du diagnostic", d.census.conducted_at);
    f.text("census.conducted_by", "Service ou opérateur en charge du diagnostic", &d.census.conducted_by);
    living_conditions(&mut f, record);
    f.tri("heatwave", "Alerte canicule", Some(record.heatwave));
    f.count("resorption_target", "Objectif résorption", record.resorption_target);
    let phases = d
        .preparatory_phases
        .iter()
        .map(|p| match p.completed_at {
            Some(date) => format!("{} ({})", p.phase.label(), french_date(date)),
            None => p.phase.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    f.push(
        "preparatory_phases",
        "Phases préparatoires à la résorption",
        if phases.is_empty() { NOT_SET.into() } else { phases },
    );
    closure(&mut f, record);
    f.restriction = Restriction::Justice;
    justice(&mut f, record);
    f.restriction = Restriction::Owners;
    let owners = d
        .owners
        .iter()
        .flatten()
        .map(|o| format!("{} ({})", o.name, o.owner_type.label()))
        .collect::<Vec<_>>()
        .join(", ");
    f.push("owners", "Propriétaires", if owners.is_empty() { NOT_SET.into() } else { owners });
    f.out
}

fn population(f: &mut Fields, record: &SiteRecord) {
    let p = &record.data.population;
    f.count("population.total", "Nombre de personnes", p.total);
    f.count("population.total_females", "dont femmes et filles", p.total_females);
    f.count("population.households", "Nombre de ménages", p.households);
    f.count("population.minors", "Nombre de mineurs", p.minors);
    f.count("population.minors_girls", "dont filles", p.minors_girls);
    f.count("population.minors_0_3", "Mineurs de 0 à 3 ans", p.minors_0_3);
    f.count("population.minors_3_6", "Mineurs de 3 à 6 ans", p.minors_3_6);
    f.count("population.minors_6_12", "Mineurs de 6 à 12 ans", p.minors_6_12);
    f.count("population.minors_12_16", "Mineurs de 12 à 16 ans", p.minors_12_16);
    f.count("population.minors_16_18", "Mineurs de 16 à 18 ans", p.minors_16_18);
    f.count("population.minors_in_school", "Enfants inscrits dans un établissement scolaire", p.minors_in_school);
    f.count("population.caravans", "Nombre de caravanes", p.caravans);
    f.count("population.huts", "Nombre d'habitats autoconstruits", p.huts);
    f.count("population.tents", "Nombre de tentes", p.tents);
    f.count("population.cars", "Nombre de voitures dortoir", p.cars);
    f.count("population.mattresses", "Nombre de matelas", p.mattresses);
}

fn living_conditions(f: &mut Fields, record: &SiteRecord) {
    let lc = &record.data.living_conditions;
    let (w, s, e, t) = (&lc.water, &lc.sanitary, &lc.electricity, &lc.trash);
    f.code("living_conditions.water.access_type", "Accès à l'eau", w.access_type);
    f.text("living_conditions.water.access_type_details", "Précisions sur l'accès à l'eau", &w.access_type_details);
    f.tri("living_conditions.water.is_public", "Point d'eau sur la voie publique", w.is_public);
    f.tri("living_conditions.water.is_continuous", "Accès continu à l'eau", w.is_continuous);
    f.text("living_conditions.water.is_continuous_details", "Précisions sur la continuité", &w.is_continuous_details);
    f.tri("living_conditions.water.is_local", "Accès à l'eau sur le site", w.is_local);
    f.tri("living_conditions.water.is_close", "Point d'eau proche des habitations", w.is_close);
    f.tri("living_conditions.water.is_unequal", "Inégalités d'accès à l'eau", w.is_unequal);
    f.text(
        "living_conditions.water.is_unequal_details",
        "Précisions sur les inégalités d'accès",
        &w.is_unequal_details,
    );
    f.tri("living_conditions.water.has_stagnant_water", "Eaux stagnantes", w.has_stagnant_water);
    f.text("living_conditions.water.comments", "Informations complémentaires sur l'eau", &w.comments);
    f.tri("living_conditions.sanitary.open_air_defecation", "Défécation à l'air libre", s.open_air_defecation);
    f.tri("living_conditions.sanitary.working_toilets", "Toilettes fonctionnelles", s.working_toilets);
    f.list("living_conditions.sanitary.toilet_types", "Types de toilettes", &s.toilet_types);
    f.tri("living_conditions.sanitary.toilets_are_inside", "Toilettes sur le site", s.toilets_are_inside);
    f.tri(
        "living_conditions.sanitary.toilets_are_lighted",
        "Toilettes éclairées et verrouillables",
        s.toilets_are_lighted,
    );
    f.tri("living_conditions.sanitary.hand_washing", "Point de lavage des mains", s.hand_washing);
    f.tri("living_conditions.electricity.access", "Installation électrique", e.access);
    f.list("living_conditions.electricity.access_types", "Types d'accès à l'électricité", &e.access_types);
    f.tri("living_conditions.electricity.access_is_unequal", "Inégalités d'accès à l'électricité", e.access_is_unequal);
    f.tri("living_conditions.trash.is_piling", "Accumulation d'ordures ménagères", t.is_piling);
    f.tri("living_conditions.trash.evacuation_is_close", "Ramassage des déchets à proximité", t.evacuation_is_close);
    f.tri("living_conditions.trash.evacuation_is_safe", "Dispositifs de ramassage en bon état", t.evacuation_is_safe);
    f.tri("living_conditions.trash.evacuation_is_regular", "Collecte régulière", t.evacuation_is_regular);
    f.tri("living_conditions.trash.bulky_is_piling", "Accumulation d'encombrants", t.bulky_is_piling);
    f.tri("living_conditions.pests.presence", "Présence de nuisibles", lc.pests.presence);
    f.text("living_conditions.pests.details", "Précisions sur les nuisibles", &lc.pests.details);
    f.tri(
        "living_conditions.fire.prevention_diagnostic",
        "Diagnostic prévention incendie",
        lc.fire.prevention_diagnostic,
    );
}

fn closure(f: &mut Fields, record: &SiteRecord) {
    let closure = record.closure.as_ref();
    f.date("closure.closed_at", "Date de fermeture", closure.map(|c| c.closed_at));
    f.text("closure.context", "Contexte de la fermeture", &closure.and_then(|c| c.context.clone()));
    f.code("closure.closed_with_solutions", "Résorbé définitivement", closure.and_then(|c| c.closed_with_solutions));
    let solutions = closure
        .map(|c| {
            c.solutions
                .iter()
                .map(|s| {
                    let people =
                        s.people.map(|p| format!("{p} personnes")).unwrap_or_else(|| "personnes inconnues".into());
                    let households =
                        s.households.map(|h| format!("{h} ménages")).unwrap_or_else(|| "ménages inconnus".into());
                    format!("{} : {people}, {households}", s.solution.label())
                })
                .collect::<Vec<_>>()
                .join(" ; ")
        })
        .unwrap_or_default();
    f.push(
        "closure.solutions",
        "Orientation des ménages",
        if solutions.is_empty() { NOT_SET.into() } else { solutions },
    );
}

fn justice(f: &mut Fields, record: &SiteRecord) {
    let j = record.data.justice.clone().unwrap_or_default();
    f.tri("justice.owner_complaint", "Dépôt de plainte par le propriétaire", j.owner_complaint);
    f.tri("justice.justice_procedure", "Existence d'une procédure judiciaire", j.justice_procedure);
    f.tri("justice.justice_rendered", "Décision de justice rendue", j.justice_rendered);
    f.text("justice.justice_rendered_by", "Origine de la décision", &j.justice_rendered_by);
    f.date("justice.justice_rendered_at", "Date de la décision", j.justice_rendered_at);
    f.tri("justice.justice_challenged", "Appel en cours", j.justice_challenged);
    f.code("justice.police_status", "Concours de la force publique", j.police_status);
    f.date("justice.police_requested_at", "Date de la demande du CFP", j.police_requested_at);
    f.date("justice.police_granted_at", "Date d'octroi du CFP", j.police_granted_at);
    f.text("justice.bailiff", "Étude d'huissiers", &j.bailiff);
    f.tri("justice.existing_litigation", "Existence d'un contentieux", j.existing_litigation);
    f.tri(
        "justice.evacuation_under_time_limit",
        "Procédure administrative prescrivant l'évacuation sous délai",
        j.evacuation_under_time_limit,
    );
    f.date("justice.administrative_order_decision_at", "Date de l'arrêté", j.administrative_order_decision_at);
    f.text(
        "justice.administrative_order_decision_rendered_by",
        "Auteur de l'arrêté",
        &j.administrative_order_decision_rendered_by,
    );
    f.date("justice.administrative_order_evacuation_at", "Date de l'évacuation", j.administrative_order_evacuation_at);
    f.tri("justice.insalubrity_order", "Arrêté d'insalubrité (opération RHI)", j.insalubrity_order);
    f.tri("justice.insalubrity_order_displayed", "Affichage de l'arrêté d'insalubrité", j.insalubrity_order_displayed);
    f.text("justice.insalubrity_order_type", "Type d'arrêté", &j.insalubrity_order_type);
    f.text("justice.insalubrity_order_by", "Auteur de l'arrêté d'insalubrité", &j.insalubrity_order_by);
    f.date("justice.insalubrity_order_at", "Date de l'arrêté d'insalubrité", j.insalubrity_order_at);
    f.text("justice.insalubrity_parcels", "Parcelles concernées", &j.insalubrity_parcels);
}

/// What changed between two versions, leaving out what the caller may not read.
pub fn diff(
    before: &SiteRecord,
    after: &SiteRecord,
    justice: bool,
    owners: bool,
) -> Vec<contract::sites::history::FieldChange> {
    diff_fields(&fields(before), &fields(after), justice, owners)
}

/// [`diff`] on fields already listed (a history lists each version once).
pub fn diff_fields(
    old: &[Field],
    new: &[Field],
    justice: bool,
    owners: bool,
) -> Vec<contract::sites::history::FieldChange> {
    let allowed = |field: &Field| match field.restriction {
        Restriction::None => true,
        Restriction::Justice => justice,
        Restriction::Owners => owners,
    };
    new.iter()
        .zip(old)
        .filter(|(new, old)| allowed(new) && new.value != old.value && new.path != "data_updated_at")
        .map(|(new, old)| contract::sites::history::FieldChange {
            field: new.path.to_owned(),
            label: new.label.to_owned(),
            before: old.value.clone(),
            after: new.value.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_french() {
        assert_eq!(french_date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "1 mars 2026");
        assert_eq!(yes_no(None), "inconnu");
    }
}
