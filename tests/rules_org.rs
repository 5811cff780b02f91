//! One firing and one quiet case for each of OR001–OR007, on small cross-tenant exports written
//! to a temporary directory.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::values::Guid;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

const SOURCE_TENANT: &str = "69494655-eae2-5646-bbce-5a1cca23c31b";
const TARGET_TENANT: &str = "ac8b7685-2638-5b3e-983e-76ea58d8d386";
const APP: &str = "72c579e7-0e40-56b3-9e0d-504a34e10020";
const EXCHANGE_GUID: &str = "282cfd0c-4783-593b-9a21-cc8c7aaee9ee";
const OBJECT_ID: &str = "62e2419a-850d-5f7f-aa0b-3790b8919b16";
const MAILBOX_GUID: &str = "84952a06-179f-5268-aa75-18d9336d3e54";
const SOURCE_DN: &str = "CN=LaraN,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM";

/// Every export of a well-prepared tenant pair, by path; every rule here is quiet on it.
struct Fixture {
    files: Vec<(&'static str, Value)>,
    options: CheckOptions,
}

fn domains(names: &[&str]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|d| {
                json!({
                    "DomainName": d,
                    "DomainType": "Authoritative",
                    "InitialDomain": d.ends_with(".onmicrosoft.com") && !d.contains(".mail."),
                    "MatchSubDomains": false,
                })
            })
            .collect(),
    )
}

fn fixture() -> Fixture {
    let files = vec![
        (
            "source/mailboxes.json",
            json!([{
                "Name": "LaraN",
                "DisplayName": "Lara Newton",
                "RecipientTypeDetails": "UserMailbox",
                "DistinguishedName": SOURCE_DN,
                "PrimarySmtpAddress": "LaraN@contoso.com",
                "UserPrincipalName": "LaraN@contoso.com",
                "EmailAddresses": ["SMTP:LaraN@contoso.com", "smtp:LaraN@contoso.onmicrosoft.com"],
                "ExchangeGuid": EXCHANGE_GUID,
                "Guid": MAILBOX_GUID,
                "ExternalDirectoryObjectId": OBJECT_ID,
            }]),
        ),
        (
            "target/mailusers.json",
            json!([{
                "Name": "LaraN",
                "DisplayName": "Lara Newton",
                "RecipientTypeDetails": "MailUser",
                "PrimarySmtpAddress": "LaraN@fabrikam.com",
                "UserPrincipalName": "LaraN@fabrikam.com",
                "ExternalEmailAddress": "SMTP:LaraN@contoso.com",
                "EmailAddresses": ["SMTP:LaraN@fabrikam.com", "smtp:LaraN@fabrikam.onmicrosoft.com"],
                "ExchangeGuid": EXCHANGE_GUID,
            }]),
        ),
        (
            "source/organization-relationship.json",
            json!({
                "Name": "contoso_fabrikam_T2T",
                "Identity": "contoso_fabrikam_T2T",
                "DomainNames": [TARGET_TENANT],
                "Enabled": true,
                "MailboxMoveEnabled": true,
                "MailboxMoveCapability": "RemoteOutbound",
                "MailboxMovePublishedScopes": ["MigScope"],
                "OAuthApplicationId": APP,
            }),
        ),
        (
            "target/organization-relationship.json",
            json!({
                "Name": "fabrikam_contoso_T2T",
                "Identity": "fabrikam_contoso_T2T",
                "DomainNames": [SOURCE_TENANT],
                "Enabled": true,
                "MailboxMoveEnabled": true,
                "MailboxMoveCapability": "Inbound",
                "MailboxMovePublishedScopes": [],
                "OAuthApplicationId": null,
            }),
        ),
        (
            "target/migration-endpoint.json",
            json!({
                "Identity": "fabrikam_contoso_7977",
                "EndpointType": "ExchangeRemoteMove",
                "RemoteServer": "outlook.office.com",
                "RemoteTenant": "contoso.onmicrosoft.com",
                "ApplicationId": APP,
            }),
        ),
        (
            "source/accepted-domains.json",
            domains(&[
                "contoso.com",
                "contoso.onmicrosoft.com",
                "contoso.mail.onmicrosoft.com",
            ]),
        ),
        (
            "target/accepted-domains.json",
            domains(&[
                "fabrikam.com",
                "fabrikam.onmicrosoft.com",
                "fabrikam.mail.onmicrosoft.com",
            ]),
        ),
        (
            "source/organization-config.json",
            json!({"Name": "contoso.onmicrosoft.com", "IsDehydrated": false, "InPlaceHolds": []}),
        ),
        (
            "target/organization-config.json",
            json!({"Name": "fabrikam.onmicrosoft.com", "IsDehydrated": false, "InPlaceHolds": []}),
        ),
        (
            "source/scope-group-members.json",
            json!([
                {
                    "GroupName": "MigScope",
                    "Name": "LaraN",
                    "PrimarySmtpAddress": "LaraN@contoso.com",
                    "ExternalDirectoryObjectId": OBJECT_ID,
                    "Guid": MAILBOX_GUID,
                    "RecipientType": "UserMailbox",
                },
                {
                    "GroupName": "MigScope",
                    "Name": "AdeleV",
                    "PrimarySmtpAddress": "AdeleV@contoso.com",
                    "ExternalDirectoryObjectId": "2f10e5a1-360a-512d-a30e-167ac9aceba0",
                    "Guid": "bc076154-a62c-5cb7-8e79-0118592fd242",
                    "RecipientType": "UserMailbox",
                },
            ]),
        ),
    ];
    let mut options = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    };
    options.rules.source_tenant_id = Some(Guid::parse(SOURCE_TENANT).unwrap());
    options.rules.target_tenant_id = Some(Guid::parse(TARGET_TENANT).unwrap());
    Fixture { files, options }
}

