//! The hybrid onboarding sample, `sample-exports/onboarding`: every planted problem is found,
//! the clean mailboxes stay clean, and the text and JSON reports are stable.

mod common;

use common::{json_of, text_of};

#[test]
fn onboarding_sample_json_report() {
    let report = common::onboarding_sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_onboarding_json", json_of(&report));
    });
}

#[test]
fn onboarding_sample_text_report() {
    let report = common::onboarding_sample_report();
    in_snapshots!({
        insta::assert_snapshot!("sample_onboarding_text", text_of(&report));
    });
}

#[test]
fn kind_is_detected_as_onboarding() {
    let report = common::onboarding_sample_report();
    assert_eq!(
        report.findings.iter().filter(|f| f.rule == "PR001").count(),
        0
    );
    let json = json_of(&report);
    assert!(
        json.contains("\"onboarding\""),
        "kind onboarding in the report"
    );
}

/// Rule and object (source mailbox, or the cloud object for HY008) of each planted problem.
const PLANTED: &[(&str, &str)] = &[
    ("HY001", "MeganB@contoso.com"),
    ("HY002", "LynneR@contoso.com"),
    ("HY004", "IrvinS@contoso.com"),
    ("HY005", "DiegoS@contoso.com"),
    ("HY006", "IsaiahL@contoso.com"),
    ("HY007", "JohannaL@contoso.com"),
    ("HY008", "PradeepG@contoso.com"),
    ("HY008", "HenriettaM@contoso.com"),
    ("HY009", "JoniS@contoso.com"),
    ("HY010", "MiriamG@contoso.com"),
    ("HY011", "PattiF@contoso.com"),
    ("HY012", "AllanD@contoso.com"),
    ("ID004", "GradyA@contoso.com"),
    ("BT005", "LidiaH@contoso.com"),
    ("BT005", "NestorW@contoso.com"),
];

#[test]
fn planted_problems_are_found() {
    let report = common::onboarding_sample_report();
    for (rule, object) in PLANTED {
        assert!(
            report.findings.iter().any(|f| f.rule == *rule
                && (f.source_object.as_deref() == Some(*object)
                    || f.target_object.as_deref() == Some(*object))),
            "{rule} does not fire for {object}"
        );
    }
    // One finding per planted problem and nothing else.
    assert_eq!(report.findings.len(), PLANTED.len());
}

#[test]
fn clean_mailboxes_have_no_findings() {
    let report = common::onboarding_sample_report();
    for clean in ["AdeleV@contoso.com", "AlexW@contoso.com"] {
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.source_object.as_deref() == Some(clean)),
            "{clean} should be clean"
        );
    }
    assert!(report.not_evaluated.is_empty(), "every rule could run");
}

#[test]
fn every_onboarding_rule_fires_on_the_sample() {
    let mut rules: Vec<&str> = common::onboarding_sample_report()
        .findings
        .iter()
        .map(|f| f.rule)
        .collect();
    rules.extend(
        common::onboarding_sample_report_wrong_delivery_domain()
            .findings
            .iter()
            .map(|f| f.rule),
    );
    for rule in mbxlint::rules::REGISTRY {
        if rule.meta.code.starts_with("HY") && rule.meta.code < "HY050" {
            assert!(
                rules.contains(&rule.meta.code),
                "{} does not fire on the onboarding sample",
                rule.meta.code
            );
        }
    }
}

#[test]
fn primary_only_move_command() {
    let report = common::onboarding_sample_report();
    let f = report.findings.iter().find(|f| f.rule == "HY009").unwrap();
    assert_eq!(
        f.remediation[0].command,
        "New-MoveRequest -Identity 'JoniS@contoso.com' -Remote -RemoteHostName '<hybrid MRS proxy FQDN>' -RemoteCredential (Get-Credential) -PrimaryOnly -TargetDeliveryDomain 'contoso.mail.onmicrosoft.com'"
    );
}

#[test]
fn reconnect_commands_use_graph_and_never_a_password() {
    let report = common::onboarding_sample_report();
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "HY008" && f.target_object.as_deref() == Some("PradeepG@contoso.com"))
        .unwrap();
    let commands: Vec<&str> = f.remediation.iter().map(|r| r.command.as_str()).collect();
    assert!(commands.iter().any(|c| c.starts_with("Update-MgUser ")
        && c.contains("-OnPremisesImmutableId 'sa98Wy4vOVyFJYqwTWm3Eg=='")));
    assert!(!commands.iter().any(|c| c.contains("Set-MsolUser")));
    let new_mailbox = commands
        .iter()
        .find(|c| c.starts_with("New-Mailbox "))
        .unwrap();
    assert!(new_mailbox.contains("-Password (Read-Host -AsSecureString"));
    assert!(!new_mailbox.contains("ConvertTo-SecureString"));
    assert!(f.remediation_note.as_deref().unwrap().contains("30 days"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let a = one.install(|| json_of(&common::onboarding_sample_report()));
    let b = four.install(|| json_of(&common::onboarding_sample_report()));
    assert_eq!(a, b);
}

#[test]
fn findings_are_the_expected_ones() {
    let expected: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(common::repo("sample-exports/expected/onboarding.json")).unwrap(),
    )
    .unwrap();
    let mut found: Vec<(String, String, String)> = common::onboarding_sample_report()
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.source_object
                    .clone()
                    .or_else(|| f.target_object.clone())
                    .unwrap_or_default(),
                f.severity.as_str().to_string(),
            )
        })
        .collect();
    found.sort();
    let mut want: Vec<(String, String, String)> = expected
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_string(),
                e["object"].as_str().unwrap().to_string(),
                e["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(found, want);
}
