//! The router: every screen and its path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::guard::SignedIn;
use crate::components::layout::Layout;
use crate::pages::access_request::AccessRequestPage;
use crate::pages::account::Account;
use crate::pages::activation::{ActivateAccount, ForgottenPassword, ResetPassword};
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
                </Routes>
            </Layout>
        </Router>
    }
}
