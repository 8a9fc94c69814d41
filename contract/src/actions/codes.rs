//! The codes of actions, each with its French label (DOMAIN §10.1).

labelled_enum! {
    /// A field of intervention ("Champ d'intervention").
    pub enum Topic {
        Health = "health" => "Santé",
        School = "school" => "Éducation et scolarisation",
        Work = "work" => "Formation et emploi",
        Housing = "housing" => "Logement",
        Safety = "safety" => "Stabilisation et sécurisation du site",
    }
}

labelled_enum! {
    /// Where an action takes place ("Où se déroule l'action ?").
    pub enum ActionLocationType {
        Eti = "eti" => "Espace Temporaire d'Accompagnement (ETI)",
        Housing = "logement" => "Dans le logement",
        OnSite = "sur_site" => "Sur site(s)",
        Other = "autre" => "Autre",
    }
}

labelled_enum! {
    /// What a version of an action records.
    pub enum ActionChangeKind {
        Creation = "creation" => "Création de l'action",
        Update = "update" => "Mise à jour",
        Indicators = "indicators" => "Mise à jour des indicateurs",
    }
}

labelled_enum! {
    /// Whether an action is still running: it is ended once its end date is past.
    pub enum ActionPhase {
        Ongoing = "ongoing" => "En cours",
        Ended = "ended" => "Terminée",
    }
}

labelled_enum! {
    /// The origin of a line of finances (DOMAIN §10.3).
    pub enum FinanceType {
        State = "etatique" => "Financements étatiques hors crédits dédiés",
        Dedicated = "dedie" => "Crédits dédiés à la résorption des bidonvilles",
        LocalAuthority = "collectivite" => "Cofinancement collectivité territoriale",
        European = "europeen" => "Financements européens",
        Private = "prive" => "Financements privés",
        Other = "autre" => "Autre",
    }
}

labelled_enum! {
    /// Why an organization's members will read an action's finances (issue 12 item 3).
    pub enum FinanceReaderReason {
        Pilot = "pilot" => "Structure pilote de l'action",
        Territory = "territory" => "Accès aux financements sur le territoire",
        National = "national" => "Accès aux financements dans toute la France",
    }
}
