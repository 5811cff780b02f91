//! `--write-ready-batches`: only ready mailboxes are written, files hold at most `per_file`
//! rows, delegates stay in their principal's file, and what is left out is said.

mod common;

use mbxlint::model::{MigrationKind, Snapshot};
use mbxlint::ready_batches::{self, SKIPPED_FILE};
use mbxlint::report::Status;
use mbxlint::{CheckOptions, LoadOptions, Report};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn sample() -> (Snapshot, Report) {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(common::repo("sample-exports/cross-tenant")),
        ..Default::default()
    })
    .unwrap();
    let report = mbxlint::check(&snap, &CheckOptions::default()).unwrap();
    (snap, report)
}

/// The rows of a written CSV file (header checked and removed).
fn rows(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(lines.remove(0), "EmailAddress");
    lines
}

fn csv_files(written: &[PathBuf]) -> Vec<&PathBuf> {
    written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect()
}

fn ready_addresses(report: &Report) -> Vec<String> {
    report
        .objects
        .iter()
        .filter(|o| o.status == Status::Ready)
        .filter_map(|o| o.batch_address.as_deref().map(str::to_string))
        .collect()
}

fn file_of(files: &[Vec<String>], address: &str) -> Option<usize> {
    files
        .iter()
        .position(|f| f.iter().any(|a| a.eq_ignore_ascii_case(address)))
}

#[test]
fn sample_only_ready_mailboxes_are_written() {
    let (snap, report) = sample();
    let dir = tempfile::tempdir().unwrap();
    let written = ready_batches::write(&report, &snap, dir.path(), 2000).unwrap();
    assert_eq!(written, vec![dir.path().join("ready-batch-001.csv")]);
    let got = rows(&written[0]);
    let mut want = ready_addresses(&report);
    assert_eq!(want.len(), 7);
    let mut sorted = got.clone();
    sorted.sort();
    want.sort();
    assert_eq!(sorted, want);
    for o in report.objects.iter().filter(|o| o.status != Status::Ready) {
        let a = o.batch_address.as_deref().unwrap();
        assert!(!got.iter().any(|g| g.eq_ignore_ascii_case(a)), "{a}");
    }
    let text = std::fs::read_to_string(&written[0]).unwrap();
    in_snapshots!({
        insta::assert_snapshot!("ready_batches_sample", text.replace("\r\n", "\n"));
    });
}

#[test]
fn sample_delegates_stay_together_across_a_file_boundary() {
    // Sales has FullAccess for Lara and Adele; in report order Sales comes after Alex and
    // Megan, so cutting the list every 4 rows would separate it from them.
    let (snap, report) = sample();
    let plan = ready_batches::plan(&report, &snap, 4);
    assert!(plan.files.iter().all(|f| f.len() <= 4));
    assert_eq!(plan.files.iter().map(Vec::len).sum::<usize>(), 7);
    let sales = file_of(&plan.files, "Sales@fabrikam.com").unwrap();
    assert_eq!(
        file_of(&plan.files, "Lara.Newton@fabrikam.com"),
        Some(sales)
    );
    assert_eq!(
        file_of(&plan.files, "Adele.Vance@fabrikam.com"),
        Some(sales)
    );
    assert!(plan.notes.is_empty(), "{:?}", plan.notes);

    let dir = tempfile::tempdir().unwrap();
    let written = ready_batches::write(&report, &snap, dir.path(), 4).unwrap();
    let files: Vec<Vec<String>> = csv_files(&written).iter().map(|p| rows(p)).collect();
    assert_eq!(files, plan.files);
    assert_eq!(
        csv_files(&written)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
        ["ready-batch-001.csv", "ready-batch-002.csv"]
    );
}

#[test]
fn a_group_larger_than_a_file_is_split_and_reported() {
    let (snap, report) = sample();
    let dir = tempfile::tempdir().unwrap();
    let written = ready_batches::write(&report, &snap, dir.path(), 2).unwrap();
    let csvs = csv_files(&written);
    assert_eq!(csvs.len(), 4);
    for p in &csvs {
        assert!(rows(p).len() <= 2);
    }
    let notes = std::fs::read_to_string(dir.path().join(SKIPPED_FILE)).unwrap();
    assert!(notes.contains("split: 3 mailboxes"), "{notes}");
    assert_eq!(written.last().unwrap(), &dir.path().join(SKIPPED_FILE));
}

#[test]
fn deterministic_and_stale_files_removed() {
    let (snap, report) = sample();
    let dir = tempfile::tempdir().unwrap();
    let first = ready_batches::write(&report, &snap, dir.path(), 1).unwrap();
    assert_eq!(csv_files(&first).len(), 7);
    let bytes = |p: &Path| std::fs::read(p).unwrap();
    let again = ready_batches::write(&report, &snap, dir.path(), 1).unwrap();
    assert_eq!(first, again);
    let other = tempfile::tempdir().unwrap();
    let elsewhere = ready_batches::write(&report, &snap, other.path(), 1).unwrap();
    for (a, b) in first.iter().zip(&elsewhere) {
        assert_eq!(bytes(a), bytes(b));
    }
    std::fs::write(dir.path().join("keep-me.csv"), "x").unwrap();
    let fewer = ready_batches::write(&report, &snap, dir.path(), 2000).unwrap();
    assert_eq!(csv_files(&fewer).len(), 1);
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["keep-me.csv", "ready-batch-001.csv"]);
}

// ---- small exports written to a temporary directory ----

fn guid(n: usize) -> String {
    format!("282cfd0c-4783-593b-9a21-{n:012x}")
}

