//! mbxlint.toml: parsing, errors that name the key, flags over the file, severity overrides and
//! per-object ignores (reason, expiry), and `config --show`.

mod common;

use mbxlint::config::{Config, FileConfig, Flags};
use mbxlint::finding::Severity;
use mbxlint::{CheckOptions, LoadOptions};
use std::process::Command;

const FULL: &str = r#"
select = ["ID", "PX", "HD", "LI"]
ignore = ["PX003"]
fail-on = "warning"
kind = "cross-tenant"
docs-url = "https://example.org/mbxlint/rules/"
target-delivery-domain = "fabrikam.onmicrosoft.com"
source-tenant-id = "69494655-eae2-5646-bbce-5a1cca23c31b"
target-version = "15.2"

[severity]
LI001 = "warning"

[thresholds]
quota-warning-percent = 80
batch-size-limit = 500
ready-batch-size = 100
max-export-age-days = 3

[[per-object-ignores]]
rule = "HD001"
object = "irvin.sayers@contoso.com"
reason = "Litigation hold kept on purpose (ticket 4711)"
expires = 2099-01-31
"#;

fn merged(text: &str, flags: &Flags) -> Result<Config, String> {
    let file = FileConfig::parse(text)?;
    Config::merge(&file, flags)
}

fn sample_snapshot() -> mbxlint::model::Snapshot {
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(common::repo("sample-exports/cross-tenant")),
        ..Default::default()
    })
    .expect("sample loads")
}

fn today() -> Option<jiff::civil::Date> {
    Some(jiff::civil::date(2026, 11, 23))
}

#[test]
fn every_key_is_read() {
    let c = merged(FULL, &Flags::default()).unwrap();
    assert_eq!(c.select, ["ID", "PX", "HD", "LI"]);
    assert_eq!(c.ignore, ["PX003"]);
    assert_eq!(c.fail_on, Severity::Warning);
    assert_eq!(c.kind, Some(mbxlint::model::MigrationKind::CrossTenant));
    assert_eq!(c.severity.get("LI001"), Some(&Severity::Warning));
    assert_eq!(c.rules.quota_warning_percent, 80);
    assert_eq!(c.rules.batch_size_limit, 500);
    assert_eq!(c.ready_batch_size, 100);
    assert_eq!(c.rules.max_export_age_days, 3);
    assert_eq!(c.rules.target_version, Some((15, 2)));
    assert_eq!(
        c.rules.target_delivery_domain.as_deref(),
        Some("fabrikam.onmicrosoft.com")
    );
    assert!(c.rules.source_tenant_id.is_some());
    assert_eq!(c.object_ignores.len(), 1);
    assert_eq!(
        c.object_ignores[0].expires,
        Some(jiff::civil::date(2099, 1, 31))
    );
}

#[test]
fn flags_override_the_file() {
    let flags = Flags {
        select: vec!["AR".into()],
        fail_on: Some(Severity::Error),
        batch_size_limit: Some(42),
        ..Flags::default()
    };
    let c = merged(FULL, &flags).unwrap();
    assert_eq!(c.select, ["AR"]);
    assert_eq!(
        c.ignore,
        ["PX003"],
        "a flag not given keeps the file's value"
    );
    assert_eq!(c.fail_on, Severity::Error);
    assert_eq!(c.rules.batch_size_limit, 42);
}

#[test]
fn errors_name_the_key() {
    let cases = [
        ("selct = [\"ID\"]", "selct"),
        ("select = [\"ZZ\"]", "\"ZZ\""),
        ("fail-on = \"fatal\"", "fail-on"),
        ("[severity]\nXX999 = \"info\"", "XX999"),
        ("[severity]\nID001 = \"loud\"", "ID001"),
        (
            "[thresholds]\nquota-warning-percent = 0",
            "quota-warning-percent",
        ),
        ("source-tenant-id = \"contoso.com\"", "source-tenant-id"),
        ("target-version = \"Exchange 2010\"", "target-version"),
        (
            "[[per-object-ignores]]\nobject = \"a@b.c\"\n",
            "reason is mandatory",
        ),
        (
            "[[per-object-ignores]]\nobject = \"a@b.c\"\nreason = \"  \"\n",
            "reason is mandatory",
        ),
        (
            "[[per-object-ignores]]\nobject = \"a@b.c\"\nreason = \"r\"\nexpires = \"soon\"\n",
            "expires",
        ),
    ];
    for (text, needle) in cases {
        let err = merged(text, &Flags::default()).expect_err(text);
        assert!(err.contains(needle), "{text:?}: {err}");
    }
}

