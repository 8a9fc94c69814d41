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
    }
}

labelled_enum! {
    /// Whether an action is still running: it is ended once its end date is past.
    pub enum ActionPhase {
        Ongoing = "ongoing" => "En cours",
        Ended = "ended" => "Terminée",
    }
}
