//! The built web app, embedded in the binary (D1): files by path, and `index.html` for every
//! other path outside `/api` so that deep links work.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../web/dist"]
struct Assets;

pub fn configure(config: &mut web::ServiceConfig) {
    config.default_service(web::to(serve));
}

/// The app's shell, with the instance's map settings in `<meta>` tags the app reads.
fn shell(index: &[u8], config: &crate::config::Config) -> Vec<u8> {
    let escape = |value: &str| value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let meta = format!(
        "<meta name=\"resorption-tile-url\" content=\"{}\"><meta name=\"resorption-geocoder-url\" content=\"{}\"></head>",
        escape(&config.tile_url),
        escape(&config.geocoder_url)
    );
    String::from_utf8_lossy(index).replacen("</head>", &meta, 1).into_bytes()
}

async fn serve(req: HttpRequest) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        // A route of the API asked with a method it does not have: 405 and what it has.
        if let Some(refusal) = crate::methods::refusal(&req) {
            return refusal;
        }
        return crate::error::AppError::NotFound.error_response_owned();
    }
    if let Some(file) = Assets::get(path).filter(|_| !path.is_empty()) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        // Hashed or versioned assets could be cached longer; the shell must always be fresh.
        return HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, mime.as_ref()))
            .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
            .body(file.data.into_owned());
    }
    match Assets::get("index.html") {
        Some(index) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(match req.app_data::<crate::state::State>() {
                Some(state) => shell(&index.data, &state.config),
                None => index.data.into_owned(),
            }),
        None => HttpResponse::NotFound().finish(),
    }
}
