//! One firing and one quiet case for each of ID002, PX002–PX008, HD001 and AR001–AR005, on small
//! cross-tenant exports written to a temporary directory.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const EXCHANGE_GUID: &str = "282cfd0c-4783-593b-9a21-cc8c7aaee9ee";
const ARCHIVE_GUID: &str = "a11778bd-c2bd-5b6b-be01-5ddc63dcce21";
const LEGACY_DN: &str = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=282cfd0c47834d3b9a21cc8c7aaee9ee-Lara";
const OLD_X500: &str = "X500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d11ec1a2cacd4f81858c81907273f1f9-Lara";
const SOURCE_DN: &str = "CN=LaraN,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM";

/// One source mailbox, its target MailUser, and optional extra exports.
struct Fixture {
    mailbox: Value,
    mailuser: Value,
    accepted_domains: Option<Vec<&'static str>>,
    statistics: Option<Value>,
    options: CheckOptions,
}

/// A well-prepared pair: every rule here is quiet on it.
fn fixture() -> Fixture {
    Fixture {
        mailbox: json!({
            "Name": "LaraN",
            "DisplayName": "Lara Newton",
            "RecipientTypeDetails": "UserMailbox",
            "DistinguishedName": SOURCE_DN,
            "PrimarySmtpAddress": "LaraN@contoso.com",
            "UserPrincipalName": "LaraN@contoso.com",
            "EmailAddresses": [
                "SMTP:LaraN@contoso.com",
                "smtp:LaraN@contoso.onmicrosoft.com",
                OLD_X500,
                "X400:C=US;A= ;P=Contoso;O=Exchange;S=Newton;G=Lara;",
            ],
            "LegacyExchangeDN": LEGACY_DN,
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": ARCHIVE_GUID,
            "DisabledArchiveGuid": NIL,
            "AutoExpandingArchiveEnabled": false,
            "MailboxLocations": [
                format!("1;{EXCHANGE_GUID};Primary;nampr03.prod.outlook.com;7e392fe2-6c6b-542c-87a9-b730ce82a9b1"),
                format!("1;{ARCHIVE_GUID};MainArchive;nampr03.prod.outlook.com;28effc90-9d0e-59ab-a50c-4b20f8e67825"),
            ],
            "LitigationHoldEnabled": false,
            "ComplianceTagHoldApplied": false,
            "DelayHoldApplied": false,
            "DelayReleaseHoldApplied": false,
            "InPlaceHolds": [],
            "ProhibitSendReceiveQuota": "100 GB (107,374,182,400 bytes)",
            "RecoverableItemsQuota": "100 GB (107,374,182,400 bytes)",
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
                OLD_X500,
                "X400:C=US;A= ;P=Contoso;O=Exchange;S=Newton;G=Lara;",
            ],
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": ARCHIVE_GUID,
            "RecoverableItemsQuota": "30 GB (32,212,254,720 bytes)",
        }),
        accepted_domains: None,
        statistics: None,
        options: CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            ..Default::default()
        },
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

    /// Writes target/accepted-domains.json with these domains.
    fn accepted(mut self, domains: &[&'static str]) -> Self {
        self.accepted_domains = Some(domains.to_vec());
        self
    }

    /// Writes source/mailbox-statistics.json for the source mailbox.
    fn stats(mut self, total: &str, deleted: &str) -> Self {
        self.statistics = Some(json!({
            "DisplayName": "Lara Newton",
            "MailboxGuid": EXCHANGE_GUID,
            "TotalItemSize": total,
            "TotalDeletedItemSize": deleted,
            "ItemCount": 48211,
            "IsArchiveMailbox": false,
        }));
        self
    }

    fn delivery_domain(mut self, domain: &str) -> Self {
        self.options.rules.target_delivery_domain = Some(domain.to_string());
        self
    }

    /// Loads the exports and runs `code` alone; returns its findings.
    fn run(self, code: &str) -> Vec<Finding> {
        self.report(code).findings
    }

    fn report(mut self, code: &str) -> mbxlint::Report {
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
        if let Some(domains) = &self.accepted_domains {
            let records: Vec<Value> = domains
                .iter()
                .map(|d| {
                    json!({
                        "DomainName": d,
                        "DomainType": "Authoritative",
                        "InitialDomain": d.ends_with(".onmicrosoft.com"),
                        "MatchSubDomains": false,
                    })
                })
                .collect();
            write(target.join("accepted-domains.json"), &json!(records));
        }
        if let Some(stats) = &self.statistics {
            write(source.join("mailbox-statistics.json"), &json!([stats]));
        }
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .expect("load");
        self.options.select = vec![code.into()];
        mbxlint::check(&snap, &self.options).expect("check")
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

// ID002

#[test]
fn id002_fires_when_target_lacks_source_archive_guid() {
    let f = fixture().tgt("ArchiveGuid", json!(NIL)).run("ID002");
    assert_findings(&f, "ID002", Severity::Error, 1);
    assert!(f[0].remediation[0].command.starts_with("Set-MailUser"));
    assert!(f[0].remediation[0].command.contains("-ArchiveGuid"));
}

#[test]
fn id002_fires_when_target_has_archive_guid_source_lacks() {
    let f = fixture().src("ArchiveGuid", json!(NIL)).run("ID002");
    assert_findings(&f, "ID002", Severity::Error, 1);
}

#[test]
fn id002_quiet_when_guids_match() {
    assert!(fixture().run("ID002").is_empty());
    let both_nil = fixture()
        .src("ArchiveGuid", json!(NIL))
        .tgt("ArchiveGuid", json!(NIL));
    assert!(both_nil.run("ID002").is_empty());
}

// PX002

#[test]
fn px002_fires_once_per_missing_x500() {
    let other = "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=aaaabbbbccccddddeeeeffff00001111-Lara";
    let f = fixture()
        .src(
            "EmailAddresses",
            json!(["SMTP:LaraN@contoso.com", OLD_X500, other]),
        )
        .tgt(
            "EmailAddresses",
            json!(["SMTP:LaraN@fabrikam.com", format!("x500:{LEGACY_DN}")]),
        )
        .run("PX002");
    assert_findings(&f, "PX002", Severity::Error, 2);
    for finding in &f {
        assert_eq!(finding.evidence.property.as_deref(), Some("EmailAddresses"));
        let expected = finding.evidence.expected.as_deref().unwrap();
        assert!(expected.starts_with("x500:/o="), "{expected}");
        assert!(finding.remediation[0].command.contains("@{add='x500:"));
    }
}

#[test]
fn px002_quiet_when_only_case_differs() {
    let upper = OLD_X500.to_uppercase();
    let f = fixture()
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@fabrikam.com",
                format!("x500:{LEGACY_DN}"),
                upper
            ]),
        )
        .run("PX002");
    assert!(f.is_empty(), "{f:#?}");
}

