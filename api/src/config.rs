//! Configuration, read once from the environment (`RESORPTION_*`, `DATABASE_URL`) and validated
//! at start-up. Every variable is documented in `.env.example`; a test keeps the two in step.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Which deployment this is; production refuses demo data and requires real secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    /// `RESORPTION_BIND`: address the server listens on.
    pub bind: SocketAddr,
    /// `DATABASE_URL`: `sqlite://path` (default `sqlite://data/resorption.db`) or `postgres://…`.
    pub database_url: String,
    /// `RESORPTION_DB_POOL_SIZE`: connections kept by the pool.
    pub db_pool_size: u32,
    /// `RESORPTION_PUBLIC_URL`: how users reach the app, for links in e-mails.
    pub public_url: String,
    /// `RESORPTION_JWT_SECRET`: signs access tokens; required in production.
    pub jwt_secret: Vec<u8>,
    /// `RESORPTION_ACCESS_TOKEN_MINUTES`: lifetime of an access token.
    pub access_token_minutes: i64,
    /// `RESORPTION_REFRESH_TOKEN_DAYS`: lifetime of a refresh token.
    pub refresh_token_days: i64,
    /// `RESORPTION_ACTIVATION_HOURS`: lifetime of an activation link.
    pub activation_hours: i64,
    /// `RESORPTION_PASSWORD_RESET_HOURS`: lifetime of a password-reset link.
    pub password_reset_hours: i64,
    /// `RESORPTION_MAX_BODY_BYTES`: largest request body accepted.
    pub max_body_bytes: usize,
    /// `RESORPTION_SMTP_URL`: `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…`
    /// (TLS) or `smtp://host:port` (plain, for a local relay). Unset: e-mails go to the outbox.
    pub smtp_url: Option<String>,
    /// `RESORPTION_MAIL_FROM`: sender of every e-mail.
    pub mail_from: String,
    /// `RESORPTION_OUTBOX_DIR`: where e-mails are written when no SMTP server is configured.
    pub outbox_dir: PathBuf,
    /// `RESORPTION_LOG_FORMAT`: `json` (default in production) or `pretty`.
    pub log_json: bool,
    /// `RESORPTION_TRUST_PROXY`: take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
    /// `RESORPTION_LOGIN_MAX_FAILURES`: failed sign-ins before an account is slowed.
    pub login_max_failures: i32,
    /// `RESORPTION_LOGIN_MAX_FAILURES_PER_ADDRESS`: failed sign-ins before a client address is
    /// slowed; far higher, for an office or a préfecture behind one address.
    pub login_max_failures_per_address: i32,
    /// `RESORPTION_TILE_URL`: map tiles template for the app (blank background when empty).
    pub tile_url: String,
    /// `RESORPTION_GEOCODER_URL`: address search service for the app (none when empty).
    pub geocoder_url: String,
}

/// The variables [`Config::from_env`] reads, for the `.env.example` test.
pub const VARIABLES: &[&str] = &[
    "RESORPTION_ENV",
    "RESORPTION_BIND",
    "DATABASE_URL",
    "RESORPTION_DB_POOL_SIZE",
    "RESORPTION_PUBLIC_URL",
    "RESORPTION_JWT_SECRET",
    "RESORPTION_ACCESS_TOKEN_MINUTES",
    "RESORPTION_REFRESH_TOKEN_DAYS",
    "RESORPTION_ACTIVATION_HOURS",
    "RESORPTION_PASSWORD_RESET_HOURS",
    "RESORPTION_MAX_BODY_BYTES",
    "RESORPTION_SMTP_URL",
    "RESORPTION_MAIL_FROM",
    "RESORPTION_OUTBOX_DIR",
    "RESORPTION_LOG_FORMAT",
    "RESORPTION_TRUST_PROXY",
    "RESORPTION_LOGIN_MAX_FAILURES",
    "RESORPTION_LOGIN_MAX_FAILURES_PER_ADDRESS",
    "RESORPTION_TILE_URL",
    "RESORPTION_GEOCODER_URL",
];