impl Fixture {
    /// Changes the export at `path` (for a bare object) or its first record.
    fn set(mut self, path: &str, key: &str, value: Value) -> Self {
        let file = &mut self.files.iter_mut().find(|(p, _)| *p == path).unwrap().1;
        let record = match file {
            Value::Array(records) => &mut records[0],
            other => other,
        };
        record[key] = value;
        self
    }

    fn replace(mut self, path: &'static str, value: Value) -> Self {
        self.files.iter_mut().find(|(p, _)| *p == path).unwrap().1 = value;
        self
    }

    fn without_tenant_ids(mut self) -> Self {
        self.options.rules.source_tenant_id = None;
        self.options.rules.target_tenant_id = None;
        self
    }

    fn run(self, code: &str) -> Vec<Finding> {
        self.report(code).findings
    }

    fn report(mut self, code: &str) -> mbxlint::Report {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, value) in &self.files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
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

fn assert_findings(findings: &[Finding], code: &str, count: usize) {
    assert_eq!(findings.len(), count, "{findings:#?}");
    for f in findings {
        assert_eq!(f.rule, code);
        assert_eq!(f.severity, Severity::Error, "{f:#?}");
    }
}

const SRC_REL: &str = "source/organization-relationship.json";
const TGT_REL: &str = "target/organization-relationship.json";

#[test]
fn every_or_rule_is_quiet_on_a_correct_pair() {
    for code in [
        "OR001", "OR002", "OR003", "OR004", "OR005", "OR006", "OR007",
    ] {
        let report = fixture().report(code);
        assert!(report.findings.is_empty(), "{code}: {:#?}", report.findings);
        assert!(
            report.not_evaluated.is_empty(),
            "{code}: {:#?}",
            report.not_evaluated
        );
    }
}

// OR001

#[test]
fn or001_fires_without_inbound() {
    let f = fixture()
        .set(TGT_REL, "MailboxMoveCapability", json!("RemoteOutbound"))
        .run("OR001");
    assert_findings(&f, "OR001", 1);
    assert!(f[0].message.contains("lacks Inbound"), "{}", f[0].message);
    assert_eq!(
        f[0].remediation[0].command,
        "Set-OrganizationRelationship -Identity 'fabrikam_contoso_T2T' -Enabled $true -MailboxMoveEnabled $true -MailboxMoveCapability Inbound"
    );
}

#[test]
fn or001_fires_when_no_relationship_names_the_source_tenant() {
    let f = fixture()
        .set(TGT_REL, "DomainNames", json!([TARGET_TENANT]))
        .run("OR001");
    assert_findings(&f, "OR001", 1);
    assert!(f[0].message.contains(SOURCE_TENANT));
}

#[test]
fn or001_without_tenant_id_judges_guid_relationships_and_says_so() {
    let report = fixture().without_tenant_ids().report("OR001");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.not_evaluated.len(), 1);
    let f = fixture()
        .without_tenant_ids()
        .set(TGT_REL, "Enabled", json!(false))
        .run("OR001");
    assert_findings(&f, "OR001", 1);
}

// OR002

#[test]
fn or002_fires_on_missing_scope_and_application() {
    let f = fixture()
        .set(SRC_REL, "MailboxMovePublishedScopes", json!([]))
        .set(SRC_REL, "OAuthApplicationId", Value::Null)
        .run("OR002");
    assert_findings(&f, "OR002", 1);
    assert!(f[0].message.contains("OAuthApplicationId is not set"));
    assert!(f[0].message.contains("MailboxMovePublishedScopes is empty"));
    // The application the target endpoint uses is offered.
    assert!(
        f[0].remediation[0]
            .command
            .contains(&format!("-OAuthApplicationId '{APP}'"))
    );
}

