//! The second sample snapshot, `sample-exports/cross-tenant-org`, has a broken organisation
//! level: every tenant rule (OR001–OR006) and LI002 report it, and the JSON report is stable.

use mbxlint::report::json;
use mbxlint::{CheckOptions, LoadOptions, Report};
use std::path::PathBuf;

fn org_report() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-exports/cross-tenant-org"),
        ),
        ..Default::default()
    })
    .expect("org sample loads");
    mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(mbxlint::model::MigrationKind::CrossTenant),
            rules: mbxlint::rules::Options {
                source_tenant_id: Some(
                    mbxlint::values::Guid::parse("69494655-eae2-5646-bbce-5a1cca23c31b").unwrap(),
                ),
                target_tenant_id: Some(
                    mbxlint::values::Guid::parse("ac8b7685-2638-5b3e-983e-76ea58d8d386").unwrap(),
                ),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .expect("org sample checks")
}

#[test]
fn broken_org_level_is_reported() {
    let report = org_report();
    for rule in [
        "OR001", "OR002", "OR003", "OR004", "OR005", "OR006", "LI002",
    ] {
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{rule} has no finding on the org sample"
        );
    }
}

#[test]
fn org_sample_json_report() {
    let report = org_report();
    let mut out = Vec::new();
    json::write(&report, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    insta::with_settings!({snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"), prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("sample_cross_tenant_org_json", text);
    });
}
