//! One firing and one quiet case for each of ID003–ID005, LI001 and LI002, on small cross-tenant
//! exports written to a temporary directory.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const EXCHANGE_GUID: &str = "282cfd0c-4783-593b-9a21-cc8c7aaee9ee";
const LEGACY_DN: &str = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=282cfd0c47834d3b9a21cc8c7aaee9ee-Lara";
const T2T_SKU: &str = "946ce899-873d-44bb-9d8b-671870cbfdbf";

/// One source mailbox, its target MailUser, and extra export files.
struct Fixture {
    mailbox: Value,
    mailuser: Value,
    /// (side directory, file name, records).
    extra: Vec<(&'static str, &'static str, Value)>,
}

/// A well-prepared pair: every rule here is quiet on it.
fn fixture() -> Fixture {
    Fixture {
        mailbox: json!({
            "Name": "LaraN",
            "DisplayName": "Lara Newton",
            "RecipientTypeDetails": "UserMailbox",
            "PrimarySmtpAddress": "LaraN@contoso.com",
            "UserPrincipalName": "LaraN@contoso.com",
            "EmailAddresses": ["SMTP:LaraN@contoso.com", "smtp:LaraN@contoso.onmicrosoft.com"],
            "LegacyExchangeDN": LEGACY_DN,
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "IsInactiveMailbox": false,
            "IsSoftDeletedByRemove": false,
            "IsSoftDeletedByDisable": false,
            "PersistedCapabilities": ["ExchangeT2TMbxMove"],
            "ProhibitSendReceiveQuota": "100 GB (107,374,182,400 bytes)",
        }),
        mailuser: json!({
            "Name": "LaraN",
            "DisplayName": "Lara Newton",
            "RecipientTypeDetails": "MailUser",
            "PrimarySmtpAddress": "LaraN@fabrikam.com",
            "UserPrincipalName": "LaraN@fabrikam.com",
            "Alias": "LaraN",
            "ExternalEmailAddress": "SMTP:LaraN@contoso.com",
            "EmailAddresses": [
                "SMTP:LaraN@fabrikam.com",
                "smtp:LaraN@fabrikam.onmicrosoft.com",
                format!("x500:{LEGACY_DN}"),
            ],
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "PersistedCapabilities": [],
            "SKUAssigned": false,
        }),
        extra: Vec::new(),
    }
}

impl Fixture {
    fn src(mut self, key: &str, value: Value) -> Self {
        self.mailbox[key] = value;
        self
    }

    fn tgt(mut self, key: &str, value: Value) -> Self {
        self.mailuser[key] = value;
        self
    }

    fn file(mut self, side: &'static str, name: &'static str, records: Value) -> Self {
        self.extra.push((side, name, records));
        self
    }

    /// Writes target/users.json with the target's Get-User record.
    fn target_user(self, previous: &str) -> Self {
        self.file(
            "target",
            "users.json",
            json!([{
                "Name": "LaraN",
                "UserPrincipalName": "LaraN@fabrikam.com",
                "RecipientTypeDetails": "MailUser",
                "PreviousRecipientTypeDetails": previous,
                "IsDirSynced": false,
            }]),
        )
    }

    /// Writes `<side>/licenses.json` giving `upn` one SKU.
    fn licence(self, side: &'static str, upn: &str, part: &str, sku: &str) -> Self {
        self.file(
            side,
            "licenses.json",
            json!([{ "UserPrincipalName": upn, "SkuPartNumber": part, "SkuId": sku }]),
        )
    }

    /// Loads the exports and runs `code` alone.
    fn report(self, code: &str) -> mbxlint::Report {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("source");
        let target = dir.path().join("target");
        std::fs::create_dir_all(&source).unwrap();
        std::fs::create_dir_all(&target).unwrap();
        let write = |path: std::path::PathBuf, value: &Value| {
            std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        };
        write(source.join("mailboxes.json"), &json!([self.mailbox]));
        write(target.join("mailusers.json"), &json!([self.mailuser]));
        for (side, name, records) in &self.extra {
            write(dir.path().join(side).join(name), records);
        }
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .expect("load");
        let options = CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            select: vec![code.into()],
            ..Default::default()
        };
        mbxlint::check(&snap, &options).expect("check")
    }

    fn run(self, code: &str) -> Vec<Finding> {
        self.report(code).findings
    }
}

/// Asserts that all findings are of `code` and `severity`, and that there are `count`.
fn assert_findings(findings: &[Finding], code: &str, severity: Severity, count: usize) {
    assert_eq!(findings.len(), count, "{findings:#?}");
    for f in findings {
        assert_eq!(f.rule, code);
        assert_eq!(f.severity, severity, "{f:#?}");
    }
}

// ID003

#[test]
fn id003_fires_when_target_is_a_mailbox() {
    let f = fixture()
        .tgt("RecipientTypeDetails", json!("UserMailbox"))
        .run("ID003");
    assert_findings(&f, "ID003", Severity::Error, 1);
    let fix = &f[0].remediation[0];
    assert!(fix.irreversible);
    assert_eq!(
        fix.command,
        "Set-User -Identity 'LaraN@fabrikam.com' -PermanentlyClearPreviousMailboxInfo"
    );
}