#[test]
fn or002_fires_without_remote_outbound() {
    let f = fixture()
        .set(SRC_REL, "MailboxMoveCapability", json!("Inbound"))
        .run("OR002");
    assert_findings(&f, "OR002", 1);
}

// OR003

#[test]
fn or003_fires_on_domain_names() {
    let f = fixture()
        .set(TGT_REL, "DomainNames", json!(["contoso.onmicrosoft.com"]))
        .run("OR003");
    assert_findings(&f, "OR003", 1);
    assert_eq!(
        f[0].remediation[0].command,
        format!(
            "Set-OrganizationRelationship -Identity 'fabrikam_contoso_T2T' -DomainNames '{SOURCE_TENANT}'"
        )
    );
}

#[test]
fn or003_quiet_when_move_disabled() {
    let f = fixture()
        .set(TGT_REL, "DomainNames", json!(["contoso.com"]))
        .set(TGT_REL, "MailboxMoveEnabled", json!(false))
        .run("OR003");
    assert!(f.is_empty(), "{f:#?}");
}

// OR004

#[test]
fn or004_fires_on_wrong_remote_tenant_and_application() {
    let f = fixture()
        .set(
            "target/migration-endpoint.json",
            "RemoteTenant",
            json!("contoso.mail.onmicrosoft.com"),
        )
        .set(
            "target/migration-endpoint.json",
            "ApplicationId",
            json!(EXCHANGE_GUID),
        )
        .run("OR004");
    assert_findings(&f, "OR004", 1);
    assert!(f[0].message.contains("RemoteTenant"));
    assert!(f[0].message.contains("ApplicationId"));
    assert!(
        f[0].remediation[0]
            .command
            .contains("-RemoteTenant 'contoso.onmicrosoft.com'")
    );
}

#[test]
fn or004_fires_without_remote_move_endpoint() {
    let f = fixture()
        .set(
            "target/migration-endpoint.json",
            "EndpointType",
            json!("IMAP"),
        )
        .run("OR004");
    assert_findings(&f, "OR004", 1);
}

// OR005

#[test]
fn or005_fires_on_shared_domain() {
    let f = fixture()
        .replace(
            "target/accepted-domains.json",
            domains(&["fabrikam.com", "Contoso.com", "fabrikam.onmicrosoft.com"]),
        )
        .run("OR005");
    assert_findings(&f, "OR005", 1);
    assert!(f[0].message.contains("contoso.com"));
}

// OR006

#[test]
fn or006_fires_on_dehydrated_tenant() {
    let f = fixture()
        .set(
            "source/organization-config.json",
            "IsDehydrated",
            json!(true),
        )
        .run("OR006");
    assert_findings(&f, "OR006", 1);
    assert_eq!(
        f[0].remediation[0].command,
        "Enable-OrganizationCustomization"
    );
}

// OR007

#[test]
fn or007_fires_when_not_in_scope() {
    let f = fixture()
        .set(
            "source/scope-group-members.json",
            "GroupName",
            json!("OtherGroup"),
        )
        .run("OR007");
    assert_findings(&f, "OR007", 1);
    assert_eq!(
        f[0].fails_with,
        Some("MailboxNotInCrossTenantMigrationScopeException")
    );
    assert_eq!(
        f[0].remediation[0].command,
        "Add-DistributionGroupMember -Identity 'MigScope' -Member 'LaraN@contoso.com'"
    );
}

#[test]
fn or007_does_not_match_by_name() {
    // Same Name, but a different object: not a member.
    let f = fixture()
        .set(
            "source/scope-group-members.json",
            "ExternalDirectoryObjectId",
            json!(EXCHANGE_GUID),
        )
        .set(
            "source/scope-group-members.json",
            "Guid",
            json!(EXCHANGE_GUID),
        )
        .set(
            "source/scope-group-members.json",
            "PrimarySmtpAddress",
            json!("other@contoso.com"),
        )
        .run("OR007");
    assert_findings(&f, "OR007", 1);
}

#[test]
fn or007_matches_by_smtp_case_insensitively() {
    let f = fixture()
        .set(
            "source/scope-group-members.json",
            "ExternalDirectoryObjectId",
            Value::Null,
        )
        .set("source/scope-group-members.json", "Guid", Value::Null)
        .set(
            "source/scope-group-members.json",
            "PrimarySmtpAddress",
            json!("laran@CONTOSO.com"),
        )
        .run("OR007");
    assert!(f.is_empty(), "{f:#?}");
}
