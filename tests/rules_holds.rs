//! HD002 (org-wide hold) and HD003 (SubstrateHolds items), firing and quiet, on small
//! cross-tenant exports written to a temporary directory; and the HoldTracking importer.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

const EXCHANGE_GUID: &str = "282cfd0c-4783-593b-9a21-cc8c7aaee9ee";
const ARCHIVE_GUID: &str = "a11778bd-c2bd-5b6b-be01-5ddc63dcce21";
const ORG_POLICY: &str = "mbx6f1ab1e1c7a34b1a9d8e5f7a2b3c4d5e";
const NOT_ENDED: &str = "0001-01-01T00:00:00.0000000";

fn mailbox(in_place_holds: Value) -> Value {
    json!({
        "Name": "LaraN",
        "DisplayName": "Lara Newton",
        "RecipientTypeDetails": "UserMailbox",
        "PrimarySmtpAddress": "LaraN@contoso.com",
        "UserPrincipalName": "LaraN@contoso.com",
        "EmailAddresses": ["SMTP:LaraN@contoso.com", "smtp:LaraN@contoso.onmicrosoft.com"],
        "ExchangeGuid": EXCHANGE_GUID,
        "ArchiveGuid": ARCHIVE_GUID,
        "LitigationHoldEnabled": false,
        "InPlaceHolds": in_place_holds,
    })
}

fn mailuser() -> Value {
    json!({
        "Name": "LaraN",
        "DisplayName": "Lara Newton",
        "RecipientTypeDetails": "MailUser",
        "PrimarySmtpAddress": "LaraN@fabrikam.com",
        "UserPrincipalName": "LaraN@fabrikam.com",
        "ExternalEmailAddress": "SMTP:LaraN@contoso.com",
        "EmailAddresses": ["SMTP:LaraN@fabrikam.com"],
        "ExchangeGuid": EXCHANGE_GUID,
        "ArchiveGuid": ARCHIVE_GUID,
    })
}

/// Writes the pair plus `extra` source files (name, records) and loads the snapshot.
fn load(source_mailbox: Value, extra: &[(&str, Value)]) -> mbxlint::model::Snapshot {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("source");
    let target = dir.path().join("target");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::create_dir_all(&target).unwrap();
    let write = |path: std::path::PathBuf, value: &Value| {
        std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    };
    write(source.join("mailboxes.json"), &json!([source_mailbox]));
    write(target.join("mailusers.json"), &json!([mailuser()]));
    for (name, records) in extra {
        write(source.join(name), records);
    }
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .expect("load")
}

fn report(source_mailbox: Value, extra: &[(&str, Value)], code: &str) -> mbxlint::Report {
    let snap = load(source_mailbox, extra);
    let options = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        select: vec![code.into()],
        ..Default::default()
    };
    mbxlint::check(&snap, &options).expect("check")
}

fn run(source_mailbox: Value, extra: &[(&str, Value)], code: &str) -> Vec<Finding> {
    report(source_mailbox, extra, code).findings
}

fn assert_errors(findings: &[Finding], code: &str, count: usize) {
    assert_eq!(findings.len(), count, "{findings:#?}");
    for f in findings {
        assert_eq!(f.rule, code);
        assert_eq!(f.severity, Severity::Error, "{f:#?}");
    }
}

fn hold_log(entries: Value) -> Value {
    json!([{
        "Mailbox": "LaraN@contoso.com",
        "MailboxLog": entries.to_string(),
    }])
}

fn org_config(holds: Value) -> Value {
    json!([{ "Name": "contoso.onmicrosoft.com", "IsDehydrated": false, "InPlaceHolds": holds }])
}

// HD002

#[test]
fn hd002_fires_on_active_org_wide_entry_in_hold_tracking() {
    let log = hold_log(json!([
        {"ed": NOT_ENDED, "hid": ORG_POLICY, "ht": 4, "lsd": "2025-01-01T00:00:00", "osd": "2025-01-01T00:00:00"},
    ]));
    let f = run(mailbox(json!([])), &[("holdtracking.json", log)], "HD002");
    assert_errors(&f, "HD002", 1);
    assert!(f[0].message.contains(ORG_POLICY), "{}", f[0].message);
    assert!(
        f[0].remediation_note
            .as_deref()
            .is_some_and(|n| n.contains("exclude the mailbox"))
    );
}

