//! The texts of the e-mails, in French.

use super::Mail;

const SIGNATURE: &str =
    "\n\n—\nL'équipe Résorption\nCet e-mail a été envoyé automatiquement, merci de ne pas y répondre.";

fn mail(to: &str, subject: impl Into<String>, body: String) -> Mail {
    Mail { to: to.to_owned(), subject: subject.into(), body: format!("{body}{SIGNATURE}") }
}

pub fn access_request_received(to: &str, first_name: &str) -> Mail {
    mail(
        to,
        "Votre demande d'accès à Résorption",
        format!(
            "Bonjour {first_name},\n\nNous avons bien reçu votre demande d'accès à Résorption. \
             Un administrateur de votre territoire va l'examiner ; vous recevrez un e-mail dès qu'elle sera traitée."
        ),
    )
}

pub fn access_request_to_admin(to: &str, requester: &str, organization: &str, message: &str, link: &str) -> Mail {
    mail(
        to,
        format!("Nouvelle demande d'accès : {requester}"),
        format!(
            "Bonjour,\n\n{requester} ({organization}) demande un accès à Résorption.\n\n\
             Son message :\n« {message} »\n\nPour examiner la demande : {link}"
        ),
    )
}

pub fn activation_link(to: &str, first_name: &str, link: &str, expires: &str) -> Mail {
    mail(
        to,
        "Activez votre compte Résorption",
        format!(
            "Bonjour {first_name},\n\nVotre accès à Résorption a été accordé. Pour activer votre compte et \
             choisir votre mot de passe, suivez ce lien avant le {expires} :\n{link}"
        ),
    )
}

pub fn access_refused(to: &str, first_name: &str, reason: Option<&str>) -> Mail {
    let reason = reason.map(|r| format!("\n\nMotif : {r}")).unwrap_or_default();
    mail(
        to,
        "Votre demande d'accès à Résorption",
        format!("Bonjour {first_name},\n\nVotre demande d'accès à Résorption n'a pas été acceptée.{reason}"),
    )
}

pub fn account_activated_to_admin(to: &str, user: &str) -> Mail {
    mail(to, format!("Compte activé : {user}"), format!("Bonjour,\n\n{user} a activé son compte Résorption."))
}

pub fn password_reset(to: &str, first_name: &str, link: &str, expires: &str) -> Mail {
    mail(
        to,
        "Réinitialisation de votre mot de passe Résorption",
        format!(
            "Bonjour {first_name},\n\nPour choisir un nouveau mot de passe, suivez ce lien avant le {expires} :\n{link}\n\n\
             Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé."
        ),
    )
}

pub fn account_deactivated(to: &str, first_name: &str) -> Mail {
    mail(
        to,
        "Votre compte Résorption a été désactivé",
        format!("Bonjour {first_name},\n\nVotre compte Résorption a été désactivé. Contactez votre administrateur local pour le réactiver."),
    )
}

pub fn account_reactivated(to: &str, first_name: &str, link: &str) -> Mail {
    mail(
        to,
        "Votre compte Résorption a été réactivé",
        format!("Bonjour {first_name},\n\nVotre compte Résorption a été réactivé. Vous pouvez vous connecter : {link}"),
    )
}

pub fn new_site_comment(to: &str, first_name: &str, author: &str, site: &str, body: &str, link: &str) -> Mail {
    let excerpt: String = body.chars().take(500).collect();
    mail(
        to,
        format!("Nouveau message sur le site {site}"),
        format!(
            "Bonjour {first_name},\n\n{author} a écrit dans le journal du site {site} :\n\n« {excerpt} »\n\n\
             Pour lire le journal : {link}\n\nVous pouvez cesser de recevoir ces e-mails depuis votre compte."
        ),
    )
}

pub fn comment_moderated(to: &str, first_name: &str, site: &str, reason: &str) -> Mail {
    mail(
        to,
        "Votre message a été supprimé",
        format!(
            "Bonjour {first_name},\n\nVotre message dans le journal du site {site} a été supprimé par un modérateur.\n\n\
             Motif : {reason}"
        ),
    )
}

pub fn added_as_actor(to: &str, first_name: &str, by: &str, site: &str, link: &str) -> Mail {
    mail(
        to,
        format!("Vous avez été déclaré(e) intervenant(e) sur le site {site}"),
        format!("Bonjour {first_name},\n\n{by} vous a déclaré(e) intervenant(e) sur le site {site} : {link}"),
    )
}

pub fn actor_invitation(to: &str, by: &str, site: &str, link: &str) -> Mail {
    mail(
        to,
        "Invitation à rejoindre Résorption",
        format!(
            "Bonjour,\n\n{by} vous invite à rejoindre Résorption, la plateforme de celles et ceux qui agissent pour \
             résorber les bidonvilles et les squats, pour vous déclarer intervenant(e) sur le site {site}.\n\n\
             Demandez votre accès : {link}"
        ),
    )
}

pub fn new_action_comment(to: &str, first_name: &str, author: &str, action: &str, body: &str, link: &str) -> Mail {
    let excerpt: String = body.chars().take(500).collect();
    mail(
        to,
        format!("Nouveau message sur l'action {action}"),
        format!(
            "Bonjour {first_name},\n\n{author} a écrit dans le journal de l'action « {action} » :\n\n« {excerpt} »\n\n\
             Pour lire le journal : {link}\n\nVous pouvez cesser de recevoir ces e-mails depuis votre compte."
        ),
    )
}

pub fn action_comment_moderated(to: &str, first_name: &str, action: &str, reason: &str) -> Mail {
    mail(
        to,
        "Votre message a été supprimé",
        format!(
            "Bonjour {first_name},\n\nVotre message dans le journal de l'action « {action} » a été supprimé par un \
             modérateur.\n\nMotif : {reason}"
        ),
    )
}
