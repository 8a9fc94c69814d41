//! Form fields in the State design system, each showing the API's message for its field.

use leptos::prelude::*;

use crate::api::ApiError;

/// The message the last failed request gave for `field`, as a signal.
pub fn field_error(error: RwSignal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field(field))))
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(into, default = "text".into())] kind: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-erreur");
    let hint_id = format!("{id}-aide");
    let described = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class=move || if error.get().is_some() { "fr-input-group fr-input-group--error" } else { "fr-input-group" }>
            <label class="fr-label" for=id.clone()>
                {label}{required.then_some(" *")}
                {hint.map(|hint| view! { <span class="fr-hint-text" id=hint_id.clone()>{hint}</span> })}
            </label>
            <input class="fr-input" id=id.clone() name=id.clone() type=kind autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                required=required
                bind:value=value/>
            {move || error.get().map(|message| view! { <p class="fr-error-text" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-erreur");
    let described = {
        let error_id = error_id.clone();
        move || error.get().is_some().then(|| error_id.clone())
    };
    view! {
        <div class=move || if error.get().is_some() { "fr-input-group fr-input-group--error" } else { "fr-input-group" }>
            <label class="fr-label" for=id.clone()>{label}{required.then_some(" *")}</label>
            <textarea class="fr-input" id=id.clone() name=id.clone() rows="4" required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                bind:value=value></textarea>
            {move || error.get().map(|message| view! { <p class="fr-error-text" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class=move || if error.get().is_some() { "fr-checkbox-group fr-checkbox-group--error" } else { "fr-checkbox-group" }>
            <input type="checkbox" id=id.clone() name=id.clone() bind:checked=checked/>
            <label class="fr-label" for=id.clone()>{label}</label>
            {move || error.get().map(|message| view! { <p class="fr-error-text">{message}</p> })}
        </div>
    }
}

/// The summary of a failed submission, above the form.
#[component]
pub fn ErrorSummary(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let fields = match &error {
                ApiError::Problem(problem) => problem.errors.len(),
                ApiError::Network(_) => 0,
            };
            let message = if fields > 0 {
                format!("{} Corrigez les champs signalés ({fields}).", error.message())
            } else {
                error.message()
            };
            view! { <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert"><p>{message}</p></div> }
        })
    }
}
