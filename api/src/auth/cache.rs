//! A short-lived cache of signed-in users, so that a request does not re-read the user, their
//! organization, areas and options each time. An entry lives a few seconds; any change to
//! users or organizations made through this process empties the cache at once. Another
//! replica sees such a change within the lifetime of an entry (see docs/architecture.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::actor::Actor;

const LIFETIME: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct ActorCache {
    entries: Mutex<HashMap<i32, (Instant, Arc<Actor>)>>,
}

impl ActorCache {
    pub fn get(&self, user_id: i32) -> Option<Arc<Actor>> {
        let entries = self.entries.lock().ok()?;
        entries.get(&user_id).filter(|(at, _)| at.elapsed() < LIFETIME).map(|(_, actor)| actor.clone())
    }

    pub fn put(&self, actor: Arc<Actor>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.retain(|_, (at, _)| at.elapsed() < LIFETIME);
            }
            entries.insert(actor.id(), (Instant::now(), actor));
        }
    }

    /// Forgets everyone: called after any change to users or organizations.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
