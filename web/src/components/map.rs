//! Leaflet maps through the small bridge in `static/map-bridge.js`: the bridge loads Leaflet on
//! the first map, so that pages without a map never download it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/static/map-bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = createMap, catch)]
    async fn create_map(element: web_sys::HtmlElement, tile_url: &str, clustered: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setSites)]
    fn set_sites(handle: &JsValue, geojson: &str, colors: &str, fit: bool, on_select: &JsValue) -> u32;
    #[wasm_bindgen(js_name = fitSites)]
    fn fit_sites(handle: &JsValue, geojson: &str);
    #[wasm_bindgen(js_name = showFrance)]
    fn show_france(handle: &JsValue);
    #[wasm_bindgen(js_name = setPoint)]
    fn set_point(handle: &JsValue, lat: f64, lon: f64, center: bool);
    #[wasm_bindgen(js_name = onMapClick)]
    fn on_map_click(handle: &JsValue, on_click: &JsValue);
    #[wasm_bindgen(js_name = removeMap)]
    fn remove_map(handle: &JsValue);
}

/// The tiles template the server put in the page (`<meta name="resorption-tile-url">`); empty
/// for a blank background, which works with no internet access.
fn tile_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=resorption-tile-url]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default()
}

/// One Leaflet map.
#[derive(Clone)]
pub struct Map(JsValue);

impl Map {
    /// A map inside `element`, showing France; `clustered` groups close sites into bubbles.
    pub async fn create(element: web_sys::HtmlElement, clustered: bool) -> Result<Map, String> {
        create_map(element, &tile_url(), clustered)
            .await
            .map(Map)
            .map_err(|_| "La carte n'a pas pu être chargée.".to_owned())
    }

    /// Draws the sites of a GeoJSON FeatureCollection; `on_select` gets the id of a site
    /// opened on the map. Returns how many sites are drawn.
    pub fn set_sites(&self, geojson: &str, colors: &str, fit: bool, on_select: impl Fn(i32) + 'static) -> u32 {
        let callback = Closure::<dyn Fn(i32)>::new(on_select).into_js_value();
        set_sites(&self.0, geojson, colors, fit, &callback)
    }

    /// Frames the sites of a GeoJSON FeatureCollection, or France when there is none.
    pub fn fit_sites(&self, geojson: &str) {
        fit_sites(&self.0, geojson);
    }

    pub fn show_france(&self) {
        show_france(&self.0);
    }

    pub fn set_point(&self, latitude: f64, longitude: f64, center: bool) {
        set_point(&self.0, latitude, longitude, center);
    }

    pub fn on_click(&self, on_click: impl Fn(f64, f64) + 'static) {
        let callback = Closure::<dyn Fn(f64, f64)>::new(on_click).into_js_value();
        on_map_click(&self.0, &callback);
    }

    pub fn remove(&self) {
        remove_map(&self.0);
    }
}
