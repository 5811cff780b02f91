//! Where reports go: stdout, --output, several --format with --output-dir; --quiet and
//! --group-by in the text report.

mod common;

use std::process::{Command, Output};

fn mbxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn sample() -> String {
    common::repo("sample-exports/cross-tenant")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn several_formats_need_an_output_dir() {
    let out = mbxlint(&["check", &sample(), "--format", "json", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output-dir"));
}

#[test]
fn output_dir_gets_one_file_per_format_and_the_terminal_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let out = mbxlint(&[
        "check",
        &sample(),
        "--format",
        "text,json",
        "--output-dir",
        &d,
        "--color",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("mailbox(es) checked"));
    assert!(
        stdout.contains("ID001"),
        "the full text report, not only the summary"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    assert!(!dir.path().join("report.txt").exists());
}

#[test]
fn output_dir_without_text_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let out = mbxlint(&["check", &sample(), "--format", "json", "--output-dir", &d]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("mailbox(es) checked"));
    assert!(!stdout.contains("── "), "no per-object findings: {stdout}");
    assert!(dir.path().join("report.json").is_file());
}

#[test]
fn output_writes_the_one_format_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let p = path.to_string_lossy().into_owned();
    let out = mbxlint(&["check", &sample(), "--format", "json", "--output", &p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn quiet_prints_only_the_summary() {
    let out = mbxlint(&["check", &sample(), "-q", "--color", "never"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("mbxlint "), "{stdout}");
    assert!(!stdout.contains("── "));
}

#[test]
fn group_by_rule() {
    let report = common::sample_report();
    let mut out = Vec::new();
    mbxlint::report::render(
        mbxlint::report::Format::Text,
        &report,
        &mbxlint::report::RenderOptions {
            group_by: mbxlint::report::GroupBy::Rule,
            ..Default::default()
        },
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("── ")).collect();
    assert!(headings.iter().any(|h| h.starts_with("── AR001 ")));
    // One heading per rule, in code order.
    let codes: Vec<&str> = headings.iter().map(|h| &h[7..12]).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted);
    in_snapshots!({
        insta::assert_snapshot!("sample_cross_tenant_text_by_rule", text);
    });
}

#[test]
fn summary_counts_per_batch() {
    let report = common::sample_report();
    let batches = &report.summary.batches;
    assert_eq!(batches.len(), 2);
    for b in batches {
        assert_eq!(b.objects, b.ready + b.blocked + b.warned + b.incomplete);
        assert!(b.batch.as_deref().is_some_and(|n| n.ends_with(".csv")));
        if b.blocked > 0 {
            assert!(!b.top_blocking_rules.is_empty());
        }
    }
    assert_eq!(report.objects.len() as u64, report.summary.objects_checked);
    let unbatched = common::sample_report_unbatched();
    assert_eq!(unbatched.summary.batches.len(), 1);
    assert_eq!(unbatched.summary.batches[0].batch, None);
}

#[test]
fn redact_hides_names_and_a_key_changes_the_pseudonyms() {
    let plain = mbxlint(&["check", &sample(), "--format", "json", "--redact"]);
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(!text.to_lowercase().contains("contoso"), "redacted");
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "a secret only the admin has").unwrap();
    let k = key.to_string_lossy().into_owned();
    let keyed = mbxlint(&[
        "check",
        &sample(),
        "--format",
        "json",
        "--redact-key-file",
        &k,
    ]);
    let keyed = String::from_utf8(keyed.stdout).unwrap();
    assert!(!keyed.to_lowercase().contains("contoso"));
    let first_source = |t: &str| {
        let v: serde_json::Value = serde_json::from_str(t).unwrap();
        v["objects"][0]["source"].as_str().unwrap().to_string()
    };
    assert_ne!(first_source(&text), first_source(&keyed));
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let e = empty.to_string_lossy().into_owned();
    let out = mbxlint(&["check", &sample(), "--redact-key-file", &e]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ci_formats_name_export_files_from_where_the_snapshot_was_given() {
    let out = Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "sample-exports/cross-tenant", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("file=sample-exports/cross-tenant/source/mailboxes.json"),
        "{text}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "./sample-exports/cross-tenant/",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(!uris.is_empty());
    assert!(
        uris.iter()
            .all(|u| u.starts_with("sample-exports/cross-tenant/")),
        "{uris:?}"
    );
}
