//! Answers worth keeping a few seconds: the map of a whole territory, the history of a busy site,
//! the totals of a list and a spreadsheet cost milliseconds of CPU each and are asked again and
//! again. Any write to sites or accounts through this process makes every entry stale at once;
//! another replica's writes show within two lifetimes of an entry (see docs/architecture.md, D20,
//! D25); past its lifetime an entry is rebuilt by one request while the others are still served
//! (`crate::freshness`).

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::SizedStream;
use actix_web::web::Bytes;
use futures_util::Stream;

const LIFETIME: Duration = Duration::from_secs(10);
const MAX_ENTRIES: usize = 2_000;
/// Kept answers together stay under this size (maps and spreadsheets are megabytes).
const MAX_BYTES: usize = 32 << 20;

#[derive(Default)]
pub struct SiteAnswers {
    /// One costly answer is built at a time: those asking the same meanwhile wait for it
    /// instead of each building their own copy (a country's map is megabytes).
    pub building: tokio::sync::Mutex<()>,
    generation: AtomicU64,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    answers: HashMap<String, Entry>,
    bytes: usize,
}

struct Entry {
    generation: u64,
    made: Instant,
    body: Bytes,
    /// When a request set out to rebuild it, once it has outlived its lifetime.
    rebuilding_since: Option<Instant>,
}

impl SiteAnswers {
    /// The kept answer; `None` when there is none, or when the caller is the one to rebuild it.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.answers.get_mut(key).filter(|entry| entry.generation == generation)?;
        crate::freshness::may_serve(entry.made, &mut entry.rebuilding_since, LIFETIME).then(|| entry.body.clone())
    }

    /// Keeps an answer (shared, never copied: a country's map is megabytes) computed during
    /// `generation` (read before computing it, so that a write in between makes it stale rather
    /// than wrongly fresh).
    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        self.keep(key, generation, body, Instant::now());
    }

    fn keep(&self, key: String, generation: u64, body: Bytes, made: Instant) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.answers.len() >= MAX_ENTRIES || entries.bytes + body.len() > MAX_BYTES {
                entries.answers.clear();
                entries.bytes = 0;
            }
            entries.bytes += body.len();
            let entry = Entry { generation, made, body, rebuilding_since: None };
            if let Some(replaced) = entries.answers.insert(key, entry) {
                entries.bytes -= replaced.body.len();
            }
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

/// Pieces a kept answer is sent in.
const CHUNK: usize = 64 * 1024;

/// A kept answer as a body sent piece by piece: actix copies a body given whole into the
/// connection's write buffer, so a country's map sent to 64 clients at once meant 64 copies of
/// it (1.2 GB at 100× France). Pieces are slices of the one shared answer, taken as the
/// socket drains.
pub fn chunked(body: Bytes) -> SizedStream<impl Stream<Item = Result<Bytes, Infallible>>> {
    let size = body.len() as u64;
    SizedStream::new(size, futures_util::stream::iter(pieces(body).map(Ok)))
}

fn pieces(body: Bytes) -> impl Iterator<Item = Bytes> {
    (0..body.len()).step_by(CHUNK).map(move |start| body.slice(start..(start + CHUNK).min(body.len())))
}

/// Gzip of an answer kept for clients that accept it: compressed once, not once per request.
pub fn gzip(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(raw.len() / 6), flate2::Compression::default());
    encoder.write_all(raw)?;
    encoder.finish()
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

    #[test]
    fn an_outlived_answer_is_rebuilt_by_one_caller_while_the_others_read_it() {
        let cache = SiteAnswers::default();
        let generation = cache.generation();
        let old = Instant::now().checked_sub(LIFETIME).unwrap();
        cache.keep("map".into(), generation, Bytes::from_static(b"old"), old);
        assert!(cache.get("map").is_none(), "the first caller rebuilds it");
        assert_eq!(cache.get("map").as_deref(), Some(&b"old"[..]), "the others are served meanwhile");
        cache.put("map".into(), generation, Bytes::from_static(b"new"));
        assert_eq!(cache.get("map").as_deref(), Some(&b"new"[..]));
        let too_old = Instant::now().checked_sub(2 * LIFETIME).unwrap();
        cache.keep("map".into(), generation, Bytes::from_static(b"old"), too_old);
        assert!(cache.get("map").is_none());
        assert!(cache.get("map").is_none(), "past the limit, nobody is served the old one");
        cache.keep("map".into(), generation, Bytes::from_static(b"old"), old);
        cache.invalidate();
        assert!(cache.get("map").is_none(), "a write ends it at once");
        assert!(cache.get("map").is_none());
    }

    #[test]
    fn kept_answers_stay_under_their_size() {
        let cache = SiteAnswers::default();
        let generation = cache.generation();
        let big = Bytes::from(vec![0u8; MAX_BYTES / 2 + 1]);
        cache.put("first".into(), generation, big.clone());
        cache.put("first".into(), generation, big.clone());
        assert!(cache.get("first").is_some(), "replacing an answer does not count it twice");
        cache.put("second".into(), generation, big);
        assert!(cache.get("first").is_none(), "over the size, older answers are dropped");
        assert!(cache.get("second").is_some());
    }

    #[actix_web::test]
    async fn a_chunked_answer_is_the_whole_answer_in_pieces() {
        let body = Bytes::from((0..(2 * CHUNK + 10)).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
        let pieces: Vec<Bytes> = pieces(body.clone()).collect();
        assert_eq!(pieces.len(), 3);
        assert!(pieces.iter().all(|piece| piece.len() <= CHUNK));
        assert_eq!(pieces.concat(), body);
        assert_eq!(actix_web::body::to_bytes(chunked(body.clone())).await.unwrap(), body);
    }

    #[test]
    fn gzip_gives_back_the_answer() {
        use std::io::Read;
        let raw = b"{\"type\":\"FeatureCollection\",\"features\":[]}".repeat(100);
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(gzip(&raw).unwrap().as_slice()).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, raw);
    }
}
