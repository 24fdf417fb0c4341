//! Wall time of the phases of a run, printed on standard error when `WHYDIFF_TIMINGS` is set:
//! a developer's aid for finding where a slow comparison spends its time (docs/performance.md),
//! never part of a report.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether phase times are printed (`WHYDIFF_TIMINGS` set, to anything).
fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("WHYDIFF_TIMINGS").is_some())
}

/// Runs `phase`, timed as `name`.
pub fn timed<T>(name: &'static str, phase: impl FnOnce() -> T) -> T {
    let _phase = Phase::start(name);
    phase()
}

/// One phase being timed: its time is printed when it is dropped.
pub struct Phase {
    name: &'static str,
    started: Option<Instant>,
}

impl Phase {
    /// Starts timing the phase `name` (a no-op unless timings are enabled).
    pub fn start(name: &'static str) -> Self {
        Phase {
            name,
            started: enabled().then(Instant::now),
        }
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            eprintln!(
                "whydiff: {}: {:.1} ms",
                self.name,
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}
