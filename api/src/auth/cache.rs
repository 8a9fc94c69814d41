//! A short-lived cache of signed-in users, so that a request does not re-read the user, their
//! organization, areas and options each time. An entry lives a few seconds; any change to
//! users or organizations made through this process empties the cache at once. Another
//! replica sees such a change within two lifetimes of an entry (see docs/architecture.md); past
//! its lifetime an entry is reloaded by one request while the others still use it
//! (`crate::freshness`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::actor::Actor;

const LIFETIME: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct ActorCache {
    entries: Mutex<HashMap<i32, Entry>>,
}

struct Entry {
    made: Instant,
    actor: Arc<Actor>,
    /// When a request set out to reload it, once it has outlived its lifetime.
    reloading_since: Option<Instant>,
}

impl ActorCache {
    /// The cached user; `None` when there is none, or when the caller is the one to reload it.
    pub fn get(&self, user_id: i32) -> Option<Arc<Actor>> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(&user_id)?;
        crate::freshness::may_serve(entry.made, &mut entry.reloading_since, LIFETIME).then(|| entry.actor.clone())
    }

    pub fn put(&self, actor: Arc<Actor>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.retain(|_, entry| entry.made.elapsed() < 2 * LIFETIME);
            }
            entries.insert(actor.id(), Entry { made: Instant::now(), actor, reloading_since: None });
        }
    }

    /// Forgets everyone: called after any change to users or organizations.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
