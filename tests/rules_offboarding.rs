//! One firing and one quiet case for each offboarding rule (ID007, HY050–HY056), on small
//! Exchange Online → on-premises exports written to a temporary directory.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const EXCHANGE_GUID: &str = "4a1f3f64-8f5e-5c1d-9a0b-0c3e2c7d1e01";
const ARCHIVE_GUID: &str = "9b7c2d10-3e4f-5a6b-8c9d-0e1f2a3b4c5d";
const DB: &str = "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com";

/// One Exchange Online mailbox, its on-premises RemoteMailbox, and extra export files.
struct Fixture {
    mailbox: Value,
    remote: Option<Value>,
    extra: Vec<(&'static str, &'static str, Value)>,
    options: mbxlint::rules::Options,
}

/// A well-prepared pair: every rule here is quiet on it.
fn fixture() -> Fixture {
    Fixture {
        mailbox: json!({
            "Alias": "lara",
            "DisplayName": "Lara Newton",
            "DistinguishedName": "CN=lara,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A012,DC=PROD,DC=OUTLOOK,DC=COM",
            "RecipientTypeDetails": "UserMailbox",
            "PrimarySmtpAddress": "lara@contoso.com",
            "UserPrincipalName": "lara@contoso.com",
            "EmailAddresses": ["SMTP:lara@contoso.com", "smtp:lara@contoso.mail.onmicrosoft.com"],
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "AutoExpandingArchiveEnabled": false,
            "MailboxLocations": [format!("1;{EXCHANGE_GUID};Primary;namprd03.prod.outlook.com;{EXCHANGE_GUID}")],
            "IsDirSynced": true,
            "ImListMigrationCompleted": false,
        }),
        remote: Some(json!({
            "Alias": "lara",
            "DistinguishedName": "CN=Lara Newton,OU=Users,DC=contoso,DC=com",
            "RecipientTypeDetails": "RemoteUserMailbox",
            "PrimarySmtpAddress": "lara@contoso.com",
            "UserPrincipalName": "lara@contoso.com",
            "EmailAddresses": ["SMTP:lara@contoso.com", "smtp:lara@contoso.mail.onmicrosoft.com"],
            "RemoteRoutingAddress": "SMTP:lara@contoso.mail.onmicrosoft.com",
            "ExchangeGuid": EXCHANGE_GUID,
            "ArchiveGuid": NIL,
            "ArchiveQuota": "50 GB (53,687,091,200 bytes)",
        })),
        extra: vec![(
            "target",
            "servers.json",
            json!([{ "Name": "EX2019", "AdminDisplayVersion": "Version 15.2 (Build 1544.4)", "ServerRole": "Mailbox" }]),
        )],
        options: Default::default(),
    }
}

impl Fixture {
    fn src(mut self, key: &str, value: Value) -> Self {
        self.mailbox[key] = value;
        self
    }

    fn tgt(mut self, key: &str, value: Value) -> Self {
        if let Some(r) = self.remote.as_mut() {
            r[key] = value;
        }
        self
    }

    fn no_target(mut self) -> Self {
        self.remote = None;
        self
    }

    fn file(mut self, side: &'static str, name: &'static str, records: Value) -> Self {
        self.extra.retain(|(s, n, _)| !(*s == side && *n == name));
        self.extra.push((side, name, records));
        self
    }

    /// An archive of `gb` GB with Get-MailboxStatistics -Archive.
    fn archive(self, gb: u64) -> Self {
        let bytes = gb * 1024 * 1024 * 1024;
        self.src("ArchiveGuid", json!(ARCHIVE_GUID))
            .tgt("ArchiveGuid", json!(ARCHIVE_GUID))
            .file(
                "source",
                "archive-stats.json",
                json!([{ "MailboxGuid": ARCHIVE_GUID, "TotalItemSize": format!("{gb} GB ({bytes} bytes)"), "TotalDeletedItemSize": "0 B (0 bytes)", "ItemCount": 10, "IsArchiveMailbox": true }]),
            )
    }

