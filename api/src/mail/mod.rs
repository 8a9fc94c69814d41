//! Outgoing e-mail: over SMTP when configured, else written to a local outbox folder (and
//! logged) so that a first run needs nothing. Sending never fails the request that caused it:
//! the change is already committed; a delivery problem is logged.

pub mod templates;

use std::path::PathBuf;

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

/// One e-mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    /// Links in e-mails start with this.
    pub public_url: String,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let from: Mailbox = config.mail_from.parse().map_err(|error| format!("RESORPTION_MAIL_FROM: {error}"))?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|error| format!("RESORPTION_SMTP_URL: {error}"))?
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&config.outbox_dir)
                    .map_err(|error| format!("{}: {error}", config.outbox_dir.display()))?;
                Transport::Outbox(AsyncFileTransport::new(&config.outbox_dir), config.outbox_dir.clone())
            }
        };
        Ok(Mailer { from, transport, public_url: config.public_url.clone() })
    }

    /// Sends each mail; failures are logged, not returned.
    pub async fn send_all(&self, mails: Vec<Mail>) {
        for mail in mails {
            self.send(mail).await;
        }
    }

    pub async fn send(&self, mail: Mail) {
        let to = match mail.to.parse::<Mailbox>() {
            Ok(to) => to,
            Err(error) => {
                tracing::warn!(to = %mail.to, error = %error, "e-mail address refused");
                return;
            }
        };
        let message = match Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body)
        {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(error = %error, "e-mail not built");
                return;
            }
        };
        let outcome = match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| "smtp".to_owned()).map_err(|e| e.to_string()),
            Transport::Outbox(outbox, dir) => {
                outbox.send(message).await.map(|id| format!("{}/{id}.eml", dir.display())).map_err(|e| e.to_string())
            }
        };
        match outcome {
            Ok(via) => tracing::info!(to = %mail.to, subject = %mail.subject, via = %via, "e-mail sent"),
            Err(error) => tracing::error!(to = %mail.to, subject = %mail.subject, error = %error, "e-mail not sent"),
        }
    }
}
