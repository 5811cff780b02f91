//! One firing and one quiet case for each hybrid onboarding rule (HY001–HY011, ID004 and BT005
//! when onboarding), on small on-premises → Exchange Online exports written to a temporary
//! directory. Missing inputs must be reported as "not evaluated", never pass silently.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions, Report};
use serde_json::{Value, json};

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const EXCHANGE_GUID: &str = "6d1e2c55-0a43-4b8e-9a51-3c1f0b7d9e21";
const ARCHIVE_GUID: &str = "0f4a7b2c-91d3-4e6f-8a2b-5c7d9e1f3a4b";
const OBJECT_GUID: &str = "2be92a50-7cc5-4a40-8471-b7ce9c2e3426";
const ROUTING: &str = "contoso.mail.onmicrosoft.com";
const EXO_DN: &str = "OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM";

/// An on-premises mailbox, its cloud MailUser, the tenant's accepted domains, extra files.
struct Fixture {
    mailbox: Value,
    mailuser: Value,
    extra: Vec<(&'static str, &'static str, Value)>,
    delivery_domain: Option<&'static str>,
}

/// A well-prepared pair: every onboarding rule is quiet on it.
fn fixture() -> Fixture {
    Fixture {
        mailbox: json!({
            "Name": "Lara Newton",
            "Alias": "LaraN",
            "DisplayName": "Lara Newton",
            "DistinguishedName": "CN=Lara Newton,OU=Staff,DC=corp,DC=contoso,DC=com",
            "UserPrincipalName": "LaraN@contoso.com",
            "PrimarySmtpAddress": "LaraN@contoso.com",
            "EmailAddresses": ["SMTP:LaraN@contoso.com", format!("smtp:LaraN@{ROUTING}")],
            "EmailAddressPolicyEnabled": true,
            "LegacyExchangeDN": "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=laran",
            "RecipientTypeDetails": "UserMailbox",
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "ArchiveDomain": null,
            "ArchiveState": "None",
            "IsInactiveMailbox": false,
            "IsSoftDeletedByRemove": false,
        }),
        mailuser: json!({
            "Name": "LaraN",
            "Alias": "LaraN",
            "DistinguishedName": format!("CN=LaraN,{EXO_DN}"),
            "ExternalDirectoryObjectId": "9d3c1e2a-5b4f-4a6e-8c7d-1e2f3a4b5c6d",
            "UserPrincipalName": "LaraN@contoso.com",
            "PrimarySmtpAddress": "LaraN@contoso.com",
            "EmailAddresses": [
                "SMTP:LaraN@contoso.com",
                "smtp:LaraN@contoso.onmicrosoft.com",
                format!("smtp:LaraN@{ROUTING}"),
            ],
            "RecipientTypeDetails": "MailUser",
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "IsDirSynced": true,
        }),
        extra: vec![(
            "target",
            "accepted-domains.json",
            json!([
                { "DomainName": "contoso.com", "DomainType": "Authoritative", "InitialDomain": false, "IsCoexistenceDomain": false },
                { "DomainName": "contoso.onmicrosoft.com", "DomainType": "Authoritative", "InitialDomain": true, "IsCoexistenceDomain": false },
                { "DomainName": ROUTING, "DomainType": "Authoritative", "InitialDomain": false, "IsCoexistenceDomain": true },
            ]),
        )],
        delivery_domain: None,
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
        self.extra.retain(|(s, n, _)| !(*s == side && *n == name));
        self.extra.push((side, name, records));
        self
    }

    /// Writes source/ad-users.json with the mailbox's Get-ADUser record.
    fn ad_user(self, inheritance_blocked: Value) -> Self {
        self.file(
            "source",
            "ad-users.json",
            json!([{
                "DistinguishedName": "CN=Lara Newton,OU=Staff,DC=corp,DC=contoso,DC=com",
                "ObjectGUID": OBJECT_GUID,
                "SamAccountName": "LaraN",
                "UserPrincipalName": "LaraN@contoso.com",
                "msExchMailboxGuid": EXCHANGE_GUID,
                "proxyAddresses": ["SMTP:LaraN@contoso.com"],
                "InheritanceBlocked": inheritance_blocked,
            }]),
        )
    }

    /// Writes source/ad-users.json with move attributes (`remote_host`: the one set, if any).
    fn ad_user_moving(self, remote_host: Value) -> Self {
        self.file(
            "source",
            "ad-users.json",
            json!([{
                "ObjectGUID": OBJECT_GUID,
                "SamAccountName": "LaraN",
                "UserPrincipalName": "LaraN@contoso.com",
                "msExchMailboxGuid": EXCHANGE_GUID,
                "InheritanceBlocked": false,
                "msExchMailboxMoveRemoteHostName": remote_host,
                "msExchMailboxMoveTargetMDBLink": null,
            }]),
        )
    }

    /// Loads the exports and runs `code` alone, as an onboarding check.
    fn report(self, code: &str) -> Report {
        let dir = tempfile::tempdir().expect("tempdir");
        for side in ["source", "target"] {
            std::fs::create_dir_all(dir.path().join(side)).unwrap();
        }
        let write = |path: std::path::PathBuf, value: &Value| {
            std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        };
        write(
            dir.path().join("source/mailboxes.json"),
            &json!([self.mailbox]),
        );
        write(
            dir.path().join("target/mailusers.json"),
            &json!([self.mailuser]),
        );
        for (side, name, records) in &self.extra {
            write(dir.path().join(side).join(name), records);
        }
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .expect("load");
        let mut options = CheckOptions {
            select: vec![code.into()],
            ..Default::default()
        };
        options.rules.target_delivery_domain = self.delivery_domain.map(str::to_string);
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

/// The reasons the report gives for not evaluating `code`.
fn not_evaluated(report: &Report, code: &str) -> Vec<String> {
    report
        .not_evaluated
        .iter()
        .filter(|n| n.rule == code)
        .map(|n| n.reason.to_string())
        .collect()
}

#[test]
fn the_fixture_is_onboarding_and_clean() {
    let report = fixture().ad_user(json!(false)).report("HY");
    assert_eq!(report.kind, MigrationKind::Onboarding);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

// HY001

#[test]
fn hy001_fires_without_routing_proxy() {
    let f = fixture()
        .src("EmailAddresses", json!(["SMTP:LaraN@contoso.com"]))
        .src("EmailAddressPolicyEnabled", json!(false))
        .run("HY001");
    assert_findings(&f, "HY001", Severity::Error, 1);
    assert!(f[0].message.contains(
        "The target mailbox doesn't have an smtp proxy matching 'contoso.mail.onmicrosoft.com'"
    ));
    assert_eq!(
        f[0].remediation[0].command,
        "Set-Mailbox -Identity 'LaraN@contoso.com' -EmailAddresses @{add='smtp:LaraN@contoso.mail.onmicrosoft.com'}"
    );
}

#[test]
fn hy001_quiet_with_routing_proxy() {
    assert!(fixture().run("HY001").is_empty());
}

#[test]
fn hy001_not_evaluated_without_email_addresses() {
    let mut fx = fixture();
    fx.mailbox.as_object_mut().unwrap().remove("EmailAddresses");
    fx.mailbox
        .as_object_mut()
        .unwrap()
        .remove("PrimarySmtpAddress");
    let report = fx.report("HY001");
    assert!(report.findings.is_empty());
    assert_eq!(not_evaluated(&report, "HY001").len(), 1);
}

// HY002

#[test]
fn hy002_fires_when_proxy_did_not_sync() {
    let f = fixture()
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@contoso.com",
                "smtp:LaraN@contoso.onmicrosoft.com"
            ]),
        )
        .run("HY002");
    assert_findings(&f, "HY002", Severity::Error, 1);
}

