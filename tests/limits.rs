//! Limits (issue 7): a record with a 10 MB property, 1,000 files in one folder, deeply nested
//! JSON, a record larger than the per-record bound; each is read or refused with a clear error,
//! and the report counts what was read and skipped. (A file of several GB is a manual run: see
//! README.md, "Fuzzing".)

mod common;

use common::repo;
use mbxlint::import::budget::TOO_LARGE;
use mbxlint::import::csv::{CsvItem, read_csv_limited};
use mbxlint::import::encoding::decode_to_string;
use mbxlint::import::json::{JsonItem, read_json_limited};
use mbxlint::model::{MigrationKind, Snapshot};
use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::Value;
use std::path::Path;

fn snapshot_with(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, Snapshot) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let snap = load(dir.path());
    (dir, snap)
}

fn load(dir: &Path) -> Snapshot {
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .unwrap()
}

fn sample_records(file: &str) -> Vec<Value> {
    let text =
        decode_to_string(&std::fs::read(repo("sample-exports/cross-tenant").join(file)).unwrap());
    match serde_json::from_str(&text).unwrap() {
        Value::Array(a) => a,
        v => vec![v],
    }
}

fn check_and_render_all(snap: &Snapshot) {
    let report = mbxlint::check(
        snap,
        &CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            ..Default::default()
        },
    )
    .unwrap();
    for format in Format::ALL {
        let mut out = Vec::new();
        render(format, &report, &RenderOptions::default(), &mut out).unwrap();
    }
}

#[test]
fn a_record_with_a_10_mb_property_is_read() {
    let mut records = sample_records("source/mailboxes.json");
    let n = records.len() as u64;
    let big = "x".repeat(10 * 1024 * 1024);
    records[0]["DisplayName"] = Value::String(big.clone());
    records[1]["CustomAttribute1"] = Value::String(big.clone());
    let json = serde_json::to_vec(&records).unwrap();
    // The first row of the sample's users.csv gets a 10 MB name.
    let users = decode_to_string(
        &std::fs::read(repo("sample-exports/cross-tenant/target/users.csv")).unwrap(),
    );
    let at = users.find("\n\"").unwrap() + 2;
    let at = at + users[at..].find("\n\"").unwrap() + 2;
    let csv = format!("{}{big}{}", &users[..at], &users[at..]);
    let (_dir, snap) = snapshot_with(&[
        ("source/mailboxes.json", json),
        ("target/users.csv", csv.into_bytes()),
    ]);
    for input in &snap.inputs {
        assert_eq!(input.records_skipped, 0, "{input:?}");
    }
    assert_eq!(snap.inputs[0].records_read, n);
    // No Exchange name is 10 MB long: the DisplayName is reported and read as unknown, the
    // rest of the record is kept.
    let issue = snap.inputs[0]
        .issues
        .iter()
        .find(|i| i.property.as_deref() == Some("DisplayName"))
        .expect("the 10 MB DisplayName is reported");
    assert_eq!(issue.record, Some(0));
    assert!(!issue.skipped);
    let first = snap
        .source
        .recipients
        .iter()
        .find(|r| r.origin.record == 0)
        .expect("the record is read");
    assert_eq!(first.display_name(), None);
    assert!(first.primary_smtp.is_some());
    check_and_render_all(&snap);
}

#[test]
fn a_thousand_files_in_one_folder_are_all_read() {
    let records = sample_records("source/mailboxes.json");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    for i in 0..1000 {
        let record = &records[i % records.len()];
        std::fs::write(
            dir.path().join(format!("source/mailbox-{i:04}.json")),
            serde_json::to_vec(record).unwrap(),
        )
        .unwrap();
    }
    let snap = load(dir.path());
    assert_eq!(snap.inputs.len(), 1000);
    for input in &snap.inputs {
        assert_eq!(
            (input.records_read, input.records_skipped),
            (1, 0),
            "{input:?}"
        );
    }
    check_and_render_all(&snap);
}

