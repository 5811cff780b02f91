//! `--format csv`: one row per finding, for the helpdesk to open, sort and filter in Excel.
//!
//! Decisions:
//! - UTF-8 with a byte-order mark and CRLF line ends: what Excel on Windows needs to read
//!   accented display names correctly and split rows as the file says.
//! - Written with the `csv` crate, so quotes, separators and line breaks inside a value are
//!   quoted as RFC 4180 says; a cell may hold several lines (all remediation commands).
//! - Formula injection (OWASP): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return gets a leading `'`, so a hostile display name in an export cannot become a
//!   spreadsheet formula. See [`neutralise`].
//! - `record` is 1-based, as the text report shows it to people (the JSON report keeps the
//!   0-based index). Several locations or commands are one per line in their cell; `fix_side`
//!   has one line per command, aligned with `remediation`.
//! - Rows come in report order, so the bytes are the same run to run.

use super::{RenderOptions, Report};
use crate::finding::{Finding, FixSide, Location};
use std::borrow::Cow;
use std::io::{self, Write};

/// The header row.
pub const COLUMNS: [&str; 17] = [
    "object",
    "target",
    "object_id",
    "rule",
    "rule_name",
    "severity",
    "message",
    "fails_with",
    "property",
    "expected",
    "found",
    "fix_side",
    "remediation",
    "irreversible",
    "file",
    "record",
    "fingerprint",
];

/// The UTF-8 byte-order mark Excel looks for.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for finding in &report.findings {
        let row = row(finding);
        writer.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
    }
    writer.flush()
}

/// Prefixes `'` to a cell a spreadsheet would read as a formula (OWASP CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cells of one finding, in [`COLUMNS`] order, before neutralising.
fn row(f: &Finding) -> [String; 17] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        opt(&f.source_object),
        opt(&f.target_object),
        opt(&f.object_id),
        f.rule.to_string(),
        crate::rules::find(f.rule)
            .map(|r| r.meta.name.to_string())
            .unwrap_or_default(),
        f.severity.as_str().to_string(),
        f.message.clone(),
        f.fails_with.unwrap_or_default().to_string(),
        opt(&f.evidence.property),
        opt(&f.evidence.expected),
        opt(&f.evidence.found),
        lines(f.remediation.iter().map(|r| side(r.side))),
        lines(f.remediation.iter().map(|r| r.command.as_str())),
        yes_no(f.remediation.iter().any(|r| r.irreversible)).to_string(),
        lines(f.locations.iter().map(|l| l.file.as_str())),
        lines(f.locations.iter().map(record)),
        f.fingerprint.clone(),
    ]
}

/// Where a command runs, as a column value.
pub fn side(side: FixSide) -> &'static str {
    match side {
        FixSide::Source => "source",
        FixSide::Target => "target",
        FixSide::Onprem => "onprem",
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The 1-based record number, or empty.
fn record(l: &Location) -> String {
    l.record
        .map(|r| (u64::from(r) + 1).to_string())
        .unwrap_or_default()
}

/// The items, one per line.
fn lines<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(item.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_are_neutralised() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(hostile), format!("'{hostile}"));
        }
    }

    #[test]
    fn plain_cells_are_kept() {
        for plain in ["", "Adele.Vance@contoso.com", "a=b", " =1", "'quoted"] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
