//! The fields of the site form. Each one reads and writes one answer of the draft through a
//! [`Lens`], and shows the message the API (or the same rules run in the browser) gave for its
//! path, e.g. `population.minors`. Fields keep their own text while typing, so that a half-typed
//! number is never wiped.

use contract::problem::Problem;
use contract::sites::input::SiteInput;
use leptos::prelude::*;

use crate::api::ApiError;

/// The site being declared or updated, with what the form needs besides it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub site: SiteInput,
    /// The commune as the user reads it, e.g. "Montreuil (93)".
    pub city_label: String,
    /// False until the user placed the site (the coordinates are then meaningless).
    pub has_point: bool,
}

/// One answer of the draft: how to read it and how to change it.
pub struct Lens<T: 'static> {
    draft: RwSignal<Draft>,
    read: fn(&Draft) -> T,
    write: fn(&mut Draft, T),
}

impl<T> Clone for Lens<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lens<T> {}

impl<T: 'static> Lens<T> {
    pub fn new(draft: RwSignal<Draft>, read: fn(&Draft) -> T, write: fn(&mut Draft, T)) -> Self {
        Lens { draft, read, write }
    }

    pub fn get(&self) -> T {
        self.draft.with(|d| (self.read)(d))
    }

    pub fn get_untracked(&self) -> T {
        self.draft.with_untracked(|d| (self.read)(d))
    }

    pub fn set(&self, value: T) {
        let write = self.write;
        self.draft.update(|d| write(d, value));
    }
}

/// A lens on a plain field of the draft: `lens!(draft, site.population.total)`.
#[macro_export]
macro_rules! lens {
    ($draft:expr, $($field:ident).+) => {
        $crate::pages::sites::form::fields::Lens::new($draft, |d| d.$($field).+.clone(), |d, v| d.$($field).+ = v)
    };
}

/// A lens on an optional code field, as its code: `code_lens!(draft, WaterAccessType, site.living_conditions.water.access_type)`.
#[macro_export]
macro_rules! code_lens {
    ($draft:expr, $kind:ty, $($field:ident).+) => {
        $crate::pages::sites::form::fields::Lens::new(
            $draft,
            |d| d.$($field).+.map(contract::Labelled::code),
            |d, v| d.$($field).+ = v.and_then(<$kind as contract::Labelled>::from_code),
        )
    };
}

/// A lens on a list of codes: `codes_lens!(draft, ToiletType, site.living_conditions.sanitary.toilet_types)`.
#[macro_export]
macro_rules! codes_lens {
    ($draft:expr, $kind:ty, $($field:ident).+) => {
        $crate::pages::sites::form::fields::Lens::new(
            $draft,
            |d| d.$($field).+.iter().map(|v| contract::Labelled::code(*v)).collect(),
            |d, v: Vec<&'static str>| d.$($field).+ = v.into_iter().filter_map(<$kind as contract::Labelled>::from_code).collect(),
        )
    };
}

/// The last failed submission, read by every field for its own message.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Option<ApiError>>);

/// The message for a field path, as a signal.
pub fn message_for(field: &'static str) -> Signal<Option<String>> {
    let errors = use_context::<FormErrors>();
    Signal::derive(move || errors.and_then(|e| e.0.with(|e| e.as_ref().and_then(|e| e.field(field)))))
}

/// The element id of a field path: `population.minors` → `population-minors`.
pub fn field_id(field: &str) -> String {
    field.replace(['.', '[', ']'], "-")
}

/// A 422 problem made of the errors found in the browser, shown like the server's.
pub fn problem(errors: Vec<contract::problem::FieldError>) -> ApiError {
    ApiError::Problem(Problem {
        problem_type: "about:blank".into(),
        title: "Le formulaire contient des erreurs.".into(),
        status: 422,
        code: "validation_failed".into(),
        detail: Some("Le formulaire contient des erreurs.".into()),
        errors,
        request_id: None,
    })
}

#[component]
fn ErrorText(field: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| view! { <p class="fr-error-text" id=format!("{}-erreur", field_id(field))>{text}</p> })
    }
}

fn group_class(base: &'static str, message: Signal<Option<String>>) -> impl Fn() -> String {
    move || if message.get().is_some() { format!("{base} {base}--error") } else { base.to_owned() }
}

/// A count: a whole number, or empty when unknown.
#[component]
pub fn Count(#[prop(into)] label: String, field: &'static str, lens: Lens<Option<i32>>) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    let text = RwSignal::new(lens.get_untracked().map(|n| n.to_string()).unwrap_or_default());
    view! {
        <div class=group_class("fr-input-group", message)>
            <label class="fr-label" for=id.clone()>{label}</label>
            <input class="fr-input" type="number" min="0" step="1" inputmode="numeric" id=id.clone()
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || message.get().is_some().then(|| format!("{}-erreur", field_id(field)))
                prop:value=move || text.get()
                on:input=move |event| {
                    let value = event_target_value(&event);
                    lens.set(value.trim().parse().ok());
                    text.set(value);
                }/>
            <ErrorText field=field message=message/>
        </div>
    }
}

