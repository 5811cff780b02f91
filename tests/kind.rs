//! The migration kind is decided from properties that really differ between Exchange Online and
//! on-premises, and mixed or thin evidence gives a clear message instead of a guess.

use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions};
use std::path::Path;

const ONLINE_DN: &str = "CN=a,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR03A001,DC=PROD,DC=OUTLOOK,DC=COM";
const ONPREM_DN: &str = "CN=a,OU=Users,DC=corp,DC=contoso,DC=com";

fn mailbox(dn: &str, address: &str) -> String {
    format!(
        r#"{{"PrimarySmtpAddress":"{address}","RecipientTypeDetails":"UserMailbox","DistinguishedName":"{dn}","ExchangeGuid":"2be92a50-7cc5-4a40-8471-b7ce9c2e3426","Database":"DB01","ServerName":"EX01"}}"#
    )
}

fn mailuser(dn: &str, address: &str) -> String {
    format!(
        r#"{{"PrimarySmtpAddress":"{address}","RecipientTypeDetails":"MailUser","DistinguishedName":"{dn}","ExternalEmailAddress":"SMTP:a@contoso.com","ExchangeGuid":"2be92a50-7cc5-4a40-8471-b7ce9c2e3426"}}"#
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn decide(source: &[String], target: &[String]) -> Result<MigrationKind, String> {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "source/mailboxes.json",
        &format!("[{}]", source.join(",")),
    );
    write(
        dir.path(),
        "target/objects.json",
        &format!("[{}]", target.join(",")),
    );
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    mbxlint::check(&snap, &CheckOptions::default())
        .map(|r| r.kind)
        .map_err(|e| e.to_string())
}

#[test]
fn cross_tenant_from_two_online_sides() {
    let k = decide(
        &[mailbox(ONLINE_DN, "a@contoso.com")],
        &[mailuser(ONLINE_DN, "a@fabrikam.com")],
    );
    assert_eq!(k, Ok(MigrationKind::CrossTenant));
}

#[test]
fn onboarding_from_onprem_source() {
    let k = decide(
        &[mailbox(ONPREM_DN, "a@contoso.com")],
        &[mailuser(ONLINE_DN, "a@contoso.com")],
    );
    assert_eq!(k, Ok(MigrationKind::Onboarding));
}

#[test]
fn offboarding_from_onprem_target() {
    let k = decide(
        &[mailbox(ONLINE_DN, "a@contoso.com")],
        &[mailuser(ONPREM_DN, "a@contoso.com")],
    );
    assert_eq!(k, Ok(MigrationKind::Offboarding));
}

#[test]
fn database_and_server_name_are_not_evidence() {
    // Both sides carry Database/ServerName but no DN: thin evidence, so ask.
    let bare = r#"{"PrimarySmtpAddress":"a@contoso.com","RecipientTypeDetails":"UserMailbox","Database":"DB01","ServerName":"EX01"}"#;
    let k = decide(
        &[bare.to_string()],
        &[bare.replace("UserMailbox", "MailUser")],
    );
    let message = k.unwrap_err();
    assert!(message.contains("--kind"), "{message}");
    assert!(message.contains("without evidence"), "{message}");
}

#[test]
fn mixed_evidence_is_reported_not_guessed() {
    let k = decide(
        &[
            mailbox(ONLINE_DN, "a@contoso.com"),
            mailbox(ONPREM_DN, "b@contoso.com"),
        ],
        &[mailuser(ONLINE_DN, "a@fabrikam.com")],
    );
    let message = k.unwrap_err();
    assert!(
        message.contains("1 Exchange Online object(s), 1 on-premises object(s)"),
        "{message}"
    );
    assert!(message.contains("--kind"));
}

#[test]
fn kind_given_explicitly_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "source/m.json",
        &format!("[{}]", mailbox(ONPREM_DN, "a@contoso.com")),
    );
    write(
        dir.path(),
        "target/u.json",
        &format!("[{}]", mailuser(ONLINE_DN, "a@contoso.com")),
    );
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    let report = mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.kind, MigrationKind::CrossTenant);
    assert_eq!(report.summary.kind_reason, "given with --kind");
}
