//! `--format text`: miette diagnostics grouped by object, then a summary.
//!
//! Colour only when asked for (the caller decides from the terminal, `NO_COLOR` and `--color`).
//! Every value from an export passes through [`clean`], so the terminal never receives a raw
//! control character or a bidirectional override from an export.

use super::{GroupBy, Report};
use crate::finding::{Finding, Scope, Severity};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use std::fmt;
use std::io::{self, Write};

/// How to write the text report.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    pub color: bool,
    /// Only the summary.
    pub quiet: bool,
    /// One heading per object (default) or per rule.
    pub group_by: GroupBy,
}

/// Replaces control characters and bidi overrides with visible escapes.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug)]
struct Diag {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

fn diag(f: &Finding) -> Diag {
    let mut message = clean(&f.message);
    if let Some(file) = f
        .locations
        .first()
        .filter(|_| f.scope == Scope::Input || f.scope == Scope::Batch)
    {
        let at = match (file.line, file.record) {
            (Some(l), _) => format!(" [{}:{}]", clean(&file.file), l),
            (None, Some(r)) if f.scope == Scope::Input => {
                format!(" [{} record {}]", clean(&file.file), r + 1)
            }
            _ => format!(" [{}]", clean(&file.file)),
        };
        message.push_str(&at);
    }
    let mut help = Vec::new();
    if f.evidence.expected.is_some() || f.evidence.found.is_some() {
        help.push(format!(
            "{}: expected {}, found {}",
            clean(f.evidence.property.as_deref().unwrap_or("value")),
            f.evidence
                .expected
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "—".into()),
            f.evidence
                .found
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "nothing".into())
        ));
    }
    if let Some(e) = f.fails_with {
        help.push(format!("the move fails with {e}"));
    }
    if let Some(n) = &f.remediation_note {
        help.push(clean(n));
    }
    for r in &f.remediation {
        let side = match r.side {
            crate::finding::FixSide::Source => "source tenant",
            crate::finding::FixSide::Target => "target tenant",
            crate::finding::FixSide::Onprem => "on-premises",
        };
        let warn = if r.irreversible {
            " (IRREVERSIBLE: read the rule doc first)"
        } else {
            ""
        };
        help.push(format!("fix ({side}{warn}): {}", clean(&r.command)));
    }
    Diag {
        message,
        code: f.rule.to_string(),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: (!help.is_empty()).then(|| help.join("\n")),
    }
}

/// The heading a finding is grouped under.
fn group(f: &Finding) -> String {
    match f.scope {
        Scope::Pair | Scope::Object => match (&f.source_object, &f.target_object) {
            (Some(s), Some(t)) => format!("{} → {}", clean(s), clean(t)),
            (Some(s), None) => clean(s),
            (None, Some(t)) => format!("(target) {}", clean(t)),
            (None, None) => "(object)".into(),
        },
        Scope::Tenant => "tenant and organisation".into(),
        Scope::Batch => "batches".into(),
        Scope::Input => "input files".into(),
    }
}

/// The heading of a rule's group (`--group-by rule`).
fn rule_heading(f: &Finding) -> String {
    match crate::rules::find(f.rule) {
        Some(rule) => format!("{} {}: {}", f.rule, rule.meta.name, rule.meta.summary),
        None => f.rule.to_string(),
    }
}

pub fn write(report: &Report, options: TextOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_wrap_lines(false);
    if !options.quiet {
        // Groups in a fixed order: inputs, tenant, batches, then objects (already sorted).
        let order = |f: &Finding| match f.scope {
            Scope::Input => 0,
            Scope::Tenant => 1,
            Scope::Batch => 2,
            _ => 3,
        };
        let mut findings: Vec<&Finding> = report.findings.iter().collect();
        match options.group_by {
            GroupBy::Object => findings.sort_by_key(|f| order(f)),
            // Stable sort: within a rule, the report's object order is kept.
            GroupBy::Rule => findings.sort_by_key(|f| f.rule),
        }
        let mut current: Option<String> = None;
        for f in findings {
            let g = match options.group_by {
                GroupBy::Object => group(f),
                GroupBy::Rule => rule_heading(f),
            };
            if current.as_ref() != Some(&g) {
                writeln!(out, "── {g}")?;
                current = Some(g);
            }
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &diag(f))
                .map_err(io::Error::other)?;
            out.write_all(rendered.as_bytes())?;
        }
        if !report.findings.is_empty() {
            writeln!(out)?;
        }
    }
    write_summary(report, out)
}

fn write_summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "mbxlint {} — {} migration ({})",
        report.tool.version,
        report.kind.as_str(),
        clean(&s.kind_reason)
    )?;
    writeln!(
        out,
        "{} mailbox(es) checked{}: {} ready, {} blocked, {} with warnings only, {} not fully evaluated",
        s.objects_checked,
        if s.batch_scoped {
            " (batch members)"
        } else {
            ""
        },
        s.ready,
        s.blocked,
        s.warned,
        s.incomplete
    )?;
    writeln!(
        out,
        "{} error(s), {} warning(s), {} info; {} input problem(s) in {} file(s) read",
        s.errors,
        s.warnings,
        s.infos,
        s.input_problems,
        report.inputs.len()
    )?;
    if s.records_out_of_scope > 0 {
        writeln!(
            out,
            "loaded for the batches only: {} record(s) of objects the batches do not reach were not read (--load-all reads every record)",
            s.records_out_of_scope
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<7} {:<34} {:>8} {:>7} {:>14}",
        "rule", "name", "checked", "failed", "not evaluated"
    )?;
    for r in &s.rules {
        writeln!(
            out,
            "{:<7} {:<34} {:>8} {:>7} {:>14}",
            r.rule, r.name, r.checked, r.failed, r.not_evaluated
        )?;
    }
    if s.batches.len() > 1 || s.batches.iter().any(|b| b.batch.is_some()) {
        writeln!(out)?;
        writeln!(
            out,
            "{:<40} {:>7} {:>7} {:>8} {:>7} {:>10}  blocked most by",
            "batch", "objects", "ready", "blocked", "warned", "incomplete"
        )?;
        for b in &s.batches {
            let top: Vec<String> = b
                .top_blocking_rules
                .iter()
                .map(|r| format!("{} ({})", r.rule, r.objects))
                .collect();
            writeln!(
                out,
                "{:<40} {:>7} {:>7} {:>8} {:>7} {:>10}  {}",
                clean(b.batch.as_deref().unwrap_or("(in no batch)")),
                b.objects,
                b.ready,
                b.blocked,
                b.warned,
                b.incomplete,
                top.join(", ")
            )?;
        }
    }
    if s.suppressed > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "{} finding(s) suppressed by the configuration or the baseline",
            s.suppressed
        )?;
    }
    for note in &report.policy {
        writeln!(out, "{}: {}", note.kind, clean(&note.message))?;
    }
    let skipped: Vec<_> = s.rules.iter().filter(|r| !r.evaluated).collect();
    if !skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "not evaluated (a missing export is not a pass):")?;
        for r in skipped {
            writeln!(
                out,
                "  {} {}: {}",
                r.rule,
                r.name,
                r.reason.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}
