//! The bundled offboarding sample (`sample-exports/offboarding`): every offboarding rule fires on
//! the mailbox that plants its problem, the clean mailboxes stay clean, and the text and JSON
//! reports are stable.

mod common;

use common::{json_of, text_of};
use mbxlint::model::MigrationKind;

fn rules_on(report: &mbxlint::Report, object: &str) -> Vec<&'static str> {
    let mut rules: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.source_object.as_deref() == Some(object))
        .map(|f| f.rule)
        .collect();
    rules.sort();
    rules
}

#[test]
fn sample_is_detected_as_offboarding() {
    let report = common::offboarding_sample_report();
    assert_eq!(report.kind, MigrationKind::Offboarding);
    assert_eq!(report.summary.input_problems, 0);
}

#[test]
fn planted_problems_are_found() {
    let report = common::offboarding_sample_report();
    let cases = [
        ("lynne.robbins@contoso.com", vec!["ID007"]),
        ("diego.siciliani@contoso.com", vec!["ID007"]),
        ("isaiah.langer@contoso.com", vec!["HY050"]),
        ("nestor.wilke@contoso.com", vec!["HY050"]),
        ("joni.sherman@contoso.com", vec!["HY051"]),
        ("pradeep.gupta@contoso.com", vec!["HY052"]),
        ("adele.vance@contoso.com", vec!["HY054"]),
        ("grady.archie@contoso.com", vec!["HY055"]),
        ("lidia.holloway@contoso.com", vec!["HY056"]),
        ("alex.wilber@contoso.com", vec![]),
        ("megan.bowen@contoso.com", vec![]),
    ];
    for (object, want) in cases {
        assert_eq!(rules_on(&report, object), want, "{object}");
    }
    assert!(report.findings.iter().any(|f| f.rule == "HY053"));
    // The two clean mailboxes are ready: every export a rule needs is there.
    assert_eq!(report.summary.ready, 2);
    // PR001 does not apply to offboarding: HY050 reports the missing on-premises object.
    assert!(!report.findings.iter().any(|f| f.rule == "PR001"));
}

#[test]
fn move_commands_are_filled_in_from_the_snapshot() {
    let report = common::offboarding_sample_report();
    let find = |rule: &str, object: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule && f.source_object.as_deref() == Some(object))
            .unwrap()
    };
    let missing = find("HY050", "nestor.wilke@contoso.com");
    let commands: Vec<&str> = missing
        .remediation
        .iter()
        .map(|r| r.command.as_str())
        .collect();
    assert_eq!(
        commands,
        [
            "Enable-MailUser -Identity 'nestor.wilke' -ExternalEmailAddress 'nestor.wilke@contoso.mail.onmicrosoft.com'",
            "Set-MailUser -Identity 'nestor.wilke' -ExchangeGuid '24f97cd3-b039-5ae1-899a-0a90d690406d'",
            "New-MoveRequest -Identity 'nestor.wilke@contoso.com' -Outbound -RemoteHostName 'mail.contoso.com' -RemoteCredential (Get-Credential) -TargetDeliveryDomain 'contoso.com'",
        ]
    );
    let auto = find("HY054", "adele.vance@contoso.com");
    let command = &auto.remediation.last().unwrap().command;
    assert!(command.ends_with("-PrimaryOnly -ArchiveDomain 'contoso.mail.onmicrosoft.com'"));
    for f in &report.findings {
        for r in &f.remediation {
            assert!(!r.command.contains("-Password"), "{}", r.command);
        }
    }
}

#[test]
fn target_version_2010_makes_ucs_an_error() {
    let report = common::offboarding_sample_report_2010();
    let ucs = report.findings.iter().find(|f| f.rule == "HY052").unwrap();
    assert_eq!(ucs.severity, mbxlint::finding::Severity::Error);
    assert!(ucs.message.contains("--target-version 14.3"));
    assert!(ucs.remediation[0].irreversible);
}

#[test]
fn sample_json_report() {
    let report = common::offboarding_sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_offboarding_json", json_of(&report));
    });
}

#[test]
fn sample_text_report() {
    let report = common::offboarding_sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_offboarding_text", text_of(&report));
    });
}
