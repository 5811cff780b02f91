//! One firing and one quiet case for each batch rule (BT001, BT002, BT005, BT006), on small
//! cross-tenant exports written to a temporary directory.

use mbxlint::finding::{Finding, Severity};
use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use serde_json::{Value, json};

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
        "DistinguishedName": format!("CN={name},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM"),
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

#[derive(Default)]
struct Fixture {
    mailboxes: Vec<Value>,
    mailusers: Vec<Value>,
    /// Batch files: name and the target addresses they list.
    batches: Vec<(&'static str, Vec<String>)>,
    permissions: Option<Vec<Value>>,
    move_requests: Option<Vec<Value>>,
    batch_size_limit: Option<usize>,
}

/// Users `names`, each with a source mailbox and a target MailUser.
fn fixture(names: &[&str]) -> Fixture {
    let mut f = Fixture::default();
    for (i, n) in names.iter().enumerate() {
        f.mailboxes.push(mailbox(n, i + 1));
        f.mailusers.push(mailuser(n, i + 1));
    }
    f
}

impl Fixture {
    fn batch(mut self, name: &'static str, users: &[&str]) -> Self {
        self.batches.push((
            name,
            users.iter().map(|u| format!("{u}@fabrikam.com")).collect(),
        ));
        self
    }

    fn src(mut self, user: usize, key: &str, value: Value) -> Self {
        self.mailboxes[user][key] = value;
        self
    }

    fn permission(mut self, mailbox: &str, user: &str, rights: &str) -> Self {
        self.permissions.get_or_insert_with(Vec::new).push(json!({
            "Identity": mailbox,
            "User": user,
            "AccessRights": rights,
            "IsInherited": false,
            "Deny": false,
        }));
        self
    }

    fn move_request(mut self, identity: &str, display_name: &str, exchange_guid: &str) -> Self {
        self.move_requests.get_or_insert_with(Vec::new).push(json!({
            "Identity": identity,
            "DisplayName": display_name,
            "ExchangeGuid": exchange_guid,
            "Status": "InProgress",
            "BatchName": "",
            "RequestStyle": "IntraOrg",
        }));
        self
    }

    fn run(self, code: &str) -> Vec<Finding> {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("source");
        let target = dir.path().join("target");
        std::fs::create_dir_all(&source).unwrap();
        std::fs::create_dir_all(&target).unwrap();
        let write = |path: std::path::PathBuf, value: &Value| {
            std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        };
        write(source.join("mailboxes.json"), &json!(self.mailboxes));
        write(target.join("mailusers.json"), &json!(self.mailusers));
        if let Some(p) = &self.permissions {
            write(source.join("mailbox-permissions.json"), &json!(p));
        }
        if let Some(m) = &self.move_requests {
            write(source.join("move-requests.json"), &json!(m));
        }
        if !self.batches.is_empty() {
            let batches = dir.path().join("batches");
            std::fs::create_dir_all(&batches).unwrap();
            for (name, entries) in &self.batches {
                let mut text = String::from("EmailAddress\n");
                for e in entries {
                    text.push_str(e);
                    text.push('\n');
                }
                std::fs::write(batches.join(name), text).unwrap();
            }
        }
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .expect("load");
        let mut options = CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            select: vec![code.into()],
            ..Default::default()
        };
        if let Some(limit) = self.batch_size_limit {
            options.rules.batch_size_limit = limit;
        }
        mbxlint::check(&snap, &options).expect("check").findings
    }
}

fn assert_findings(findings: &[Finding], code: &str, severity: Severity, count: usize) {
    assert_eq!(findings.len(), count, "{findings:#?}");
    for f in findings {
        assert_eq!(f.rule, code);
        assert_eq!(f.severity, severity, "{f:#?}");
    }
}

// BT001

#[test]
fn bt001_fires_on_a_batch_over_the_limit() {
    let mut f = fixture(&["Ann", "Bob", "Cid"]).batch("wave1.csv", &["Ann", "Bob", "Cid"]);
    f.batch_size_limit = Some(2);
    let found = f.run("BT001");
    assert_findings(&found, "BT001", Severity::Warning, 1);
    assert!(
        found[0].message.contains("3 mailboxes"),
        "{}",
        found[0].message
    );
}

#[test]
fn bt001_quiet_at_the_limit() {
    let mut f = fixture(&["Ann", "Bob"]).batch("wave1.csv", &["Ann", "Bob"]);
    f.batch_size_limit = Some(2);
    assert!(f.run("BT001").is_empty());
    let default = fixture(&["Ann", "Bob"]).batch("wave1.csv", &["Ann", "Bob"]);
    assert!(default.run("BT001").is_empty());
}

