//! Security headers on every answer (issue 30, suite 5). The app gets a strict
//! Content-Security-Policy: scripts only from the server itself (no inline script; WebAssembly
//! allowed to compile), no plugins, no framing, images and connections only to the server and
//! to the map tile and address services it is configured with. Styles may be inline: Leaflet and
//! the app set `style` attributes. HSTS is sent when the request came over HTTPS.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

use crate::config::Config;
use crate::state::State;

/// The interactive API docs (Swagger UI) start with an inline script of their own.
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`: the origin a
/// configured URL template reaches, as a CSP source (none when the template has none).
fn origin_of(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.replace("{s}", "*");
    let valid = !host.is_empty()
        && matches!(scheme, "http" | "https")
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'));
    valid.then(|| format!("{scheme}://{host}"))
}

/// The policy of the app, with the instance's tile and address services.
pub fn content_security_policy(config: &Config) -> String {
    let tiles = origin_of(&config.tile_url).map(|origin| format!(" {origin}")).unwrap_or_default();
    let geocoder = origin_of(&config.geocoder_url).map(|origin| format!(" {origin}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:{tiles}; font-src 'self' data:; connect-src 'self'{geocoder}; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req.connection_info().scheme() == "https";
    let policy = if req.path().starts_with("/api/docs") {
        DOCS_POLICY.to_owned()
    } else {
        req.app_data::<State>()
            .map(|state| content_security_policy(&state.config))
            .unwrap_or_else(|| DOCS_POLICY.to_owned())
    };
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, &policy);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_template_gives_its_origin_as_a_source() {
        assert_eq!(
            origin_of("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            origin_of("https://{s}.tile.example.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.example.org")
        );
        assert_eq!(origin_of("http://localhost:8081/search?q=").as_deref(), Some("http://localhost:8081"));
        assert_eq!(origin_of(""), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://evil.org; script-src *"), None, "no way to add a directive");
    }
}
