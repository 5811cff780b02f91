//! One insta snapshot per rule: what the rule reports on the bundled samples (message, severity,
//! objects, Microsoft error, remediation), so a change to any rule's output is reviewed.

mod common;

use std::collections::BTreeMap;

#[test]
fn each_rule_on_the_samples() {
    let mut by_rule: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    let mut reports = vec![
        ("cross-tenant", common::sample_report()),
        (
            "cross-tenant --source/--target",
            common::sample_report_unbatched(),
        ),
    ];
    reports.push(("cross-tenant-org", common::org_sample_report()));
    reports.push(("onboarding", common::onboarding_sample_report()));
    reports.push((
        "onboarding --target-delivery-domain contoso.onmicrosoft.com",
        common::onboarding_sample_report_wrong_delivery_domain(),
    ));
    reports.push(("offboarding", common::offboarding_sample_report()));
    reports.push((
        "offboarding --target-version 14.3",
        common::offboarding_sample_report_2010(),
    ));
    for (sample, report) in &reports {
        for f in &report.findings {
            let entry = serde_json::json!({
                "sample": sample,
                "severity": f.severity,
                "scope": f.scope,
                "source_object": f.source_object,
                "target_object": f.target_object,
                "message": f.message,
                "fails_with": f.fails_with,
                "evidence": f.evidence,
                "remediation": f.remediation,
                "remediation_note": f.remediation_note,
            });
            by_rule.entry(f.rule).or_default().push(entry);
        }
    }
    for rule in mbxlint::rules::REGISTRY {
        let code = rule.meta.code;
        let findings = by_rule.remove(code).unwrap_or_default();
        let text = serde_json::to_string_pretty(&findings).unwrap();
        in_snapshots!({
            insta::assert_snapshot!(format!("rule_{code}"), text);
        });
    }
}