// BT002

#[test]
fn bt002_fires_on_a_user_in_two_batches() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann", "Bob"])
        .batch("wave2.csv", &["Bob"])
        .run("BT002");
    assert_findings(&found, "BT002", Severity::Error, 1);
    assert_eq!(
        found[0].fails_with,
        Some("UserDuplicateInOtherBatchException")
    );
    assert_eq!(
        found[0].remediation[0].command,
        "Get-MigrationUser -Identity 'Bob@fabrikam.com' -IncludeAssociatedUsers | Remove-MigrationUser"
    );
}

#[test]
fn bt002_fires_once_on_a_user_twice_in_one_batch() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann", "Bob", "Ann"])
        .run("BT002");
    assert_findings(&found, "BT002", Severity::Error, 1);
    assert!(
        found[0].message.starts_with("Ann@fabrikam.com"),
        "{}",
        found[0].message
    );
}

#[test]
fn bt002_quiet_when_each_user_is_in_one_batch() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann"])
        .batch("wave2.csv", &["Bob"])
        .run("BT002");
    assert!(found.is_empty(), "{found:#?}");
}

// BT005

#[test]
fn bt005_fires_on_a_move_request_by_exchange_guid() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann", "Bob"])
        .move_request("Other", "Someone Else", &guid(2))
        .run("BT005");
    assert_findings(&found, "BT005", Severity::Error, 1);
    assert_eq!(
        found[0].fails_with,
        Some("SourceMailboxAlreadyBeingMovedPermanentException")
    );
    assert_eq!(found[0].source_object.as_deref(), Some("Bob@contoso.com"));
    assert_eq!(
        found[0].remediation[0].command,
        "Remove-MoveRequest -Identity 'Other'"
    );
}

#[test]
fn bt005_fires_on_a_move_request_by_identity() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann", "Bob"])
        .move_request("ann", "", "00000000-0000-0000-0000-000000000000")
        .run("BT005");
    assert_findings(&found, "BT005", Severity::Error, 1);
    assert_eq!(found[0].source_object.as_deref(), Some("Ann@contoso.com"));
}

#[test]
fn bt005_quiet_without_a_matching_move_request() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann", "Bob"])
        .move_request("Cid", "Cid User", &guid(9))
        .run("BT005");
    assert!(found.is_empty(), "{found:#?}");
}

// BT006

#[test]
fn bt006_fires_on_a_full_access_delegate_in_another_batch() {
    let found = fixture(&["Ann", "Bob"])
        .batch("wave1.csv", &["Ann"])
        .batch("wave2.csv", &["Bob"])
        .permission("Ann", "bob@contoso.com", "FullAccess")
        .run("BT006");
    assert_findings(&found, "BT006", Severity::Warning, 1);
    assert_eq!(found[0].source_object.as_deref(), Some("Ann@contoso.com"));
    assert!(
        found[0]
            .message
            .starts_with("Bob@contoso.com holds FullAccess")
    );
    assert_eq!(
        found[0].remediation[0].command,
        "Add-MailboxPermission -Identity 'Ann@fabrikam.com' -User 'Bob@fabrikam.com' -AccessRights 'FullAccess'"
    );
}

#[test]
fn bt006_fires_on_a_send_on_behalf_delegate_in_no_batch() {
    let found = fixture(&["Ann", "Bob"])
        .src(0, "GrantSendOnBehalfTo", json!(["Bob User"]))
        .batch("wave1.csv", &["Ann"])
        .permission("Ann", "Ann@contoso.com", "ReadPermission")
        .run("BT006");
    assert_findings(&found, "BT006", Severity::Warning, 1);
    assert!(
        found[0].message.contains("is in no batch"),
        "{}",
        found[0].message
    );
}

#[test]
fn bt006_quiet_when_delegates_share_the_batch() {
    let found = fixture(&["Ann", "Bob"])
        .src(0, "GrantSendOnBehalfTo", json!(["Bob"]))
        .batch("wave1.csv", &["Ann", "Bob"])
        .permission("Ann", "Bob", "FullAccess")
        .run("BT006");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn bt006_quiet_without_batches() {
    let found = fixture(&["Ann", "Bob"])
        .permission("Ann", "Bob", "FullAccess")
        .run("BT006");
    assert!(found.is_empty(), "{found:#?}");
}
