//! Answers worth keeping a few seconds: the map of a whole territory and the history of a busy
//! site cost milliseconds of CPU each and are asked again and again. Any write to sites through
//! this process makes every entry stale at once; another replica's writes show within the
//! lifetime of an entry (see docs/architecture.md, D20).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use actix_web::web::Bytes;
use std::time::{Duration, Instant};

const LIFETIME: Duration = Duration::from_secs(10);
const MAX_ENTRIES: usize = 2_000;

#[derive(Default)]
pub struct SiteAnswers {
    /// One costly answer is built at a time: those asking the same meanwhile wait for it
    /// instead of each building their own copy (a country's map is megabytes).
    pub building: tokio::sync::Mutex<()>,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, (u64, Instant, Bytes)>>,
}

impl SiteAnswers {
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let generation = self.generation.load(Ordering::Acquire);
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(made_in, at, _)| *made_in == generation && at.elapsed() < LIFETIME)
            .map(|(_, _, body)| body.clone())
    }

    /// Keeps an answer (shared, never copied: a country's map is megabytes) computed during `generation` (read before computing it, so that a
    /// write in between makes it stale rather than wrongly fresh).
    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (generation, Instant::now(), body));
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Called after every write to sites.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_makes_every_answer_stale() {
        let cache = SiteAnswers::default();
        let generation = cache.generation();
        cache.put("map".into(), generation, Bytes::from_static(b"{}"));
        assert!(cache.get("map").is_some());
        cache.invalidate();
        assert!(cache.get("map").is_none());
        cache.put("map".into(), generation, Bytes::from_static(b"{}"));
        assert!(cache.get("map").is_none(), "computed before the write: stale");
    }
}