#[test]
fn deeply_nested_json_is_refused_with_a_clear_error() {
    let depth = 200_000;
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(depth), close.repeat(depth));
    let mut record = sample_records("source/mailboxes.json").remove(0);
    let good = serde_json::to_string(&record).unwrap();
    record["DisplayName"] = Value::Null;
    let cases = [
        // In a property mbxlint reads, in one it ignores, and at the top.
        format!("[{good},{{\"DisplayName\": {}}}]", deep("[", "]")),
        format!(
            "[{good},{{\"Unknown\": {}}}]",
            deep("{\"a\":", "}").replacen("}", "1}", 1)
        ),
        format!("[{good},{}]", deep("[", "]")),
        deep("[", "]"),
    ];
    for (i, text) in cases.iter().enumerate() {
        if i == 1 {
            // serde_json skips an ignored value without recursing: read, nothing lost.
            let (_dir, snap) =
                snapshot_with(&[("source/mailboxes.json", text.clone().into_bytes())]);
            let input = &snap.inputs[0];
            assert_eq!(
                (input.records_read, input.records_skipped),
                (2, 0),
                "{input:?}"
            );
            continue;
        }
        let (_dir, snap) = snapshot_with(&[("source/mailboxes.json", text.clone().into_bytes())]);
        let input = &snap.inputs[0];
        assert!(input.records_skipped >= 1, "case {i}: {input:?}");
        assert!(
            input.records_skipped <= input.records_read,
            "case {i}: {input:?}"
        );
        assert!(
            input.issues.iter().any(|is| {
                ["recursion limit", "is a list", "could not recognise"]
                    .iter()
                    .any(|m| is.message.contains(m))
            }),
            "case {i}: {:?}",
            input.issues
        );
        if i == 0 {
            assert!(input.issues[0].message.contains("recursion limit"));
        }
        if i == 0 {
            assert!(input.issues[0].message.contains("recursion limit"));
        }
        if i < 3 {
            assert_eq!(
                snap.source.recipients.len(),
                1,
                "case {i}: the good record is kept"
            );
        }
    }
}

/// Hands out at most 1 kB per read, as a file read through a small buffer does.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(1024).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_record_over_the_bound_is_refused_and_the_records_before_it_kept() {
    let text = format!(
        "[{{\"Name\":\"a\"}},{{\"Name\":\"{}\"}},{{\"Name\":\"c\"}}]",
        "x".repeat(100_000)
    );
    let mut names = Vec::new();
    let err = read_json_limited(
        Trickle(text.as_bytes()),
        &mut |item| {
            if let JsonItem::Record(r) = item {
                names.push(r.text(mbxlint::import::Prop::Name).unwrap().to_string());
            }
        },
        10_000,
    )
    .unwrap_err();
    assert!(err.message.contains(TOO_LARGE), "{err:?}");
    assert_eq!(names, ["a"]);

    let csv = format!(
        "Name,Alias\r\na,a\r\n\"{}\",b\r\nc,c\r\n",
        "x".repeat(100_000)
    );
    let mut rows = 0;
    let err = read_csv_limited(
        std::io::BufReader::with_capacity(1024, Trickle(csv.as_bytes())),
        &mut |item| {
            if let CsvItem::Record(_) = item {
                rows += 1;
            }
        },
        10_000,
    )
    .unwrap_err();
    assert!(err.message.contains(TOO_LARGE), "{err:?}");
    assert_eq!(rows, 1);

    // A header line longer than the bound (a multi-GB file without line breaks).
    let line = "x".repeat(100_000);
    let err = read_csv_limited(
        std::io::BufReader::with_capacity(1024, Trickle(line.as_bytes())),
        &mut |_| {},
        10_000,
    )
    .unwrap_err();
    assert!(err.message.contains(TOO_LARGE), "{err:?}");
}

/// The report says how many records of each file were read and skipped, and why.
#[test]
fn every_skipped_record_is_counted_with_its_reason() {
    let records = sample_records("source/mailboxes.json");
    let good: Vec<String> = records[..3]
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    let json = format!("[{}, 42, {}, {{\"Name\": ", good[..2].join(","), good[2]);
    let users = std::fs::read(repo("sample-exports/cross-tenant/target/users.csv")).unwrap();
    let mut users = decode_to_string(&users);
    users.push_str("\"ragged\";\"row\"\r\n");
    let (_dir, snap) = snapshot_with(&[
        ("source/mailboxes.json", json.into_bytes()),
        ("target/users.csv", users.into_bytes()),
    ]);
    let mailboxes = snap
        .inputs
        .iter()
        .find(|i| i.path.ends_with("mailboxes.json"))
        .unwrap();
    assert_eq!((mailboxes.records_read, mailboxes.records_skipped), (5, 2));
    assert_eq!(mailboxes.issues.iter().filter(|i| i.skipped).count(), 2);
    let users = snap
        .inputs
        .iter()
        .find(|i| i.path.ends_with("users.csv"))
        .unwrap();
    assert_eq!(users.records_skipped, 1, "{users:?}");
    assert!(
        users
            .issues
            .iter()
            .any(|i| i.skipped && i.message.contains("fields"))
    );
}
