//! `--format html`: the sample's page, escaping of hostile export values, the CSP, links to the
//! rule docs, and identical bytes run to run. The page in a real browser: `html_browser.rs`.

mod common;
#[path = "browser/hostile.rs"]
mod hostile;

use mbxlint::report::{RenderOptions, html};

fn html_of(report: &mbxlint::Report, options: &RenderOptions) -> String {
    let mut out = Vec::new();
    html::write(report, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sample_html_report() {
    let page = html_of(&common::sample_report(), &RenderOptions::default());
    in_snapshots!({
        insta::assert_snapshot!("report_html_sample", page);
    });
}

#[test]
fn html_is_identical_run_to_run() {
    let report = common::sample_report();
    let options = RenderOptions::default();
    assert_eq!(html_of(&report, &options), html_of(&report, &options));
}

#[test]
fn html_escapes_hostile_values() {
    let mut report = common::sample_report();
    hostile::make_hostile(&mut report);
    let page = html_of(&report, &RenderOptions::default());
    assert!(!page.contains("<script>alert"), "raw script tag");
    assert!(!page.contains("<img"), "raw img tag");
    assert!(page.contains(
        "<pre><code>Set-MailUser -Identity &#39;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"
    ));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // In the filter's attribute too.
    assert!(page.contains("data-object=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#39; &quot;"));
    // Exactly the page's own script and style.
    assert_eq!(page.matches("<script").count(), 1);
    assert_eq!(page.matches("<style").count(), 1);
}

#[test]
fn html_has_a_strict_csp_and_no_external_asset() {
    let page = html_of(&common::sample_report(), &RenderOptions::default());
    let csp = html::content_security_policy();
    assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"));
    assert!(csp.contains("; script-src 'sha256-"));
    assert!(page.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        html::escape(&csp)
    )));
    for external in ["src=", "<link", "http://", "https://", "url("] {
        assert!(!page.contains(external), "{external}");
    }
    // No inline handlers or style attributes (the CSP would block them anyway).
    assert!(!page.contains(" onclick=") && !page.contains(" style="));
}

#[test]
fn html_links_rules_only_to_absolute_http_docs() {
    let report = common::sample_report();
    let rule = report.findings[0].rule;
    let linked = html_of(
        &report,
        &RenderOptions {
            docs_base_url: Some("https://example.org/docs/rules/".into()),
            ..RenderOptions::default()
        },
    );
    assert!(linked.contains(&format!(
        "<a href=\"https://example.org/docs/rules/{rule}.md\""
    )));
    let relative = html_of(
        &report,
        &RenderOptions {
            docs_base_url: Some("docs/rules/".into()),
            ..RenderOptions::default()
        },
    );
    assert!(!relative.contains("<a "));
    let hostile = html_of(
        &report,
        &RenderOptions {
            docs_base_url: Some("https://x/\"><script>alert(1)</script>".into()),
            ..RenderOptions::default()
        },
    );
    assert!(!hostile.contains("<script>alert"));
}

#[test]
fn html_summary_shows_counts_batches_and_not_evaluated() {
    let report = common::sample_report();
    let page = html_of(&report, &RenderOptions::default());
    let s = &report.summary;
    assert!(page.contains(&format!(
        "<span class=\"n\">{}</span> mailboxes checked",
        s.objects_checked
    )));
    assert!(page.contains(&format!("<span class=\"n\">{}</span> blocked", s.blocked)));
    for b in &s.batches {
        if let Some(name) = &b.batch {
            assert!(page.contains(&format!("<tr><td>{}</td>", html::escape(name))));
        }
    }
    assert!(page.contains("<h3>Could not evaluate</h3>"));
    assert!(page.contains("finding(s) suppressed"));
    assert_eq!(
        page.matches("<tr class=\"finding\"").count(),
        report.findings.len()
    );
}

#[test]
fn html_marks_irreversible_commands() {
    let mut report = common::sample_report();
    hostile::make_hostile(&mut report);
    let page = html_of(&report, &RenderOptions::default());
    assert!(page.contains("<div class=\"cmd irreversible\">"));
    assert!(page.contains("IRREVERSIBLE: read the rule doc first"));
}

#[test]
fn html_of_an_empty_report_is_a_page() {
    let mut report = common::sample_report();
    report.findings.clear();
    report.objects.clear();
    let page = html_of(&report, &RenderOptions::default());
    assert!(page.contains("No findings."));
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn html_lists_rules_not_run_suppressed_and_policy_notes_escaped() {
    let mut report = common::sample_report();
    let rule = &mut report.summary.rules[0];
    rule.evaluated = false;
    rule.reason = Some("needs <b>mailboxes.json</b>".into());
    let code = rule.rule;
    report.summary.suppressed = 3;
    report.policy.push(mbxlint::report::PolicyNote {
        kind: "expired-ignore",
        message: "ignore of <i>x</i> expired".into(),
    });
    let page = html_of(&report, &RenderOptions::default());
    assert!(page.contains(&format!(
        "<li><strong>{code}</strong> {}: needs &lt;b&gt;mailboxes.json&lt;/b&gt;</li>",
        report.summary.rules[0].name
    )));
    assert!(page.contains("<p>3 finding(s) suppressed"));
    assert!(page.contains(
        "<li><strong>expired-ignore</strong>: ignore of &lt;i&gt;x&lt;/i&gt; expired</li>"
    ));
}

#[test]
fn html_of_the_org_sample_labels_findings_without_an_object() {
    let report = common::org_sample_report();
    let page = html_of(&report, &RenderOptions::default());
    assert!(page.contains("<div class=\"scope\">(tenant and organisation)</div>"));
    assert_eq!(
        page.matches("<tr class=\"finding\"").count(),
        report.findings.len()
    );
}
