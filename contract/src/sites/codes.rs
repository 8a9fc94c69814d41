//! The enumerations of sites, with their French labels (DOMAIN §6–9, §20).

labelled_enum! {
    /// Whether a site is open, or why it closed.
    pub enum SiteStatus {
        Open = "open" => "Existant",
        Resorbed = "resorbed" => "Résorption progressive du site",
        ClosedByJustice = "closed_by_justice" => "Décision de justice suite à une plainte du propriétaire",
        ClosedByPrefAdmin = "closed_by_pref_admin" => "Décision administrative de la Préfecture",
        ClosedByCityAdmin = "closed_by_city_admin" => "Décision administrative de la Commune",
        Other = "other" => "Autre",
        Unknown = "unknown" => "Raison inconnue",
    }
}

labelled_enum! {
    /// What a site stands on.
    pub enum FieldType {
        Land = "land" => "Terrain",
        Building = "building" => "Immeuble bâti",
        Unknown = "unknown" => "Inconnu",
    }
}

impl FieldType {
    /// The marker colour on the map.
    pub fn color(self) -> &'static str {
        match self {
            FieldType::Land => "#c68a00",
            FieldType::Building => "#1f5fbf",
            FieldType::Unknown => "#666666",
        }
    }
}

labelled_enum! {
    /// Who owns the land or building.
    pub enum OwnerType {
        Unknown = "unknown" => "Inconnu",
        Public = "public" => "Public",
        Private = "private" => "Privé",
    }
}

labelled_enum! {
    /// Where the inhabitants come from.
    pub enum SocialOrigin {
        French = "french" => "Ressortissants français",
        European = "european" => "Ressortissants européens (UE)",
        Other = "other" => "Ressortissants extracommunautaires",
    }
}

labelled_enum! {
    /// Where the social diagnosis stands.
    pub enum CensusStatus {
        None = "none" => "Non prévu",
        Scheduled = "scheduled" => "Prévu",
        Done = "done" => "Réalisé",
    }
}

labelled_enum! {
    /// Concours de la force publique.
    pub enum PoliceStatus {
        None = "none" => "Non demandé",
        Requested = "requested" => "Demandé",
        Granted = "granted" => "Obtenu",
        Refused = "refused" => "Refusé",
    }
}

labelled_enum! {
    /// How the inhabitants reach water.
    pub enum WaterAccessType {
        PublicFountain = "fontaine_publique" => "Fontaine publique",
        FireHydrant = "borne_incendie" => "Borne incendie",
        BottledOnly = "achat_bouteille" => "Achat bouteille uniquement",
        Tank = "reservoir" => "Réservoir / cuve / citerne",
        ConnectedTap = "robinet_connecte_au_reseau" => "Robinet connecté au réseau d'eau",
        Other = "autre" => "Autre",
        Unknown = "inconnu" => "Inconnu",
    }
}

labelled_enum! {
    /// Kinds of toilets on site.
    pub enum ToiletType {
        Latrines = "latrines" => "Latrines construites par les habitants",
        Chemical = "toilettes_chimiques" => "Toilettes chimiques installées par un prestataire",
        Dry = "toilettes_seches" => "Toilettes sèches installées par un prestataire ou une association",
        Flush = "toilettes_a_chasse" => "Toilettes à chasse d'eau",
    }
}

labelled_enum! {
    /// Kinds of electricity supply.
    pub enum ElectricityAccessType {
        Generator = "electrogene" => "Groupe électrogène",
        UrbanNetwork = "reseau_urbain" => "Raccordement au réseau urbain",
        BuildingInstallation = "installation_du_bati" => "Utilisation de l'installation du bâti (squat)",
    }
}

labelled_enum! {
    /// The state of one theme of living conditions.
    pub enum ConditionStatus {
        Good = "good" => "Oui",
        ToImprove = "to_improve" => "À améliorer",
        Bad = "bad" => "Non",
        Unknown = "unknown" => "Inconnu",
    }
}

labelled_enum! {
    /// The themes of living conditions.
    pub enum ConditionTheme {
        Water = "water" => "Accès à l'eau",
        Sanitary = "sanitary" => "Accès aux toilettes",
        Electricity = "electricity" => "Accès à l'électricité",
        Trash = "trash" => "Évacuation des déchets",
        Pests = "pests" => "Présence de nuisibles",
        Fire = "fire" => "Prévention incendie",
    }
}

