//! Screens left out of the first download. `scripts/build-web` splits each group below (one
//! `wasm_split` module name) into its own WebAssembly files, fetched on the first visit to one of
//! its screens; sign-in, the home page and the frame stay in the main file. Three groups rather
//! than one per screen: code shared by screens of a group then needs no file of its own, so a
//! screen costs a few requests, not dozens. `fallible`: a group that cannot be fetched comes back
//! as an `Err` (shown as a notice) instead of aborting the whole app.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;

use crate::components::guard::{AdminOnly, SignedIn};
use crate::pages::access_request::AccessRequestPage;
use crate::pages::account::Account;
use crate::pages::activation::{ActivateAccount, ForgottenPassword, ResetPassword};
use crate::pages::admin::organization::OrganizationEditPage;
use crate::pages::admin::organization_form::NewOrganizationPage;
use crate::pages::admin::organizations::OrganizationsPage;
use crate::pages::admin::user::UserPage;
use crate::pages::admin::users::UsersPage;
use crate::pages::charter::Charter;
use crate::pages::directory::DirectoryPage;
use crate::pages::organization::OrganizationPage;
use crate::pages::sites::close::ClosePage;
use crate::pages::sites::form::{NewSitePage, UpdateSitePage};
use crate::pages::sites::list::SiteListPage;
use crate::pages::sites::map::MapPage;
use crate::pages::sites::page::SitePage;

/// The site screens.
#[derive(Clone, Copy)]
pub enum SiteScreen {
    Map,
    List,
    New,
    Site,
    Update,
    Close,
}

#[wasm_split(sites, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_sites))]
fn site_screen(screen: SiteScreen) -> Result<AnyView, SplitLoaderError> {
    Ok(match screen {
        SiteScreen::Map => view! { <SignedIn><MapPage/></SignedIn> }.into_any(),
        SiteScreen::List => view! { <SignedIn><SiteListPage/></SignedIn> }.into_any(),
        SiteScreen::New => view! { <SignedIn><NewSitePage/></SignedIn> }.into_any(),
        SiteScreen::Site => view! { <SignedIn><SitePage/></SignedIn> }.into_any(),
        SiteScreen::Update => view! { <SignedIn><UpdateSitePage/></SignedIn> }.into_any(),
        SiteScreen::Close => view! { <SignedIn><ClosePage/></SignedIn> }.into_any(),
    })
}

/// The administration screens.
#[derive(Clone, Copy)]
pub enum AdminScreen {
    Users,
    User,
    Organizations,
    NewOrganization,
    Organization,
}

#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_admin))]
fn admin_screen(screen: AdminScreen) -> Result<AnyView, SplitLoaderError> {
    Ok(match screen {
        AdminScreen::Users => view! { <AdminOnly><UsersPage/></AdminOnly> }.into_any(),
        AdminScreen::User => view! { <AdminOnly><UserPage/></AdminOnly> }.into_any(),
        AdminScreen::Organizations => view! { <AdminOnly national=true><OrganizationsPage/></AdminOnly> }.into_any(),
        AdminScreen::NewOrganization => {
            view! { <AdminOnly national=true><NewOrganizationPage/></AdminOnly> }.into_any()
        }
        AdminScreen::Organization => view! { <AdminOnly national=true><OrganizationEditPage/></AdminOnly> }.into_any(),
    })
}

/// The visitor's screens (access request, account activation, password reset) and the
/// signed-in user's own ones (charter, account, directory).
#[derive(Clone, Copy)]
pub enum AccountScreen {
    Charter,
    AccessRequest,
    Activation,
    ForgottenPassword,
    ResetPassword,
    Account,
    Directory,
    Organization,
}

#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_account))]
fn account_screen(screen: AccountScreen) -> Result<AnyView, SplitLoaderError> {
    Ok(match screen {
        AccountScreen::Charter => view! { <Charter/> }.into_any(),
        AccountScreen::AccessRequest => view! { <AccessRequestPage/> }.into_any(),
        AccountScreen::Activation => view! { <ActivateAccount/> }.into_any(),
        AccountScreen::ForgottenPassword => view! { <ForgottenPassword/> }.into_any(),
        AccountScreen::ResetPassword => view! { <ResetPassword/> }.into_any(),
        AccountScreen::Account => view! { <SignedIn><Account/></SignedIn> }.into_any(),
        AccountScreen::Directory => view! { <SignedIn><DirectoryPage/></SignedIn> }.into_any(),
        AccountScreen::Organization => view! { <SignedIn><OrganizationPage/></SignedIn> }.into_any(),
    })
}

/// The screen, or why it is missing: its file could not be fetched (network down, or a new
/// version deployed since this page was opened; the next visit tries again).
fn shown(screen: Result<AnyView, SplitLoaderError>) -> AnyView {
    screen.unwrap_or_else(|_| {
        view! {
            <div class="fr-alert fr-alert--error" role="alert">
                <h1 class="fr-alert__title">"Cette page n'a pas pu être chargée"</h1>
                <p>"Vérifiez votre connexion, puis rechargez la page."</p>
            </div>
        }
        .into_any()
    })
}

/// A route to a split screen: the router fetches its group (`preload`) before leaving the
/// current page, then shows it.
macro_rules! lazy_route {
    ($route:ident, $load:ident($screen:expr), $preload:ident) => {
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn preload() {
                // A failure shows in `view`, which tries again.
                let _ = $preload().await;
            }

            async fn view(_: Self) -> AnyView {
                shown($load($screen).await)
            }
        }
    };
}

lazy_route!(MapRoute, site_screen(SiteScreen::Map), preload_sites);
lazy_route!(SiteListRoute, site_screen(SiteScreen::List), preload_sites);
lazy_route!(NewSiteRoute, site_screen(SiteScreen::New), preload_sites);
lazy_route!(SiteRoute, site_screen(SiteScreen::Site), preload_sites);
lazy_route!(UpdateSiteRoute, site_screen(SiteScreen::Update), preload_sites);
lazy_route!(CloseSiteRoute, site_screen(SiteScreen::Close), preload_sites);

lazy_route!(UsersRoute, admin_screen(AdminScreen::Users), preload_admin);
lazy_route!(UserRoute, admin_screen(AdminScreen::User), preload_admin);
lazy_route!(OrganizationsRoute, admin_screen(AdminScreen::Organizations), preload_admin);
lazy_route!(NewOrganizationRoute, admin_screen(AdminScreen::NewOrganization), preload_admin);
lazy_route!(OrganizationEditRoute, admin_screen(AdminScreen::Organization), preload_admin);

lazy_route!(CharterRoute, account_screen(AccountScreen::Charter), preload_account);
lazy_route!(AccessRequestRoute, account_screen(AccountScreen::AccessRequest), preload_account);
lazy_route!(ActivationRoute, account_screen(AccountScreen::Activation), preload_account);
lazy_route!(ForgottenPasswordRoute, account_screen(AccountScreen::ForgottenPassword), preload_account);
lazy_route!(ResetPasswordRoute, account_screen(AccountScreen::ResetPassword), preload_account);
lazy_route!(AccountRoute, account_screen(AccountScreen::Account), preload_account);
lazy_route!(DirectoryRoute, account_screen(AccountScreen::Directory), preload_account);
lazy_route!(OrganizationRoute, account_screen(AccountScreen::Organization), preload_account);
