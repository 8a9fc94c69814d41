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
