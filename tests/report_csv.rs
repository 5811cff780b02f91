//! `--format csv`: the sample's rows, the BOM and CRLF Excel needs, and formula injection
//! neutralised whatever an export holds.

mod common;

use mbxlint::report::{RenderOptions, csv};

fn csv_bytes(report: &mbxlint::Report) -> Vec<u8> {
    let mut out = Vec::new();
    csv::write(report, &RenderOptions::default(), &mut out).unwrap();
    out
}

/// Parses what was written, without the BOM.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(csv::BOM).expect("BOM");
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn sample_csv_report() {
    let bytes = csv_bytes(&common::sample_report());
    // BOM and CRLF are checked below; the snapshot keeps plain lines so no tool rewrites them.
    let text = String::from_utf8(bytes[3..].to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    in_snapshots!({
        insta::assert_snapshot!("report_csv_sample", text);
    });
}

#[test]
fn csv_starts_with_bom_and_ends_lines_with_crlf() {
    let bytes = csv_bytes(&common::sample_report());
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("object,target,object_id,rule,rule_name,severity,message,"));
    assert!(text.ends_with("\r\n"));
    let first_line = text.split("\r\n").next().unwrap();
    assert!(!first_line.contains('\n'));
}

#[test]
fn csv_has_one_row_per_finding_in_report_order() {
    let report = common::sample_report();
    let rows = rows(&csv_bytes(&report));
    assert_eq!(rows[0].len(), csv::COLUMNS.len());
    assert_eq!(rows.len(), report.findings.len() + 1);
    for (row, f) in rows[1..].iter().zip(&report.findings) {
        assert_eq!(row[3], f.rule);
        assert_eq!(row[16], f.fingerprint);
        let commands: Vec<&str> = f.remediation.iter().map(|r| r.command.as_str()).collect();
        // Commands starting with a formula character would carry a `'`; none of the sample's do.
        assert_eq!(row[12], commands.join("\n"));
    }
}

#[test]
fn csv_is_identical_run_to_run() {
    let report = common::sample_report();
    assert_eq!(csv_bytes(&report), csv_bytes(&report));
}

#[test]
fn csv_neutralises_formula_injection() {
    let mut report = common::sample_report();
    let f = report
        .findings
        .iter_mut()
        .find(|f| !f.remediation.is_empty())
        .expect("a finding with a fix");
    f.source_object = Some("=HYPERLINK(\"http://x\",\"click\")".into());
    f.target_object = Some("+cmd|' /C calc'!A0".into());
    f.object_id = Some("-2+3".into());
    f.message = "@SUM(1+1)*cmd|' /C calc'!A0".into();
    f.evidence.expected = Some("\t=1+1".into());
    f.evidence.found = Some("\r=1+1".into());
    f.remediation[0].command = "=cmd|' /C calc'!A0\",\"x".into();
    let rows = rows(&csv_bytes(&report));
    let row = rows
        .iter()
        .find(|r| r[0].contains("HYPERLINK"))
        .expect("the hostile row");
    assert_eq!(row[0], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(row[1], "'+cmd|' /C calc'!A0");
    assert_eq!(row[2], "'-2+3");
    assert_eq!(row[6], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(row[9], "'\t=1+1");
    assert_eq!(row[10], "'\r=1+1");
    assert!(row[12].starts_with("'=cmd|' /C calc'!A0\",\"x"));
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unneutralised cell {cell:?}"
            );
        }
    }
}

#[test]
fn csv_of_the_org_sample_has_a_row_per_finding() {
    let report = common::org_sample_report();
    let rows = rows(&csv_bytes(&report));
    assert_eq!(rows.len(), report.findings.len() + 1);
    assert!(rows[1..].iter().all(|r| r.len() == csv::COLUMNS.len()));
}