#[test]
fn hy002_quiet_when_synced_or_absent_on_premises() {
    assert!(fixture().run("HY002").is_empty());
    // Missing on-premises too: HY001's finding, not HY002's.
    let f = fixture()
        .src("EmailAddresses", json!(["SMTP:LaraN@contoso.com"]))
        .tgt("EmailAddresses", json!(["SMTP:LaraN@contoso.com"]))
        .run("HY002");
    assert!(f.is_empty());
}

// HY003

#[test]
fn hy003_fires_when_routing_domain_not_accepted() {
    let f = fixture()
        .file(
            "target",
            "accepted-domains.json",
            json!([
                { "DomainName": "contoso.com" },
                { "DomainName": "contoso.onmicrosoft.com", "InitialDomain": true },
            ]),
        )
        .run("HY003");
    assert_findings(&f, "HY003", Severity::Error, 1);
    assert!(
        f[0].message
            .contains("contoso.mail.onmicrosoft.com is not an accepted domain")
    );
}

#[test]
fn hy003_fires_on_a_wrong_delivery_domain() {
    let mut fx = fixture();
    fx.delivery_domain = Some("contoso.onmicrosoft.com");
    let f = fx.run("HY003");
    assert_findings(&f, "HY003", Severity::Error, 1);
    assert!(f[0].message.contains("is not the routing domain"));
}

