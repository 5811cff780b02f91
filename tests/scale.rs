//! Scale test: a generated snapshot of 50,000 pairs (full-size property sets, PowerShell 7 JSON
//! on the source, Windows PowerShell 5.1 UTF-16 JSON on the target, Export-Csv statistics and
//! Get-User) is read and checked; every planted defect is found, and nothing else.
//!
//! The generator is `examples/gen/synth.rs` (the same code `cargo run --example gen` runs).
//! Timing targets are measured by `bench/run.sh`, not here.

#[path = "../examples/gen/synth.rs"]
mod synth;

use mbxlint::model::MigrationKind;
use mbxlint::values::Guid;
use mbxlint::{CheckOptions, LoadOptions};
use std::collections::BTreeSet;

fn run(pairs: usize, options: synth::Options) {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary =
        synth::generate(dir.path(), &synth::Options { pairs, ..options }).expect("generate");
    assert!(!summary.expected.is_empty(), "defects were planted");

    let snapshot = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .expect("snapshot loads");
    assert_eq!(snapshot.source.recipients.len(), pairs);
    let mut check = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    };
    check.rules.source_tenant_id = Guid::parse(synth::SOURCE_TENANT_ID).ok();
    check.rules.target_tenant_id = Guid::parse(synth::TARGET_TENANT_ID).ok();
    let report = mbxlint::check(&snapshot, &check).expect("checks");

    let found: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.source_object
                    .clone()
                    .unwrap_or_else(|| format!("{:?}", f.scope)),
            )
        })
        .collect();
    assert_eq!(
        found.len(),
        report.findings.len(),
        "one finding per rule and object"
    );
    let expected: BTreeSet<(String, String)> = summary
        .expected
        .iter()
        .map(|(r, o)| (r.to_string(), o.clone()))
        .collect();
    let missing: Vec<_> = expected.difference(&found).take(20).collect();
    let extra: Vec<_> = found.difference(&expected).take(20).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} planted defects not found (first: {missing:?}); {} findings not planted (first: {extra:?})",
        expected.difference(&found).count(),
        found.difference(&expected).count()
    );
    // Every kind of defect was planted at least once.
    let rules: BTreeSet<&str> = summary.expected.iter().map(|(r, _)| *r).collect();
    for d in synth::DEFECTS {
        for r in d.rules() {
            assert!(rules.contains(r), "{r} planted");
        }
    }
}

#[test]
fn fifty_thousand_pairs_every_planted_defect_and_nothing_else() {
    run(
        50_000,
        synth::Options {
            seed: 42,
            defect_percent: 1.0,
            ..Default::default()
        },
    );
}

#[test]
fn every_export_shape_small() {
    for (source_format, target_format) in [
        (synth::Format::Ps51, synth::Format::Ps7),
        (synth::Format::Csv, synth::Format::Csv),
    ] {
        run(
            2_000,
            synth::Options {
                seed: 7,
                defect_percent: 20.0,
                source_format,
                target_format,
                ..Default::default()
            },
        );
    }
}
