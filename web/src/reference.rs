//! The reference lists the app reads from `GET /api/reference`, fetched once per page load.

use std::cell::RefCell;

use contract::reference::ColoredItem;
use contract::sites::codes::FieldType;
use contract::Labelled;
use serde::Deserialize;

/// Only the part of the reference the app needs (serde skips the rest).
#[derive(Deserialize)]
struct Reference {
    sites: SiteLists,
}

#[derive(Deserialize)]
struct SiteLists {
    field_types: Vec<ColoredItem>,
}

thread_local! {
    static FIELD_TYPES: RefCell<Option<Vec<ColoredItem>>> = const { RefCell::new(None) };
}

/// The field types with their marker colours; the built-in colours when the API cannot say.
pub async fn field_types() -> Vec<ColoredItem> {
    if let Some(known) = FIELD_TYPES.with(|cell| cell.borrow().clone()) {
        return known;
    }
    let items = match crate::api::get::<Reference>("/api/reference").await {
        Ok(reference) => reference.sites.field_types,
        Err(_) => FieldType::ALL
            .iter()
            .map(|t| ColoredItem { code: t.code().into(), label: t.label().into(), color: t.color().into() })
            .collect(),
    };
    FIELD_TYPES.with(|cell| *cell.borrow_mut() = Some(items.clone()));
    items
}

/// The colours as the map bridge reads them: a JSON object from code to colour.
pub fn colors_json(items: &[ColoredItem]) -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        items.iter().map(|item| (item.code.clone(), serde_json::Value::String(item.color.clone()))).collect();
    serde_json::Value::Object(map).to_string()
}