#[test]
fn hy003_quiet_on_a_hybrid_tenant() {
    assert!(fixture().run("HY003").is_empty());
    let mut fx = fixture();
    fx.delivery_domain = Some(ROUTING);
    assert!(fx.run("HY003").is_empty());
}

// HY004

#[test]
fn hy004_warns_on_unaccepted_proxy_domain() {
    let f = fixture()
        .tgt(
            "EmailAddresses",
            json!([
                "SMTP:LaraN@contoso.com",
                format!("smtp:LaraN@{ROUTING}"),
                "smtp:LaraN@old-contoso.net",
            ]),
        )
        .run("HY004");
    assert_findings(&f, "HY004", Severity::Warning, 1);
    assert_eq!(f[0].fails_with, Some("NotAcceptedDomainException"));
    assert_eq!(
        f[0].remediation[0].command,
        "Set-Mailbox -Identity 'LaraN@contoso.com' -EmailAddresses @{remove='smtp:LaraN@old-contoso.net'}"
    );
}

#[test]
fn hy004_quiet_when_all_domains_accepted() {
    assert!(fixture().run("HY004").is_empty());
}

// HY005 / HY006

#[test]
fn hy005_fires_on_missing_or_different_guid() {
    let f = fixture().tgt("ExchangeGuid", json!(NIL)).run("HY005");
    assert_findings(&f, "HY005", Severity::Error, 1);
    assert!(f[0].message.contains("has no ExchangeGuid"));
    let f = fixture()
        .tgt("ExchangeGuid", json!(ARCHIVE_GUID))
        .run("HY005");
    assert_findings(&f, "HY005", Severity::Error, 1);
    // Not dir-synced: the cloud object can be fixed directly.
    let f = fixture()
        .tgt("ExchangeGuid", json!(NIL))
        .tgt("IsDirSynced", json!(false))
        .run("HY005");
    assert_eq!(
        f[0].remediation[0].command,
        format!("Set-MailUser -Identity 'LaraN@contoso.com' -ExchangeGuid '{EXCHANGE_GUID}'")
    );
}

#[test]
fn hy005_quiet_when_synced() {
    assert!(fixture().run("HY005").is_empty());
}

#[test]
fn hy006_fires_when_archive_guid_not_synced() {
    let f = fixture()
        .src("ArchiveGuid", json!(ARCHIVE_GUID))
        .run("HY006");
    assert_findings(&f, "HY006", Severity::Error, 1);
}

#[test]
fn hy006_quiet_without_archive_or_when_synced() {
    assert!(fixture().run("HY006").is_empty());
    let f = fixture()
        .src("ArchiveGuid", json!(ARCHIVE_GUID))
        .tgt("ArchiveGuid", json!(ARCHIVE_GUID))
        .run("HY006");
    assert!(f.is_empty());
}

// HY007

#[test]
fn hy007_fires_when_cloud_object_is_a_mailbox() {
    let f = fixture()
        .tgt("RecipientTypeDetails", json!("UserMailbox"))
        .tgt("ExchangeGuid", json!(ARCHIVE_GUID))
        .run("HY007");
    assert_findings(&f, "HY007", Severity::Error, 1);
    assert!(f[0].remediation[0].irreversible);
    assert_eq!(
        f[0].remediation[0].command,
        "Set-User -Identity 'LaraN@contoso.com' -PermanentlyClearPreviousMailboxInfo"
    );
}

