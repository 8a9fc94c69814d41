//! Users, roles, options, account requests and the current user.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::access::Permission;
use crate::organizations::{InterventionArea, OrganizationSummary};

labelled_enum! {
    /// The regular role of a user: what the user may do by default.
    pub enum Role {
        NationalEstablishment = "national_establisment" => "Acteur national",
        DirectCollaborator = "direct_collaborator" => "Correspondant",
        Collaborator = "collaborator" => "Partenaire institutionnel",
        Association = "association" => "Opérateur",
        Intervener = "intervener" => "Intervenant",
        ExternalObservator = "external_observator" => "Observateur externe",
    }
}

labelled_enum! {
    /// An administration role; when set, it replaces the regular role's permissions.
    pub enum AdminRole {
        LocalAdmin = "local_admin" => "Administrateur local",
        NationalAdmin = "national_admin" => "Administrateur national",
    }
}

labelled_enum! {
    /// Where an account stands in its life.
    pub enum UserStatus {
        New = "new" => "Demande en attente",
        Active = "active" => "Actif",
        Inactive = "inactive" => "Désactivé",
    }
}

labelled_enum! {
    /// Extra rights an admin grants to one user, when the user's role allows it.
    pub enum PermissionOption {
        CreateShantytown = "create_shantytown" => "Autoriser à déclarer un site",
        CloseShantytown = "close_shantytown" => "Autoriser à déclarer la fermeture d'un site",
        AccessJustice = "access_justice" => "Accéder aux procédures judiciaires",
        AccessActionFinances = "access_action_finances" => "Accéder aux financements des actions",
    }
}

impl PermissionOption {
    /// The regular roles that may hold this option; it is dropped for any other role.
    pub fn allowed_for(self, role: Role) -> bool {
        use PermissionOption::*;
        use Role::*;
        matches!(
            (self, role),
            (CreateShantytown, Association)
                | (CloseShantytown, Collaborator | Association)
                | (AccessJustice, Collaborator | Association | Intervener)
                | (AccessActionFinances, NationalEstablishment)
        )
    }
}

labelled_enum! {
    /// The e-mails a user may stop receiving.
    pub enum EmailSubscription {
        WeeklySummary = "weekly_summary" => "Récapitulatif hebdomadaire",
        CommentNotification = "comment_notification" => "Nouveau message dans le journal d'un site",
        ActionCommentNotification = "action_comment_notification" => "Nouveau message dans le journal d'une action",
        ShantytownClosure = "shantytown_closure" => "Fermeture d'un site",
        ShantytownCreation = "shantytown_creation" => "Déclaration d'un nouveau site",
        CommunityNewAnswer = "community_new_answer" => "Nouvelle réponse à une question suivie",
        CommunityNewQuestion = "community_new_question" => "Nouvelle question de la communauté",
    }
}

/// Minimum length of a password: long passphrases beat complexity rules.
pub const PASSWORD_MIN_LENGTH: usize = 12;

fn validate_phone(phone: &str) -> Result<(), ValidationError> {
    let digits: String = phone.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let national = digits.strip_prefix("+33").map(|rest| format!("0{rest}"));
    let overseas = ["+262", "+590", "+594", "+596", "+269"]
        .iter()
        .find_map(|prefix| digits.strip_prefix(prefix).map(|rest| format!("0{rest}")));
    let candidate = national.or(overseas).unwrap_or(digits);
    let valid = candidate.len() == 10 && candidate.starts_with('0') && candidate.chars().all(|c| c.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ValidationError::new("phone").with_message("Numéro de téléphone invalide".into()))
    }
}

/// A public request for an account. The requester either picks an existing organization or
/// names a new association (an admin reviews it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ana.ionescu@example.org", "first_name": "Ana", "last_name": "Ionescu", "phone": "01 23 45 67 89", "position": "Médiatrice", "organization_id": 5, "message": "Je suis les familles du site de la rue des Lilas.", "legal_consent": true})))]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    #[validate(email(message = "Adresse e-mail invalide"))]
    pub email: String,
    #[validate(length(min = 1, max = 100, message = "Le prénom est obligatoire"))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Le nom est obligatoire"))]
    pub last_name: String,
    #[validate(custom(function = "validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    #[validate(length(min = 1, max = 200, message = "La fonction est obligatoire"))]
    pub position: String,
    /// An existing, active organization; or leave empty and fill `new_association`.
    #[serde(default)]
    pub organization_id: Option<i32>,
    #[validate(nested)]
    #[serde(default)]
    pub new_association: Option<NewAssociation>,
    #[validate(length(min = 1, max = 2000, message = "Expliquez pourquoi vous souhaitez un accès"))]
    pub message: String,
    /// The requester accepts that the data is processed for the account.
    pub legal_consent: bool,
}

/// An association unknown to the platform, named in an access request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAssociation {
    #[validate(length(min = 2, max = 200, message = "Le nom doit compter entre 2 et 200 caractères"))]
    pub name: String,
    #[validate(length(max = 50, message = "L'acronyme ne peut dépasser 50 caractères"))]
    #[serde(default)]
    pub abbreviation: Option<String>,
    pub departement_code: String,
}

/// An account created directly by an admin (status `new`, until activated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "lea.petit@example.org", "first_name": "Léa", "last_name": "Petit", "position": "Travailleuse sociale", "organization_id": 5})))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[validate(email(message = "Adresse e-mail invalide"))]
    pub email: String,
    #[validate(length(min = 1, max = 100, message = "Le prénom est obligatoire"))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Le nom est obligatoire"))]
    pub last_name: String,
    #[validate(custom(function = "validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    #[validate(length(min = 1, max = 200, message = "La fonction est obligatoire"))]
    pub position: String,
    pub organization_id: i32,
    /// The organization type's default role when absent.
    #[serde(default)]
    pub role: Option<Role>,
}

