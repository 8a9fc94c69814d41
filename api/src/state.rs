//! What every handler shares.

use std::sync::Arc;

use crate::auth::tokens::JwtKeys;
use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use crate::territories::Geography;

pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub geography: Arc<Geography>,
    pub keys: JwtKeys,
    pub mailer: Mailer,
    pub actors: crate::auth::cache::ActorCache,
    pub site_answers: crate::sites::cache::SiteAnswers,
    pub exports: crate::sites::export::ExportSlots,
}

pub type State = actix_web::web::Data<AppState>;
