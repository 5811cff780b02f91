//! `--format junit`: one testcase per mailbox in scope, failures for errors and warnings,
//! incomplete mailboxes skipped (never passed), a second suite for everything else; always
//! well-formed XML 1.0 (checked with a strict parser), whatever the export held.

mod common;

use mbxlint::Report;
use mbxlint::finding::{Finding, Location, Scope, Severity};
use mbxlint::report::junit::{self, MAILBOX_SUITE, OTHER_SUITE, xml_safe};
use mbxlint::report::{RenderOptions, Status};
use roxmltree::{Document, Node};

fn junit_text(report: &Report) -> String {
    let mut out = Vec::new();
    junit::write(report, &RenderOptions::default(), &mut out).expect("junit writes");
    String::from_utf8(out).expect("UTF-8")
}

fn suite<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Node<'a, 'i> {
    doc.root_element()
        .children()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some(name))
        .unwrap_or_else(|| panic!("suite {name}"))
}

fn cases<'a, 'i>(suite: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect()
}

fn count(node: Node, attribute: &str) -> usize {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attribute} count"))
}

fn has_child(node: Node, tag: &str) -> bool {
    node.children().any(|n| n.has_tag_name(tag))
}

/// The counts in the attributes agree with the testcases, in each suite and in total.
fn assert_counts(doc: &Document) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    for s in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let cs = cases(s);
        let f = cs.iter().filter(|c| has_child(**c, "failure")).count();
        let k = cs.iter().filter(|c| has_child(**c, "skipped")).count();
        assert_eq!(count(s, "tests"), cs.len());
        assert_eq!(count(s, "failures"), f);
        assert_eq!(count(s, "skipped"), k);
        assert_eq!(count(s, "errors"), 0);
        tests += cs.len();
        failures += f;
        skipped += k;
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    assert_eq!(count(root, "skipped"), skipped);
    assert_eq!(count(root, "errors"), 0);
}

#[test]
fn junit_sample_snapshot() {
    let text = junit_text(&common::sample_report());
    in_snapshots!({
        insta::assert_snapshot!("report_junit_cross_tenant", text);
    });
}

#[test]
fn junit_org_sample_snapshot() {
    let text = junit_text(&common::org_sample_report());
    in_snapshots!({
        insta::assert_snapshot!("report_junit_cross_tenant_org", text);
    });
}

#[test]
fn junit_one_testcase_per_mailbox_with_a_failure_per_finding() {
    let report = common::sample_report();
    let text = junit_text(&report);
    let doc = Document::parse(&text).expect("well-formed XML");
    assert_counts(&doc);
    let mailboxes = cases(suite(&doc, MAILBOX_SUITE));
    assert_eq!(mailboxes.len(), report.objects.len());
    for (case, o) in mailboxes.iter().zip(&report.objects) {
        let name = case.attribute("name").unwrap();
        assert_eq!(
            name,
            format!("{} → {}", o.source, o.target.as_deref().unwrap())
        );
        assert_eq!(
            case.attribute("classname"),
            Some(o.batches.join(", ").as_str())
        );
        let failures: Vec<Node> = case
            .children()
            .filter(|n| n.has_tag_name("failure"))
            .collect();
        let mine: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| {
                f.severity != Severity::Info
                    && f.scope != Scope::Tenant
                    && f.scope != Scope::Input
                    && f.source_object
                        .as_deref()
                        .is_some_and(|s| s.eq_ignore_ascii_case(&o.source))
            })
            .collect();
        assert_eq!(failures.len(), mine.len(), "{name}");
        for (node, f) in failures.iter().zip(&mine) {
            assert_eq!(node.attribute("type"), Some(f.rule));
            assert_eq!(node.attribute("message"), Some(f.message.as_str()));
            let body = node.text().unwrap();
            if let Some(e) = f.fails_with {
                assert!(body.contains(&format!("Fails with: {e}")), "{body}");
            }
            for r in &f.remediation {
                assert!(body.contains(&r.command), "{body}");
            }
        }
        match o.status {
            Status::Ready => {
                assert!(
                    failures.is_empty() && !has_child(*case, "skipped"),
                    "{name}"
                )
            }
            Status::Blocked | Status::Warned => assert!(!failures.is_empty(), "{name}"),
            Status::Incomplete => assert!(has_child(*case, "skipped"), "{name}"),
        }
    }
}

#[test]
fn junit_findings_on_no_mailbox_are_their_own_testcases() {
    let report = common::org_sample_report();
    let doc_text = junit_text(&report);
    let doc = Document::parse(&doc_text).expect("well-formed XML");
    assert_counts(&doc);
    let other = cases(suite(&doc, OTHER_SUITE));
    let tenant: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| matches!(f.scope, Scope::Tenant | Scope::Input))
        .collect();
    assert!(tenant.len() >= 6, "the org sample has tenant findings");
    for f in tenant {
        let case = other
            .iter()
            .find(|c| {
                c.children().any(|n| {
                    n.has_tag_name("failure") && n.attribute("message") == Some(f.message.as_str())
                })
            })
            .unwrap_or_else(|| panic!("a testcase for {}", f.rule));
        assert!(case.attribute("name").unwrap().starts_with(f.rule));
        assert_eq!(
            case.attribute("classname"),
            Some(f.locations[0].file.as_str())
        );
    }
}

