//! Batch-scoped loading (`import::scope`) is a pre-filter: a check scoped to batch files finds
//! exactly what the same check finds when every record is read.
//!
//! A generated snapshot with planted defects, plus planted cases where a batch member's findings
//! depend on other objects (a second source claiming the same target, a GUID pointing at another
//! target, an address held twice, a delegate named by display name in a permission export, an
//! apostrophe address written by Windows PowerShell 5.1 as `\u0027`), is checked with several batch files, scoped and whole; and so are the bundled
//! samples with their batch files.

#[path = "../examples/gen/synth.rs"]
mod synth;

mod common;

use mbxlint::model::MigrationKind;
use mbxlint::values::Guid;
use mbxlint::{CheckOptions, LoadOptions, Report};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Loads and checks `dir` with `batches`, scoped or whole.
fn report(dir: &Path, batches: &[PathBuf], scoped: bool, options: &CheckOptions) -> Report {
    let snapshot = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        batches: batches.to_vec(),
        scope_to_batches: scoped,
        ..Default::default()
    })
    .expect("snapshot loads");
    mbxlint::check(&snapshot, options).expect("checks")
}

/// What a report says about the objects and the tenant, without the load counts (the records
/// read, the objects the kind was detected from).
fn said(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                f.rule, f.source_object, f.target_object, f.message, f.locations
            )
        })
        .collect();
    out.extend(report.objects.iter().map(|o| {
        format!(
            "object {} {:?} {:?} {:?}",
            o.source, o.target, o.status, o.rules
        )
    }));
    out.extend(
        report
            .not_evaluated
            .iter()
            .map(|n| serde_json::to_string(n).expect("serialises")),
    );
    // The kind, not the reason: the reason counts the objects read.
    let s = &report.summary;
    out.push(format!(
        "{:?} {} {} {} {} {} {} {}",
        report.kind,
        s.objects_checked,
        s.ready,
        s.blocked,
        s.warned,
        s.incomplete,
        s.errors,
        s.warnings
    ));
    out
}

/// Asserts that the scoped and the whole check of `dir` with `batches` say the same.
fn assert_same(dir: &Path, batches: &[PathBuf], options: &CheckOptions) -> (Report, Report) {
    let scoped = report(dir, batches, true, options);
    let whole = report(dir, batches, false, options);
    let (a, b) = (said(&scoped), said(&whole));
    let only_scoped: Vec<_> = a.iter().filter(|x| !b.contains(x)).take(5).collect();
    let only_whole: Vec<_> = b.iter().filter(|x| !a.contains(x)).take(5).collect();
    assert!(
        a == b,
        "{}: scoped and whole loads differ\nonly scoped: {only_scoped:#?}\nonly whole: {only_whole:#?}",
        dir.display()
    );
    assert_eq!(whole.summary.records_out_of_scope, 0);
    (scoped, whole)
}

/// A JSON export as values; whether it was UTF-16 (Windows PowerShell 5.1).
fn read_export(path: &Path) -> (Vec<Value>, bool) {
    let bytes = std::fs::read(path).expect("export");
    let (text, utf16) = if bytes.starts_with(&[0xFF, 0xFE]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        (String::from_utf16(&units).expect("UTF-16"), true)
    } else {
        (String::from_utf8(bytes).expect("UTF-8"), false)
    };
    let values: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    (values, utf16)
}

/// Writes an export back; as Windows PowerShell 5.1 does when it was UTF-16 (with `'`, `<`,
/// `>` and `&` escaped).
fn write_export(path: &Path, values: &[Value], utf16: bool) {
    let text = serde_json::to_string_pretty(values).expect("serialises");
    let bytes = if utf16 {
        let text = text
            .replace('\'', "\\u0027")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        bytes
    } else {
        text.into_bytes()
    };
    std::fs::write(path, bytes).expect("write export");
}

fn text<'v>(record: &'v Value, prop: &str) -> &'v str {
    record[prop].as_str().unwrap_or_default()
}

