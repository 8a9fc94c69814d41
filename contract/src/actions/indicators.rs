//! The yearly indicators of an action (DOMAIN §10.4): one set of counts per year, each
//! optional, bounded by the others, and accepted only for the topics the action covers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::codes::Topic;
use crate::problem::FieldError;

/// The counts of one year. Every count is optional (unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"people": 48, "households": 12, "women": 20, "minors": 22, "health_people": 30, "school_minors_3_and_over": 18, "school_elementary": 9, "school_middle": 4})))]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// Nombre de personnes concernées (≥ 1).
    #[serde(default)]
    pub people: Option<i32>,
    /// Nombre de ménages (≥ 1, ≤ personnes).
    #[serde(default)]
    pub households: Option<i32>,
    /// Nombre de femmes (≤ personnes).
    #[serde(default)]
    pub women: Option<i32>,
    /// Nombre de mineurs (≤ personnes).
    #[serde(default)]
    pub minors: Option<i32>,
    /// Topic `health`: personnes ayant eu un accompagnement vers la santé.
    #[serde(default)]
    pub health_people: Option<i32>,
    /// Topic `work`: personnes ayant eu au moins un contrat de travail.
    #[serde(default)]
    pub work_people: Option<i32>,
    /// Topic `work`: femmes ayant eu au moins un contrat de travail.
    #[serde(default)]
    pub work_women: Option<i32>,
    /// Topic `housing`: personnes ayant eu accès à un hébergement.
    #[serde(default)]
    pub shelter_people: Option<i32>,
    /// Topic `housing`: ménages ayant eu accès à un hébergement.
    #[serde(default)]
    pub shelter_households: Option<i32>,
    /// Topic `housing`: personnes ayant eu accès à un logement.
    #[serde(default)]
    pub housing_people: Option<i32>,
    /// Topic `housing`: ménages ayant eu accès à un logement.
    #[serde(default)]
    pub housing_households: Option<i32>,
    /// Topic `school`: mineurs de 3 ans et plus identifiés sur site.
    #[serde(default)]
    pub school_minors_3_and_over: Option<i32>,
    /// Topic `school`: mineurs bénéficiant d'une médiation.
    #[serde(default)]
    pub school_mediation: Option<i32>,
    /// Topic `school`: scolarisés en maternelle.
    #[serde(default)]
    pub school_preschool: Option<i32>,
    /// Topic `school`: scolarisés en élémentaire.
    #[serde(default)]
    pub school_elementary: Option<i32>,
    /// Topic `school`: scolarisés au collège.
    #[serde(default)]
    pub school_middle: Option<i32>,
    /// Topic `school`: scolarisés au lycée.
    #[serde(default)]
    pub school_high: Option<i32>,
    /// Topic `school`: autre scolarisation.
    #[serde(default)]
    pub school_other: Option<i32>,
}

/// The indicators of one year, with who entered them last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearIndicators {
    pub year: i32,
    pub values: Indicators,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<i32>,
}

/// Every count: its field, its French label and the topic it needs (none for the common block).
pub const FIELDS: [(&str, &str, Option<Topic>); 18] = [
    ("people", "Nombre de personnes concernées", None),
    ("households", "Nombre de ménages", None),
    ("women", "Nombre de femmes", None),
    ("minors", "Nombre de mineurs", None),
    ("health_people", "Personnes ayant eu un accompagnement vers la santé", Some(Topic::Health)),
    ("work_people", "Personnes ayant eu au moins un contrat de travail", Some(Topic::Work)),
    ("work_women", "Femmes ayant eu au moins un contrat de travail", Some(Topic::Work)),
    ("shelter_people", "Personnes ayant eu accès à un hébergement", Some(Topic::Housing)),
    ("shelter_households", "Ménages ayant eu accès à un hébergement", Some(Topic::Housing)),
    ("housing_people", "Personnes ayant eu accès à un logement", Some(Topic::Housing)),
    ("housing_households", "Ménages ayant eu accès à un logement", Some(Topic::Housing)),
    ("school_minors_3_and_over", "Mineurs de 3 ans et plus identifiés sur site", Some(Topic::School)),
    ("school_mediation", "Mineurs bénéficiant d'une médiation", Some(Topic::School)),
    ("school_preschool", "Scolarisés en maternelle", Some(Topic::School)),
    ("school_elementary", "Scolarisés en élémentaire", Some(Topic::School)),
    ("school_middle", "Scolarisés au collège", Some(Topic::School)),
    ("school_high", "Scolarisés au lycée", Some(Topic::School)),
    ("school_other", "Autre scolarisation", Some(Topic::School)),
];