/// A text, on one line or several.
#[component]
pub fn Text(
    #[prop(into)] label: String,
    field: &'static str,
    lens: Lens<Option<String>>,
    #[prop(default = false)] long: bool,
    #[prop(default = false)] required: bool,
    #[prop(into, optional)] hint: Option<String>,
) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    let initial = lens.get_untracked().unwrap_or_default();
    let change = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        lens.set(Some(value).filter(|v| !v.trim().is_empty()));
    };
    let described = move || message.get().is_some().then(|| format!("{}-erreur", field_id(field)));
    let input = if long {
        view! { <textarea class="fr-input" id=id.clone() rows="3" required=required aria-describedby=described
        aria-invalid=move || message.get().is_some().then_some("true") prop:value=initial on:input=change></textarea> }
        .into_any()
    } else {
        view! { <input class="fr-input" type="text" id=id.clone() required=required aria-describedby=described
        aria-invalid=move || message.get().is_some().then_some("true") prop:value=initial on:input=change/> }
        .into_any()
    };
    view! {
        <div class=group_class("fr-input-group", message)>
            <label class="fr-label" for=id.clone()>{label}{required.then_some(" *")}
                {hint.map(|h| view! { <span class="fr-hint-text">{h}</span> })}
            </label>
            {input}
            <ErrorText field=field message=message/>
        </div>
    }
}

/// A calendar day.
#[component]
pub fn Day(
    #[prop(into)] label: String,
    field: &'static str,
    lens: Lens<Option<chrono::NaiveDate>>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    let initial = lens.get_untracked().map(|d| d.to_string()).unwrap_or_default();
    view! {
        <div class=group_class("fr-input-group", message)>
            <label class="fr-label" for=id.clone()>{label}{required.then_some(" *")}</label>
            <input class="fr-input" type="date" id=id.clone() required=required prop:value=initial
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || message.get().is_some().then(|| format!("{}-erreur", field_id(field)))
                on:input=move |event| lens.set(event_target_value(&event).parse().ok())/>
            <ErrorText field=field message=message/>
        </div>
    }
}

/// Radios for one choice among codes; `unknown` adds a choice that stores nothing.
#[component]
pub fn Pick(
    #[prop(into)] legend: String,
    field: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    lens: Lens<Option<&'static str>>,
    #[prop(optional)] unknown: Option<&'static str>,
    #[prop(default = false)] inline: bool,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    let mut all: Vec<(Option<&'static str>, &'static str)> = choices.into_iter().map(|(c, l)| (Some(c), l)).collect();
    if let Some(label) = unknown {
        all.push((None, label));
    }
    let element = if inline { "fr-fieldset__element fr-fieldset__element--inline" } else { "fr-fieldset__element" };
    view! {
        <fieldset class=group_class("fr-fieldset", message) id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-legende")>
            <legend class="fr-fieldset__legend fr-text--regular" id=format!("{id}-legende")>{legend}{required.then_some(" *")}</legend>
            {all.into_iter().map(|(code, label)| {
                let option_id = format!("{id}-{}", code.unwrap_or("inconnu"));
                view! {
                    <div class=element><div class="fr-radio-group">
                        <input type="radio" id=option_id.clone() name=id.clone() prop:checked=move || lens.get() == code
                            on:change=move |_| lens.set(code)/>
                        <label class="fr-label" for=option_id>{label}</label>
                    </div></div>
                }
            }).collect_view()}
            <div class="fr-messages-group"><ErrorText field=field message=message/></div>
        </fieldset>
    }
}

/// Oui / Non / Inconnu.
#[component]
pub fn YesNo(#[prop(into)] legend: String, field: &'static str, lens: Lens<Option<bool>>) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    let choices = [(Some(true), "Oui"), (Some(false), "Non"), (None, "Inconnu")];
    view! {
        <fieldset class=group_class("fr-fieldset", message) id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-legende")>
            <legend class="fr-fieldset__legend fr-text--regular" id=format!("{id}-legende")>{legend}</legend>
            {choices.into_iter().map(|(value, label)| {
                let option_id = format!("{id}-{}", label.to_lowercase());
                view! {
                    <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">
                        <input type="radio" id=option_id.clone() name=id.clone() prop:checked=move || lens.get() == value
                            on:change=move |_| lens.set(value)/>
                        <label class="fr-label" for=option_id>{label}</label>
                    </div></div>
                }
            }).collect_view()}
            <div class="fr-messages-group"><ErrorText field=field message=message/></div>
        </fieldset>
    }
}

/// Checkboxes for several codes.
#[component]
pub fn PickMany(
    #[prop(into)] legend: String,
    field: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    lens: Lens<Vec<&'static str>>,
) -> impl IntoView {
    let message = message_for(field);
    let id = field_id(field);
    view! {
        <fieldset class=group_class("fr-fieldset", message) id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-legende")>
            <legend class="fr-fieldset__legend fr-text--regular" id=format!("{id}-legende")>{legend}</legend>
            {choices.into_iter().map(|(code, label)| {
                let option_id = format!("{id}-{code}");
                view! {
                    <div class="fr-fieldset__element"><div class="fr-checkbox-group">
                        <input type="checkbox" id=option_id.clone() prop:checked=move || lens.get().contains(&code)
                            on:change=move |_| {
                                let mut codes = lens.get_untracked();
                                if let Some(i) = codes.iter().position(|c| *c == code) { codes.remove(i); } else { codes.push(code); }
                                lens.set(codes);
                            }/>
                        <label class="fr-label" for=option_id>{label}</label>
                    </div></div>
                }
            }).collect_view()}
            <div class="fr-messages-group"><ErrorText field=field message=message/></div>
        </fieldset>
    }
}

/// Sub-questions, indented, shown only when earlier answers make them relevant.
#[component]
pub fn When(#[prop(into)] condition: Signal<bool>, children: ChildrenFn) -> impl IntoView {
    view! {
        <Show when=move || condition.get()>
            <div class="resorption-subquestions">{children()}</div>
        </Show>
    }
}
