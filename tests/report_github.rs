//! `--format github`: one workflow command per finding, escaped so that no export value can
//! break out of its annotation.

mod common;

use mbxlint::Report;
use mbxlint::finding::{Finding, FixSide, Location, Scope, Severity};
use mbxlint::report::RenderOptions;
use mbxlint::report::github::{self, escape_data, escape_property};

fn github_text(report: &Report) -> String {
    let mut out = Vec::new();
    github::write(report, &RenderOptions::default(), &mut out).expect("github writes");
    String::from_utf8(out).expect("UTF-8")
}

fn report_with(f: Finding) -> Report {
    let mut report = common::sample_report();
    report.findings = vec![f];
    report
}

#[test]
fn github_sample_snapshot() {
    let text = github_text(&common::sample_report());
    in_snapshots!({
        insta::assert_snapshot!("report_github_cross_tenant", text);
    });
}

#[test]
fn github_one_line_per_finding_with_level_file_and_title() {
    let report = common::sample_report();
    let text = github_text(&report);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.findings.len());
    for (line, f) in lines.iter().zip(&report.findings) {
        let command = match f.severity {
            Severity::Error => "::error ",
            Severity::Warning => "::warning ",
            Severity::Info => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        let file = &f.locations[0].file;
        assert!(line.contains(&format!("file={file},")), "{line}");
        let name = mbxlint::rules::find(f.rule).unwrap().meta.name;
        assert!(
            line.contains(&format!("title={} {name}::", f.rule)),
            "{line}"
        );
    }
}

#[test]
fn github_line_and_fix_commands() {
    let f = Finding::new(
        "ID001",
        Severity::Warning,
        Scope::Pair,
        "target has no ExchangeGuid".to_string(),
    )
    .at(Location {
        file: "source\\mailboxes.json".to_string(),
        record: Some(2),
        line: Some(40),
    })
    .fails_with("MissingExchangeGuidException")
    .fix(FixSide::Target, "Set-MailUser -Identity 'a'".to_string())
    .fix_irreversible(FixSide::Source, "Remove-Thing 'b'".to_string());
    assert_eq!(
        github_text(&report_with(f)),
        "::warning file=source/mailboxes.json,line=40,title=ID001 exchange-guid-mismatch::\
         target has no ExchangeGuid%0AFails with MissingExchangeGuidException.\
         %0AFix (target): Set-MailUser -Identity 'a'\
         %0AFix (source, irreversible): Remove-Thing 'b'\n"
    );
}

#[test]
fn github_info_is_a_notice_and_no_location_means_no_file() {
    let f = Finding::new("OR006", Severity::Info, Scope::Tenant, "fyi".to_string());
    assert_eq!(
        github_text(&report_with(f)),
        "::notice title=OR006 tenant-dehydrated::fyi\n"
    );
}

#[test]
fn github_escaping_rules() {
    assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
    assert_eq!(
        escape_property("100% a\r\nb: c, d"),
        "100%25 a%0D%0Ab%3A c%2C d"
    );
    // `%` is escaped first, so an escape sequence in the input stays literal text.
    assert_eq!(escape_data("%0A"), "%250A");
    // Other control characters and bidi overrides are shown, not passed to the log viewer.
    assert_eq!(
        escape_data("a\u{1b}[31mb\u{202e}"),
        "a\\u{1b}[31mb\\u{202e}"
    );
}

#[test]
fn github_message_cannot_inject_a_second_annotation() {
    let mut f = Finding::new(
        "PX001",
        Severity::Warning,
        Scope::Pair,
        "harmless\n::error::injected\r\n::error file=x,line=1::again".to_string(),
    )
    .at(Location {
        file: "source/a,line=99,title=x::y.json".to_string(),
        record: None,
        line: None,
    });
    f.source_object = Some("a@b".to_string());
    let text = github_text(&report_with(f));
    assert_eq!(text.lines().count(), 1, "{text}");
    // The runner reads the command and its properties up to the first `::` after the leading
    // one; everything after it is the message, where `::` is plain text.
    let (head, data) = text[2..].split_once("::").unwrap();
    assert_eq!(
        head,
        "warning file=source/a%2Cline=99%2Ctitle=x%3A%3Ay.json,title=PX001 legacy-dn-x500-missing"
    );
    assert_eq!(
        data,
        "harmless%0A::error::injected%0D%0A::error file=x,line=1::again\n"
    );
}

#[test]
fn github_is_deterministic() {
    assert_eq!(
        github_text(&common::org_sample_report()),
        github_text(&common::org_sample_report())
    );
}