fn mailbox(name: &str, n: usize) -> Value {
    json!({
        "Name": name,
        "Alias": name,
        "Identity": name,
        "DisplayName": format!("{name} User"),
        "RecipientTypeDetails": "UserMailbox",
        "PrimarySmtpAddress": format!("{name}@contoso.com"),
        "UserPrincipalName": format!("{name}@contoso.com"),
        "EmailAddresses": [format!("SMTP:{name}@contoso.com")],
        "ExchangeGuid": guid(n),
    })
}

fn mailuser(name: &str, n: usize) -> Value {
    json!({
        "Name": name,
        "DisplayName": format!("{name} User"),
        "RecipientTypeDetails": "MailUser",
        "PrimarySmtpAddress": format!("{name}@fabrikam.com"),
        "UserPrincipalName": format!("{name}@fabrikam.com"),
        "Alias": name,
        "ExternalEmailAddress": format!("SMTP:{name}@contoso.com"),
        "EmailAddresses": [format!("SMTP:{name}@fabrikam.com")],
        "ExchangeGuid": guid(n),
    })
}

fn permission(mailbox: &str, user: &str, inherited: bool, deny: bool) -> Value {
    json!({
        "Identity": mailbox,
        "User": user,
        "AccessRights": "FullAccess",
        "IsInherited": inherited,
        "Deny": deny,
    })
}

/// Loads users `u1`…`u6` with the given source permissions; every object is set ready except
/// those in `not_ready` (statuses set directly: this test is about the writer, not the rules).
fn fixture(permissions: Vec<Value>, not_ready: &[&str]) -> (Snapshot, Report) {
    let names = ["u1", "u2", "u3", "u4", "u5", "u6"];
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    let target = dir.path().join("target");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::create_dir_all(&target).unwrap();
    let write = |path: PathBuf, value: Value| {
        std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    };
    let mbx: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| mailbox(n, i + 1))
        .collect();
    let mus: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| mailuser(n, i + 1))
        .collect();
    write(source.join("mailboxes.json"), json!(mbx));
    write(target.join("mailusers.json"), json!(mus));
    write(source.join("mailbox-permissions.json"), json!(permissions));
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let mut report = mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            select: vec!["ID001".into()],
            ..Default::default()
        },
    )
    .unwrap();
    for o in &mut report.objects {
        let user = o.source.split('@').next().unwrap_or_default().to_string();
        o.status = if not_ready.contains(&user.as_str()) {
            Status::Blocked
        } else {
            Status::Ready
        };
    }
    (snap, report)
}

#[test]
fn a_delegate_pair_stays_together_when_far_apart_in_order() {
    // u6 (by display name) has FullAccess on u1 (by alias): with 2 per file, plain order would
    // put them in the first and the third file.
    let (snap, report) = fixture(vec![permission("u1", "u6 User", false, false)], &[]);
    assert_eq!(report.objects.len(), 6);
    let plan = ready_batches::plan(&report, &snap, 2);
    assert_eq!(plan.files.len(), 3);
    assert!(plan.files.iter().all(|f| f.len() == 2));
    assert_eq!(plan.files[0], ["u1@fabrikam.com", "u6@fabrikam.com"]);
    assert!(plan.notes.is_empty(), "{:?}", plan.notes);
}

#[test]
fn inherited_deny_and_system_principals_do_not_group() {
    let perms = vec![
        permission("u1", "u6@contoso.com", true, false),
        permission("u1", "u5@contoso.com", false, true),
        permission("u1", "NT AUTHORITY\\SELF", false, false),
        permission("u1", "S-1-5-21-1-2-3-500", false, false),
    ];
    let (snap, report) = fixture(perms, &[]);
    let plan = ready_batches::plan(&report, &snap, 2);
    assert_eq!(plan.files[0], ["u1@fabrikam.com", "u2@fabrikam.com"]);
    assert!(plan.notes.is_empty());
}

#[test]
fn delegates_that_are_not_ready_stay_out_and_are_named() {
    let perms = vec![permission("u2@contoso.com", "U4", false, false)];
    let (snap, report) = fixture(perms, &["u4"]);
    let dir = tempfile::tempdir().unwrap();
    let written = ready_batches::write(&report, &snap, dir.path(), 2000).unwrap();
    let got = rows(&written[0]);
    assert_eq!(got.len(), 5);
    assert!(!got.contains(&"u4@fabrikam.com".to_string()));
    let notes = std::fs::read_to_string(dir.path().join(SKIPPED_FILE)).unwrap();
    assert!(
        notes.contains("u2@contoso.com is written but shares a mailbox permission with u4@contoso.com (blocked)"),
        "{notes}"
    );
}

#[test]
fn ready_objects_without_an_address_are_skipped_and_named() {
    let (snap, mut report) = fixture(Vec::new(), &[]);
    report.objects[2].batch_address = None;
    report.objects[3].batch_address = Some("=HYPERLINK(\"x\")".into());
    report.objects[4].batch_address = Some("U1@fabrikam.com".into());
    let plan = ready_batches::plan(&report, &snap, 2000);
    assert_eq!(
        plan.files,
        [["u1@fabrikam.com", "u2@fabrikam.com", "u6@fabrikam.com"]]
    );
    assert_eq!(plan.notes.len(), 3, "{:?}", plan.notes);
    assert!(plan.notes[0].starts_with("skipped u3@contoso.com: ready, but no batch address"));
    assert!(plan.notes[1].contains("is not a plain email address"));
    assert!(plan.notes[2].contains("already listed"));
}

#[test]
fn zero_per_file_is_not_a_panic() {
    let (snap, report) = fixture(Vec::new(), &[]);
    let plan = ready_batches::plan(&report, &snap, 0);
    assert_eq!(plan.files.len(), 6);
    assert!(plan.notes[0].contains("batch size of 0"));
}
