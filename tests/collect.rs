//! `mbxlint collect`: the generated scripts (snapshots, 5.1 syntax, determinism, quoting), the
//! drift between rules, importer and script, and the sample exports laid out as the script
//! writes them going through `mbxlint check`.

mod common;

use mbxlint::collect::{self, Request};
use mbxlint::import::ExportKind;
use mbxlint::import::raw::{RawRecord, RawValue, RecordFormat};
use mbxlint::model::{MigrationKind, Side};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn request(kind: MigrationKind, side: Side) -> Request {
    Request {
        kind,
        side,
        identities: None,
    }
}

fn all_requests() -> Vec<Request> {
    let mut out = Vec::new();
    for kind in MigrationKind::ALL {
        for side in [Side::Source, Side::Target] {
            out.push(request(kind, side));
        }
    }
    out
}

fn name(r: &Request) -> String {
    format!("collect_{}_{}", r.kind.as_str(), r.side.as_str()).replace('-', "_")
}

// ---------------------------------------------------------------------------------------------
// The scripts.
// ---------------------------------------------------------------------------------------------

#[test]
fn script_snapshots() {
    for r in all_requests() {
        let script = collect::script(&r);
        in_snapshots!({
            insta::assert_snapshot!(name(&r), script);
        });
    }
}

#[test]
fn script_with_identities_snapshot() {
    let r = Request {
        kind: MigrationKind::CrossTenant,
        side: Side::Target,
        identities: Some(r"C:\Migration\O'Brien $(wave) Müller\wave1.csv".into()),
    };
    let script = collect::script(&r);
    assert!(script.contains(
        r"[string]$IdentitiesFile = (''+'C:\Migration\O''Brien $(wave) M'+[char]0x00FC+'ller\wave1.csv'),"
    ));
    in_snapshots!({
        insta::assert_snapshot!("collect_cross_tenant_target_identities", script);
    });
}

#[test]
fn scripts_are_deterministic_and_ascii() {
    for r in all_requests() {
        let a = collect::script(&r);
        let b = collect::script(&r);
        assert_eq!(a, b, "{}", name(&r));
        assert!(a.is_ascii(), "{} is not ASCII", name(&r));
        assert!(!a.contains('\r'), "{} has CR", name(&r));
    }
}