#[test]
fn hy007_quiet_on_a_mailuser() {
    assert!(fixture().run("HY007").is_empty());
}

// HY008

/// An inactive cloud mailbox of the same user.
fn inactive(upn: &str) -> Value {
    json!([{
        "Name": "LaraN",
        "Alias": "LaraN",
        "DisplayName": "Lara Newton",
        "DistinguishedName": format!("CN=LaraN2f1e,{EXO_DN}"),
        "ExternalDirectoryObjectId": "11111111-2222-4333-8444-555555555555",
        "UserPrincipalName": upn,
        "PrimarySmtpAddress": upn,
        "EmailAddresses": [format!("SMTP:{upn}")],
        "RecipientTypeDetails": "UserMailbox",
        "ExchangeGuid": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        "IsInactiveMailbox": true,
        "IsSoftDeletedByRemove": true,
    }])
}

#[test]
fn hy008_warns_on_inactive_mailbox_of_user_in_scope() {
    let f = fixture()
        .ad_user(json!(false))
        .file("target", "inactive.json", inactive("LaraN@contoso.com"))
        .run("HY008");
    assert_findings(&f, "HY008", Severity::Warning, 1);
    let commands: Vec<&str> = f[0]
        .remediation
        .iter()
        .map(|r| r.command.as_str())
        .collect();
    // ImmutableId = base64 of the ObjectGUID's .NET byte order.
    assert!(commands.contains(
        &"Update-MgUser -UserId 'LaraN@contoso.onmicrosoft.com' -OnPremisesImmutableId 'UCrpK8V8QEqEcbfOnC40Jg=='"
    ));
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("New-Mailbox -InactiveMailbox ")
                && c.contains("(Read-Host -AsSecureString"))
    );
    assert!(
        f[0].remediation_note
            .as_deref()
            .unwrap()
            .contains("30 days")
    );
}

#[test]
fn hy008_quiet_for_an_unrelated_inactive_mailbox() {
    let f = fixture()
        .file(
            "target",
            "inactive.json",
            inactive("someone.else@contoso.com"),
        )
        .run("HY008");
    assert!(f.is_empty());
}

#[test]
fn hy008_also_applies_to_offboarding() {
    assert!(
        mbxlint::rules::find("HY008")
            .unwrap()
            .meta
            .kinds
            .contains(&MigrationKind::Offboarding)
    );
}

#[test]
fn hy008_not_evaluated_without_inactive_export() {
    let report = fixture().report("HY008");
    assert!(report.findings.is_empty());
    assert_eq!(not_evaluated(&report, "HY008").len(), 1);
}

// HY009

#[test]
fn hy009_fires_when_archive_is_in_the_cloud() {
    let f = fixture()
        .src("ArchiveGuid", json!(ARCHIVE_GUID))
        .src("ArchiveDomain", json!(ROUTING))
        .src("ArchiveState", json!("HostedProvisioned"))
        .run("HY009");
    assert_findings(&f, "HY009", Severity::Error, 1);
    assert!(f[0].remediation[0].command.contains(" -PrimaryOnly "));
    assert!(f[0].remediation[0].command.starts_with("New-MoveRequest "));
}

#[test]
fn hy009_quiet_with_a_local_archive() {
    let f = fixture()
        .src("ArchiveGuid", json!(ARCHIVE_GUID))
        .src("ArchiveState", json!("Local"))
        .run("HY009");
    assert!(f.is_empty());
}

#[test]
fn hy009_not_evaluated_without_archive_columns() {
    let mut fx = fixture();
    fx.mailbox.as_object_mut().unwrap().remove("ArchiveDomain");
    fx.mailbox.as_object_mut().unwrap().remove("ArchiveState");
    let report = fx.report("HY009");
    assert!(report.findings.is_empty());
    assert_eq!(not_evaluated(&report, "HY009").len(), 1);
}

// HY010

