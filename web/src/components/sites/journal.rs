//! "Journal du site": messages newest first, each with its author, tags and audience; a
//! composer with tags and visibility (everyone, the préfecture and DDETS, or chosen
//! organizations); editing or removing one's own messages; moderation with a reason.

use contract::organizations::OrganizationSummary;
use contract::sites::codes::{CommentTag, CommentVisibility};
use contract::sites::journal::{Comment, CommentEdit, CommentInput, Moderation, PostedComment};
use contract::sites::output::OrganizationRef;
use contract::Labelled;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{field_error, ErrorSummary, TextArea, TextField};
use crate::components::layout::{Loading, Notice};
use crate::format;

/// The list of messages and what happened last, shared by the composer and each message.
#[derive(Clone, Copy)]
struct Journal {
    site_id: i32,
    comments: RwSignal<Option<Result<Vec<Comment>, ApiError>>>,
    notice: RwSignal<Option<String>>,
}

impl Journal {
    fn replace(self, comment: Comment) {
        self.comments.update(|list| {
            if let Some(Ok(list)) = list {
                if let Some(old) = list.iter_mut().find(|c| c.id == comment.id) {
                    *old = comment;
                }
            }
        });
    }

    fn remove(self, id: i32) {
        self.comments.update(|list| {
            if let Some(Ok(list)) = list {
                list.retain(|c| c.id != id);
            }
        });
    }
}

