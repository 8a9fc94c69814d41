//! Living conditions, questionnaire version 2 (DOMAIN §6.6–6.7): the answers, the branch rules
//! that null the questions a previous answer made irrelevant, and the status of each theme.
//! Tri-state answers are `true` (oui), `false` (non) and `null` (inconnu).

use serde::{Deserialize, Serialize};

use super::codes::{ConditionStatus, ConditionTheme, ElectricityAccessType, ToiletType, WaterAccessType};
use crate::problem::FieldError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Water {
    /// Comment les habitants ont-ils accès à l'eau ? (required)
    #[serde(default)]
    pub access_type: Option<WaterAccessType>,
    /// Required when the access type is `autre`.
    #[serde(default)]
    pub access_type_details: Option<String>,
    /// Point d'eau sur la voie publique ? Asked for a connected tap or `autre`.
    #[serde(default)]
    pub is_public: Option<bool>,
    /// Accès continu ? Asked when the water point is not public.
    #[serde(default)]
    pub is_continuous: Option<bool>,
    /// Required when the access is not continuous.
    #[serde(default)]
    pub is_continuous_details: Option<String>,
    /// L'accès se situe-t-il sur le site ? Asked when the water point is not public.
    #[serde(default)]
    pub is_local: Option<bool>,
    /// Le point d'eau est-il proche de l'habitation la plus éloignée ? Asked when on site.
    #[serde(default)]
    pub is_close: Option<bool>,
    /// Des inégalités d'accès sont-elles constatées ? Asked when on site.
    #[serde(default)]
    pub is_unequal: Option<bool>,
    /// Required when access is unequal.
    #[serde(default)]
    pub is_unequal_details: Option<String>,
    /// Eaux stagnantes autour du point de distribution ? Asked when on site.
    #[serde(default)]
    pub has_stagnant_water: Option<bool>,
    #[serde(default)]
    pub comments: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Sanitary {
    /// Marques de défécation à l'air libre ?
    #[serde(default)]
    pub open_air_defecation: Option<bool>,
    /// Toilettes fonctionnelles et utilisées ?
    #[serde(default)]
    pub working_toilets: Option<bool>,
    /// Asked when toilets work.
    #[serde(default)]
    pub toilet_types: Vec<ToiletType>,
    /// Asked when some toilets are not latrines.
    #[serde(default)]
    pub toilets_are_inside: Option<bool>,
    #[serde(default)]
    pub toilets_are_lighted: Option<bool>,
    #[serde(default)]
    pub hand_washing: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Electricity {
    /// Présence d'une installation électrique ?
    #[serde(default)]
    pub access: Option<bool>,
    /// Asked when there is an installation.
    #[serde(default)]
    pub access_types: Vec<ElectricityAccessType>,
    /// Asked when at least one type is known.
    #[serde(default)]
    pub access_is_unequal: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Trash {
    /// Accumulation d'ordures ménagères ?
    #[serde(default)]
    pub is_piling: Option<bool>,
    /// Dispositifs de ramassage à proximité ?
    #[serde(default)]
    pub evacuation_is_close: Option<bool>,
    /// Asked when there is a collection point.
    #[serde(default)]
    pub evacuation_is_safe: Option<bool>,
    #[serde(default)]
    pub evacuation_is_regular: Option<bool>,
    #[serde(default)]
    pub bulky_is_piling: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pests {
    /// Présence de nuisibles ?
    #[serde(default)]
    pub presence: Option<bool>,
    /// Asked when pests are present.
    #[serde(default)]
    pub details: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fire {
    /// Un diagnostic prévention incendie a-t-il été réalisé ?
    #[serde(default)]
    pub prevention_diagnostic: Option<bool>,
}

/// The answers of the questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LivingConditions {
    #[serde(default)]
    pub water: Water,
    #[serde(default)]
    pub sanitary: Sanitary,
    #[serde(default)]
    pub electricity: Electricity,
    #[serde(default)]
    pub trash: Trash,
    #[serde(default)]
    pub pests: Pests,
    #[serde(default)]
    pub fire: Fire,
}

/// The status of one theme with the questions behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeStatus {
    pub theme: ConditionTheme,
    pub status: ConditionStatus,
    /// What goes well, what does not, what is unknown (French labels).
    pub positive: Vec<String>,
    pub negative: Vec<String>,
    pub unknown: Vec<String>,
}

fn only_if<T>(condition: bool, value: &mut Option<T>) {
    if !condition {
        *value = None;
    }
}

fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

impl LivingConditions {
    /// Forces to null (or empty) every answer that the previous answers made irrelevant, so that
    /// no inconsistent answer is ever stored, whatever the client sent.
    pub fn normalize(&mut self) {
        let water = &mut self.water;
        only_if(water.access_type == Some(WaterAccessType::Other), &mut water.access_type_details);
        let tap_or_other = matches!(water.access_type, Some(WaterAccessType::ConnectedTap | WaterAccessType::Other));
        only_if(tap_or_other, &mut water.is_public);
        let private_point = water.is_public == Some(false);
        only_if(private_point, &mut water.is_continuous);
        only_if(private_point, &mut water.is_local);
        only_if(water.is_continuous == Some(false), &mut water.is_continuous_details);
        let on_site = water.is_local == Some(true);
        only_if(on_site, &mut water.is_close);
        only_if(on_site, &mut water.is_unequal);
        only_if(on_site, &mut water.has_stagnant_water);
        only_if(water.is_unequal == Some(true), &mut water.is_unequal_details);

        let sanitary = &mut self.sanitary;
        if sanitary.working_toilets != Some(true) {
            sanitary.toilet_types.clear();
        }
        sanitary.toilet_types.sort();
        sanitary.toilet_types.dedup();
        let built_toilets = sanitary.toilet_types.iter().any(|t| *t != ToiletType::Latrines);
        only_if(built_toilets, &mut sanitary.toilets_are_inside);
        only_if(built_toilets, &mut sanitary.toilets_are_lighted);
        only_if(built_toilets, &mut sanitary.hand_washing);

        let electricity = &mut self.electricity;
        if electricity.access != Some(true) {
            electricity.access_types.clear();
        }
        electricity.access_types.sort();
        electricity.access_types.dedup();
        only_if(!electricity.access_types.is_empty(), &mut electricity.access_is_unequal);

        let trash = &mut self.trash;
        let collected = trash.evacuation_is_close == Some(true);
        only_if(collected, &mut trash.evacuation_is_safe);
        only_if(collected, &mut trash.evacuation_is_regular);
        only_if(collected, &mut trash.bulky_is_piling);

        only_if(self.pests.presence == Some(true), &mut self.pests.details);
    }

    /// The answers the questionnaire requires, once normalised.
    pub fn check(&self, prefix: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut require = |ok: bool, field: &str, message: &str| {
            if !ok {
                errors.push(FieldError::new(format!("{prefix}.{field}"), "required", message));
            }
        };
        let water = &self.water;
        require(water.access_type.is_some(), "water.access_type", "Indiquez comment les habitants ont accès à l'eau.");
        require(
            water.access_type != Some(WaterAccessType::Other) || !blank(&water.access_type_details),
            "water.access_type_details",
            "Précisez le mode d'accès à l'eau.",
        );
        require(
            water.is_continuous != Some(false) || !blank(&water.is_continuous_details),
            "water.is_continuous_details",
            "Précisez pourquoi l'accès n'est pas continu.",
        );
        require(
            water.is_unequal != Some(true) || !blank(&water.is_unequal_details),
            "water.is_unequal_details",
            "Précisez les inégalités d'accès constatées.",
        );
        errors
    }

    pub fn statuses(&self) -> Vec<ThemeStatus> {
        vec![
            self.water_status(),
            self.sanitary_status(),
            self.electricity_status(),
            self.trash_status(),
            self.pests_status(),
            self.fire_status(),
        ]
    }

    pub fn status_of(&self, theme: ConditionTheme) -> ConditionStatus {
        match theme {
            ConditionTheme::Water => self.water_status(),
            ConditionTheme::Sanitary => self.sanitary_status(),
            ConditionTheme::Electricity => self.electricity_status(),
            ConditionTheme::Trash => self.trash_status(),
            ConditionTheme::Pests => self.pests_status(),
            ConditionTheme::Fire => self.fire_status(),
        }
        .status
    }

    fn water_status(&self) -> ThemeStatus {
        let water = &self.water;
        let mut theme = Evaluation::new(ConditionTheme::Water);
        match water.access_type {
            None | Some(WaterAccessType::Unknown) => theme.unknown("Mode d'accès à l'eau"),
            Some(WaterAccessType::ConnectedTap | WaterAccessType::Other) => {
                theme.positive("Accès à l'eau par un robinet ou un autre moyen adapté")
            }
            Some(kind) => theme.negative(ConditionStatus::Bad, crate::Labelled::label(kind)),
        }
        if matches!(water.access_type, Some(WaterAccessType::ConnectedTap | WaterAccessType::Other)) {
            theme.answer(
                water.is_public.map(|public| !public),
                ConditionStatus::Bad,
                "Point d'eau hors de la voie publique",
                "Point d'eau sur la voie publique",
            );
        }
        if water.is_public == Some(false) {
            theme.answer(water.is_continuous, ConditionStatus::ToImprove, "Accès continu", "Accès discontinu");
            theme.answer(water.is_local, ConditionStatus::ToImprove, "Accès sur le site", "Accès hors du site");
        }
        if water.is_local == Some(true) {
            theme.answer(
                water.is_close,
                ConditionStatus::ToImprove,
                "Point d'eau proche des habitations",
                "Point d'eau éloigné des habitations",
            );
            theme.answer(
                water.is_unequal.map(|u| !u),
                ConditionStatus::ToImprove,
                "Accès égal pour tous",
                "Inégalités d'accès",
            );
            theme.answer(
                water.has_stagnant_water.map(|s| !s),
                ConditionStatus::ToImprove,
                "Pas d'eaux stagnantes",
                "Eaux stagnantes autour du point d'eau",
            );
        }
        theme.finish()
    }

    fn sanitary_status(&self) -> ThemeStatus {
        let sanitary = &self.sanitary;
        let mut theme = Evaluation::new(ConditionTheme::Sanitary);
        theme.answer(
            sanitary.working_toilets,
            ConditionStatus::Bad,
            "Toilettes fonctionnelles et utilisées",
            "Pas de toilettes fonctionnelles",
        );
        theme.answer(
            sanitary.open_air_defecation.map(|d| !d),
            ConditionStatus::ToImprove,
            "Pas de défécation à l'air libre",
            "Défécation à l'air libre",
        );
        if sanitary.working_toilets == Some(true) {
            if !sanitary.toilet_types.is_empty() && sanitary.toilet_types.iter().all(|t| *t == ToiletType::Latrines) {
                theme.negative(ConditionStatus::ToImprove, "Uniquement des latrines construites par les habitants");
            }
            if sanitary.toilet_types.iter().any(|t| *t != ToiletType::Latrines) {
                theme.answer(
                    sanitary.toilets_are_inside,
                    ConditionStatus::ToImprove,
                    "Toilettes sur le site",
                    "Toilettes hors du site",
                );
                theme.answer(
                    sanitary.toilets_are_lighted,
                    ConditionStatus::ToImprove,
                    "Toilettes éclairées et verrouillables",
                    "Toilettes ni éclairées ni verrouillables",
                );
                theme.answer(
                    sanitary.hand_washing,
                    ConditionStatus::ToImprove,
                    "Point de lavage des mains",
                    "Pas de point de lavage des mains",
                );
            }
        }
        theme.finish()
    }

    fn electricity_status(&self) -> ThemeStatus {
        let electricity = &self.electricity;
        let mut theme = Evaluation::new(ConditionTheme::Electricity);
        theme.answer(
            electricity.access,
            ConditionStatus::Bad,
            "Installation électrique",
            "Pas d'installation électrique",
        );
        if !electricity.access_types.is_empty() {
            theme.answer(
                electricity.access_is_unequal.map(|u| !u),
                ConditionStatus::ToImprove,
                "Accès égal pour tous",
                "Inégalités d'accès",
            );
        }
        theme.finish()
    }

    fn trash_status(&self) -> ThemeStatus {
        let trash = &self.trash;
        let mut theme = Evaluation::new(ConditionTheme::Trash);
        theme.answer(
            trash.evacuation_is_close,
            ConditionStatus::Bad,
            "Ramassage des déchets à proximité",
            "Pas de ramassage des déchets",
        );
        theme.answer(
            trash.is_piling.map(|p| !p),
            ConditionStatus::ToImprove,
            "Pas d'accumulation d'ordures",
            "Accumulation d'ordures ménagères",
        );
        if trash.evacuation_is_close == Some(true) {
            theme.answer(
                trash.evacuation_is_safe,
                ConditionStatus::ToImprove,
                "Dispositifs en bon état",
                "Dispositifs en mauvais état",
            );
            theme.answer(
                trash.evacuation_is_regular,
                ConditionStatus::ToImprove,
                "Collecte régulière",
                "Collecte irrégulière",
            );
            theme.answer(
                trash.bulky_is_piling.map(|p| !p),
                ConditionStatus::ToImprove,
                "Pas d'accumulation d'encombrants",
                "Accumulation d'encombrants",
            );
        }
        theme.finish()
    }

    fn pests_status(&self) -> ThemeStatus {
        let mut theme = Evaluation::new(ConditionTheme::Pests);
        theme.answer(
            self.pests.presence.map(|p| !p),
            ConditionStatus::Bad,
            "Pas de nuisibles",
            "Présence de nuisibles",
        );
        theme.finish()
    }

    fn fire_status(&self) -> ThemeStatus {
        let mut theme = Evaluation::new(ConditionTheme::Fire);
        theme.answer(
            self.fire.prevention_diagnostic,
            ConditionStatus::Bad,
            "Diagnostic prévention incendie réalisé",
            "Pas de diagnostic prévention incendie",
        );
        theme.finish()
    }
}

/// Collects the impact of each answer; the theme takes the worst: bad, then unknown, then
/// to improve, else good.
struct Evaluation {
    theme: ConditionTheme,
    impacts: Vec<ConditionStatus>,
    positive: Vec<String>,
    negative: Vec<String>,
    unknown: Vec<String>,
}

impl Evaluation {
    fn new(theme: ConditionTheme) -> Self {
        Evaluation { theme, impacts: Vec::new(), positive: Vec::new(), negative: Vec::new(), unknown: Vec::new() }
    }

    fn positive(&mut self, label: &str) {
        self.positive.push(label.to_owned());
    }

    fn negative(&mut self, impact: ConditionStatus, label: &str) {
        self.impacts.push(impact);
        self.negative.push(label.to_owned());
    }

    fn unknown(&mut self, label: &str) {
        self.impacts.push(ConditionStatus::Unknown);
        self.unknown.push(label.to_owned());
    }

    /// `good` is the answer that goes well (`Some(true)`), `bad` its impact when it does not.
    fn answer(&mut self, good: Option<bool>, impact: ConditionStatus, positive: &str, negative: &str) {
        match good {
            Some(true) => self.positive(positive),
            Some(false) => self.negative(impact, negative),
            None => self.unknown(positive),
        }
    }

    fn finish(self) -> ThemeStatus {
        let worst = [ConditionStatus::Bad, ConditionStatus::Unknown, ConditionStatus::ToImprove]
            .into_iter()
            .find(|status| self.impacts.contains(status))
            .unwrap_or(ConditionStatus::Good);
        ThemeStatus {
            theme: self.theme,
            status: worst,
            positive: self.positive,
            negative: self.negative,
            unknown: self.unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connected_on_site() -> LivingConditions {
        let water = Water {
            access_type: Some(WaterAccessType::ConnectedTap),
            is_public: Some(false),
            is_continuous: Some(true),
            is_local: Some(true),
            is_close: Some(true),
            is_unequal: Some(false),
            has_stagnant_water: Some(false),
            ..Water::default()
        };
        LivingConditions { water, ..LivingConditions::default() }
    }

    #[test]
    fn a_public_water_point_nulls_the_questions_about_private_points() {
        let mut conditions = connected_on_site();
        conditions.water.is_public = Some(true);
        conditions.water.access_type_details = Some("should go".into());
        conditions.normalize();
        let water = &conditions.water;
        assert_eq!((water.is_continuous, water.is_local, water.is_close, water.is_unequal), (None, None, None, None));
        assert_eq!(water.access_type_details, None);
        assert_eq!(conditions.status_of(ConditionTheme::Water), ConditionStatus::Bad);
    }

    #[test]
    fn a_connected_tap_on_site_with_equal_access_is_good() {
        let mut conditions = connected_on_site();
        conditions.normalize();
        assert_eq!(conditions.status_of(ConditionTheme::Water), ConditionStatus::Good);
        conditions.water.is_unequal = Some(true);
        assert_eq!(conditions.status_of(ConditionTheme::Water), ConditionStatus::ToImprove);
        conditions.water.is_close = None;
        assert_eq!(conditions.status_of(ConditionTheme::Water), ConditionStatus::Unknown, "unknown beats to improve");
    }

    #[test]
    fn a_fire_hydrant_is_bad_and_asks_nothing_more() {
        let mut conditions = connected_on_site();
        conditions.water.access_type = Some(WaterAccessType::FireHydrant);
        conditions.normalize();
        assert_eq!(conditions.water.is_public, None);
        assert_eq!(conditions.status_of(ConditionTheme::Water), ConditionStatus::Bad);
    }

    #[test]
    fn toilet_questions_depend_on_working_toilets_and_their_kinds() {
        let sanitary = Sanitary {
            open_air_defecation: Some(false),
            working_toilets: Some(false),
            toilet_types: vec![ToiletType::Dry],
            toilets_are_inside: Some(true),
            toilets_are_lighted: Some(true),
            hand_washing: Some(true),
        };
        let mut conditions = LivingConditions { sanitary, ..LivingConditions::default() };
        conditions.normalize();
        assert!(conditions.sanitary.toilet_types.is_empty());
        assert_eq!(conditions.sanitary.hand_washing, None);
        assert_eq!(conditions.status_of(ConditionTheme::Sanitary), ConditionStatus::Bad);
        conditions.sanitary.working_toilets = Some(true);
        conditions.sanitary.toilet_types = vec![ToiletType::Latrines, ToiletType::Latrines];
        conditions.sanitary.hand_washing = Some(true);
        conditions.normalize();
        assert_eq!(conditions.sanitary.toilet_types, vec![ToiletType::Latrines]);
        assert_eq!(conditions.sanitary.hand_washing, None, "only latrines: no question about built toilets");
        assert_eq!(conditions.status_of(ConditionTheme::Sanitary), ConditionStatus::ToImprove);
    }

    #[test]
    fn electricity_trash_pests_and_fire_follow_their_answers() {
        let mut conditions = LivingConditions::default();
        assert_eq!(conditions.status_of(ConditionTheme::Electricity), ConditionStatus::Unknown);
        conditions.electricity = Electricity {
            access: Some(false),
            access_types: vec![ElectricityAccessType::Generator],
            access_is_unequal: Some(true),
        };
        conditions.normalize();
        assert!(conditions.electricity.access_types.is_empty());
        assert_eq!(conditions.electricity.access_is_unequal, None);
        assert_eq!(conditions.status_of(ConditionTheme::Electricity), ConditionStatus::Bad);
        conditions.trash = Trash {
            is_piling: Some(true),
            evacuation_is_close: Some(false),
            evacuation_is_safe: Some(true),
            ..Trash::default()
        };
        conditions.normalize();
        assert_eq!(conditions.trash.evacuation_is_safe, None);
        assert_eq!(conditions.status_of(ConditionTheme::Trash), ConditionStatus::Bad);
        conditions.pests = Pests { presence: Some(false), details: Some("rats".into()) };
        conditions.normalize();
        assert_eq!(conditions.pests.details, None);
        assert_eq!(conditions.status_of(ConditionTheme::Pests), ConditionStatus::Good);
        conditions.fire.prevention_diagnostic = Some(false);
        assert_eq!(conditions.status_of(ConditionTheme::Fire), ConditionStatus::Bad);
    }

    #[test]
    fn required_answers_are_named() {
        let mut conditions = LivingConditions::default();
        conditions.water.access_type = Some(WaterAccessType::Other);
        let fields: Vec<String> = conditions.check("living_conditions").into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["living_conditions.water.access_type_details"]);
        assert_eq!(LivingConditions::default().check("lc")[0].field, "lc.water.access_type");
    }
}
