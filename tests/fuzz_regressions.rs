//! Replays the fuzzers' regression corpus (`tests/fuzz-regressions/`): every input a fuzzer
//! (`cargo run --release --example fuzz`) found failing, with the invariants the fuzzer checks.
//! Add a new crashing input by copying it from `target/fuzz-crashes/` into the folder of its
//! target (`json/`, `csv/`, `values/`).

mod common;

use common::repo;
use mbxlint::model::MigrationKind;
use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::values::*;
use mbxlint::{CheckOptions, LoadOptions};
use std::path::PathBuf;

fn corpus(target: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("tests/fuzz-regressions").join(target))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {target} regressions");
    files
}

/// The file alone in source/, then in a full copy of the cross-tenant sample.
fn replay_file(path: &PathBuf, ext: &str) {
    let bytes = std::fs::read(path).unwrap();
    for full in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        if full {
            copy_dir(&repo("sample-exports/cross-tenant"), dir.path());
        } else {
            std::fs::create_dir_all(dir.path().join("source")).unwrap();
            std::fs::create_dir_all(dir.path().join("target")).unwrap();
        }
        std::fs::write(dir.path().join(format!("source/fuzz.{ext}")), &bytes).unwrap();
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .unwrap();
        for f in &snap.inputs {
            assert!(f.records_skipped <= f.records_read, "{path:?}: {f:?}");
            if f.kind.is_none() || f.records_skipped > 0 {
                assert!(!f.issues.is_empty(), "{path:?}: no reason given: {f:?}");
            }
        }
        let report = mbxlint::check(
            &snap,
            &CheckOptions {
                kind: Some(MigrationKind::CrossTenant),
                ..Default::default()
            },
        )
        .unwrap();
        for format in Format::ALL {
            let mut out = Vec::new();
            render(format, &report, &RenderOptions::default(), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            match format {
                Format::Json | Format::Sarif => {
                    serde_json::from_str::<serde_json::Value>(&text).unwrap();
                }
                Format::Junit => {
                    roxmltree::Document::parse(&text).unwrap();
                }
                Format::Text => assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n'),
                    "{path:?}"
                ),
                _ => {}
            }
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn json_regressions() {
    for f in corpus("json") {
        replay_file(&f, "json");
    }
}

#[test]
fn csv_regressions() {
    for f in corpus("csv") {
        replay_file(&f, "csv");
    }
}

#[test]
fn a_lone_surrogate_escape_loses_no_record() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    std::fs::copy(
        repo("tests/fuzz-regressions/json/lone-surrogate.json"),
        dir.path().join("source/mailboxes.json"),
    )
    .unwrap();
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let input = &snap.inputs[0];
    assert_eq!(
        (input.records_read, input.records_skipped),
        (24, 0),
        "{input:?}"
    );
    assert!(snap.source.recipients.iter().any(|r| {
        r.display_name()
            .is_some_and(|d| d.starts_with("\u{FFFD}x\u{FFFD}"))
    }));
}

#[test]
fn value_regressions() {
    for f in corpus("values") {
        let text = std::fs::read_to_string(&f).unwrap();
        // Parsed values written back parse again to the same value.
        macro_rules! roundtrip {
            ($parse:expr) => {
                if let Ok(v) = $parse(&text) {
                    assert_eq!($parse(&v.to_string()).ok(), Some(v), "{f:?}");
                }
            };
        }
        roundtrip!(Guid::parse);
        roundtrip!(ByteSize::parse);
        roundtrip!(Quota::parse);
        roundtrip!(Timestamp::parse);
        roundtrip!(SmtpAddress::parse);
        let _ = ProxyAddress::parse(&text).map(|p| (p.to_string(), p.smtp()));
        let _ = InPlaceHold::parse(&text).map(|h| h.to_string());
        let _ = split_locations(&text);
        let _ = split_proxy_list(&text);
        let _ = RecipientTypeDetails::parse(&text).map(|r| r.to_string());
        let _ = RemoteRecipientType::parse(&text).map(|r| r.to_string());
        let _ = Guid::from_immutable_id(&text);
        let q = mbxlint::powershell::quote(&text);
        assert!(q.starts_with('\'') || q.starts_with('('), "{q}");
    }
}
