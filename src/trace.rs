//! Phase timings for large runs: with `MBXLINT_TRACE=1` set, each phase of a check (reading
//! every file, merge, pairing, rules, report) writes one line to stderr with the time since the
//! start and, where the platform tells it (Linux `/proc`), the resident and peak memory.
//!
//! For admins and developers working out where a large tenant's run spends its time; never
//! written to a report stream.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("MBXLINT_TRACE").map(|_| Instant::now()))
}

/// Writes `[trace] <seconds> <phase>` (plus memory where known) when tracing is on.
pub fn phase(name: &str) {
    let Some(t0) = start() else {
        return;
    };
    eprintln!(
        "[trace] {:7.3} s  {name}{}",
        t0.elapsed().as_secs_f64(),
        memory().unwrap_or_default()
    );
}

/// `rss … MB, peak … MB` from `/proc/self/status`; `None` elsewhere.
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = |key: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(key))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    Some(format!(
        "  (rss {} MB, peak {} MB)",
        kb("VmRSS:")? / 1024,
        kb("VmHWM:")? / 1024
    ))
}