/// The script with comments and single-quoted string literals blanked out, so that the
/// syntax checks look at code only.
fn code_only(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut in_block_comment = false;
    for line in script.lines() {
        let mut chars = line.chars().peekable();
        let mut in_string = false;
        while let Some(c) = chars.next() {
            if in_block_comment {
                if c == '#' && chars.peek() == Some(&'>') {
                    chars.next();
                    in_block_comment = false;
                }
                out.push(' ');
                continue;
            }
            if in_string {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        in_string = false;
                        out.push('\'');
                        continue;
                    }
                }
                out.push(' ');
                continue;
            }
            match c {
                '\'' => {
                    in_string = true;
                    out.push('\'');
                }
                '<' if chars.peek() == Some(&'#') => {
                    chars.next();
                    in_block_comment = true;
                    out.push_str("  ");
                }
                '#' => break,
                _ => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn code_only_blanks_strings_and_comments() {
    let code = code_only("$a = 'x ?? y' # ?.\n<# ? #>\n$b = $c");
    assert!(!code.contains('?'), "{code}");
    assert!(code.contains("$b = $c"));
}

#[test]
fn scripts_use_no_syntax_newer_than_windows_powershell_5_1() {
    // Newer than 5.1: null-coalescing and null-conditional operators, the ternary operator,
    // pipeline chain operators, ForEach-Object -Parallel, ConvertTo-Json -AsArray and
    // -EnumsAsStrings, the utf8NoBOM / utf8BOM encoding names, Clean blocks.
    let forbidden = [
        "??",
        "?.",
        "?[",
        "&&",
        "||",
        "-Parallel",
        "-AsArray",
        "-EnumsAsStrings",
        "utf8NoBOM",
        "utf8BOM",
        "-EscapeHandling",
        "-ThrottleLimit",
        "clean {",
    ];
    for r in all_requests() {
        let script = collect::script(&r);
        let code = code_only(&script);
        for f in forbidden {
            assert!(
                !code.to_ascii_lowercase().contains(&f.to_ascii_lowercase()),
                "{} uses {f}",
                name(&r)
            );
        }
        // No `?` at all outside strings and comments: that also rules out the ternary
        // operator (`$a ? $b : $c`) and the `?` alias of Where-Object.
        assert!(!code.contains('?'), "{} uses ?", name(&r));
        assert!(script.starts_with("#Requires -Version 5.1\n"));
        assert!(script.contains("$ErrorActionPreference = 'Stop'"));
    }
}

#[test]
fn scripts_write_utf8_json_deep_enough_in_chunks_with_progress() {
    for r in all_requests() {
        let script = collect::script(&r);
        assert!(
            script.contains("ConvertTo-Json -InputObject $Buffer.ToArray() -Depth $script:Depth")
        );
        assert!(script.contains("$script:Depth = 6"));
        assert!(script.contains("New-Object System.Text.UTF8Encoding -ArgumentList $false"));
        assert!(script.contains("if ($buffer.Count -ge $ChunkSize)"));
        assert!(script.contains("Write-Progress"));
        assert!(script.contains("mbxlint-manifest.json"));
        assert!(
            !script.contains("Out-File"),
            "every file goes through Write-MbxlintFile"
        );
    }
}

#[test]
fn scripts_check_the_session_of_their_platform() {
    let exo = collect::script(&request(MigrationKind::CrossTenant, Side::Source));
    assert!(exo.contains("Get-ConnectionInformation"));
    assert!(exo.contains("$script:TenantId = [string]$connections[0].TenantID"));
    assert!(!exo.contains("Get-ADUser"));
    let onprem = collect::script(&request(MigrationKind::Onboarding, Side::Source));
    assert!(onprem.contains("Get-ExchangeServer is not available in this session"));
    assert!(onprem.contains("Import-Module ActiveDirectory"));
    assert!(onprem.contains("Get-ADUser"));
    assert!(onprem.contains("[switch]$SkipActiveDirectory"));
    assert!(onprem.contains(
        "-Properties UserPrincipalName,ObjectGUID,SamAccountName,msExchMailboxGuid,proxyAddresses,nTSecurityDescriptor,homeMDB"
    ));
    assert!(!onprem.contains("{AD_PROPERTIES}"));
    let offboarding_target = collect::script(&request(MigrationKind::Offboarding, Side::Target));
    assert!(offboarding_target.contains("Get-RemoteMailbox -ResultSize Unlimited"));
    let onboarding_target = collect::script(&request(MigrationKind::Onboarding, Side::Target));
    assert!(onboarding_target.contains("Connect-ExchangeOnline"));
}

#[test]
fn the_binary_writes_the_script() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .args(["collect", "--kind", "cross-tenant", "--side", "source"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let expected = collect::script(&request(MigrationKind::CrossTenant, Side::Source));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .args(["collect", "--kind", "sideways", "--side", "source"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Drift: rules, importer and script read the same properties.
// ---------------------------------------------------------------------------------------------

#[test]
fn every_property_a_rule_reads_is_exported() {
    let mut problems = Vec::new();
    for rule in mbxlint::rules::REGISTRY {
        for kind in rule.meta.kinds {
            for need in rule.meta.needs {
                let plan = collect::plan(*kind, need.side);
                let planned: Vec<_> = plan
                    .iter()
                    .filter(|e| need.exports.contains(&e.kind))
                    .collect();
                let at = format!(
                    "{} ({} {}, needs {:?})",
                    rule.meta.code,
                    kind.as_str(),
                    need.side.as_str(),
                    need.exports
                );
                if planned.is_empty() {
                    problems.push(format!("{at}: the collector exports none of them"));
                    continue;
                }
                for prop in need.props {
                    if !planned.iter().any(|e| e.props.contains(prop)) {
                        problems.push(format!(
                            "{at}: property {} is not selected by the collector",
                            prop.name()
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_collector_selects_what_the_importer_reads() {
    for r in all_requests() {
        for e in collect::plan(r.kind, r.side) {
            let reads: BTreeSet<_> = mbxlint::import::kinds::reads(e.kind).iter().collect();
            let selected: BTreeSet<_> = e.props.iter().collect();
            assert_eq!(reads, selected, "{} {:?}", name(&r), e.kind);
        }
    }
}

/// The `Prop::X` names in a piece of Rust source.
fn props_named(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in source.match_indices("Prop::") {
        let rest = &source[i + 6..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

#[test]
fn every_builder_declares_every_property_it_reads() {
    let dir = common::repo("src/import/kinds");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if file == "mod.rs" {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let start = source
            .find("pub const READS: &[Prop] = &[")
            .unwrap_or_else(|| panic!("{file} has no READS list"));
        let end = start + source[start..].find("];").unwrap();
        let declared = props_named(&source[start..end]);
        let rest = format!("{}{}", &source[..start], &source[end..]);
        let used = props_named(&rest);
        let undeclared: Vec<_> = used.difference(&declared).collect();
        assert!(
            undeclared.is_empty(),
            "{file} reads {undeclared:?} but its READS list lacks them, so the collector would not export them"
        );
    }
    // The recipient kind is decided from RecipientTypeDetails or RecipientType (detect.rs).
    let recipient = mbxlint::import::kinds::reads(ExportKind::Mailbox);
    for p in ["RecipientTypeDetails", "RecipientType"] {
        assert!(recipient.iter().any(|r| r.name() == p), "{p}");
    }
}

#[test]
fn exported_records_are_recognised_as_their_kind() {
    for r in all_requests() {
        for e in collect::plan(r.kind, r.side) {
            let mut record = RawRecord::new(0, None, RecordFormat::Json);
            for p in &e.props {
                record.set(*p, RawValue::Null);
            }
            let rtd = match e.kind {
                ExportKind::Mailbox => Some("UserMailbox"),
                ExportKind::MailUser => Some("MailUser"),
                ExportKind::RemoteMailbox => Some("RemoteUserMailbox"),
                _ => None,
            };
            if let Some(rtd) = rtd {
                let prop = mbxlint::import::Prop::RecipientTypeDetails;
                record.set(prop, RawValue::Text(rtd.into()));
            }
            let detected = mbxlint::import::detect::detect(&record, None);
            assert_eq!(detected, Some(e.kind), "{} {:?}", name(&r), e.kind);
        }
    }
}

#[test]
fn every_migration_kind_and_side_gets_the_basics() {
    for r in all_requests() {
        let kinds: Vec<ExportKind> = collect::plan(r.kind, r.side)
            .iter()
            .map(|e| e.kind)
            .collect();
        for k in [
            ExportKind::Mailbox,
            ExportKind::User,
            ExportKind::AcceptedDomain,
            ExportKind::OrganizationConfig,
        ] {
            assert!(kinds.contains(&k), "{} lacks {k:?}", name(&r));
        }
        assert_eq!(kinds[0], ExportKind::Mailbox, "mailboxes first");
    }
}

// ---------------------------------------------------------------------------------------------
// The sample exports, laid out as the collector writes them, through mbxlint check.
// ---------------------------------------------------------------------------------------------

fn json_of(value: &RawValue) -> serde_json::Value {
    use serde_json::Value;
    match value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(*b),
        RawValue::Number(n) => {
            serde_json::from_str(n).unwrap_or_else(|_| Value::String(n.to_string()))
        }
        RawValue::Text(t) => Value::String(t.to_string()),
        RawValue::List(items) => Value::Array(items.iter().map(json_of).collect()),
        RawValue::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), json_of(v)))
                .collect(),
        ),
    }
}

/// The records of one sample export file, with their detected kind.
fn records_of(path: &Path) -> (ExportKind, Vec<RawRecord>) {
    use mbxlint::import::{csv, encoding, json};
    use std::io::Read;
    let mut text = String::new();
    encoding::decode(std::fs::File::open(path).unwrap())
        .unwrap()
        .reader
        .read_to_string(&mut text)
        .unwrap();
    let mut records = Vec::new();
    let mut columns = None;
    if text.trim_start().starts_with(['[', '{']) {
        json::read_json(text.as_bytes(), &mut |item| {
            if let json::JsonItem::Record(r) = item {
                records.push(r);
            }
        })
        .unwrap();
    } else {
        csv::read_csv(text.as_bytes(), &mut |item| match item {
            csv::CsvItem::Header(h) => columns = Some(h.columns),
            csv::CsvItem::Record(r) => records.push(r),
            _ => {}
        })
        .unwrap();
    }
    let kind = mbxlint::import::detect::detect(&records[0], columns.as_deref())
        .unwrap_or_else(|| panic!("{} is not recognised", path.display()));
    (kind, records)
}

/// Writes the sample's `side` folder as the collector would: per export, only the selected
/// properties, JSON arrays of at most `chunk` records, `<name>-NNNN.json`; and the manifest.
fn write_collected(sample: &Path, out: &Path, side: Side, chunk: usize, manifest: &str) {
    let mut by_kind: BTreeMap<ExportKind, Vec<RawRecord>> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(sample.join(side.as_str()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let (kind, records) = records_of(&path);
        by_kind.entry(kind).or_default().extend(records);
    }
    let folder = out.join(side.as_str());
    std::fs::create_dir_all(&folder).unwrap();
    let platform = collect::Platform::ExchangeOnline;
    let mut exports = Vec::new();
    for (kind, records) in by_kind {
        // Recipient files mix kinds (Get-Mailbox -IncludeInactiveMailbox, Get-MailUser).
        let producer = collect::Producer::of(kind, platform).expect("the collector exports it");
        let selected = collect::selected(kind);
        let mut files = Vec::new();
        for (i, part) in records.chunks(chunk).enumerate() {
            let array: Vec<serde_json::Value> = part
                .iter()
                .map(|r| {
                    let mut object = serde_json::Map::new();
                    for p in &selected {
                        let value = r.get(*p).map(json_of).unwrap_or(serde_json::Value::Null);
                        object.insert(p.name().to_string(), value);
                    }
                    serde_json::Value::Object(object)
                })
                .collect();
            let file = format!("{}-{:04}.json", producer.name, i + 1);
            let text = serde_json::to_string_pretty(&array).unwrap();
            std::fs::write(folder.join(&file), text).unwrap();
            files.push(file);
        }
        exports.push(serde_json::json!({
            "cmdlet": kind.label(), "files": files, "count": records.len(), "skipped": null
        }));
    }
    let manifest = manifest.replace(
        "\"exports\": []",
        &format!("\"exports\": {}", serde_json::Value::Array(exports)),
    );
    std::fs::write(folder.join("mbxlint-manifest.json"), manifest).unwrap();
}

fn manifest(side: &str, at: &str, tenant: &str) -> String {
    format!(
        r#"{{"mbxlint": 1, "generator": "mbxlint 0.1.0", "kind": "cross-tenant", "side": "{side}",
"platform": "exchange-online", "exportedAt": "{at}", "finishedAt": "{at}", "tenantId": "{tenant}",
"organization": "x", "powershell": "5.1.19041.5247", "modules": {{"ExchangeOnlineManagement": "3.6.0"}},
"identities": null, "exports": []}}"#
    )
}

const SOURCE_TENANT: &str = "69494655-eae2-5646-bbce-5a1cca23c31b";
const TARGET_TENANT: &str = "ac8b7685-2638-5b3e-983e-76ea58d8d386";

fn collected_sample(source_at: &str, target_at: &str) -> tempfile::TempDir {
    let sample = common::repo("sample-exports/cross-tenant");
    let dir = tempfile::tempdir().unwrap();
    let chunk = 7; // several files per large export, as -ChunkSize would give
    write_collected(
        &sample,
        dir.path(),
        Side::Source,
        chunk,
        &manifest("source", source_at, SOURCE_TENANT),
    );
    write_collected(
        &sample,
        dir.path(),
        Side::Target,
        chunk,
        &manifest("target", target_at, TARGET_TENANT),
    );
    let batches = dir.path().join("batches");
    std::fs::create_dir_all(&batches).unwrap();
    for name in ["wave1.csv", "wave2.csv"] {
        std::fs::copy(sample.join("batches").join(name), batches.join(name)).unwrap();
    }
    dir
}

fn check_collected(dir: &Path, today: &str) -> mbxlint::Report {
    let snapshot = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    mbxlint::check(
        &snapshot,
        &mbxlint::CheckOptions {
            today: Some(today.parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap()
}

type Said = BTreeSet<(String, Option<String>, Option<String>, String)>;

fn said(report: &mbxlint::Report) -> Said {
    report
        .findings
        .iter()
        .filter(|f| f.rule != "IN001" && f.rule != "IN002")
        .map(|f| {
            (
                f.rule.to_string(),
                f.source_object.clone(),
                f.target_object.clone(),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn the_sample_laid_out_as_collected_gives_the_same_findings() {
    let dir = collected_sample("2026-11-20T09:00:00.1234567Z", "2026-11-20T11:30:00Z");
    let collected = check_collected(dir.path(), "2026-11-23");
    let original = common::sample_report();
    let lost: Vec<_> = said(&original)
        .difference(&said(&collected))
        .cloned()
        .collect();
    let added: Vec<_> = said(&collected)
        .difference(&said(&original))
        .cloned()
        .collect();
    assert!(lost.is_empty(), "findings lost: {lost:#?}");
    assert!(added.is_empty(), "findings added: {added:#?}");
    // The collector's own layout reads cleanly: no unreadable file, no stale export.
    let input: Vec<_> = collected
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("IN"))
        .map(|f| f.message.clone())
        .collect();
    assert!(input.is_empty(), "{input:#?}");
    // The tenant IDs came from the manifests: the relationship rules could confirm them.
    let unconfirmed = collected
        .not_evaluated
        .iter()
        .filter(|n| n.reason.contains("tenant ID is not known"))
        .count();
    assert_eq!(unconfirmed, 0);
    let original_unconfirmed = original
        .not_evaluated
        .iter()
        .filter(|n| n.reason.contains("tenant ID is not known"))
        .count();
    assert!(
        original_unconfirmed > 0,
        "without manifests they are not known"
    );
}

#[test]
fn old_or_distant_exports_are_reported() {
    let dir = collected_sample("2026-11-01T09:00:00Z", "2026-11-04T10:00:00Z");
    let report = check_collected(dir.path(), "2026-11-10");
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IN002")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the source exports were collected at 2026-11-01T09:00:00Z, more than 7 days before this check: mailboxes, addresses and GUIDs may have changed since",
            "source and target were exported 3 days apart (source 2026-11-01T09:00:00Z, target 2026-11-04T10:00:00Z): objects created, changed or moved in between are compared in different states",
        ]
    );
}

#[test]
fn a_missing_chunk_and_swapped_folders_are_reported() {
    let dir = collected_sample("2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z");
    std::fs::remove_file(dir.path().join("source/mailboxes-0002.json")).unwrap();
    let target_manifest = dir.path().join("target/mbxlint-manifest.json");
    let text = std::fs::read_to_string(&target_manifest).unwrap();
    std::fs::write(
        &target_manifest,
        text.replace("\"side\": \"target\"", "\"side\": \"source\""),
    )
    .unwrap();
    let report = check_collected(dir.path(), "2026-11-21");
    let input: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IN001")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        input.iter().any(|m| m.starts_with(
            "the manifest lists mailboxes-0002.json (Get-Mailbox), which is not in this folder"
        )),
        "{input:#?}"
    );
    assert!(
        input.iter().any(|m| m.contains(
            "this manifest was written by the source side's collect script, but it is in the target folder"
        )),
        "{input:#?}"
    );
}

#[test]
fn the_manifests_say_the_kind_when_the_exports_do_not() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["source", "target"] {
        let folder = dir.path().join(side);
        std::fs::create_dir_all(&folder).unwrap();
        let text = manifest(side, "2026-11-20T09:00:00Z", SOURCE_TENANT)
            .replace("cross-tenant", "onboarding");
        std::fs::write(folder.join("mbxlint-manifest.json"), text).unwrap();
    }
    let report = check_collected(dir.path(), "2026-11-21");
    assert_eq!(report.kind, MigrationKind::Onboarding);
}

#[test]
fn a_hand_made_utf16_manifest_is_read() {
    // Re-saved by Windows PowerShell 5.1 with `>`: UTF-16 LE with a BOM; only two members.
    let dir = collected_sample("2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z");
    let text = r#"{"exportedAt": "2026-11-01T08:00:00+01:00", "tenantId": "69494655-eae2-5646-bbce-5a1cca23c31b"}"#;
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(dir.path().join("source/mbxlint-manifest.json"), bytes).unwrap();
    let snapshot = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let m = snapshot.manifests.source.as_ref().unwrap();
    assert_eq!(m.file, "source/mbxlint-manifest.json");
    assert_eq!(m.tenant_id.unwrap().to_string(), SOURCE_TENANT);
    assert_eq!(m.exported_at.unwrap().to_string(), "2026-11-01T07:00:00Z");
    assert!(m.kind.is_none() && m.exports.is_empty());
    let report = check_collected(dir.path(), "2026-11-20");
    let stale: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IN002")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(stale.len(), 2, "{stale:#?}"); // too old, and 19 days before the target
    assert!(stale[1].starts_with("source and target were exported 19 days apart"));
}

#[test]
fn a_broken_manifest_is_an_input_problem_not_a_failure() {
    let dir = collected_sample("2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z");
    std::fs::write(
        dir.path().join("target/mbxlint-manifest.json"),
        "{\"exportedAt\": ",
    )
    .unwrap();
    let report = check_collected(dir.path(), "2026-11-21");
    assert!(report.findings.iter().any(|f| {
        f.rule == "IN001"
            && f.message
                .starts_with("the collect manifest is not valid JSON")
    }));
}

#[test]
fn a_51_wrapped_array_is_read_as_its_values() {
    // Windows PowerShell 5.1 writes a PSObject-wrapped array as {"value": [...], "Count": n}.
    let dir = tempfile::tempdir().unwrap();
    for side in ["source", "target"] {
        std::fs::create_dir_all(dir.path().join(side)).unwrap();
    }
    let mailbox = r#"[{"PrimarySmtpAddress": "a@contoso.com", "RecipientTypeDetails": "UserMailbox",
        "ExchangeGuid": "5e9fbfa2-0000-4000-8000-000000000001",
        "EmailAddresses": {"value": ["SMTP:a@contoso.com", "smtp:a@contoso.onmicrosoft.com"], "Count": 2}}]"#;
    std::fs::write(dir.path().join("source/mailboxes-0001.json"), mailbox).unwrap();
    let snapshot = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let r = &snapshot.source.recipients[0];
    assert_eq!(r.email_addresses.as_ref().map(|p| p.len()), Some(2));
    assert!(snapshot.inputs.iter().all(|i| i.issues.is_empty()));
}
