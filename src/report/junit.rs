//! `--format junit`: JUnit XML, for CI systems that show test results (Jenkins, GitLab,
//! Azure DevOps, CircleCI, the JUnit report actions of GitHub).
//!
//! Mapping decisions:
//! - `<testsuites name="mbxlint">` holds two suites; its counts are their sums.
//! - Suite `mailboxes`: one `<testcase>` per mailbox in scope (`report.objects`), named
//!   `source → target` (`source → (no target)` when unpaired), with `classname` = the batch
//!   file(s) naming it (comma-separated), or `mbxlint` when none does.
//!   - each error or warning finding on it is a `<failure>`: `type` = rule code, `message` =
//!     the finding message, body = rule, severity, objects, Microsoft error, evidence, export
//!     file and record, and the fix commands;
//!   - a mailbox that is `ready` passes; an `incomplete` one (no error or warning, but a rule
//!     could not look at it) is `<skipped message="not fully evaluated: …">`, never a pass;
//!   - info findings are not failures: they go in the testcase's `<system-out>`.
//! - Suite `tenant, batches and inputs`: every error or warning finding not on a mailbox of
//!   the first suite (tenant and organisation settings, batch entries, export files, objects
//!   out of scope) is one failed `<testcase>` of its own, named `CODE name: <file>` and with
//!   `classname` = the export file (or `mbxlint`). One testcase per finding rather than per
//!   rule, so each keeps its own place and fix. Info findings go in the suite's `<system-out>`.
//! - `tests` counts testcases, `failures` failed testcases (a mailbox with three failures is
//!   one failed test), `skipped` skipped ones; `errors` is always 0 (mbxlint itself did not
//!   fail if a report is written).
//! - Suppressed findings are left out.
//!
//! Every text and attribute is escaped by `quick-xml`, never by string formatting. Export
//! values (display names, addresses) may hold anything: characters XML 1.0 forbids (C0
//! controls other than tab, LF and CR; U+FFFE, U+FFFF), other control characters and
//! bidirectional overrides are written as visible `\u{…}` escapes first, so the document is
//! always well-formed and shows what was in the export. In attributes, tab, LF and CR are
//! written as character references so that attribute-value normalization keeps them.

use super::{ObjectStatus, RenderOptions, Report, Status};
use crate::finding::{Finding, FixSide, Scope, Severity};
use crate::rules::{self, NotEvaluated};
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Write};

/// Name of the suite of mailboxes.
pub const MAILBOX_SUITE: &str = "mailboxes";
/// Name of the suite of findings on no mailbox in scope.
pub const OTHER_SUITE: &str = "tenant, batches and inputs";

/// Writes `report` as JUnit XML.
pub fn write(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let suites = [mailbox_suite(report), other_suite(report)];
    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let total = |f: fn(&Suite) -> usize| suites.iter().map(f).sum::<usize>().to_string();
    let root = start("testsuites").with_attributes([
        attr("name", "mbxlint"),
        attr("tests", &total(|s| s.cases.len())),
        attr("failures", &total(Suite::failures)),
        attr("errors", "0"),
        attr("skipped", &total(Suite::skipped)),
    ]);
    w.write_event(Event::Start(root.borrow()))?;
    for suite in &suites {
        write_suite(&mut w, suite)?;
    }
    w.write_event(Event::End(root.to_end()))?;
    w.get_mut().write_all(b"\n")
}

/// A testsuite before it is written.
struct Suite {
    name: &'static str,
    cases: Vec<Case>,
    system_out: Vec<String>,
}

impl Suite {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.failures.is_empty()).count()
    }
    fn skipped(&self) -> usize {
        self.cases.iter().filter(|c| c.skipped.is_some()).count()
    }
}

/// A testcase before it is written.
struct Case {
    name: String,
    classname: String,
    failures: Vec<Failure>,
    /// (message, body) of `<skipped>`.
    skipped: Option<(String, String)>,
    system_out: Vec<String>,
}

struct Failure {
    kind: String,
    message: String,
    body: String,
}

fn on_mailbox(f: &Finding) -> bool {
    matches!(f.scope, Scope::Pair | Scope::Object | Scope::Batch) && f.source_object.is_some()
}

fn key(s: &str) -> String {
    s.to_lowercase()
}

/// The source mailboxes that have a testcase, lowercased as the report matches them.
fn mailbox_keys(report: &Report) -> HashSet<String> {
    report.objects.iter().map(|o| key(&o.source)).collect()
}