#[derive(Debug, thiserror::Error)]
#[error("configuration invalide : {variable} : {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub reason: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    }

    /// Reads configuration through `lookup`, so tests can supply their own variables.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let environment = match lookup("RESORPTION_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => return Err(invalid("RESORPTION_ENV", format!("« {other} » (development | production)"))),
        };
        let production = environment == Environment::Production;
        let jwt_secret = match lookup("RESORPTION_JWT_SECRET") {
            Some(secret) if secret.len() >= 32 => secret.into_bytes(),
            Some(_) => return Err(invalid("RESORPTION_JWT_SECRET", "au moins 32 caractères".into())),
            None if production => return Err(invalid("RESORPTION_JWT_SECRET", "obligatoire en production".into())),
            // Development: a fresh secret per start; restarting signs everyone out.
            None => crate::auth::tokens::random_secret(),
        };
        let log_json = match lookup("RESORPTION_LOG_FORMAT").as_deref() {
            None => production,
            Some("json") => true,
            Some("pretty") => false,
            Some(other) => return Err(invalid("RESORPTION_LOG_FORMAT", format!("« {other} » (json | pretty)"))),
        };
        let config = Config {
            environment,
            bind: parse(&lookup, "RESORPTION_BIND", "127.0.0.1:8080")?,
            database_url: lookup("DATABASE_URL").unwrap_or_else(|| "sqlite://data/resorption.db".into()),
            db_pool_size: parse(&lookup, "RESORPTION_DB_POOL_SIZE", "16")?,
            public_url: lookup("RESORPTION_PUBLIC_URL")
                .unwrap_or_else(|| "http://localhost:8080".into())
                .trim_end_matches('/')
                .to_owned(),
            jwt_secret,
            access_token_minutes: parse(&lookup, "RESORPTION_ACCESS_TOKEN_MINUTES", "15")?,
            refresh_token_days: parse(&lookup, "RESORPTION_REFRESH_TOKEN_DAYS", "30")?,
            activation_hours: parse(&lookup, "RESORPTION_ACTIVATION_HOURS", "168")?,
            password_reset_hours: parse(&lookup, "RESORPTION_PASSWORD_RESET_HOURS", "2")?,
            max_body_bytes: parse(&lookup, "RESORPTION_MAX_BODY_BYTES", "1048576")?,
            smtp_url: lookup("RESORPTION_SMTP_URL"),
            mail_from: lookup("RESORPTION_MAIL_FROM")
                .unwrap_or_else(|| "Résorption <ne-pas-repondre@resorption.localhost>".into()),
            outbox_dir: PathBuf::from(lookup("RESORPTION_OUTBOX_DIR").unwrap_or_else(|| "data/outbox".into())),
            log_json,
            trust_proxy: parse(&lookup, "RESORPTION_TRUST_PROXY", "false")?,
            login_max_failures: parse(&lookup, "RESORPTION_LOGIN_MAX_FAILURES", "5")?,
            login_max_failures_per_address: parse(&lookup, "RESORPTION_LOGIN_MAX_FAILURES_PER_ADDRESS", "50")?,
            tile_url: lookup("RESORPTION_TILE_URL").unwrap_or_default(),
            geocoder_url: lookup("RESORPTION_GEOCODER_URL").unwrap_or_default(),
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if !self.database_url.starts_with("postgres://")
            && !self.database_url.starts_with("postgresql://")
            && !self.database_url.starts_with("sqlite://")
        {
            return Err(invalid("DATABASE_URL", "doit commencer par sqlite:// ou postgres://".into()));
        }
        if self.db_pool_size == 0 {
            return Err(invalid("RESORPTION_DB_POOL_SIZE", "au moins 1".into()));
        }
        if self.access_token_minutes <= 0 || self.refresh_token_days <= 0 {
            return Err(invalid("RESORPTION_ACCESS_TOKEN_MINUTES", "durées positives attendues".into()));
        }
        if self.max_body_bytes < 1024 {
            return Err(invalid("RESORPTION_MAX_BODY_BYTES", "au moins 1024 octets".into()));
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(invalid("RESORPTION_MAIL_FROM", "adresse d'expéditeur invalide".into()));
        }
        Ok(())
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }
}

fn invalid(variable: &'static str, reason: String) -> ConfigError {
    ConfigError { variable, reason }
}

fn parse<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
) -> Result<T, ConfigError> {
    let raw = lookup(variable).unwrap_or_else(|| default.to_owned());
    raw.parse().map_err(|_| invalid(variable, format!("valeur « {raw} » illisible")))
}
