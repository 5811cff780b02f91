//! Where the time and memory of a check go: load, check, with peak RSS after each phase.
//!
//! ```sh
//! cargo run --release --example phases -- /tmp/snap100k
//! ```

use std::time::Instant;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    sizes();
    let dir = std::env::args().nth(1).expect("usage: phases SNAPSHOT_DIR");
    let t = Instant::now();
    let snapshot = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.into()),
        ..Default::default()
    })
    .expect("load");
    let load = t.elapsed().as_secs_f64();
    let rss_load = peak_rss_kb();
    let t = Instant::now();
    let pairing = mbxlint::pairing::pair(&snapshot, mbxlint::model::MigrationKind::CrossTenant);
    println!(
        "pairing alone {:.3} s ({} pairs)",
        t.elapsed().as_secs_f64(),
        pairing.pairs.len()
    );
    let options = mbxlint::rules::Options::default();
    let ctx = mbxlint::rules::Context {
        snapshot: &snapshot,
        kind: mbxlint::model::MigrationKind::CrossTenant,
        pairing: &pairing,
        options: &options,
        derived: Default::default(),
    };
    let t = Instant::now();
    let result = mbxlint::rules::run(&ctx, &|_| true);
    println!(
        "rules alone {:.3} s ({} findings, {} not evaluated)",
        t.elapsed().as_secs_f64(),
        result.findings.len(),
        result.not_evaluated.len()
    );
    drop(result);
    drop(pairing);
    let t = Instant::now();
    let report = mbxlint::check(&snapshot, &Default::default()).expect("check");
    let check = t.elapsed().as_secs_f64();
    println!(
        "load {load:.3} s (peak RSS {} MB), check {check:.3} s (peak RSS {} MB), {} source objects, {} findings",
        rss_load / 1024,
        peak_rss_kb() / 1024,
        snapshot.source.recipients.len(),
        report.findings.len()
    );
}

#[allow(dead_code)]
fn sizes() {
    eprintln!(
        "size_of Recipient {} ProxyAddress {} Built {}",
        std::mem::size_of::<mbxlint::model::Recipient>(),
        std::mem::size_of::<mbxlint::values::ProxyAddress>(),
        std::mem::size_of::<mbxlint::import::kinds::Built>(),
    );
}