// PX003

#[test]
fn px003_fires_as_info_when_x400_missing() {
    let f = fixture()
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@fabrikam.com",
                format!("x500:{LEGACY_DN}"),
                OLD_X500
            ]),
        )
        .run("PX003");
    assert_findings(&f, "PX003", Severity::Info, 1);
}

#[test]
fn px003_quiet_when_x400_present() {
    assert!(fixture().run("PX003").is_empty());
}

// PX004

#[test]
fn px004_fires_on_source_domain_proxy() {
    let f = fixture()
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@fabrikam.com",
                "smtp:LaraN@fabrikam.onmicrosoft.com",
                "smtp:LaraN@contoso.com",
            ]),
        )
        .accepted(&["fabrikam.com", "fabrikam.onmicrosoft.com"])
        .run("PX004");
    assert_findings(&f, "PX004", Severity::Error, 1);
    assert_eq!(f[0].fails_with, Some("NotAcceptedDomainException"));
    assert_eq!(
        f[0].remediation[0].command,
        "Set-MailUser -Identity 'LaraN@fabrikam.com' -EmailAddresses @{remove='smtp:LaraN@contoso.com'}"
    );
}

#[test]
fn px004_reports_a_primary_proxy_without_a_remove_fix() {
    let f = fixture()
        .tgt("PrimarySmtpAddress", json!("LaraN@contoso.onmicrosoft.com"))
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@contoso.onmicrosoft.com",
                "smtp:LaraN@fabrikam.onmicrosoft.com",
            ]),
        )
        .accepted(&["fabrikam.com", "fabrikam.onmicrosoft.com"])
        .run("PX004");
    assert_findings(&f, "PX004", Severity::Error, 1);
    assert!(f[0].remediation.is_empty());
    assert!(f[0].remediation_note.is_some());
}

