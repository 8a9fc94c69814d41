//! When a kept value (a cached answer, a signed-in user) may still be served. Past its lifetime,
//! the first request that meets it rebuilds it while the others are still served the old one, up
//! to twice the lifetime: under load, dozens of requests would otherwise rebuild the same value at
//! the same moment (measured: the slowest requests of the benchmark then waited hundreds of ms).

use std::time::{Duration, Instant};

/// Whether a value made at `made` may be served; `false` makes the caller the one to rebuild it
/// (`rebuilding_since` then records it, so the others keep being served for a while).
pub fn may_serve(made: Instant, rebuilding_since: &mut Option<Instant>, lifetime: Duration) -> bool {
    let age = made.elapsed();
    if age < lifetime {
        return true;
    }
    let someone_rebuilds = rebuilding_since.is_some_and(|since| since.elapsed() < lifetime);
    if age < 2 * lifetime && someone_rebuilds {
        return true;
    }
    *rebuilding_since = Some(Instant::now());
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIFETIME: Duration = Duration::from_secs(10);

    fn ago(duration: Duration) -> Instant {
        Instant::now().checked_sub(duration).unwrap()
    }

    #[test]
    fn a_young_value_is_served() {
        assert!(may_serve(Instant::now(), &mut None, LIFETIME));
    }

    #[test]
    fn an_outlived_value_is_rebuilt_by_one_caller_while_the_others_are_served() {
        let made = ago(LIFETIME);
        let mut rebuilding_since = None;
        assert!(!may_serve(made, &mut rebuilding_since, LIFETIME), "the first caller rebuilds");
        assert!(may_serve(made, &mut rebuilding_since, LIFETIME), "the next ones are served");
        assert!(may_serve(made, &mut rebuilding_since, LIFETIME));
    }

    #[test]
    fn a_rebuild_that_never_came_is_tried_again() {
        let mut rebuilding_since = Some(ago(LIFETIME));
        assert!(!may_serve(ago(LIFETIME), &mut rebuilding_since, LIFETIME));
    }

    #[test]
    fn past_twice_the_lifetime_nobody_is_served() {
        let made = ago(2 * LIFETIME);
        let mut rebuilding_since = None;
        assert!(!may_serve(made, &mut rebuilding_since, LIFETIME));
        assert!(!may_serve(made, &mut rebuilding_since, LIFETIME));
    }
}