#[test]
fn severity_override_changes_findings_and_counts() {
    let snap = sample_snapshot();
    let plain = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    let c = merged("[severity]\nLI001 = \"info\"", &Flags::default()).unwrap();
    let changed = mbxlint::check(&snap, &c.check_options()).unwrap();
    let li = |r: &mbxlint::Report| {
        r.findings
            .iter()
            .filter(|f| f.rule == "LI001")
            .map(|f| f.severity)
            .collect::<Vec<_>>()
    };
    assert!(li(&plain).iter().all(|s| *s == Severity::Error));
    assert!(!li(&changed).is_empty());
    assert!(li(&changed).iter().all(|s| *s == Severity::Info));
    assert_eq!(
        changed.summary.errors + li(&changed).len() as u64,
        plain.summary.errors
    );
}

#[test]
fn per_object_ignore_suppresses_with_its_reason() {
    let snap = sample_snapshot();
    let mut text = String::from(
        "[[per-object-ignores]]\nrule = \"HD001\"\nobject = \"IRVIN.SAYERS@contoso.com\"\nreason = \"kept on purpose\"\n",
    );
    text.push_str(
        "[[per-object-ignores]]\nobject = \"nobody@contoso.com\"\nreason = \"left over\"\n",
    );
    text.push_str("[[per-object-ignores]]\nobject = \"henrietta.mueller@contoso.com\"\nreason = \"old\"\nexpires = 2026-01-01\n");
    let c2 = merged(&text, &Flags::default()).unwrap();
    let mut options = c2.check_options();
    options.today = today();
    let report = mbxlint::check(&snap, &options).unwrap();
    let on = |rule: &str, who: &str| {
        report.findings.iter().any(|f| {
            f.rule == rule
                && f.source_object
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(who))
        })
    };
    assert!(!on("HD001", "irvin.sayers@contoso.com"), "ignored");
    assert!(
        on("HD001", "henrietta.mueller@contoso.com"),
        "expired ignore not applied"
    );
    assert_eq!(report.suppressed.len(), 1);
    assert_eq!(report.summary.suppressed, 1);
    let json = serde_json::to_value(&report.suppressed[0]).unwrap();
    assert_eq!(json["by"], "config");
    assert_eq!(json["reason"], "kept on purpose");
    let kinds: Vec<&str> = report.policy.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, ["expired-ignore", "unused-ignore"]);
    assert!(report.policy[0].message.contains("2026-01-01"));
}

#[test]
fn ignore_without_rule_covers_every_rule_of_the_object() {
    let snap = sample_snapshot();
    let c = merged(
        "[[per-object-ignores]]\nobject = \"Henrietta.Mueller@contoso.com\"\nreason = \"leaver, not migrated\"\n",
        &Flags::default(),
    )
    .unwrap();
    let report = mbxlint::check(&snap, &c.check_options()).unwrap();
    assert!(report.findings.iter().all(|f| {
        !f.source_object
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("henrietta.mueller@contoso.com"))
    }));
    let rules: Vec<&str> = report.suppressed.iter().map(|s| s.finding.rule).collect();
    assert!(
        rules.contains(&"HD001") && rules.contains(&"LI001"),
        "{rules:?}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn config_file_in_the_snapshot_folder_is_found_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap");
    copy_dir(&common::repo("sample-exports/cross-tenant"), &snap);
    std::fs::write(
        snap.join("mbxlint.toml"),
        "select = [\"LI\"]\n[severity]\nLI001 = \"warning\"\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_mbxlint");
    let out = Command::new(bin)
        .args(["config", "--show"])
        .arg(&snap)
        .args(["--fail-on", "info"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("mbxlint.toml and flags"), "{shown}");
    assert!(shown.contains("select = [\"LI\"]"), "{shown}");
    assert!(shown.contains("fail-on = \"info\""), "{shown}");
    assert!(shown.contains("LI001 = \"warning\""), "{shown}");
    // What --show prints is itself a valid configuration.
    let body: String = shown.lines().skip(1).collect::<Vec<_>>().join("\n");
    merged(&body, &Flags::default()).expect("config --show output parses");

    // check reads it: only LI rules ran, LI001 is a warning, so no error: exit 0.
    let out = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(&snap)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["rule"].as_str().unwrap().starts_with("LI"))
    );
    // --no-config ignores the file.
    let out = Command::new(bin)
        .args(["check", "-q", "--no-config"])
        .arg(&snap)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn broken_config_file_is_a_usage_error_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("custom.toml");
    std::fs::write(&path, "fail-on = \"sometimes\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .args(["check", "--config"])
        .arg(&path)
        .arg(common::repo("sample-exports/cross-tenant"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("custom.toml") && err.contains("fail-on"),
        "{err}"
    );
}

#[test]
fn utf16_config_from_windows_powershell_is_read() {
    let text = "select = [\"ID\"]\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mbxlint.toml");
    std::fs::write(&path, bytes).unwrap();
    let c = Config::load(Some(&path), None, &Flags::default()).unwrap();
    assert_eq!(c.select, ["ID"]);
}
