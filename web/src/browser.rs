//! What the app asks of the browser besides the DOM that Leptos manages: saving a file,
//! confirming, scrolling.

use wasm_bindgen::JsCast;

/// Hands bytes to the browser as a downloaded file.
pub fn save_file(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let failed = |_| "Le fichier n'a pas pu être enregistré.".to_owned();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("Pas de document.")?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(failed)?.dyn_into().map_err(|_| "Pas de lien.".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser has started the download: the object URL may go once this task is done.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

/// Asks the browser's own confirmation dialog.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Scrolls to and focuses an element by id (after a failed submission, a step change).
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// Today in the browser's time zone.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}