fn mailbox_suite(report: &Report) -> Suite {
    let cases = report
        .objects
        .iter()
        .map(|o| mailbox_case(report, o))
        .collect();
    Suite {
        name: MAILBOX_SUITE,
        cases,
        system_out: Vec::new(),
    }
}

fn mailbox_case(report: &Report, o: &ObjectStatus) -> Case {
    let k = key(&o.source);
    let mine: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| on_mailbox(f) && f.source_object.as_deref().is_some_and(|s| key(s) == k))
        .collect();
    let skipped = (o.status == Status::Incomplete).then(|| not_evaluated(report, &k));
    Case {
        name: format!(
            "{} → {}",
            o.source,
            o.target.as_deref().unwrap_or("(no target)")
        ),
        classname: if o.batches.is_empty() {
            "mbxlint".to_string()
        } else {
            o.batches.join(", ")
        },
        failures: mine
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| failure(f))
            .collect(),
        skipped,
        system_out: mine
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .map(|f| details(f))
            .collect(),
    }
}

/// The `<skipped>` message and body of an incomplete mailbox: the rules that could not look at
/// it (a whole rule that could not run, or a rule that lacked a property of this mailbox).
fn not_evaluated(report: &Report, k: &str) -> (String, String) {
    let mut lines: Vec<(&str, &str)> = report
        .summary
        .rules
        .iter()
        .filter(|s| !s.evaluated)
        .map(|s| (s.rule, s.reason.as_deref().unwrap_or("could not run")))
        .collect();
    let here = |n: &&NotEvaluated| n.source_object.as_deref().is_some_and(|s| key(s) == k);
    for n in report.not_evaluated.iter().filter(here) {
        if !lines.iter().any(|(r, _)| *r == n.rule) {
            lines.push((n.rule, &n.reason));
        }
    }
    lines.sort_unstable();
    let codes: Vec<&str> = lines.iter().map(|(r, _)| *r).collect();
    let message = if codes.is_empty() {
        "not fully evaluated".to_string()
    } else {
        format!(
            "not fully evaluated: {} could not look at it",
            codes.join(", ")
        )
    };
    let body = lines
        .iter()
        .map(|(r, why)| format!("{r}: {why}"))
        .collect::<Vec<_>>()
        .join("\n");
    (message, body)
}

fn other_suite(report: &Report) -> Suite {
    let keys = mailbox_keys(report);
    let elsewhere = |f: &&Finding| {
        !(on_mailbox(f)
            && f.source_object
                .as_deref()
                .is_some_and(|s| keys.contains(&key(s))))
    };
    let rest: Vec<&Finding> = report.findings.iter().filter(elsewhere).collect();
    let cases = rest
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| Case {
            name: format!("{}: {}", rule_title(f), place(f)),
            classname: f
                .locations
                .first()
                .map_or_else(|| "mbxlint".to_string(), |l| l.file.replace('\\', "/")),
            failures: vec![failure(f)],
            skipped: None,
            system_out: Vec::new(),
        })
        .collect();
    Suite {
        name: OTHER_SUITE,
        cases,
        system_out: rest
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .map(|f| details(f))
            .collect(),
    }
}

/// `CODE name`, e.g. `ID001 exchange-guid-mismatch`.
fn rule_title(f: &Finding) -> String {
    match rules::find(f.rule) {
        Some(rule) => format!("{} {}", f.rule, rule.meta.name),
        None => f.rule.to_string(),
    }
}

/// What a finding outside the mailboxes is about: its object, or its first export file
/// (`file:line`, `file record N`), or its scope.
fn place(f: &Finding) -> String {
    if let Some(o) = f.source_object.as_deref().or(f.target_object.as_deref()) {
        return o.to_string();
    }
    match f.locations.first() {
        Some(l) => location(&l.file, l.record, l.line),
        None => scope(f.scope).to_string(),
    }
}

fn location(file: &str, record: Option<u32>, line: Option<u64>) -> String {
    let file = file.replace('\\', "/");
    match (line, record) {
        (Some(n), _) => format!("{file}:{n}"),
        (None, Some(r)) => format!("{file} record {}", u64::from(r) + 1),
        (None, None) => file,
    }
}

fn scope(s: Scope) -> &'static str {
    match s {
        Scope::Pair => "mailbox",
        Scope::Object => "object",
        Scope::Tenant => "tenant",
        Scope::Batch => "batch",
        Scope::Input => "input",
    }
}

fn failure(f: &Finding) -> Failure {
    Failure {
        kind: f.rule.to_string(),
        message: f.message.clone(),
        body: details(f),
    }
}

