//! The signed-in user, shared by every page. Loaded once from `/api/me`; `None` when signed out.

use contract::users::Me;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` while loading.
    pub state: RwSignal<Option<Option<Me>>>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Session { state: RwSignal::new(None) };
        provide_context(session);
        session.reload();
        session
    }

    pub fn get() -> Self {
        use_context::<Session>().unwrap_or_else(|| Session { state: RwSignal::new(Some(None)) })
    }

    /// Fetches the current user again (after sign-in, profile or charter changes).
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            let me = crate::api::get::<Me>("/api/me").await.ok();
            self.state.set(Some(me));
        });
    }

    pub fn me(self) -> Option<Me> {
        self.state.get().flatten()
    }

    pub fn set(self, me: Option<Me>) {
        self.state.set(Some(me));
    }
}

/// True when the user holds this permission on some territory.
pub fn can(me: &Me, entity: contract::access::Entity, feature: contract::access::Feature) -> bool {
    me.permissions.iter().any(|p| p.entity == entity && p.feature == feature)
}

/// True when the user works on the whole of France.
pub fn is_national(me: &Me) -> bool {
    me.territories.iter().any(|t| t.location_type == contract::territories::LocationType::Nation)
}

/// A message for the next page, e.g. "Mise à jour réussie" once back on the site page. Kept
/// outside the reactive tree: it is often set from a task that finished after an await.
pub struct Flash;

thread_local! {
    static FLASH: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

impl Flash {
    pub fn set(message: impl Into<String>) {
        let message = message.into();
        FLASH.with(|flash| *flash.borrow_mut() = Some(message));
    }

    /// The message left by the previous page, once.
    pub fn take() -> Option<String> {
        FLASH.with(|flash| flash.borrow_mut().take())
    }
}
