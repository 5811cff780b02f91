//! Property test (issue 7): random mutations of the sample exports (byte flips, truncation at
//! every class of position, field deletion, type changes, re-encoding) never panic, always end
//! in a report or a clear input error, and never drop a finding about an object that the mutated
//! file does not mention.

mod common;

use common::repo;
use mbxlint::import::encoding::decode_to_string;
use mbxlint::model::{MigrationKind, Snapshot};
use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::{CheckOptions, LoadOptions, Report};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const SAMPLE: &str = "sample-exports/cross-tenant";

/// The sample's export files, relative to the sample folder.
static FILES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for sub in ["source", "target", "batches"] {
        for e in std::fs::read_dir(repo(SAMPLE).join(sub)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") || name.ends_with(".csv") {
                out.push(format!("{sub}/{name}"));
            }
        }
    }
    out.sort();
    out
});

fn options() -> CheckOptions {
    CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    }
}

fn load(dir: &Path) -> Snapshot {
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .expect("a readable snapshot folder always loads")
}

static BASELINE: LazyLock<(Snapshot, Report)> = LazyLock::new(|| {
    let snap = load(&repo(SAMPLE));
    let report = mbxlint::check(&snap, &options()).unwrap();
    (snap, report)
});

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit {
        at: usize,
        bit: u8,
    },
    SetByte {
        at: usize,
        byte: u8,
    },
    /// Truncation at a class of position: 0 start, 1 inside a string, 2 between records /
    /// rows, 3 one byte before the end, 4 anywhere.
    Truncate {
        class: u8,
        pick: usize,
    },
    DeleteField {
        record: usize,
        field: usize,
    },
    ChangeType {
        record: usize,
        field: usize,
        to: u8,
    },
    Encode {
        to: u8,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        (0u8..5, any::<usize>()).prop_map(|(class, pick)| Mutation::Truncate { class, pick }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(record, field)| Mutation::DeleteField { record, field }),
        (any::<usize>(), any::<usize>(), 0u8..6)
            .prop_map(|(record, field, to)| Mutation::ChangeType { record, field, to }),
        (0u8..4).prop_map(|to| Mutation::Encode { to }),
    ]
}

fn positions(data: &[u8], class: u8) -> Vec<usize> {
    match class {
        0 => vec![0],
        1 => data
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'"')
            .map(|(i, _)| i + 1)
            .collect(),
        2 => data
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n' || **b == b'}')
            .map(|(i, _)| i + 1)
            .collect(),
        3 => vec![data.len().saturating_sub(1)],
        _ => (0..=data.len()).collect(),
    }
}

/// The records of a file as JSON objects (CSV rows become objects keyed by column), and a way
/// back to the file's format.
fn edit_records(path: &str, data: &[u8], edit: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let text = decode_to_string(data);
    if path.ends_with(".json") {
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        let mut records = match doc.take() {
            Value::Array(a) => a,
            other => vec![other],
        };
        edit(&mut records);
        return serde_json::to_vec_pretty(&Value::Array(records)).unwrap();
    }
    let (type_line, body) = match text.starts_with("#TYPE") {
        true => text.split_at(text.find('\n').unwrap() + 1),
        false => ("", text.as_str()),
    };
    let delimiter = if body.lines().next().unwrap().contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut records: Vec<Value> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Value::Object(
                columns
                    .iter()
                    .cloned()
                    .zip(r.iter().map(|c| Value::String(c.into())))
                    .collect(),
            )
        })
        .collect();
    edit(&mut records);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(type_line.as_bytes().to_vec());
    writer.write_record(&columns).unwrap();
    for r in &records {
        let row: Vec<String> = columns
            .iter()
            .map(|c| match r.get(c) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        writer.write_record(&row).unwrap();
    }
    writer.into_inner().unwrap()
}

