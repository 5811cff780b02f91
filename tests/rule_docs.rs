//! Every registered rule has its document, the document follows the structure, names the rule's
//! Microsoft error, and its example message is what the rule really says.

mod common;

use std::collections::BTreeMap;

#[test]
fn every_rule_has_a_doc_with_every_section() {
    for rule in mbxlint::rules::REGISTRY {
        let m = &rule.meta;
        let doc =
            mbxlint::rules::doc(m.code).unwrap_or_else(|| panic!("rules/{}.md is missing", m.code));
        let first = doc.lines().next().unwrap_or("");
        assert_eq!(
            first,
            format!("# {} {}", m.code, m.name),
            "title of rules/{}.md",
            m.code
        );
        for section in [
            "## What",
            "## Why",
            "## Microsoft error",
            "## Example",
            "## Fix",
        ] {
            assert!(doc.contains(section), "rules/{}.md lacks {section}", m.code);
        }
        if let Some(error) = m.fails_with {
            let section = doc.split("## Microsoft error").nth(1).unwrap_or("");
            assert!(
                section.contains(error),
                "rules/{}.md does not name {error}",
                m.code
            );
        }
    }
}

#[test]
fn every_doc_belongs_to_a_rule() {
    for entry in std::fs::read_dir(common::repo("rules")).unwrap() {
        let path = entry.unwrap().path();
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            mbxlint::rules::REGISTRY.iter().any(|r| r.meta.code == code),
            "rules/{code}.md has no rule in the registry"
        );
    }
}

#[test]
fn doc_examples_are_what_the_rules_say() {
    let mut messages: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for report in [
        common::sample_report(),
        common::sample_report_unbatched(),
        common::org_sample_report(),
        common::onboarding_sample_report(),
        common::onboarding_sample_report_wrong_delivery_domain(),
        common::offboarding_sample_report(),
        common::offboarding_sample_report_2010(),
    ] {
        for f in report.findings {
            messages.entry(f.rule).or_default().push(f.message);
        }
    }
    assert!(messages.contains_key("ID001"), "the sample exercises ID001");
    for (code, said) in messages {
        if code == "IN001" {
            continue; // its messages depend on the damaged file, not on the sample
        }
        let doc = mbxlint::rules::doc(code).unwrap();
        let example = doc
            .split("## Example")
            .nth(1)
            .unwrap()
            .split("## Fix")
            .next()
            .unwrap();
        assert!(
            said.iter().any(|m| example.contains(m.as_str())),
            "rules/{code}.md's example quotes none of the rule's messages on the sample:\n{}",
            said.join("\n")
        );
    }
}

#[test]
fn explain_finds_rules_by_error_name() {
    let rule = mbxlint::rules::find("MissingExchangeGuidException").unwrap();
    assert_eq!(rule.meta.code, "ID001");
    assert_eq!(mbxlint::rules::find("px001").unwrap().meta.code, "PX001");
    assert!(mbxlint::rules::find("NoSuchThing").is_none());
}