#[test]
fn hy010_fires_when_inheritance_is_blocked() {
    let f = fixture().ad_user(json!(true)).run("HY010");
    assert_findings(&f, "HY010", Severity::Error, 1);
    assert_eq!(
        f[0].fails_with,
        Some("UpdateMovedMailboxPermanentException")
    );
    let commands: Vec<&str> = f[0]
        .remediation
        .iter()
        .map(|r| r.command.as_str())
        .collect();
    assert_eq!(
        commands[0],
        "dsacls 'CN=Lara Newton,OU=Staff,DC=corp,DC=contoso,DC=com' /P:N"
    );
    assert!(commands.contains(&"Disable-Mailbox -Identity 'LaraN@contoso.com'"));
    assert!(commands.contains(
        &"Enable-RemoteMailbox -Identity 'LaraN@contoso.com' -RemoteRoutingAddress 'LaraN@contoso.mail.onmicrosoft.com'"
    ));
    assert!(commands.iter().any(|c| c.contains("x500:/o=Contoso")));
}

#[test]
fn hy010_quiet_when_inheritance_is_on() {
    assert!(fixture().ad_user(json!(false)).run("HY010").is_empty());
    assert!(fixture().ad_user(json!("False")).run("HY010").is_empty());
}

#[test]
fn hy010_not_evaluated_without_the_column() {
    let report = fixture().ad_user(Value::Null).report("HY010");
    assert!(report.findings.is_empty());
    assert_eq!(not_evaluated(&report, "HY010").len(), 1);
    // No Get-ADUser export at all: the rule says so once.
    let report = fixture().report("HY010");
    assert!(!not_evaluated(&report, "HY010").is_empty());
}

// HY011

fn stats(total: &str) -> Value {
    json!([{
        "DisplayName": "Lara Newton",
        "MailboxGuid": EXCHANGE_GUID,
        "TotalItemSize": total,
        "TotalDeletedItemSize": "1 GB (1,073,741,824 bytes)",
        "ItemCount": 1000,
    }])
}

#[test]
fn hy011_warns_over_200_gb() {
    let f = fixture()
        .file(
            "source",
            "stats.json",
            stats("200 GB (214,748,364,800 bytes)"),
        )
        .run("HY011");
    assert_findings(&f, "HY011", Severity::Warning, 1);
}

#[test]
fn hy011_quiet_under_200_gb() {
    let f = fixture()
        .file(
            "source",
            "stats.json",
            stats("150 GB (161,061,273,600 bytes)"),
        )
        .run("HY011");
    assert!(f.is_empty());
}

// HY012

#[test]
fn hy012_fires_on_leftover_move_attributes() {
    let f = fixture()
        .ad_user_moving(json!("mail.contoso.com"))
        .run("HY012");
    assert_findings(&f, "HY012", Severity::Error, 1);
    assert_eq!(f[0].fails_with, Some("UserAlreadyBeingMigratedException"));
    assert!(f[0].remediation[0].command.starts_with(&format!(
        "Set-ADUser -Identity '{OBJECT_GUID}' -Clear msExchMailboxMoveRemoteHostName,"
    )));
}

#[test]
fn hy012_quiet_when_clear_or_when_a_move_request_exists() {
    assert!(
        fixture()
            .ad_user_moving(Value::Null)
            .run("HY012")
            .is_empty()
    );
    let request = json!([{
        "DisplayName": "Lara Newton",
        "Identity": "LaraN",
        "ExchangeGuid": EXCHANGE_GUID,
        "RequestStyle": "CrossOrg",
        "Direction": "Pull",
        "BatchName": "MigrationService:Wave0",
        "Status": "InProgress",
    }]);
    let f = fixture()
        .ad_user_moving(json!("mail.contoso.com"))
        .file("target", "move-requests.json", request)
        .run("HY012");
    assert!(f.is_empty(), "BT005 reports it");
}

#[test]
fn hy012_not_evaluated_without_the_columns() {
    let report = fixture().ad_user(json!(false)).report("HY012");
    assert!(report.findings.is_empty());
    assert_eq!(not_evaluated(&report, "HY012").len(), 1);
}

// ID004 and BT005 when onboarding