    fn ad_user(self, home_mdb: Option<&str>) -> Self {
        self.file(
            "target",
            "ad-users.json",
            json!([{ "ObjectGUID": "5d0c6f8e-1a2b-5c3d-8e4f-a0b1c2d3e4f5", "SamAccountName": "laran", "UserPrincipalName": "lara@contoso.com", "homeMDB": home_mdb, "homeMTA": null }]),
        )
    }

    fn run(self, code: &str) -> Vec<Finding> {
        self.report(code).findings
    }

    /// Loads the exports and runs `code` alone, as offboarding.
    fn report(self, code: &str) -> mbxlint::Report {
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
        // An unrelated remote mailbox keeps the Get-RemoteMailbox export present.
        let other = json!({
            "Alias": "other", "RecipientTypeDetails": "RemoteUserMailbox",
            "PrimarySmtpAddress": "other@contoso.com", "UserPrincipalName": "other@contoso.com",
            "EmailAddresses": ["SMTP:other@contoso.com"],
            "RemoteRoutingAddress": "SMTP:other@contoso.mail.onmicrosoft.com",
            "ExchangeGuid": NIL, "ArchiveGuid": NIL,
        });
        let remotes: Vec<Value> = self.remote.into_iter().chain([other]).collect();
        write(dir.path().join("target/remote.json"), &json!(remotes));
        for (side, name, records) in &self.extra {
            write(dir.path().join(side).join(name), records);
        }
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .expect("load");
        let options = CheckOptions {
            kind: Some(MigrationKind::Offboarding),
            select: vec![code.into()],
            rules: self.options,
            ..Default::default()
        };
        mbxlint::check(&snap, &options).expect("check")
    }
}

fn assert_findings(findings: &[Finding], code: &str, severity: Severity, count: usize) {
    assert_eq!(findings.len(), count, "{findings:#?}");
    for f in findings {
        assert_eq!(f.rule, code);
        assert_eq!(f.severity, severity, "{f:#?}");
    }
}

fn not_evaluated(report: &mbxlint::Report, code: &str) -> Vec<String> {
    report
        .not_evaluated
        .iter()
        .filter(|n| n.rule == code)
        .map(|n| n.reason.to_string())
        .collect()
}

#[test]
fn the_well_prepared_pair_is_clean() {
    for code in [
        "ID007", "HY050", "HY051", "HY052", "HY053", "HY054", "HY055", "HY056",
    ] {
        let f = fixture().archive(10).ad_user(None).run(code);
        assert_findings(&f, code, Severity::Error, 0);
    }
}

// ID007

#[test]
fn id007_fires_on_all_zero_guid() {
    let f = fixture().tgt("ExchangeGuid", json!(NIL)).run("ID007");
    assert_findings(&f, "ID007", Severity::Error, 1);
    assert_eq!(f[0].fails_with, Some("MigrationPermanentException"));
    assert_eq!(
        f[0].remediation[0].command,
        format!("Set-RemoteMailbox -Identity 'lara@contoso.com' -ExchangeGuid '{EXCHANGE_GUID}'")
    );
    assert!(f[0].remediation[1].command.starts_with(
        "New-MoveRequest -Identity 'lara@contoso.com' -Outbound -RemoteCredential (Get-Credential) -TargetDeliveryDomain 'contoso.com'"
    ));
}

#[test]
fn id007_fires_on_missing_archive_guid_only_when_the_archive_moves() {
    let f = fixture()
        .archive(10)
        .tgt("ArchiveGuid", json!(NIL))
        .run("ID007");
    assert_findings(&f, "ID007", Severity::Error, 1);
    assert!(f[0].message.contains("no ArchiveGuid"), "{}", f[0].message);
    assert!(
        f[0].remediation[0]
            .command
            .ends_with(&format!("-ArchiveGuid '{ARCHIVE_GUID}'"))
    );
    // An auto-expanding archive stays in the cloud: its GUID does not matter.
    let f = fixture()
        .archive(10)
        .tgt("ArchiveGuid", json!(NIL))
        .src("AutoExpandingArchiveEnabled", json!(true))
        .run("ID007");
    assert_findings(&f, "ID007", Severity::Error, 0);
}