labelled_enum! {
    /// Whether a closed site was resorbed with solutions for its households.
    pub enum ClosedWithSolutions {
        Yes = "yes" => "Oui",
        No = "no" => "Non",
        Unknown = "unknown" => "Inconnu",
    }
}

labelled_enum! {
    /// Where the households went when a site closed.
    pub enum ClosingSolution {
        Housing = "housing" => "Logement",
        LongTermShelter = "long_term_shelter" => "Hébergement ou logement adapté longue durée avec accompagnement, dont espace terrain d'insertion",
        TemporaryShelter = "temporary_shelter" => "Mise à l'abri temporaire (quelques jours ou semaines)",
        None = "none" => "Aucune",
        Other = "other" => "Autre",
    }
}

labelled_enum! {
    /// Steps that prepare the resorption of a site (DOMAIN §7.4).
    pub enum PreparatoryPhase {
        SociologicalDiagnosis = "sociological_diagnosis" => "Diagnostic sociologique",
        SocialAssessment = "social_assessment" => "Évaluation sociale",
        PoliticalValidation = "political_validation" => "Validation politique",
        TechnicalDiagnosis = "technical_diagnosis" => "Diagnostic technique",
        ContractPreparation = "contract_preparation" => "Préparation conventionnement",
        LandEquipmentDevelopment = "land_equipment_development" => "Aménagement équipement terrain",
        FamilyInformation = "family_information" => "Information des familles",
        ContractualizationOfFamilies = "contractualization_of_families" => "Contractualisation des familles",
        OfficialOpening = "official_opening" => "Ouverture officielle",
    }
}

impl PreparatoryPhase {
    /// The phases "Démarrer la résorption" creates.
    pub fn is_starting(self) -> bool {
        matches!(
            self,
            PreparatoryPhase::SociologicalDiagnosis
                | PreparatoryPhase::SocialAssessment
                | PreparatoryPhase::PoliticalValidation
                | PreparatoryPhase::TechnicalDiagnosis
        )
    }
}

labelled_enum! {
    /// What an actor does on a site.
    pub enum ActorTheme {
        Health = "sante" => "Santé",
        Education = "education" => "Éducation et scolarisation",
        Employment = "emploi" => "Formation et emploi",
        Housing = "logement" => "Logement",
        SocialMediation = "mediation_sociale" => "Médiation sociale",
        Security = "securite" => "Stabilisation et sécurisation du site",
        Humanitarian = "humanitaire" => "Aides humanitaires",
        Diagnosis = "diagnostic" => "Diagnostic",
        Steering = "pilotage" => "Pilotage et coordination",
        Other = "autre" => "Autre",
    }
}

labelled_enum! {
    /// Tags of journal messages.
    pub enum CommentTag {
        LivingConditions = "conditions_de_vie" => "Conditions de vie",
        SocialSupport = "accompagnement_social" => "Accompagnement social",
        PopulationMovement = "deplacement_de_populations" => "Déplacement de populations",
        Fire = "incendie" => "Incendie",
        SiteVisit = "passage_sur_site" => "Passage sur site",
    }
}

labelled_enum! {
    /// Who may read a journal message.
    pub enum CommentVisibility {
        Public = "public" => "Tous les utilisateurs qui peuvent lire le journal du site",
        PrefectureAndDdets = "pref_et_ddets" => "La préfecture et la DDETS du département",
        Custom = "custom" => "Des structures ou des personnes choisies",
    }
}

labelled_enum! {
    /// Which sites a list or an export covers (DOMAIN §7.1).
    pub enum StatusMode {
        Open = "open" => "Sites existants",
        InProgress = "in_progress" => "Sites en cours de résorption",
        Closed = "closed" => "Sites fermés",
        Resorbed = "resorbed" => "Sites résorbés",
    }
}

labelled_enum! {
    /// Optional column groups of the sites spreadsheet (DOMAIN §16.1).
    pub enum ExportOption {
        AddressDetails = "address_details" => "Informations d'accès au site et coordonnées GPS",
        Owner = "owner" => "Propriétaires",
        LivingConditions = "living_conditions" => "Conditions de vie",
        Demographics = "demographics" => "Diagnostic",
        Justice = "justice" => "Procédure judiciaire ou administrative",
        Actors = "actors" => "Intervenants",
        Comments = "comments" => "Commentaires : les 5 derniers",
        ResorptionPhases = "resorption_phases" => "Phases préparatoires à la résorption",
    }
}