#[test]
fn id004_fires_when_onboarding() {
    let f = fixture()
        .file(
            "target",
            "users.json",
            json!([{
                "Name": "LaraN",
                "UserPrincipalName": "LaraN@contoso.com",
                "ExternalDirectoryObjectId": "9d3c1e2a-5b4f-4a6e-8c7d-1e2f3a4b5c6d",
                "RecipientTypeDetails": "MailUser",
                "PreviousRecipientTypeDetails": "UserMailbox",
            }]),
        )
        .run("ID004");
    assert_findings(&f, "ID004", Severity::Error, 1);
}

#[test]
fn bt005_reads_exchange_online_move_requests_when_onboarding() {
    let request = json!([{
        "DisplayName": "Lara Newton",
        "Identity": "LaraN",
        "ExchangeGuid": EXCHANGE_GUID,
        "RequestStyle": "CrossOrg",
        "Direction": "Pull",
        "BatchName": "MigrationService:Wave0",
        "Status": "Failed",
    }]);
    // BT005 needs the on-premises Get-MoveRequest export too (here: an unrelated local move).
    let local = json!([{
        "Identity": "Other",
        "ExchangeGuid": ARCHIVE_GUID,
        "RequestStyle": "IntraOrg",
        "Direction": "Pull",
        "TargetDatabase": "DB02",
        "Status": "InProgress",
    }]);
    let f = fixture()
        .file("source", "move-requests.json", local.clone())
        .file("target", "move-requests.json", request)
        .run("BT005");
    assert_findings(&f, "BT005", Severity::Error, 1);
    assert!(f[0].message.contains("Exchange Online tenant"));
    let quiet = fixture()
        .file("source", "move-requests.json", local)
        .run("BT005");
    assert!(quiet.is_empty());
}

#[test]
fn hy008_offboarding_reads_the_cloud_source_side() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["source", "target"] {
        std::fs::create_dir_all(dir.path().join(side)).unwrap();
    }
    let write = |rel: &str, value: Value| {
        std::fs::write(
            dir.path().join(rel),
            serde_json::to_string_pretty(&value).unwrap(),
        )
        .unwrap();
    };
    // Exchange Online: Lara's live mailbox and an older inactive one with her UPN.
    let mut live = fixture().mailuser;
    live["RecipientTypeDetails"] = json!("UserMailbox");
    live["IsInactiveMailbox"] = json!(false);
    live["IsSoftDeletedByRemove"] = json!(false);
    write("source/mailboxes.json", json!([live]));
    write("source/inactive.json", inactive("LaraN@contoso.com"));
    // On-premises: her mail-enabled user.
    write(
        "target/mailusers.json",
        json!([{
            "Name": "Lara Newton",
            "Alias": "LaraN",
            "DistinguishedName": "CN=Lara Newton,OU=Staff,DC=corp,DC=contoso,DC=com",
            "UserPrincipalName": "LaraN@contoso.com",
            "PrimarySmtpAddress": "LaraN@contoso.com",
            "RecipientTypeDetails": "MailUser",
            "ExchangeGuid": EXCHANGE_GUID,
        }]),
    );
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let report = mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(MigrationKind::Offboarding),
            select: vec!["HY008".into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_findings(&report.findings, "HY008", Severity::Warning, 1);
    assert_eq!(
        report.findings[0].source_object.as_deref(),
        Some("LaraN@contoso.com")
    );
}

#[test]
fn odd_values_are_reported_not_panicked_on() {
    let report = fixture()
        .src("ArchiveDomain", json!({ "Name": 5 }))
        .src("ArchiveGuid", json!("not-a-guid"))
        .src("EmailAddresses", json!("SMTP:"))
        .tgt("ExchangeGuid", json!(42))
        .ad_user(json!("perhaps"))
        .file(
            "target",
            "inactive.json",
            json!([{ "IsInactiveMailbox": true }]),
        )
        .report("HY");
    // Whatever could not be read is an input finding or "not evaluated", never a crash.
    assert!(
        report.findings.iter().all(|f| f.rule.starts_with("HY"))
            || report.findings.iter().any(|f| f.rule == "IN001")
    );
    assert!(!report.not_evaluated.is_empty());
}
