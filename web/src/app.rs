//! The router: every screen and its path. Most screens are split off the first download
//! ([`crate::lazy`]).

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::components::guard::SignedIn;
use crate::components::layout::Layout;
use crate::lazy::*;
use crate::pages::{home::Home, login::Login, not_found::NotFound};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/connexion") view=Login/>
                    <Route path=path!("/charte") view={Lazy::<CharterRoute>::new()}/>
                    <Route path=path!("/demande-acces") view={Lazy::<AccessRequestRoute>::new()}/>
                    <Route path=path!("/activer-mon-compte/:token") view={Lazy::<ActivationRoute>::new()}/>
                    <Route path=path!("/mot-de-passe-oublie") view={Lazy::<ForgottenPasswordRoute>::new()}/>
                    <Route path=path!("/nouveau-mot-de-passe/:token") view={Lazy::<ResetPasswordRoute>::new()}/>
                    <Route path=path!("/") view=|| view! { <SignedIn><Home/></SignedIn> }/>
                    <Route path=path!("/mon-compte") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=path!("/annuaire") view={Lazy::<DirectoryRoute>::new()}/>
                    <Route path=path!("/structure/:id") view={Lazy::<OrganizationRoute>::new()}/>
                    <Route path=path!("/carte") view={Lazy::<MapRoute>::new()}/>
                    <Route path=path!("/sites") view={Lazy::<SiteListRoute>::new()}/>
                    // Before ":id", so that "nouveau" is not taken for an id.
                    <Route path=path!("/site/nouveau") view={Lazy::<NewSiteRoute>::new()}/>
                    <Route path=path!("/site/:id") view={Lazy::<SiteRoute>::new()}/>
                    <Route path=path!("/site/:id/mise-a-jour") view={Lazy::<UpdateSiteRoute>::new()}/>
                    <Route path=path!("/site/:id/fermeture") view={Lazy::<CloseSiteRoute>::new()}/>
                    <Route path=path!("/administration") view=|| view! { <Redirect path="/administration/utilisateurs"/> }/>
                    <Route path=path!("/administration/utilisateurs") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("/administration/utilisateurs/:id") view={Lazy::<UserRoute>::new()}/>
                    <Route path=path!("/administration/structures") view={Lazy::<OrganizationsRoute>::new()}/>
                    // Before ":id", so that "nouvelle" is not taken for an id.
                    <Route path=path!("/administration/structures/nouvelle") view={Lazy::<NewOrganizationRoute>::new()}/>
                    <Route path=path!("/administration/structures/:id") view={Lazy::<OrganizationEditRoute>::new()}/>
                </Routes>
            </Layout>
        </Router>
    }
}