#[test]
fn hd002_quiet_on_ended_or_other_hold_types() {
    let log = hold_log(json!([
        {"ed": "2025-03-01T00:00:00.0000000", "hid": ORG_POLICY, "ht": 4},
        {"ed": NOT_ENDED, "hid": "UniH0a1b2c3d-0000-0000-0000-000000000000", "ht": 1},
    ]));
    let f = run(mailbox(json!([])), &[("holdtracking.json", log)], "HD002");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn hd002_fires_on_org_config_hold_not_excluded() {
    let org = org_config(json!([
        format!("{ORG_POLICY}:2"),
        "grp0a1b2c3d4e5f60718293a4b5c6d7e8f9:1"
    ]));
    let f = run(mailbox(json!([])), &[("orgconfig.json", org)], "HD002");
    assert_errors(&f, "HD002", 1);
    assert_eq!(
        f[0].message,
        format!(
            "source mailbox LaraN@contoso.com is held by org-wide retention policy \
             {ORG_POLICY}:2: mailboxes on hold are not moved"
        )
    );
}

#[test]
fn hd002_quiet_when_mailbox_excludes_the_org_hold() {
    let org = org_config(json!([format!("{ORG_POLICY}:2")]));
    let excluded = mailbox(json!([format!("-{ORG_POLICY}")]));
    let f = run(excluded, &[("orgconfig.json", org)], "HD002");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn hd002_reports_a_hold_seen_in_both_exports_once() {
    let org = org_config(json!([format!("{ORG_POLICY}:2")]));
    let log = hold_log(json!([{"ed": NOT_ENDED, "hid": ORG_POLICY, "ht": 4}]));
    let f = run(
        mailbox(json!([])),
        &[("orgconfig.json", org), ("holdtracking.json", log)],
        "HD002",
    );
    assert_errors(&f, "HD002", 1);
}

#[test]
fn hd002_not_evaluated_without_hold_exports() {
    let r = report(mailbox(json!([])), &[], "HD002");
    assert!(r.findings.is_empty());
    let status = r
        .summary
        .rules
        .iter()
        .find(|s| s.rule == "HD002")
        .expect("status");
    assert!(!status.evaluated, "{status:#?}");
}

// HD003

fn folder_rows(mailbox: &str, content_guid: &str, items: u64) -> Value {
    json!([
        {
            "Mailbox": mailbox,
            "Name": "Recoverable Items",
            "FolderPath": "/Recoverable Items",
            "ItemsInFolder": 0,
            "FolderSize": "0 B (0 bytes)",
            "ContentMailboxGuid": content_guid,
            "Identity": format!("{mailbox}\\Recoverable Items"),
        },
        {
            "Mailbox": mailbox,
            "Name": "SubstrateHolds",
            "FolderPath": "/Recoverable Items/SubstrateHolds",
            "ItemsInFolder": items,
            "FolderSize": "1.2 MB (1,258,291 bytes)",
            "ContentMailboxGuid": content_guid,
            "Identity": format!("{mailbox}\\SubstrateHolds"),
        },
    ])
}

#[test]
fn hd003_fires_on_substrate_holds_items() {
    let rows = folder_rows("LaraN@contoso.com", ARCHIVE_GUID, 12);
    let f = run(mailbox(json!([])), &[("folders.json", rows)], "HD003");
    assert_errors(&f, "HD003", 1);
    assert_eq!(
        f[0].message,
        "source mailbox LaraN@contoso.com has 12 items in /Recoverable Items/SubstrateHolds: \
         held items block the move"
    );
    assert!(
        f[0].remediation_note
            .as_deref()
            .is_some_and(|n| n.contains("MFCMapi"))
    );
}

#[test]
fn hd003_matches_by_content_mailbox_guid() {
    let rows = folder_rows("someone-else", ARCHIVE_GUID, 3);
    let f = run(mailbox(json!([])), &[("folders.json", rows)], "HD003");
    assert_errors(&f, "HD003", 1);
}

#[test]
fn hd003_quiet_on_empty_folder_or_other_mailbox() {
    let empty = folder_rows("LaraN@contoso.com", ARCHIVE_GUID, 0);
    assert!(run(mailbox(json!([])), &[("folders.json", empty)], "HD003").is_empty());
    let other = folder_rows("bob@contoso.com", "0e6d1c2b-0000-4000-8000-000000000001", 9);
    assert!(run(mailbox(json!([])), &[("folders.json", other)], "HD003").is_empty());
}

// Importer

#[test]
fn broken_mailbox_log_is_an_input_issue() {
    let broken = json!([{ "Mailbox": "LaraN@contoso.com", "MailboxLog": "[{\"hid\": \"mbx" }]);
    let snap = load(mailbox(json!([])), &[("holdtracking.json", broken)]);
    let input = snap
        .inputs
        .iter()
        .find(|i| i.path.ends_with("holdtracking.json"))
        .expect("input");
    assert_eq!(input.kind, Some(mbxlint::import::ExportKind::HoldTracking));
    assert_eq!(input.issues.len(), 1, "{:#?}", input.issues);
    assert_eq!(input.issues[0].property.as_deref(), Some("MailboxLog"));
    assert!(snap.source.hold_logs.is_empty());
}

#[test]
fn hold_tracking_and_folder_statistics_are_read() {
    let log = hold_log(json!([
        {"ed": NOT_ENDED, "hid": ORG_POLICY, "ht": 4},
        {"ed": "2025-03-01T00:00:00.0000000", "hid": "mbxold", "ht": 4},
    ]));
    let rows = folder_rows("LaraN@contoso.com", ARCHIVE_GUID, 5);
    let snap = load(
        mailbox(json!([])),
        &[("holdtracking.json", log), ("folders.json", rows)],
    );
    let logs = &snap.source.hold_logs;
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].entries.len(), 2);
    assert!(!logs[0].entries[0].ended);
    assert!(logs[0].entries[1].ended);
    assert_eq!(logs[0].entries[0].hold_type, Some(4));
    let folders = &snap.source.folder_stats;
    assert_eq!(folders.len(), 2);
    assert_eq!(folders[1].items, Some(5));
    assert_eq!(folders[1].mailbox.as_deref(), Some("LaraN@contoso.com"));
}
