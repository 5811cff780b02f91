//! `--format github`: GitHub Actions workflow commands, one annotation line per finding.
//!
//! Printed to a step's log, each line becomes an annotation on the run (and on the file, when
//! the export is in the repository):
//!
//! ```text
//! ::error file=source/mailboxes.json,line=12,title=ID001 exchange-guid-mismatch::message
//! ```
//!
//! Mapping decisions:
//! - error → `::error`, warning → `::warning`, info → `::notice`.
//! - `file` is the finding's first export file (forward slashes), `line` its 1-based line when
//!   known; both are left out when the finding has none. `title` is the rule code and name.
//! - The message is the finding's, then "Fails with <error>." when Microsoft names one, then
//!   one line per fix command (`Fix (target): …`, marked when irreversible).
//! - Suppressed findings are not annotated (they are accepted); policy notes neither.
//!
//! Every value is escaped as the runner unescapes it: in the message `%` → `%25`, CR → `%0D`,
//! LF → `%0A`; in properties also `:` → `%3A` and `,` → `%2C`. So one finding is always one
//! line, and a message holding `\n::error::` cannot start a second annotation. Other control
//! characters and bidirectional overrides are written as visible `\u{…}` escapes, so an
//! export value cannot drive the log viewer's terminal emulation either.

use super::{RenderOptions, Report};
use crate::finding::{Finding, FixSide, Severity};
use crate::rules;
use std::io::{self, Write};

/// Writes one workflow command line per finding.
pub fn write(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", annotation(f, options))?;
    }
    Ok(())
}

/// The workflow command of one finding.
pub fn annotation(f: &Finding, options: &RenderOptions) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = Vec::new();
    if let Some(l) = f.locations.first() {
        props.push(format!(
            "file={}",
            escape_property(&options.file_path(&l.file))
        ));
        if let Some(line) = l.line.filter(|n| *n >= 1) {
            props.push(format!("line={line}"));
        }
    }
    props.push(format!("title={}", escape_property(&title(f))));
    format!(
        "::{command} {}::{}",
        props.join(","),
        escape_data(&message(f))
    )
}

/// `CODE name`, e.g. `ID001 exchange-guid-mismatch`.
fn title(f: &Finding) -> String {
    match rules::find(f.rule) {
        Some(rule) => format!("{} {}", f.rule, rule.meta.name),
        None => f.rule.to_string(),
    }
}

/// The message, the Microsoft error and the fix commands, one per line.
fn message(f: &Finding) -> String {
    let mut m = f.message.clone();
    if let Some(e) = f.fails_with {
        m.push_str(&format!("\nFails with {e}."));
    }
    for r in &f.remediation {
        let side = match r.side {
            FixSide::Source => "source",
            FixSide::Target => "target",
            FixSide::Onprem => "on-premises",
        };
        let irreversible = if r.irreversible { ", irreversible" } else { "" };
        m.push_str(&format!("\nFix ({side}{irreversible}): {}", r.command));
    }
    if let Some(note) = &f.remediation_note {
        m.push_str(&format!("\nNote: {note}"));
    }
    m
}

/// Control characters (other than CR and LF, which are escaped as data) and bidirectional
/// overrides as visible `\u{…}` escapes.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes a workflow command's message (after `::`).
pub fn escape_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value (`file=`, `title=`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
