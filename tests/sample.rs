//! The bundled sample snapshot gives the documented findings, in text and JSON, byte-identical
//! run to run and whatever the thread count.

mod common;

use common::{json_of, text_of};

#[test]
fn sample_json_report() {
    let report = common::sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_cross_tenant_json", json_of(&report));
    });
}

#[test]
fn sample_text_report() {
    let report = common::sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_cross_tenant_text", text_of(&report));
    });
}

#[test]
fn planted_problems_are_found() {
    let report = common::sample_report_unbatched();
    let has = |rule: &str, object: &str| {
        report
            .findings
            .iter()
            .any(|f| f.rule == rule && f.source_object.as_deref() == Some(object))
    };
    assert!(has("ID001", "Isaiah.Langer@contoso.com"));
    assert!(has("ID001", "Johanna.Lorenz@contoso.com"));
    assert!(has("PX001", "Lee.Gu@contoso.com"));
    assert!(has("PR001", "ConfRoomBaker@contoso.com"));
    // The x500 present with other letter case must not fire.
    assert!(!has("PX001", "Adele.Vance@contoso.com"));
    let missing = report
        .findings
        .iter()
        .find(|f| {
            f.rule == "ID001" && f.source_object.as_deref() == Some("Isaiah.Langer@contoso.com")
        })
        .unwrap();
    assert_eq!(missing.fails_with, Some("MissingExchangeGuidException"));
    assert_eq!(
        missing.remediation[0].command,
        "Set-MailUser -Identity 'Isaiah.Langer@fabrikam.com' -ExchangeGuid 'fed6c4eb-22ff-55db-959c-675a3a1fca00'"
    );
}

#[test]
fn batch_problems_are_found() {
    let report = common::sample_report();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"BT003"), "source address in a batch");
    assert!(rules.contains(&"BT004"), "unmatched batch entry");
    assert!(report.summary.batch_scoped);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let a = one.install(|| json_of(&common::sample_report()));
    let b = four.install(|| json_of(&common::sample_report()));
    assert_eq!(a, b);
}

#[test]
fn binary_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_mbxlint");
    let sample = common::repo("sample-exports/cross-tenant");
    let status = std::process::Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "errors found → exit 1");
    let parsed: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(parsed["version"], 1);
    assert_eq!(parsed["kind"], "cross-tenant");

    let usage = std::process::Command::new(bin)
        .args(["check", "--kind", "sideways"])
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));

    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join("source")).unwrap();
    std::fs::create_dir(empty.path().join("target")).unwrap();
    let nothing = std::process::Command::new(bin)
        .args(["check", "--kind", "cross-tenant"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(
        nothing.status.code(),
        Some(3),
        "nothing usable read → exit 3"
    );
}
