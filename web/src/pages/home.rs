//! The home page of a signed-in user: a greeting, shortcuts to the site screens, and the
//! latest activity of their territories.

use contract::access::{Entity, Feature};
use leptos::prelude::*;

use super::activity::ActivityFeed;
use crate::components::layout::set_title;
use crate::session::{can, Session};

#[component]
fn Tile(href: &'static str, title: &'static str, description: &'static str) -> impl IntoView {
    view! {
        <div class="fr-col-12 fr-col-md-4">
            <div class="fr-tile fr-enlarge-link">
                <div class="fr-tile__body">
                    <div class="fr-tile__content">
                        <h2 class="fr-tile__title"><a href=href>{title}</a></h2>
                        <p class="fr-tile__desc">{description}</p>
                    </div>
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn Home() -> impl IntoView {
    set_title("Accueil");
    let session = Session::get();
    move || {
        session.me().map(|me| {
            let territories = me.territories.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ");
            let may_create = can(&me, Entity::Site, Feature::Create);
            view! {
                <h1>{format!("Bonjour {} {}", me.first_name, me.last_name)}</h1>
                <p class="fr-text--lead">{format!("{} — {}", me.organization.name, contract::Labelled::label(me.role))}</p>
                <p>{format!("Vos territoires : {territories}")}</p>
                <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
                    <Tile href="/sites" title="Liste des sites" description="Je consulte et je mets à jour les sites de mon territoire."/>
                    <Tile href="/carte" title="Carte" description="Je situe les sites sur une carte."/>
                    {may_create.then(|| view! {
                        <Tile href="/site/nouveau" title="Déclarer un site" description="J'ai repéré un site qui n'est pas encore enregistré."/>
                    })}
                </div>
                <h2>"Dernières activités"</h2>
                <ActivityFeed/>
            }
        })
    }
}