/// Changes to a user by an admin; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"position": "Coordinatrice", "role": "association"})))]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    #[validate(length(min = 1, max = 100, message = "Le prénom est obligatoire"))]
    #[serde(default)]
    pub first_name: Option<String>,
    #[validate(length(min = 1, max = 100, message = "Le nom est obligatoire"))]
    #[serde(default)]
    pub last_name: Option<String>,
    #[validate(custom(function = "validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    #[validate(length(min = 1, max = 200, message = "La fonction est obligatoire"))]
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub organization_id: Option<i32>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `null` removes the admin role (national admins only); absent keeps it.
    #[serde(default, with = "double_option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AdminRole>))]
    pub admin_role: Option<Option<AdminRole>>,
    #[validate(length(max = 2000, message = "Le commentaire ne peut dépasser 2000 caractères"))]
    #[serde(default)]
    pub admin_comments: Option<String>,
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }

    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// The options an admin grants with an activation link, or later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"options": ["create_shantytown", "access_justice"]})))]
#[serde(deny_unknown_fields)]
pub struct OptionsInput {
    #[serde(default)]
    pub options: Vec<PermissionOption>,
}

/// Why an access request is refused or an account deactivated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Départ de la structure"})))]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    #[validate(length(max = 2000, message = "Le motif ne peut dépasser 2000 caractères"))]
    #[serde(default)]
    pub reason: Option<String>,
}

/// The latest activation link of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLink {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub refused_at: Option<DateTime<Utc>>,
    pub sent_by: Option<String>,
}

/// A user as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
    pub id: i32,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub position: String,
    pub organization: OrganizationSummary,
    pub role: Role,
    pub admin_role: Option<AdminRole>,
    pub status: UserStatus,
    pub options: Vec<PermissionOption>,
    pub access_request_message: Option<String>,
    pub access_refused_at: Option<DateTime<Utc>>,
    pub last_access: Option<AccessLink>,
    pub intervention_areas: Vec<InterventionArea>,
    pub admin_comments: Option<String>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A user in admin lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i32,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub organization_id: i32,
    pub organization_name: String,
    pub location_label: String,
    pub role: Role,
    pub admin_role: Option<AdminRole>,
    pub status: UserStatus,
    pub access_refused_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What an activation link is for, shown before the user chooses a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub expires_at: DateTime<Utc>,
    /// The charter version to accept along with activation.
    pub charter_version: i32,
}

/// Activates an account with its first password and the charter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "une phrase de passe assez longue", "charter_version": 1})))]
#[serde(deny_unknown_fields)]
pub struct Activation {
    #[validate(length(min = 12, max = 128, message = "Le mot de passe doit compter au moins 12 caractères"))]
    pub password: String,
    /// The charter version accepted; must be the current one.
    pub charter_version: i32,
}

/// Asks for a password-reset e-mail. The answer is the same whether the address is known or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "asso.93@demo.resorption.fr"})))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[validate(email(message = "Adresse e-mail invalide"))]
    pub email: String,
}

/// Sets a new password from a reset link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "une nouvelle phrase de passe"})))]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    #[validate(length(min = 12, max = 128, message = "Le mot de passe doit compter au moins 12 caractères"))]
    pub password: String,
}

/// Changes one's own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "resorption-demo", "new_password": "une nouvelle phrase de passe"})))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    #[validate(length(min = 12, max = 128, message = "Le mot de passe doit compter au moins 12 caractères"))]
    pub new_password: String,
}

/// Changes one's own profile; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"phone": "06 12 34 56 78", "email_subscriptions": ["weekly_summary", "comment_notification"]})))]
#[serde(deny_unknown_fields)]
pub struct ProfileChanges {
    #[validate(length(min = 1, max = 100, message = "Le prénom est obligatoire"))]
    #[serde(default)]
    pub first_name: Option<String>,
    #[validate(length(min = 1, max = 100, message = "Le nom est obligatoire"))]
    #[serde(default)]
    pub last_name: Option<String>,
    #[validate(custom(function = "validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    #[validate(length(min = 1, max = 200, message = "La fonction est obligatoire"))]
    #[serde(default)]
    pub position: Option<String>,
    /// The complete list of e-mails the user wants to receive.
    #[serde(default)]
    pub email_subscriptions: Option<Vec<EmailSubscription>>,
}

/// Accepts a version of the charter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"version": 1, "charter_agreement": true, "confidentiality_agreement": true})))]
#[serde(deny_unknown_fields)]
pub struct CharterAcceptance {
    pub version: i32,
    /// "Respect de la charte d'engagement"
    pub charter_agreement: bool,
    /// "Respect de l'instruction du 25 janvier 2018" and confidentiality.
    pub confidentiality_agreement: bool,
}

/// Where the current user stands with the charter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CharterStatus {
    pub current_version: i32,
    pub accepted_version: Option<i32>,
    /// True until the current version is accepted; other routes answer 403 meanwhile.
    pub must_accept: bool,
}

/// The signed-in user, with everything the app needs to decide what to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub position: String,
    pub organization: OrganizationSummary,
    pub role: Role,
    pub admin_role: Option<AdminRole>,
    pub options: Vec<PermissionOption>,
    /// Where the user works (the organization's areas unless the user has their own).
    pub territories: Vec<InterventionArea>,
    pub permissions: Vec<Permission>,
    pub charter: CharterStatus,
    pub email_subscriptions: Vec<EmailSubscription>,
}
