//! Baselines: accept today's findings, fail only on new ones; entries keyed by rule and object
//! identity (the fingerprint), not by message text; stale entries are reported.

mod common;

use mbxlint::baseline::Baseline;
use mbxlint::{CheckOptions, LoadOptions};
use std::process::Command;

fn sample_snapshot() -> mbxlint::model::Snapshot {
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(common::repo("sample-exports/cross-tenant")),
        ..Default::default()
    })
    .expect("sample loads")
}

fn with_baseline(b: Baseline) -> CheckOptions {
    CheckOptions {
        baseline: Some(b),
        ..CheckOptions::default()
    }
}

#[test]
fn a_baseline_of_today_accepts_everything() {
    let snap = sample_snapshot();
    let first = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    assert!(!first.findings.is_empty());
    let baseline = Baseline::from_report(&first);
    assert_eq!(baseline.entries.len(), first.findings.len());
    let second = mbxlint::check(&snap, &with_baseline(baseline.clone())).unwrap();
    assert!(second.findings.is_empty(), "{:?}", second.findings);
    assert_eq!(second.summary.suppressed, first.findings.len() as u64);
    assert!(second.policy.is_empty());
    assert_eq!(
        mbxlint::exit_code(&second, mbxlint::finding::Severity::Info),
        0
    );
    // Re-writing the baseline from a baselined run keeps every entry.
    let again = Baseline::from_report(&second);
    assert_eq!(again.entries, baseline.entries);
}

#[test]
fn only_new_findings_are_reported() {
    let snap = sample_snapshot();
    let first = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    let mut baseline = Baseline::from_report(&first);
    let dropped = baseline.entries.remove(0);
    let report = mbxlint::check(&snap, &with_baseline(baseline)).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].fingerprint, dropped.fingerprint);
}

#[test]
fn a_change_of_wording_keeps_the_baseline_valid() {
    let snap = sample_snapshot();
    let first = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    let mut baseline = Baseline::from_report(&first);
    for e in &mut baseline.entries {
        e.message = "worded differently in an older release".into();
    }
    let report = mbxlint::check(&snap, &with_baseline(baseline)).unwrap();
    assert!(report.findings.is_empty());
}

#[test]
fn stale_entries_are_reported() {
    let snap = sample_snapshot();
    let first = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    let mut baseline = Baseline::from_report(&first);
    let mut gone = baseline.entries[0].clone();
    gone.fingerprint = "00000000000000000000000000000000".into();
    gone.object = Some("fixed.user@contoso.com".into());
    baseline.entries.push(gone);
    let report = mbxlint::check(&snap, &with_baseline(baseline)).unwrap();
    assert_eq!(report.policy.len(), 1);
    assert_eq!(report.policy[0].kind, "stale-baseline");
    assert!(report.policy[0].message.contains("fixed.user@contoso.com"));
}

#[test]
fn baseline_round_trip_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    let bin = env!("CARGO_BIN_EXE_mbxlint");
    let sample = common::repo("sample-exports/cross-tenant");
    let out = Command::new(bin)
        .args(["check", "-q", "--write-baseline"])
        .arg(&path)
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "findings exist today");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert!(written["entries"][0]["fingerprint"].is_string());
    let out = Command::new(bin)
        .args(["check", "-q", "--fail-on", "info", "--baseline"])
        .arg(&path)
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("suppressed by the configuration or the baseline"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_no_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, "{\"findings\": []}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .args(["check", "--baseline"])
        .arg(&path)
        .arg(common::repo("sample-exports/cross-tenant"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("report.json") && err.contains("--write-baseline"),
        "{err}"
    );
}
