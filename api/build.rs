//! The web app is embedded from `web/dist`, which only exists once `scripts/build-web` ran.
//! Without it the server still builds, and its `/` says how to build the app.

use std::path::Path;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    let index = dist.join("index.html");
    println!("cargo:rerun-if-changed={}", index.display());
    if !index.exists() {
        let placeholder = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Résorption</title>\
            <link rel=\"icon\" href=\"data:,\"></head><body><main><h1>Résorption</h1><p>L'application web \
            n'est pas construite : lancez <code>scripts/build-web</code>.</p></main></body></html>\n";
        if std::fs::create_dir_all(&dist).and_then(|_| std::fs::write(&index, placeholder)).is_err() {
            println!("cargo:warning=could not create {}", index.display());
        }
    }
}