/// The SMTP addresses of a record, lower-cased, without their prefix.
fn smtp_addresses(record: &Value) -> Vec<String> {
    let proxies = record["EmailAddresses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    proxies
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| {
            p.get(..5)
                .filter(|s| s.eq_ignore_ascii_case("smtp:"))
                .map(|_| p)
        })
        .map(|p| p[5..].to_lowercase())
        .collect()
}

/// The target an ExternalEmailAddress pairs a source with.
fn target_of(source: &Value, targets: &[Value]) -> Option<usize> {
    let addresses = smtp_addresses(source);
    targets.iter().position(|t| {
        let ext = text(t, "ExternalEmailAddress").to_lowercase();
        addresses.iter().any(|a| ext.ends_with(&format!(":{a}")))
    })
}

/// A copy of a source mailbox as another user, also holding `extra` as an address.
fn another_user(source: &Value, n: usize, extra: &str) -> Value {
    let mut copy = source.clone();
    let name = format!("Planted{n}");
    let guid = |k: usize| format!("00000000-0000-4000-8000-{:012}", n * 10 + k);
    for (prop, value) in [
        ("Identity", name.clone()),
        ("Name", name.clone()),
        ("Alias", name.clone()),
        ("DisplayName", format!("Planted User {n}")),
        ("UserPrincipalName", format!("{name}@contoso.com")),
        ("PrimarySmtpAddress", format!("{name}@contoso.com")),
        ("WindowsEmailAddress", format!("{name}@contoso.com")),
        ("ExchangeGuid", guid(1)),
        ("Guid", guid(2)),
        ("ExternalDirectoryObjectId", guid(3)),
        ("ExchangeObjectId", guid(4)),
        ("ArchiveGuid", guid(5)),
        (
            "LegacyExchangeDN",
            format!(
                "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={name}"
            ),
        ),
    ] {
        if copy.get(prop).is_some() {
            copy[prop] = Value::String(value);
        }
    }
    copy["EmailAddresses"] =
        serde_json::json!([format!("SMTP:{name}@contoso.com"), format!("smtp:{extra}"),]);
    copy
}

fn write_batch(path: &Path, addresses: &[String]) -> PathBuf {
    let mut text = String::from("EmailAddress\r\n");
    for a in addresses {
        text.push_str(a);
        text.push_str("\r\n");
    }
    std::fs::write(path, text).expect("write batch");
    path.to_path_buf()
}