#[component]
pub fn SiteJournal(site_id: i32, may_comment: bool) -> impl IntoView {
    let journal = Journal { site_id, comments: RwSignal::new(None), notice: RwSignal::new(None) };
    leptos::task::spawn_local(async move {
        journal.comments.set(Some(api::get::<Vec<Comment>>(&format!("/api/sites/{site_id}/comments")).await));
    });
    let title = move || match journal.comments.get() {
        Some(Ok(list)) => format!("Journal du site — {}", format::count(list.len() as i64, "message", "messages")),
        _ => "Journal du site".to_owned(),
    };
    view! {
        <h2 id="journal" tabindex="-1">{title}</h2>
        {move || journal.notice.get().map(|m| view! { <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status"><p>{m}</p></div> })}
        {may_comment.then(|| view! { <Composer journal=journal/> })}
        {move || match journal.comments.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => view! { <Notice message=failure.message()/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>"Le journal du site ne contient aucun message pour le moment."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="resorption-plain-list">
                    {list.into_iter().map(|comment| view! { <Message comment=comment journal=journal/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

fn audience(comment: &Comment) -> String {
    match comment.visibility {
        CommentVisibility::Public => "Visible par tous les acteurs du site".into(),
        CommentVisibility::PrefectureAndDdets => "Visible par la préfecture et la DDETS du département".into(),
        CommentVisibility::Custom => {
            let mut names: Vec<String> = comment.target_organizations.iter().map(|o| o.name.clone()).collect();
            names.extend(comment.target_users.iter().map(|u| format!("{} {}", u.first_name, u.last_name)));
            format!("Visible par : {}", names.join(", "))
        }
    }
}

/// Tag checkboxes bound to a list.
#[component]
fn TagChoice(prefix: String, tags: RwSignal<Vec<CommentTag>>) -> impl IntoView {
    let legend_id = format!("{prefix}-tags");
    view! {
        <fieldset class="fr-fieldset" aria-labelledby=legend_id.clone()>
            <legend class="fr-fieldset__legend fr-text--regular" id=legend_id.clone()>"Mots-clés du message"</legend>
            {CommentTag::ALL.iter().map(|tag| {
                let tag = *tag;
                let id = format!("{prefix}-tag-{}", tag.code());
                view! {
                    <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm">
                        <input type="checkbox" id=id.clone() prop:checked=move || tags.with(|t| t.contains(&tag))
                            on:change=move |_| tags.update(|t| if let Some(i) = t.iter().position(|x| *x == tag) { t.remove(i); } else { t.push(tag); })/>
                        <label class="fr-label" for=id>{tag.label()}</label>
                    </div></div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn Composer(journal: Journal) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let tags = RwSignal::new(Vec::<CommentTag>::new());
    let visibility = RwSignal::new(CommentVisibility::Public);
    let organizations = RwSignal::new(Vec::<OrganizationRef>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let custom = visibility.get_untracked() == CommentVisibility::Custom;
        let input = CommentInput {
            body: body.get_untracked(),
            tags: tags.get_untracked(),
            visibility: visibility.get_untracked(),
            organization_ids: if custom {
                organizations.get_untracked().iter().map(|o| o.id).collect()
            } else {
                Vec::new()
            },
            user_ids: Vec::new(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer =
                api::post::<_, PostedComment>(&format!("/api/sites/{}/comments", journal.site_id), &input).await;
            busy.set(false);
            match answer {
                Ok(posted) => {
                    error.set(None);
                    body.set(String::new());
                    tags.set(Vec::new());
                    journal.comments.update(|list| {
                        if let Some(Ok(list)) = list {
                            list.insert(0, posted.comment);
                        }
                    });
                    journal.notice.set(Some(format!(
                        "Message publié. {} par e-mail.",
                        match posted.notified {
                            0 => "Personne n'a été prévenu".to_owned(),
                            1 => "1 personne a été prévenue".to_owned(),
                            n => format!("{n} personnes ont été prévenues"),
                        }
                    )));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <form class="resorption-entry fr-mb-3w" on:submit=submit>
            <h3 class="fr-h6">"Partager une information"</h3>
            <ErrorSummary error=error/>
            <TextArea id="message" label="Message" value=body required=true error=field_error(error, "body")/>
            <p class="fr-text--sm">"Ne mentionnez ni l'identité, ni l'âge, ni l'origine, ni les convictions des personnes ; restez factuel et respectueux. Quel que soit votre choix, les administrateurs locaux et nationaux peuvent lire le message pour le modérer."</p>
            <TagChoice prefix="nouveau".to_owned() tags=tags/>
            <fieldset class="fr-fieldset" aria-labelledby="visibilite-legende">
                <legend class="fr-fieldset__legend fr-text--regular" id="visibilite-legende">"Ce message sera visible par"</legend>
                {CommentVisibility::ALL.iter().map(|choice| {
                    let choice = *choice;
                    let id = format!("visibilite-{}", choice.code());
                    view! {
                        <div class="fr-fieldset__element"><div class="fr-radio-group">
                            <input type="radio" name="visibilite" id=id.clone() prop:checked=move || visibility.get() == choice
                                on:change=move |_| visibility.set(choice)/>
                            <label class="fr-label" for=id>{choice.label()}</label>
                        </div></div>
                    }
                }).collect_view()}
            </fieldset>
            <Show when=move || visibility.get() == CommentVisibility::Custom>
                <OrganizationPicker chosen=organizations error=field_error(error, "organization_ids")/>
            </Show>
            <button type="submit" class="fr-btn" disabled=move || busy.get()>"Publier le message"</button>
        </form>
    }
}

/// Chooses organizations by name.
#[component]
fn OrganizationPicker(chosen: RwSignal<Vec<OrganizationRef>>, error: Signal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<OrganizationSummary>::new());
    Effect::new(move |_| {
        let q = text.get();
        if q.trim().chars().count() < 2 {
            found.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let list = api::get::<Vec<OrganizationSummary>>(&format!(
                "/api/organizations/search?limit=8&q={}",
                api::encode(&q)
            ))
            .await
            .unwrap_or_default();
            if text.try_get_untracked().as_ref() == Some(&q) {
                found.set(list);
            }
        });
    });
    view! {
        <div class="fr-mb-2w">
            <TextField id="structure-cible" label="Ajouter une structure" value=text error=error
                hint="Tapez au moins deux lettres du nom, puis choisissez dans la liste"/>
            <ul class="resorption-suggestions" aria-label="Structures proposées">
                {move || found.get().into_iter().map(|organization| {
                    let label = format!("{} — {}", organization.name, organization.location.label);
                    let picked = OrganizationRef { id: organization.id, name: organization.name.clone(), abbreviation: organization.abbreviation.clone() };
                    view! {
                        <li><button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" on:click=move |_| {
                            chosen.update(|list| if !list.iter().any(|o| o.id == picked.id) { list.push(picked.clone()); });
                            text.set(String::new());
                        }>{label}</button></li>
                    }
                }).collect_view()}
            </ul>
            <p class="fr-mb-1v">"Structures choisies :"</p>
            <ul class="fr-tags-group">
                {move || chosen.get().into_iter().map(|organization| {
                    let id = organization.id;
                    view! {
                        <li><button type="button" class="fr-tag fr-tag--dismiss" aria-label=format!("Retirer {}", organization.name)
                            on:click=move |_| chosen.update(|list| list.retain(|o| o.id != id))>{organization.name.clone()}</button></li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Message(comment: Comment, journal: Journal) -> impl IntoView {
    let editing = RwSignal::new(false);
    let moderating = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = comment.id;
    let author =
        format!("{} {} — {}", comment.author.first_name, comment.author.last_name, comment.author.organization.name);
    let when = match comment.edited_at {
        Some(edited) => {
            format!("le {} (modifié le {})", format::date_time(comment.created_at), format::date_time(edited))
        }
        None => format!("le {}", format::date_time(comment.created_at)),
    };
    let remove_own = move |_| {
        if !crate::browser::confirm("Supprimer ce message ?") {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/api/sites/{}/comments/{id}", journal.site_id)).await {
                Ok(()) => {
                    journal.remove(id);
                    journal.notice.set(Some("Le message a été supprimé.".into()));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let own = comment.can_edit;
    let moderate = comment.can_moderate && !own;
    view! {
        <li class="resorption-entry fr-mb-2w">
            <p class="fr-text--bold fr-mb-0">{author}</p>
            <p class="fr-text--sm fr-mb-1v">{when}" — "{audience(&comment)}</p>
            {(!comment.tags.is_empty()).then(|| view! {
                <ul class="fr-tags-group">
                    {comment.tags.iter().map(|t| view! { <li><p class="fr-tag fr-tag--sm">{t.label()}</p></li> }).collect_view()}
                </ul>
            })}
            <ErrorSummary error=error/>
            <Show when=move || editing.get() fallback={
                let body = comment.body.clone();
                move || view! { <p class="resorption-request">{body.clone()}</p> }
            }>
                <EditForm comment=comment.clone() journal=journal editing=editing/>
            </Show>
            <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-btns-group--icon-left">
                {own.then(|| view! {
                    <li><button type="button" class="fr-btn fr-btn--tertiary fr-icon-edit-line" on:click=move |_| editing.update(|e| *e = !*e)>"Modifier"</button></li>
                    <li><button type="button" class="fr-btn fr-btn--tertiary fr-icon-delete-line" on:click=remove_own>"Supprimer"</button></li>
                })}
                {moderate.then(|| view! {
                    <li><button type="button" class="fr-btn fr-btn--tertiary fr-icon-delete-line" on:click=move |_| moderating.update(|m| *m = !*m)>"Modérer"</button></li>
                })}
            </ul>
            <Show when=move || moderating.get()>
                <ModerationForm id=id journal=journal/>
            </Show>
        </li>
    }
}

#[component]
fn EditForm(comment: Comment, journal: Journal, editing: RwSignal<bool>) -> impl IntoView {
    let body = RwSignal::new(comment.body.clone());
    let tags = RwSignal::new(comment.tags.clone());
    let error = RwSignal::new(None::<ApiError>);
    let id = comment.id;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let edit = CommentEdit { body: body.get_untracked(), tags: tags.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::patch::<_, Comment>(&format!("/api/sites/{}/comments/{id}", journal.site_id), &edit).await {
                Ok(updated) => {
                    editing.set(false);
                    journal.replace(updated);
                    journal.notice.set(Some("Le message a été modifié.".into()));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <form on:submit=submit>
            <ErrorSummary error=error/>
            <TextArea id=format!("message-{id}") label="Message" value=body error=field_error(error, "body")/>
            <TagChoice prefix=format!("message-{id}") tags=tags/>
            <button type="submit" class="fr-btn fr-btn--sm">"Enregistrer"</button>
        </form>
    }
}

#[component]
fn ModerationForm(id: i32, journal: Journal) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let moderation = Moderation { reason: reason.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::delete_with(&format!("/api/sites/{}/comments/{id}", journal.site_id), &moderation).await {
                Ok(()) => {
                    journal.remove(id);
                    journal
                        .notice
                        .set(Some("Le message a été supprimé ; son auteur a reçu le motif par e-mail.".into()));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <form on:submit=submit class="fr-mt-1w">
            <ErrorSummary error=error/>
            <TextArea id=format!("motif-{id}") label="Motif de la suppression (envoyé à l'auteur)" value=reason required=true error=field_error(error, "reason")/>
            <button type="submit" class="fr-btn fr-btn--sm">"Supprimer le message"</button>
        </form>
    }
}