// HY050

#[test]
fn hy050_fires_without_an_onprem_object() {
    let f = fixture().no_target().ad_user(None).run("HY050");
    assert_findings(&f, "HY050", Severity::Error, 1);
    assert!(f[0].message.contains("account laran is not mail-enabled"));
    let commands: Vec<&str> = f[0]
        .remediation
        .iter()
        .map(|r| r.command.as_str())
        .collect();
    assert_eq!(
        commands[..2],
        [
            "Enable-MailUser -Identity 'laran' -ExternalEmailAddress 'lara@contoso.mail.onmicrosoft.com'",
            &format!("Set-MailUser -Identity 'laran' -ExchangeGuid '{EXCHANGE_GUID}'"),
        ]
    );
}

#[test]
fn hy050_is_quiet_with_a_remote_mailbox() {
    assert!(fixture().run("HY050").is_empty());
}

// HY051

#[test]
fn hy051_fires_on_home_mdb() {
    let f = fixture().ad_user(Some(DB)).run("HY051");
    assert_findings(&f, "HY051", Severity::Error, 1);
    assert_eq!(
        f[0].remediation[0].command,
        "Get-ADUser -Identity 'laran' -Properties homeMDB,homeMTA | Set-ADObject -Clear homeMDB,homeMTA"
    );
}

#[test]
fn hy051_without_the_columns_is_not_evaluated() {
    let report = fixture()
        .file(
            "target",
            "ad-users.json",
            json!([{ "ObjectGUID": "5d0c6f8e-1a2b-5c3d-8e4f-a0b1c2d3e4f5", "SamAccountName": "laran", "UserPrincipalName": "lara@contoso.com" }]),
        )
        .report("HY051");
    assert!(report.findings.is_empty());
    assert!(not_evaluated(&report, "HY051")[0].contains("homeMDB"));
}

// HY052 and HY053

fn ex2010(f: Fixture) -> Fixture {
    f.file(
        "target",
        "servers.json",
        json!([{ "Name": "EX2010", "AdminDisplayVersion": "Version 14.3 (Build 123.4)", "ServerRole": "Mailbox" }]),
    )
}

#[test]
fn hy052_fires_for_ucs_to_exchange_2010() {
    let f = ex2010(fixture())
        .src("ImListMigrationCompleted", json!(true))
        .run("HY052");
    assert_findings(&f, "HY052", Severity::Error, 1);
    assert_eq!(
        f[0].remediation[0].command,
        "Set-Mailbox -Identity 'lara@contoso.com' -ImListMigrationCompleted $false"
    );
    assert!(f[0].remediation[0].irreversible);
    // Same mailbox, Exchange 2019 target: quiet.
    let f = fixture()
        .src("ImListMigrationCompleted", json!(true))
        .run("HY052");
    assert!(f.is_empty());
}

#[test]
fn hy052_target_version_option_wins_and_unknown_is_not_evaluated() {
    let mut fx = fixture().src("ImListMigrationCompleted", json!(true));
    fx.options.target_version = Some((14, 3));
    assert_findings(&fx.run("HY052"), "HY052", Severity::Error, 1);
    let fx = fixture().src("ImListMigrationCompleted", json!(true)).file(
        "target",
        "servers.json",
        json!([]),
    );
    let report = fx.report("HY052");
    assert!(report.findings.is_empty());
    assert!(!not_evaluated(&report, "HY052").is_empty());
}