/// Plants the cases where a batch member's findings depend on other objects; returns the batch
/// files.
fn plant(dir: &Path) -> Vec<PathBuf> {
    let sources_path = dir.join("source/mailboxes.json");
    let targets_path = dir.join("target/mailusers.json");
    let (mut sources, sources_utf16) = read_export(&sources_path);
    let (mut targets, targets_utf16) = read_export(&targets_path);
    let primary = |t: &Value| text(t, "PrimarySmtpAddress").to_string();

    // A second source claims target 10 by its ExternalEmailAddress (PR002), placed early and
    // late in the file.
    let ext10 = text(&targets[10], "ExternalEmailAddress")
        .split_once(':')
        .map(|(_, a)| a.to_string())
        .expect("an external address");
    let early = another_user(&sources[60], 1, &ext10);
    sources.insert(1, early);
    let late = another_user(&sources[61], 2, &ext10);
    sources.push(late);

    // Target 20 holds the ExchangeGuid of source 30, which pairs elsewhere (PR002).
    let guid30 = sources[30]["ExchangeGuid"].clone();
    targets[20]["ExchangeGuid"] = guid30;
    let target30 = target_of(&sources[30], &targets).expect("source 30 has a target");

    // Target 40 also holds the primary address of target 41.
    let address41 = primary(&targets[41]);
    if let Some(list) = targets[40]["EmailAddresses"].as_array_mut() {
        list.push(Value::String(format!("smtp:{address41}")));
    }

    // Target 50 gets an apostrophe address (written as \u0027 in the 5.1 export).
    let apostrophe = "o'brien.planted@fabrikam.com".to_string();
    if let Some(list) = targets[50]["EmailAddresses"].as_array_mut() {
        list.push(Value::String(format!("smtp:{apostrophe}")));
    }

    // The source of target 40 grants FullAccess to a user named by display name only, in no
    // batch (BT006): reached through the Get-MailboxPermission rows alone.
    let owner = sources
        .iter()
        .position(|s| target_of(s, &targets) == Some(40))
        .expect("target 40 is paired");
    let delegate = another_user(&sources[62], 3, "planted3.other@contoso.com");
    let delegate_name = text(&delegate, "DisplayName").to_string();
    sources.push(delegate);
    let permissions = format!(
        "\"Identity\",\"User\",\"AccessRights\",\"IsInherited\",\"Deny\"\r\n\"{}\",\"{delegate_name}\",\"FullAccess\",\"False\",\"False\"\r\n",
        text(&sources[owner], "Alias")
    );
    std::fs::write(dir.join("source/mailbox-permissions.csv"), permissions).expect("write");

    let random: Vec<String> = (0..300)
        .map(|k| (k * 7919 + 13) % targets.len())
        .map(|i| primary(&targets[i]))
        .collect();
    let mut first = random.clone();
    first.push(primary(&targets[10]));
    first.push(primary(&targets[20]));
    let second = vec![
        primary(&targets[target30]),
        primary(&targets[40]),
        address41.clone(),
        apostrophe.to_uppercase(),
        primary(&targets[10]),
        text(&sources[70], "PrimarySmtpAddress").to_string(),
        "nobody@nowhere.example".to_string(),
    ];
    write_export(&sources_path, &sources, sources_utf16);
    write_export(&targets_path, &targets, targets_utf16);
    let batches = dir.join("batch-files");
    std::fs::create_dir_all(&batches).expect("batch folder");
    vec![
        write_batch(&batches.join("random.csv"), &random[..100]),
        write_batch(&batches.join("first.csv"), &first),
        write_batch(&batches.join("second.csv"), &second),
    ]
}

#[test]
fn a_scoped_load_finds_what_a_whole_load_finds() {
    let snapshot = tempfile::tempdir().expect("temp dir");
    let dir = snapshot.path();
    synth::generate(
        dir,
        &synth::Options {
            pairs: 5_000,
            seed: 11,
            defect_percent: 30.0,
            ..Default::default()
        },
    )
    .expect("generate");
    let batches = plant(dir);
    let mut options = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    };
    options.rules.source_tenant_id = Guid::parse(synth::SOURCE_TENANT_ID).ok();
    options.rules.target_tenant_id = Guid::parse(synth::TARGET_TENANT_ID).ok();
    for chosen in [
        vec![batches[0].clone()],
        vec![batches[1].clone()],
        vec![batches[2].clone()],
        batches.clone(),
    ] {
        let (scoped, whole) = assert_same(dir, &chosen, &options);
        assert!(
            scoped.summary.records_out_of_scope > 5_000,
            "most records were left out"
        );
        if chosen.len() == batches.len() {
            for rule in ["PR002", "BT002", "BT003", "BT004", "BT006"] {
                assert!(
                    whole.findings.iter().any(|f| f.rule == rule),
                    "{rule} is among the findings"
                );
            }
        }
    }
}

#[test]
fn the_samples_say_the_same_scoped() {
    for name in [
        "cross-tenant",
        "cross-tenant-org",
        "onboarding",
        "offboarding",
    ] {
        let dir = common::repo(&format!("sample-exports/{name}"));
        // The broken-organisation sample does not tell its kind (as its tests say).
        let options = CheckOptions {
            kind: (name == "cross-tenant-org").then_some(MigrationKind::CrossTenant),
            ..Default::default()
        };
        let (scoped, _) = assert_same(&dir, &[], &options);
        assert!(scoped.summary.batch_scoped, "{name} has batch files");
    }
}
