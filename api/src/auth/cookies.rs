//! The session cookies of the web app: `__Host-` prefixed, HttpOnly, Secure, SameSite=Strict.

use actix_web::cookie::{time::Duration, Cookie, SameSite};

pub const ACCESS_COOKIE: &str = "__Host-resorption_access";
pub const REFRESH_COOKIE: &str = "__Host-resorption_refresh";

fn cookie(name: &'static str, value: String, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(Duration::seconds(max_age_seconds))
        .finish()
}

pub fn access(token: String, minutes: i64) -> Cookie<'static> {
    cookie(ACCESS_COOKIE, token, minutes * 60)
}

pub fn refresh(token: String, days: i64) -> Cookie<'static> {
    cookie(REFRESH_COOKIE, token, days * 24 * 3600)
}

/// Cookies that make the browser forget the session.
pub fn cleared() -> [Cookie<'static>; 2] {
    [cookie(ACCESS_COOKIE, String::new(), 0), cookie(REFRESH_COOKIE, String::new(), 0)]
}