/// Everything about a finding, one fact a line.
fn details(f: &Finding) -> String {
    let mut lines = vec![
        format!("{} ({})", rule_title(f), f.severity.as_str()),
        f.message.clone(),
    ];
    let mut put = |label: &str, value: Option<&str>| {
        if let Some(v) = value {
            lines.push(format!("{label}: {v}"));
        }
    };
    put("Source", f.source_object.as_deref());
    put("Target", f.target_object.as_deref());
    put("Object id", f.object_id.as_deref());
    put("Fails with", f.fails_with);
    put("Property", f.evidence.property.as_deref());
    put("Expected", f.evidence.expected.as_deref());
    put("Found", f.evidence.found.as_deref());
    for l in &f.locations {
        lines.push(format!("At: {}", location(&l.file, l.record, l.line)));
    }
    for r in &f.remediation {
        let side = match r.side {
            FixSide::Source => "source",
            FixSide::Target => "target",
            FixSide::Onprem => "on-premises",
        };
        let irreversible = if r.irreversible { ", irreversible" } else { "" };
        lines.push(format!("Fix ({side}{irreversible}): {}", r.command));
    }
    if let Some(note) = &f.remediation_note {
        lines.push(format!("Note: {note}"));
    }
    lines.join("\n")
}

fn write_suite<W: Write>(w: &mut Writer<W>, suite: &Suite) -> io::Result<()> {
    let el = start("testsuite").with_attributes([
        attr("name", suite.name),
        attr("tests", &suite.cases.len().to_string()),
        attr("failures", &suite.failures().to_string()),
        attr("errors", "0"),
        attr("skipped", &suite.skipped().to_string()),
    ]);
    w.write_event(Event::Start(el.borrow()))?;
    for case in &suite.cases {
        write_case(w, case)?;
    }
    write_system_out(w, &suite.system_out)?;
    w.write_event(Event::End(el.to_end()))
}

fn write_case<W: Write>(w: &mut Writer<W>, case: &Case) -> io::Result<()> {
    let el = start("testcase")
        .with_attributes([attr("name", &case.name), attr("classname", &case.classname)]);
    if case.failures.is_empty() && case.skipped.is_none() && case.system_out.is_empty() {
        return w.write_event(Event::Empty(el));
    }
    w.write_event(Event::Start(el.borrow()))?;
    for f in &case.failures {
        let start =
            start("failure").with_attributes([attr("type", &f.kind), attr("message", &f.message)]);
        text_element(w, start, &f.body)?;
    }
    if let Some((message, body)) = &case.skipped {
        text_element(
            w,
            start("skipped").with_attributes([attr("message", message)]),
            body,
        )?;
    }
    write_system_out(w, &case.system_out)?;
    w.write_event(Event::End(el.to_end()))
}

fn write_system_out<W: Write>(w: &mut Writer<W>, lines: &[String]) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    text_element(w, start("system-out"), &lines.join("\n\n"))
}

/// `<el>text</el>`, or `<el/>` when `text` is empty. Text is escaped by quick-xml's
/// `partial_escape` (`<`, `>`, `&`, CR), so `]]>` is written `]]&gt;` and quotes stay
/// readable.
fn text_element<W: Write>(w: &mut Writer<W>, el: BytesStart, text: &str) -> io::Result<()> {
    if text.is_empty() {
        return w.write_event(Event::Empty(el));
    }
    w.write_event(Event::Start(el.borrow()))?;
    let escaped = quick_xml::escape::partial_escape(xml_safe(text)).into_owned();
    w.write_event(Event::Text(BytesText::from_escaped(escaped)))?;
    w.write_event(Event::End(el.to_end()))
}

fn start(name: &str) -> BytesStart<'_> {
    BytesStart::new(name)
}

/// An attribute whose value is escaped by quick-xml, with tab, LF and CR then written as
/// character references (attribute-value normalization would turn them into spaces).
fn attr<'a>(name: &'a str, value: &str) -> Attribute<'a> {
    let escaped = quick_xml::escape::escape(xml_safe(value))
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;");
    Attribute {
        key: QName(name),
        value: Cow::Owned(escaped),
    }
}

/// `text` with every character XML 1.0 forbids, every other control character but tab, LF
/// and CR, and every bidirectional override as a visible `\u{…}` escape.
pub fn xml_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let replace = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(
                c,
                '\u{FFFE}'
                    | '\u{FFFF}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{200E}'
                    | '\u{200F}'
            );
        if replace {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