#[test]
fn px004_quiet_when_all_proxies_accepted() {
    let f = fixture()
        .accepted(&["fabrikam.com", "fabrikam.onmicrosoft.com"])
        .run("PX004");
    assert!(f.is_empty(), "{f:#?}");
}

// PX005

#[test]
fn px005_fires_when_primary_not_accepted() {
    let f = fixture()
        .tgt("PrimarySmtpAddress", json!("LaraN@contoso.com"))
        .tgt(
            "EmailAddresses",
            json!(["SMTP:LaraN@contoso.com", "smtp:LaraN@fabrikam.com"]),
        )
        .accepted(&["fabrikam.com", "fabrikam.onmicrosoft.com"])
        .run("PX005");
    assert_findings(&f, "PX005", Severity::Error, 1);
    assert!(
        f[0].remediation[0]
            .command
            .ends_with("-PrimarySmtpAddress 'LaraN@fabrikam.com'")
    );
}

#[test]
fn px005_quiet_when_primary_accepted() {
    let f = fixture()
        .accepted(&["fabrikam.com", "fabrikam.onmicrosoft.com"])
        .run("PX005");
    assert!(f.is_empty(), "{f:#?}");
}

// PX006

#[test]
fn px006_fires_when_external_address_is_not_the_source() {
    let f = fixture()
        .tgt(
            "ExternalEmailAddress",
            json!("SMTP:someone.else@contoso.com"),
        )
        .run("PX006");
    assert_findings(&f, "PX006", Severity::Error, 1);
}

#[test]
fn px006_quiet_for_a_source_proxy_in_other_case() {
    let f = fixture()
        .tgt(
            "ExternalEmailAddress",
            json!("SMTP:laran@CONTOSO.onmicrosoft.com"),
        )
        .run("PX006");
    assert!(f.is_empty(), "{f:#?}");
}

// PX007

#[test]
fn px007_fires_when_primary_is_the_external_address() {
    let f = fixture()
        .tgt("PrimarySmtpAddress", json!("LaraN@contoso.com"))
        .tgt(
            "EmailAddresses",
            json!(["SMTP:LaraN@contoso.com", "smtp:LaraN@fabrikam.com"]),
        )
        .run("PX007");
    assert_findings(&f, "PX007", Severity::Error, 1);
}

#[test]
fn px007_quiet_when_primary_differs() {
    assert!(fixture().run("PX007").is_empty());
}

// PX008

#[test]
fn px008_fires_without_a_delivery_domain_proxy() {
    let f = fixture()
        .tgt("EmailAddresses", json!(["SMTP:LaraN@fabrikam.com"]))
        .delivery_domain("fabrikam.onmicrosoft.com")
        .run("PX008");
    assert_findings(&f, "PX008", Severity::Error, 1);
    assert!(
        f[0].remediation[0]
            .command
            .contains("@{add='smtp:LaraN@fabrikam.onmicrosoft.com'}")
    );
}