fn apply(path: &str, data: &[u8], m: &Mutation) -> Vec<u8> {
    let mut out = data.to_vec();
    match *m {
        Mutation::FlipBit { at, bit } if !out.is_empty() => {
            let n = out.len();
            out[at % n] ^= 1 << bit;
        }
        Mutation::SetByte { at, byte } if !out.is_empty() => {
            let n = out.len();
            out[at % n] = byte;
        }
        Mutation::Truncate { class, pick } => {
            let p = positions(data, class);
            if !p.is_empty() {
                out.truncate(p[pick % p.len()]);
            }
        }
        Mutation::DeleteField { record, field } => {
            out = edit_records(path, data, |rs| {
                if rs.is_empty() {
                    return;
                }
                let n = rs.len();
                if let Value::Object(o) = &mut rs[record % n]
                    && !o.is_empty()
                {
                    let key = o.keys().nth(field % o.len()).unwrap().clone();
                    o.remove(&key);
                }
            })
        }
        Mutation::ChangeType { record, field, to } => {
            out = edit_records(path, data, |rs| {
                if rs.is_empty() {
                    return;
                }
                let n = rs.len();
                if let Value::Object(o) = &mut rs[record % n]
                    && !o.is_empty()
                {
                    let key = o.keys().nth(field % o.len()).unwrap().clone();
                    let old = o[&key].clone();
                    o[&key] = match to {
                        0 => Value::Null,
                        1 => Value::Bool(true),
                        2 => serde_json::json!(-1.5e300),
                        3 => Value::Array(vec![old.clone(), old]),
                        4 => serde_json::json!({ "value": old }),
                        _ => Value::String(old.to_string()),
                    };
                }
            })
        }
        Mutation::Encode { to } => {
            let text = decode_to_string(data);
            out = match to {
                0 => {
                    let mut v = vec![0xFF, 0xFE];
                    text.encode_utf16().for_each(|u| v.extend(u.to_le_bytes()));
                    v
                }
                1 => {
                    let mut v = vec![0xFE, 0xFF];
                    text.encode_utf16().for_each(|u| v.extend(u.to_be_bytes()));
                    v
                }
                2 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
                _ => {
                    let mut v = vec![0xEF, 0xBB, 0xBF];
                    v.extend(text.as_bytes());
                    v
                }
            };
        }
        _ => {}
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
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

/// Every identifier of the recipients a finding's object string names, lower-cased.
fn identifiers(snap: &Snapshot, object: &str) -> BTreeSet<String> {
    let object = object.to_lowercase();
    let mut out = BTreeSet::from([object.clone()]);
    for r in snap.source.recipients.iter().chain(&snap.target.recipients) {
        let mut ids: Vec<String> = [
            r.identity(),
            r.name(),
            r.alias(),
            r.display_name(),
            r.user_principal_name(),
        ]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect();
        ids.extend(
            r.distinguished_name()
                .iter()
                .map(|d| d.text().to_lowercase()),
        );
        ids.extend(
            r.legacy_exchange_dn()
                .iter()
                .map(|d| d.text().to_lowercase()),
        );
        ids.extend(r.primary_smtp.iter().map(|a| a.as_str().to_lowercase()));
        ids.extend(
            [
                r.guid,
                r.exchange_object_id,
                r.external_directory_object_id,
                r.exchange_guid,
            ]
            .into_iter()
            .flatten()
            .map(|g| g.to_string().to_lowercase()),
        );
        for p in r.email_addresses.iter().flatten() {
            ids.push(p.to_string().to_lowercase());
            if let Some(s) = p.smtp() {
                ids.push(s.as_str().to_lowercase());
            }
        }
        if ids.contains(&object) {
            out.extend(ids.into_iter().filter(|i| i.len() >= 3));
        }
    }
    out
}

fn run(file: &str, m: &Mutation) -> Result<(), TestCaseError> {
    let (base_snap, base_report) = &*BASELINE;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(SAMPLE), dir.path());
    let path: PathBuf = dir.path().join(file);
    let original = std::fs::read(&path).unwrap();
    let mutated = apply(file, &original, m);
    std::fs::write(&path, &mutated).unwrap();

    let snap = load(dir.path());
    for input in &snap.inputs {
        prop_assert!(input.records_skipped <= input.records_read, "{input:?}");
        if input.records_skipped > 0 || input.kind.is_none() {
            prop_assert!(!input.issues.is_empty(), "no reason given: {input:?}");
        }
        if input.path != file {
            // The other files are intact: read whole, as in the baseline.
            let base = base_snap
                .inputs
                .iter()
                .find(|b| b.path == input.path)
                .unwrap();
            prop_assert_eq!(input.records_read, base.records_read, "{}", input.path);
            prop_assert_eq!(
                input.records_skipped,
                base.records_skipped,
                "{}",
                input.path
            );
        }
    }
    let report = match mbxlint::check(&snap, &options()) {
        Ok(r) => r,
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    for format in Format::ALL {
        let mut out = Vec::new();
        render(format, &report, &RenderOptions::default(), &mut out).unwrap();
        if matches!(format, Format::Json | Format::Sarif) {
            serde_json::from_slice::<Value>(&out).unwrap();
        }
    }

    // Files every object depends on: their mutation may change any finding.
    let global = [
        "organization-config",
        "organization-relationship",
        "accepted-domains",
        "migration-endpoint",
    ];
    if global.iter().any(|g| file.contains(g)) {
        return Ok(());
    }
    let mentioned = decode_to_string(&original).to_lowercase();
    let key =
        |f: &mbxlint::finding::Finding| (f.rule, f.source_object.clone(), f.target_object.clone());
    let now: BTreeSet<_> = report.findings.iter().map(key).collect();
    for f in &base_report.findings {
        let objects: Vec<&String> = f.source_object.iter().chain(&f.target_object).collect();
        if objects.is_empty() {
            continue;
        }
        let touched = objects.iter().any(|o| {
            identifiers(base_snap, o)
                .iter()
                .any(|id| mentioned.contains(id.as_str()))
        });
        // A rule whose input is gone says so (not evaluated, with the reason): not a silent loss.
        let said = report.not_evaluated.iter().any(|n| {
            n.rule == f.rule
                && (n.source_object.is_none() && n.target_object.is_none()
                    || n.source_object.as_deref() == f.source_object.as_deref()
                        && n.target_object.as_deref() == f.target_object.as_deref())
        });
        if !touched && !said {
            prop_assert!(
                now.contains(&key(f)),
                "{} about {:?} dropped after mutating {file} with {m:?}",
                f.rule,
                objects
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 96 cases keep CI short; MBXLINT_PROPTEST_CASES=5000 for a longer run.
        cases: std::env::var("MBXLINT_PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_exports_never_panic_nor_lose_intact_findings(
        file in 0usize..1000,
        m in mutation(),
    ) {
        let file = &FILES[file % FILES.len()];
        run(file, &m)?;
    }
}