#[test]
fn id003_quiet_on_a_mailuser() {
    assert!(fixture().run("ID003").is_empty());
}

// ID004

#[test]
fn id004_fires_on_previous_mailbox() {
    let f = fixture().target_user("UserMailbox").run("ID004");
    assert_findings(&f, "ID004", Severity::Error, 1);
    assert!(f[0].remediation[0].irreversible);
    assert!(
        f[0].remediation[0]
            .command
            .ends_with("-PermanentlyClearPreviousMailboxInfo")
    );
}

#[test]
fn id004_quiet_without_previous_mailbox_and_not_evaluated_without_get_user() {
    assert!(fixture().target_user("None").run("ID004").is_empty());
    let report = fixture().report("ID004");
    assert!(report.findings.is_empty());
    assert!(
        report.not_evaluated.iter().any(|n| n.rule == "ID004"),
        "{:#?}",
        report.not_evaluated
    );
}

#[test]
fn id004_fires_on_a_soft_deleted_target_mailbox_with_another_guid() {
    let soft_deleted = |guid: &str| {
        json!([{
            "Name": "LaraN",
            "RecipientTypeDetails": "UserMailbox",
            "PrimarySmtpAddress": "LaraN@fabrikam.com",
            "UserPrincipalName": "LaraN@fabrikam.com",
            "ExchangeGuid": guid,
            "IsSoftDeletedByRemove": true,
            "ExternalEmailAddress": null,
        }])
    };
    let f = fixture()
        .target_user("None")
        .file(
            "target",
            "softdeleted.json",
            soft_deleted("9d0b5a3e-2f44-4c1e-8f7a-1c2b3d4e5f60"),
        )
        .run("ID004");
    assert_findings(&f, "ID004", Severity::Error, 1);
    assert_eq!(
        f[0].evidence.found.as_deref(),
        Some("9d0b5a3e-2f44-4c1e-8f7a-1c2b3d4e5f60")
    );
    // The same GUID as the source is the mailbox being moved back, not a stray previous one.
    let quiet = fixture()
        .target_user("None")
        .file("target", "softdeleted.json", soft_deleted(EXCHANGE_GUID))
        .run("ID004");
    assert!(quiet.is_empty(), "{quiet:#?}");
}

// ID005

#[test]
fn id005_warns_on_inactive_source() {
    let f = fixture()
        .src("IsInactiveMailbox", json!(true))
        .src("IsSoftDeletedByRemove", json!(true))
        .run("ID005");
    assert_findings(&f, "ID005", Severity::Warning, 1);
    assert!(f[0].message.contains("reported rather than checked"));
}

#[test]
fn id005_fires_on_unmovable_type() {
    let f = fixture()
        .src("RecipientTypeDetails", json!("GroupMailbox"))
        .run("ID005");
    assert_findings(&f, "ID005", Severity::Error, 1);
}

#[test]
fn id005_quiet_on_active_user_mailbox() {
    assert!(fixture().run("ID005").is_empty());
    let shared = fixture().src("RecipientTypeDetails", json!("SharedMailbox"));
    assert!(shared.run("ID005").is_empty());
}

// LI001

#[test]
fn li001_fires_without_licence_on_either_side() {
    let f = fixture()
        .src("PersistedCapabilities", json!([]))
        .run("LI001");
    assert_findings(&f, "LI001", Severity::Error, 1);
    assert_eq!(
        f[0].fails_with,
        Some("CrossTenantMigrationWithoutLicensePermanentException")
    );
}

#[test]
fn li001_quiet_with_capability_or_licence() {
    assert!(fixture().run("LI001").is_empty());
    let on_target = fixture().src("PersistedCapabilities", json!([])).licence(
        "target",
        "laran@FABRIKAM.com",
        "Cross_tenant_user_data_migration",
        T2T_SKU,
    );
    assert!(on_target.run("LI001").is_empty());
    let lower = fixture().src("PersistedCapabilities", json!(["exchanget2tmbxmove"]));
    assert!(lower.run("LI001").is_empty());
}

// LI002

#[test]
fn li002_fires_when_licensed_before_guid() {
    let f = fixture()
        .tgt("ExchangeGuid", json!(NIL))
        .licence(
            "target",
            "LaraN@fabrikam.com",
            "SPE_E3",
            "05e9a617-0261-4cee-bb44-138d3ef5d965",
        )
        .run("LI002");
    assert_findings(&f, "LI002", Severity::Error, 1);
    let f = fixture()
        .tgt("ExchangeGuid", json!(NIL))
        .tgt("SKUAssigned", json!(true))
        .run("LI002");
    assert_findings(&f, "LI002", Severity::Error, 1);
}

#[test]
fn li002_quiet_when_guid_stamped_or_not_licensed() {
    let stamped = fixture().tgt("SKUAssigned", json!(true));
    assert!(stamped.run("LI002").is_empty());
    let ems = fixture().tgt("ExchangeGuid", json!(NIL)).licence(
        "target",
        "LaraN@fabrikam.com",
        "EMS",
        "efccb6f7-5641-4e0e-bd10-b4976e1bf68e",
    );
    assert!(ems.run("LI002").is_empty());
}