impl Indicators {
    /// The counts in the order of [`FIELDS`].
    pub fn values(&self) -> [Option<i32>; 18] {
        [
            self.people,
            self.households,
            self.women,
            self.minors,
            self.health_people,
            self.work_people,
            self.work_women,
            self.shelter_people,
            self.shelter_households,
            self.housing_people,
            self.housing_households,
            self.school_minors_3_and_over,
            self.school_mediation,
            self.school_preschool,
            self.school_elementary,
            self.school_middle,
            self.school_high,
            self.school_other,
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.values().iter().all(Option::is_none)
    }

    /// Every rule of DOMAIN §10.4 for an action with `topics`; one error per faulty field, in
    /// French.
    pub fn check(&self, topics: &[Topic]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let values = self.values();
        for ((field, _, topic), value) in FIELDS.iter().zip(values) {
            let Some(value) = value else { continue };
            if value < 0 {
                errors.push(FieldError::new(*field, "negative", "Le nombre ne peut pas être négatif."));
            } else if let Some(topic) = topic.filter(|topic| !topics.contains(topic)) {
                errors.push(FieldError::new(
                    *field,
                    "topic_missing",
                    format!(
                        "Ce chiffre n'est accepté que si l'action a le champ d'intervention « {} ».",
                        crate::Labelled::label(topic)
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return errors;
        }
        let mut at_most = |field: &str, value: Option<i32>, limits: &[(Option<i32>, &str)]| {
            let Some(value) = value else { return };
            if let Some((limit, what)) = limits.iter().find_map(|(limit, what)| limit.map(|l| (l, *what))) {
                if value > limit {
                    errors.push(FieldError::new(field, "too_large", format!("Ne peut dépasser {what} ({limit}).")));
                }
            }
        };
        let people = [(self.people, "le nombre de personnes")];
        at_most("households", self.households, &people);
        at_most("women", self.women, &people);
        at_most("minors", self.minors, &people);
        at_most("health_people", self.health_people, &people);
        at_most("work_people", self.work_people, &people);
        at_most(
            "work_women",
            self.work_women,
            &[
                (self.work_people, "le nombre de personnes ayant eu un contrat"),
                (self.women, "le nombre de femmes"),
                (self.people, "le nombre de personnes"),
            ],
        );
        at_most("shelter_people", self.shelter_people, &people);
        at_most("housing_people", self.housing_people, &people);
        for (field, value, of_people) in [
            ("shelter_households", self.shelter_households, self.shelter_people),
            ("housing_households", self.housing_households, self.housing_people),
        ] {
            at_most(
                field,
                value,
                &[
                    (of_people, "le nombre de personnes concernées"),
                    (self.households, "le nombre de ménages"),
                    (self.people, "le nombre de personnes"),
                ],
            );
        }
        let minors = [(self.minors, "le nombre de mineurs"), (self.people, "le nombre de personnes")];
        at_most("school_minors_3_and_over", self.school_minors_3_and_over, &minors);
        let of_age = [
            (self.school_minors_3_and_over, "le nombre de mineurs de 3 ans et plus"),
            (self.minors, "le nombre de mineurs"),
            (self.people, "le nombre de personnes"),
        ];
        for (field, value) in [
            ("school_mediation", self.school_mediation),
            ("school_preschool", self.school_preschool),
            ("school_elementary", self.school_elementary),
            ("school_middle", self.school_middle),
            ("school_high", self.school_high),
            ("school_other", self.school_other),
        ] {
            at_most(field, value, &of_age);
        }
        for (field, value) in [("people", self.people), ("households", self.households)] {
            if value == Some(0) {
                errors.push(FieldError::new(field, "too_small", "Indiquez au moins 1, ou laissez vide."));
            }
        }
        errors
    }
}

/// The rules need the action's topics: they run in the server's write path, not in the generic
/// body validation.
impl validator::Validate for Indicators {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(indicators: &Indicators, topics: &[Topic]) -> Vec<String> {
        indicators.check(topics).into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn counts_are_bounded_by_the_counts_they_are_part_of() {
        let indicators = Indicators {
            people: Some(10),
            households: Some(11),
            women: Some(4),
            minors: Some(6),
            work_people: Some(3),
            work_women: Some(4),
            shelter_households: Some(12),
            school_minors_3_and_over: Some(5),
            school_elementary: Some(6),
            ..Indicators::default()
        };
        let all = [Topic::Work, Topic::Housing, Topic::School];
        assert_eq!(
            fields(&indicators, &all),
            vec!["households", "work_women", "shelter_households", "school_elementary"]
        );
        // Without the narrower count, the next one bounds.
        let indicators = Indicators { people: Some(10), work_women: Some(11), ..Indicators::default() };
        assert_eq!(fields(&indicators, &all), vec!["work_women"]);
    }

    #[test]
    fn a_count_of_a_topic_the_action_lacks_is_refused() {
        let indicators =
            Indicators { people: Some(10), health_people: Some(2), school_high: Some(1), ..Indicators::default() };
        assert_eq!(fields(&indicators, &[Topic::Health]), vec!["school_high"]);
        assert!(fields(&indicators, &[Topic::Health, Topic::School]).is_empty());
        assert_eq!(fields(&Indicators { people: Some(0), ..Indicators::default() }, &[]), vec!["people"]);
        assert_eq!(fields(&Indicators { minors: Some(-1), ..Indicators::default() }, &[]), vec!["minors"]);
    }
}