#[test]
fn px008_quiet_with_a_delivery_domain_proxy() {
    let f = fixture()
        .delivery_domain("FABRIKAM.onmicrosoft.com")
        .run("PX008");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn px008_not_evaluated_without_a_delivery_domain() {
    let report = fixture().report("PX008");
    assert!(report.findings.is_empty());
    assert!(report.not_evaluated.iter().any(|n| n.rule == "PX008"));
}

// HD001

#[test]
fn hd001_fires_once_per_hold_kind() {
    let f = fixture()
        .src("LitigationHoldEnabled", json!(true))
        .src("DelayHoldApplied", json!(true))
        .src(
            "InPlaceHolds",
            json!([
                "mbxc31b8a4d1b4e4f4f9b8e2e0f5c1d2a3b:1",
                "UniH7d3f7b8a-2c4e-4f6b-9a1d-3e5f7a9b1c2d",
            ]),
        )
        .run("HD001");
    assert_findings(&f, "HD001", Severity::Error, 3);
}

#[test]
fn hd001_quiet_for_exclusions_and_group_holds() {
    let f = fixture()
        .src(
            "InPlaceHolds",
            json!([
                "-mbxc31b8a4d1b4e4f4f9b8e2e0f5c1d2a3b:1",
                "grp4f1a2b3c4d5e6f708192a3b4c5d6e7f8:1",
            ]),
        )
        .run("HD001");
    assert!(f.is_empty(), "{f:#?}");
}

// AR001

fn aux_locations(count: usize) -> Value {
    let mut locations = vec![format!(
        "1;{EXCHANGE_GUID};Primary;nampr03.prod.outlook.com;7e392fe2-6c6b-542c-87a9-b730ce82a9b1"
    )];
    for i in 0..count {
        locations.push(format!(
            "1;{i:08x}-0000-4000-8000-000000000001;AuxArchive;nampr03.prod.outlook.com;28effc90-9d0e-59ab-a50c-4b20f8e67825"
        ));
    }
    json!(locations)
}

#[test]
fn ar001_fires_over_twelve_aux_archives() {
    let f = fixture()
        .src("MailboxLocations", aux_locations(13))
        .run("AR001");
    assert_findings(&f, "AR001", Severity::Error, 1);
}

#[test]
fn ar001_quiet_at_twelve_aux_archives() {
    let f = fixture()
        .src("MailboxLocations", aux_locations(12))
        .run("AR001");
    assert!(f.is_empty(), "{f:#?}");
}

// AR002

#[test]
fn ar002_warns_on_auto_expanding_archive() {
    let f = fixture()
        .src("AutoExpandingArchiveEnabled", json!(true))
        .run("AR002");
    assert_findings(&f, "AR002", Severity::Warning, 1);
    assert_eq!(
        f[0].fails_with,
        Some("SourceAuxArchiveIsProvisionedDuringCrossTenantMovePermanentException")
    );
}

#[test]
fn ar002_quiet_when_disabled() {
    assert!(fixture().run("AR002").is_empty());
}

// AR003

#[test]
fn ar003_fires_with_two_remediations() {
    let f = fixture()
        .src(
            "DisabledArchiveGuid",
            json!("5d2e1f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
        )
        .run("AR003");
    assert_findings(&f, "AR003", Severity::Error, 1);
    assert_eq!(
        f[0].fails_with,
        Some("UserAlreadyHasDemotedArchiveException")
    );
    let fixes = &f[0].remediation;
    assert_eq!(fixes.len(), 2);
    assert_eq!(
        fixes[0].command,
        "Set-Mailbox -Identity 'LaraN@contoso.com' -RemoveDisabledArchive"
    );
    assert!(fixes[0].irreversible);
    assert_eq!(
        fixes[1].command,
        "Enable-Mailbox -Identity 'LaraN@contoso.com' -Archive"
    );
    assert!(!fixes[1].irreversible);
}

#[test]
fn ar003_quiet_for_nil_guid() {
    assert!(fixture().run("AR003").is_empty());
}

// AR004

#[test]
fn ar004_warns_near_quota_and_errors_over_it() {
    let near = fixture()
        .stats(
            "95 GB (102,005,473,280 bytes)",
            "1 GB (1,073,741,824 bytes)",
        )
        .run("AR004");
    assert_findings(&near, "AR004", Severity::Warning, 1);
    let over = fixture()
        .stats(
            "101 GB (108,447,924,224 bytes)",
            "1 GB (1,073,741,824 bytes)",
        )
        .run("AR004");
    assert_findings(&over, "AR004", Severity::Error, 1);
}

#[test]
fn ar004_quiet_below_threshold() {
    let f = fixture()
        .stats(
            "14.27 GB (15,322,295,828 bytes)",
            "1 GB (1,073,741,824 bytes)",
        )
        .run("AR004");
    assert!(f.is_empty(), "{f:#?}");
}

// AR005

#[test]
fn ar005_fires_when_dumpster_exceeds_target_quota() {
    let f = fixture()
        .stats(
            "14.27 GB (15,322,295,828 bytes)",
            "31 GB (33,285,996,544 bytes)",
        )
        .run("AR005");
    assert_findings(&f, "AR005", Severity::Error, 1);
}

#[test]
fn ar005_quiet_when_dumpster_fits() {
    let f = fixture()
        .stats(
            "14.27 GB (15,322,295,828 bytes)",
            "839.68 MB (880,468,296 bytes)",
        )
        .run("AR005");
    assert!(f.is_empty(), "{f:#?}");
}
