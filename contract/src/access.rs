//! The vocabulary of permissions: what (entity, feature) and where (scope).

use serde::{Deserialize, Serialize};

labelled_enum! {
    /// What a permission is about.
    pub enum Entity {
        Site = "shantytown" => "Sites",
        SiteJustice = "shantytown_justice" => "Procédures judiciaires et administratives",
        SiteOwner = "shantytown_owner" => "Propriétaires",
        SiteComment = "shantytown_comment" => "Journal du site",
        SiteActor = "shantytown_actor" => "Intervenants",
        Action = "action" => "Actions",
        ActionFinances = "action_finances" => "Financements des actions",
        ActionComment = "action_comment" => "Journal des actions",
        User = "user" => "Utilisateurs",
        UserAdminComments = "user_admin_comments" => "Commentaires des administrateurs sur un utilisateur",
        Stats = "stats" => "Statistiques",
        Data = "data" => "Données",
    }
}

labelled_enum! {
    /// What may be done on an entity.
    pub enum Feature {
        List = "list" => "Lister",
        Read = "read" => "Consulter",
        Create = "create" => "Créer",
        Update = "update" => "Modifier",
        Close = "close" => "Fermer",
        Delete = "delete" => "Supprimer",
        Export = "export" => "Exporter",
        FixStatus = "fix_status" => "Corriger la fermeture",
        Report = "report" => "Signaler",
        Access = "access" => "Accéder",
        Moderate = "moderate" => "Modérer",
        Activate = "activate" => "Activer",
        Deactivate = "deactivate" => "Désactiver",
    }
}

labelled_enum! {
    /// How widely a role holds a permission in the role matrix.
    pub enum Grant {
        Nation = "nation" => "Partout en France",
        Local = "local" => "Sur son territoire d'intervention",
        Option = "option" => "Sur son territoire, si l'option est accordée",
    }
}

/// Where a user may exercise one permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionScope {
    /// True when allowed everywhere in France.
    pub national: bool,
    pub regions: Vec<String>,
    pub departements: Vec<String>,
    pub epcis: Vec<String>,
    pub cities: Vec<String>,
}

/// One effective permission of the current user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Permission {
    pub entity: Entity,
    pub feature: Feature,
    pub scope: PermissionScope,
}

/// One cell of the role matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RolePermission {
    /// A regular role or an admin role code.
    pub role: String,
    pub entity: Entity,
    pub feature: Feature,
    pub grant: Grant,
    /// For `option` grants: the option that unlocks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// True when the feature writes; reads from a commune or EPCI are widened to its département.
    pub writing: bool,
}