#[test]
fn junit_incomplete_mailbox_is_skipped_never_passed() {
    let report = common::org_sample_report();
    let incomplete = report
        .objects
        .iter()
        .find(|o| o.status == Status::Incomplete)
        .expect("the org sample has an incomplete mailbox");
    let text = junit_text(&report);
    let doc = Document::parse(&text).expect("well-formed XML");
    let case = cases(suite(&doc, MAILBOX_SUITE))
        .into_iter()
        .find(|c| {
            c.attribute("name")
                .is_some_and(|n| n.starts_with(&*incomplete.source))
        })
        .unwrap();
    let skipped = case
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .expect("skipped");
    let message = skipped.attribute("message").unwrap();
    assert!(message.starts_with("not fully evaluated: "), "{message}");
    assert!(message.contains("AR004"), "{message}");
    assert!(skipped.text().unwrap().contains("AR004: needs"));
    assert!(!has_child(case, "failure"));
    assert!(count(suite(&doc, MAILBOX_SUITE), "skipped") >= 1);
}

#[test]
fn junit_info_findings_are_output_not_failures() {
    let mut report = common::sample_report();
    let o = report
        .objects
        .iter()
        .find(|o| o.status == Status::Ready)
        .unwrap()
        .clone();
    let mut f = Finding::new(
        "HD001",
        Severity::Info,
        Scope::Pair,
        "just so you know".to_string(),
    );
    f.source_object = Some(o.source.to_string());
    report.findings.push(f);
    let text = junit_text(&report);
    let doc = Document::parse(&text).expect("well-formed XML");
    let case = cases(suite(&doc, MAILBOX_SUITE))
        .into_iter()
        .find(|c| {
            c.attribute("name")
                .is_some_and(|n| n.starts_with(&*o.source))
        })
        .unwrap();
    assert!(!has_child(case, "failure"));
    let out = case
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .expect("system-out");
    assert!(out.text().unwrap().contains("just so you know"));
}

#[test]
fn junit_hostile_display_names_stay_well_formed() {
    let hostile = "Evil <b>&amp; \"quoted\" ]]> \u{1}\u{1b}[31m\u{202e}\tx\r\ny";
    let mut report = common::sample_report();
    let o = &mut report.objects[0];
    o.source = hostile.into();
    o.batches = Box::new(["batches/<wave>&\"1\".csv".into()]);
    let mut f = Finding::new("PX001", Severity::Error, Scope::Pair, hostile.to_string())
        .at(Location {
            file: "source/a]]>b.json".to_string(),
            record: Some(1),
            line: None,
        })
        .fix(
            mbxlint::finding::FixSide::Target,
            format!("Set-MailUser -Identity '{hostile}'"),
        );
    f.source_object = Some(hostile.to_string());
    report.findings.push(f);
    let text = junit_text(&report);
    // A strict XML 1.0 parser accepts it, and reads back exactly the visible form.
    let doc = Document::parse(&text).expect("well-formed XML");
    assert_counts(&doc);
    let safe = xml_safe(hostile);
    assert_eq!(
        safe,
        "Evil <b>&amp; \"quoted\" ]]> \\u{1}\\u{1b}[31m\\u{202e}\tx\r\ny"
    );
    let case = cases(suite(&doc, MAILBOX_SUITE))[0];
    assert!(case.attribute("name").unwrap().starts_with(&safe));
    assert_eq!(
        case.attribute("classname"),
        Some("batches/<wave>&\"1\".csv")
    );
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("message"), Some(safe.as_str()));
    assert!(failure.text().unwrap().contains(&safe));
    // No raw markup or forbidden character made it into the document.
    assert!(!text.contains('\u{1}') && !text.contains('\u{1b}'));
    assert!(!text.contains("<b>") && !text.contains("]]>"));
}

#[test]
fn junit_xml_safe_replaces_only_what_it_must() {
    assert_eq!(xml_safe("Zoë Ünal 日本"), "Zoë Ünal 日本");
    assert_eq!(
        xml_safe("a\u{0}b\u{7f}c\u{fffe}"),
        "a\\u{0}b\\u{7f}c\\u{fffe}"
    );
    assert_eq!(xml_safe("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
}

#[test]
fn junit_is_deterministic() {
    assert_eq!(
        junit_text(&common::org_sample_report()),
        junit_text(&common::org_sample_report())
    );
}

#[test]
fn junit_leaves_suppressed_findings_out() {
    let mut report = common::sample_report();
    let before = junit_text(&report);
    let f = report.findings[0].clone();
    report.suppressed.push(mbxlint::report::Suppressed {
        by: mbxlint::report::SuppressedBy::Baseline,
        finding: f,
    });
    assert_eq!(junit_text(&report), before);
}