#[test]
fn hy053_warns_for_exchange_2010() {
    assert_findings(
        &ex2010(fixture()).run("HY053"),
        "HY053",
        Severity::Warning,
        1,
    );
    assert!(fixture().run("HY053").is_empty());
}

// HY054

#[test]
fn hy054_fires_on_auto_expanding_archive() {
    let f = fixture()
        .archive(120)
        .src("AutoExpandingArchiveEnabled", json!(true))
        .run("HY054");
    assert_findings(&f, "HY054", Severity::Error, 1);
    assert!(f[0].message.contains("120 GB"), "{}", f[0].message);
    assert!(
        f[0].remediation[0]
            .command
            .ends_with("-PrimaryOnly -ArchiveDomain 'contoso.mail.onmicrosoft.com'")
    );
}

#[test]
fn hy054_fires_on_org_auto_expanding_with_aux_archives() {
    let f = fixture()
        .archive(10)
        .src("AutoExpandingArchiveEnabled", Value::Null)
        .src(
            "MailboxLocations",
            json!([format!("1;{ARCHIVE_GUID};AuxArchive;namprd03.prod.outlook.com;{ARCHIVE_GUID}")]),
        )
        .file(
            "source",
            "org.json",
            json!({ "Name": "contoso", "IsDehydrated": false, "AutoExpandingArchiveEnabled": true }),
        )
        .run("HY054");
    assert_findings(&f, "HY054", Severity::Error, 1);
    assert!(f[0].message.contains("for the organisation"));
}

// HY055

#[test]
fn hy055_fires_when_the_archive_exceeds_the_onprem_quota() {
    let f = fixture().archive(60).run("HY055");
    assert_findings(&f, "HY055", Severity::Warning, 1);
    assert!(f[0].message.contains("60 GB"));
    assert!(fixture().archive(40).run("HY055").is_empty());
    assert!(
        fixture()
            .archive(60)
            .tgt("ArchiveQuota", json!("Unlimited"))
            .run("HY055")
            .is_empty()
    );
}

// HY056

#[test]
fn hy056_fires_without_a_proxy_in_the_delivery_domain() {
    let f = fixture()
        .tgt("PrimarySmtpAddress", json!("lara@fabrikam.com"))
        .run("HY056");
    assert_findings(&f, "HY056", Severity::Error, 1);
    assert_eq!(
        f[0].remediation[0].command,
        "Set-RemoteMailbox -Identity 'lara@fabrikam.com' -EmailAddresses @{add='smtp:lara@fabrikam.com'}"
    );
    let mut fx = fixture();
    fx.options.target_delivery_domain = Some("contoso.com".into());
    assert!(fx.run("HY056").is_empty());
}

#[test]
fn hy053_ignores_an_exchange_2010_edge_server() {
    let f = fixture()
        .file(
            "target",
            "servers.json",
            json!([
                { "Name": "EDGE2010", "AdminDisplayVersion": "Version 14.3 (Build 123.4)", "ServerRole": "Edge" },
                { "Name": "EX2019", "AdminDisplayVersion": "Version 15.2 (Build 1544.4)", "ServerRole": "Mailbox" },
            ]),
        )
        .run("HY053");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn hy054_is_quiet_without_an_archive() {
    let f = fixture()
        .src("AutoExpandingArchiveEnabled", json!(true))
        .run("HY054");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn move_command_takes_the_host_of_the_hybrid_endpoint_only() {
    let f = fixture()
        .tgt("ExchangeGuid", json!(NIL))
        .file(
            "source",
            "endpoints.json",
            json!([
                { "Identity": "imap", "EndpointType": "IMAP", "RemoteServer": "imap.example.net" },
                { "Identity": "Hybrid", "EndpointType": "ExchangeRemoteMove", "RemoteServer": "mail.contoso.com" },
            ]),
        )
        .run("ID007");
    assert!(
        f[0].remediation[1]
            .command
            .contains("-RemoteHostName 'mail.contoso.com'"),
        "{f:#?}"
    );
}
