//! The router: every screen and its path.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::guard::{AdminOnly, SignedIn};
use crate::components::layout::Layout;
use crate::pages::access_request::AccessRequestPage;
use crate::pages::account::Account;
use crate::pages::activation::{ActivateAccount, ForgottenPassword, ResetPassword};
use crate::pages::admin::organization::OrganizationEditPage;
use crate::pages::admin::organization_form::NewOrganizationPage;
use crate::pages::admin::organizations::OrganizationsPage;
use crate::pages::admin::user::UserPage;
use crate::pages::admin::users::UsersPage;
use crate::pages::directory::DirectoryPage;
use crate::pages::organization::OrganizationPage;
use crate::pages::sites::close::ClosePage;
use crate::pages::sites::form::{NewSitePage, UpdateSitePage};
use crate::pages::sites::list::SiteListPage;
use crate::pages::sites::map::MapPage;
use crate::pages::sites::page::SitePage;
use crate::pages::{charter::Charter, home::Home, login::Login, not_found::NotFound};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/connexion") view=Login/>
                    <Route path=path!("/charte") view=Charter/>
                    <Route path=path!("/demande-acces") view=AccessRequestPage/>
                    <Route path=path!("/activer-mon-compte/:token") view=ActivateAccount/>
                    <Route path=path!("/mot-de-passe-oublie") view=ForgottenPassword/>
                    <Route path=path!("/nouveau-mot-de-passe/:token") view=ResetPassword/>
                    <Route path=path!("/") view=|| view! { <SignedIn><Home/></SignedIn> }/>
                    <Route path=path!("/mon-compte") view=|| view! { <SignedIn><Account/></SignedIn> }/>
                    <Route path=path!("/annuaire") view=|| view! { <SignedIn><DirectoryPage/></SignedIn> }/>
                    <Route path=path!("/structure/:id") view=|| view! { <SignedIn><OrganizationPage/></SignedIn> }/>
                    <Route path=path!("/carte") view=|| view! { <SignedIn><MapPage/></SignedIn> }/>
                    <Route path=path!("/sites") view=|| view! { <SignedIn><SiteListPage/></SignedIn> }/>
                    // Before ":id", so that "nouveau" is not taken for an id.
                    <Route path=path!("/site/nouveau") view=|| view! { <SignedIn><NewSitePage/></SignedIn> }/>
                    <Route path=path!("/site/:id") view=|| view! { <SignedIn><SitePage/></SignedIn> }/>
                    <Route path=path!("/site/:id/mise-a-jour") view=|| view! { <SignedIn><UpdateSitePage/></SignedIn> }/>
                    <Route path=path!("/site/:id/fermeture") view=|| view! { <SignedIn><ClosePage/></SignedIn> }/>
                    <Route path=path!("/administration") view=|| view! { <Redirect path="/administration/utilisateurs"/> }/>
                    <Route path=path!("/administration/utilisateurs") view=|| view! { <AdminOnly><UsersPage/></AdminOnly> }/>
                    <Route path=path!("/administration/utilisateurs/:id") view=|| view! { <AdminOnly><UserPage/></AdminOnly> }/>
                    <Route path=path!("/administration/structures") view=|| view! { <AdminOnly national=true><OrganizationsPage/></AdminOnly> }/>
                    // Before ":id", so that "nouvelle" is not taken for an id.
                    <Route path=path!("/administration/structures/nouvelle") view=|| view! { <AdminOnly national=true><NewOrganizationPage/></AdminOnly> }/>
                    <Route path=path!("/administration/structures/:id") view=|| view! { <AdminOnly national=true><OrganizationEditPage/></AdminOnly> }/>
                </Routes>
            </Layout>
        </Router>
    }
}
