//! `--format sarif`: SARIF 2.1.0 for code-scanning CI (GitHub code scanning, Azure DevOps, …).
//!
//! The log is built from the typed model of the `serde-sarif` crate (generated from the
//! official schema) and written as pretty JSON; the same report always gives the same bytes.
//!
//! Mapping decisions:
//! - One run. `tool.driver` is `mbxlint` with its version; no `informationUri` (there is no
//!   absolute project URI to give). `driver.rules` lists every rule of [`REGISTRY`], in code
//!   order: `id` = code, `name`, `shortDescription` = summary, `fullDescription` = the doc's
//!   "What" section, `help` = the whole Markdown doc (as text and markdown),
//!   `defaultConfiguration.level` from the default severity, and `helpUri` = `<base><CODE>.md`
//!   only when [`RenderOptions::docs_base_url`] is an absolute http(s) URL.
//! - One result per finding: `ruleId` + `ruleIndex`, `level` (error / warning / note),
//!   `message.text` (with "fails with <error>" when Microsoft names the error).
//! - Each finding location becomes a `physicalLocation`: the export file as a relative URI
//!   reference (forward slashes, percent-encoded; an absolute path becomes a `file:` URI),
//!   `region.startLine` when the line is known, and the 0-based record index in the
//!   location's `properties.record`. The directory objects (source, target) are
//!   `logicalLocations` of kind `object` on the first location, with the object id in their
//!   properties.
//! - `partialFingerprints` carries the finding fingerprint as `mbxlintFingerprint/v1`, so a
//!   result keeps its identity when the wording changes.
//! - Fix commands are PowerShell to run in a tenant, not file edits, so they go in
//!   `result.properties.remediation` (`side`, `command`, `irreversible`), never in SARIF `fixes`.
//! - `invocations[0]` says the run succeeded; each rule that could not run (an export it needs
//!   is missing) is a warning in `toolExecutionNotifications`, and each policy note (expired
//!   ignore, stale baseline entry, …) one in `toolConfigurationNotifications`.
//! - Findings left out by a per-object ignore or the baseline are results too, with an
//!   `external` suppression whose justification is the ignore's reason (or "accepted in the
//!   baseline"), so code scanning shows them as suppressed instead of fixed.

use super::{RenderOptions, Report, SuppressedBy};
use crate::finding::{Finding, Location as FindingLocation, Severity};
use crate::rules::{self, REGISTRY, RuleMeta};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use serde_sarif::sarif;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The `$schema` written at the top of the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key of the finding fingerprint.
pub const FINGERPRINT_KEY: &str = "mbxlintFingerprint/v1";

/// Writes `report` as a SARIF 2.1.0 log.
pub fn write(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let log = build(report, options);
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// The SARIF log of `report`.
pub fn build(report: &Report, options: &RenderOptions) -> sarif::Sarif {
    let mut results: Vec<sarif::Result> =
        report.findings.iter().map(|f| result(f, options)).collect();
    for s in &report.suppressed {
        let justification = match &s.by {
            SuppressedBy::Config { reason } if !reason.trim().is_empty() => reason.clone(),
            SuppressedBy::Config { .. } => "ignored in the configuration".to_string(),
            SuppressedBy::Baseline => "accepted in the baseline".to_string(),
        };
        let mut r = result(&s.finding, options);
        r.suppressions = Some(vec![
            sarif::Suppression::builder()
                .kind(json!("external"))
                .justification(justification)
                .build(),
        ]);
        results.push(r);
    }
    let run = sarif::Run::builder()
        .tool(tool(report, options))
        .invocations(vec![invocation(report)])
        .results(results)
        .properties(bag([("migrationKind", json!(report.kind.as_str()))]))
        .build();
    sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The one invocation: successful (a report was written), with a tool-execution notification
/// per rule that could not run and a tool-configuration notification per policy note
/// (expired ignore, stale baseline entry, …).
fn invocation(report: &Report) -> sarif::Invocation {
    let execution: Vec<sarif::Notification> = report
        .summary
        .rules
        .iter()
        .filter(|s| !s.evaluated)
        .map(|s| {
            let why = s
                .reason
                .as_deref()
                .unwrap_or("an export it needs is missing");
            let mut rule = sarif::ReportingDescriptorReference::builder()
                .id(s.rule)
                .build();
            rule.index = rule_index(s.rule);
            let mut n = notification(&format!("{} could not run: {why}", s.rule));
            n.associated_rule = Some(rule);
            n
        })
        .collect();
    let configuration: Vec<sarif::Notification> = report
        .policy
        .iter()
        .map(|p| {
            let mut n = notification(&p.message);
            n.descriptor = Some(
                sarif::ReportingDescriptorReference::builder()
                    .id(p.kind)
                    .build(),
            );
            n
        })
        .collect();
    let mut i = sarif::Invocation::builder()
        .execution_successful(true)
        .build();
    i.tool_execution_notifications = (!execution.is_empty()).then_some(execution);
    i.tool_configuration_notifications = (!configuration.is_empty()).then_some(configuration);
    i
}

/// A warning-level notification.
fn notification(text: &str) -> sarif::Notification {
    sarif::Notification::builder()
        .message(sarif::Message::builder().text(text).build())
        .level(json!("warning"))
        .build()
}

/// The index of a rule in `driver.rules` (the registry order).
fn rule_index(code: &str) -> Option<i64> {
    REGISTRY
        .iter()
        .position(|rule| rule.meta.code == code)
        .and_then(|i| i64::try_from(i).ok())
}

fn tool(report: &Report, options: &RenderOptions) -> sarif::Tool {
    let base = options.docs_base();
    let rules: Vec<sarif::ReportingDescriptor> = REGISTRY
        .iter()
        .map(|r| descriptor(&r.meta, base.as_deref()))
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name(report.tool.name)
        .version(report.tool.version)
        .rules(rules)
        .build();
    sarif::Tool::builder().driver(driver).build()
}

/// The reporting descriptor of one rule.
fn descriptor(meta: &RuleMeta, docs_base: Option<&str>) -> sarif::ReportingDescriptor {
    let doc = rules::doc(meta.code);
    let full = doc
        .and_then(|d| doc_section(d, "What"))
        .unwrap_or_else(|| meta.summary.to_string());
    let mut properties = vec![("scope", json!(meta.scope))];
    if let Some(e) = meta.fails_with {
        properties.push(("failsWith", json!(e)));
    }
    let d = sarif::ReportingDescriptor::builder()
        .id(meta.code)
        .name(meta.name)
        .short_description(text(meta.summary))
        .full_description(text(&full))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(json!(level(meta.severity)))
                .build(),
        )
        .properties(bag(properties));
    let mut d = match doc {
        Some(doc) => d
            .help(
                sarif::MultiformatMessageString::builder()
                    .text(doc)
                    .markdown(doc)
                    .build(),
            )
            .build(),
        None => d.build(),
    };
    d.help_uri = docs_base.map(|b| format!("{b}{}.md", meta.code));
    d
}

/// A plain-text multiformat message.
fn text(s: &str) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder().text(s).build()
}

/// The body of the `## <title>` section of a rule doc, as one paragraph of plain text.
fn doc_section(doc: &str, title: &str) -> Option<String> {
    let heading = format!("## {title}");
    let mut lines = doc.lines().skip_while(|l| l.trim() != heading);
    lines.next()?;
    let body: Vec<&str> = lines
        .take_while(|l| !l.starts_with("## "))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!body.is_empty()).then(|| body.join(" "))
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result_level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

/// The result of one finding (without suppressions).
fn result(f: &Finding, options: &RenderOptions) -> sarif::Result {
    let mut r = sarif::Result::builder()
        .message(sarif::Message::builder().text(message(f)).build())
        .rule_id(f.rule)
        .level(result_level(f.severity))
        .locations(locations(f, options))
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            f.fingerprint.clone(),
        )]))
        .properties(result_properties(f))
        .build();
    r.rule_index = rule_index(f.rule);
    r
}

/// The finding message, with the Microsoft error when there is one.
pub fn message(f: &Finding) -> String {
    match f.fails_with {
        Some(e) => format!("{} (fails with {e})", f.message),
        None => f.message.clone(),
    }
}

/// The physical locations of a finding; the directory objects ride on the first one.
fn locations(f: &Finding, options: &RenderOptions) -> Vec<sarif::Location> {
    let mut out: Vec<sarif::Location> = f.locations.iter().map(|l| physical(l, options)).collect();
    let logical = logical_locations(f);
    if !logical.is_empty() {
        match out.first_mut() {
            Some(first) => first.logical_locations = Some(logical),
            None => out.push(
                sarif::Location::builder()
                    .logical_locations(logical)
                    .build(),
            ),
        }
    }
    out
}

fn physical(l: &FindingLocation, options: &RenderOptions) -> sarif::Location {
    let artifact = sarif::ArtifactLocation::builder()
        .uri(artifact_uri(&options.file_path(&l.file)))
        .build();
    let mut p = sarif::PhysicalLocation::builder()
        .artifact_location(artifact)
        .build();
    p.region = l
        .line
        .filter(|n| *n >= 1)
        .and_then(|n| i64::try_from(n).ok())
        .map(|n| sarif::Region::builder().start_line(n).build());
    let mut loc = sarif::Location::builder().physical_location(p).build();
    loc.properties = l.record.map(|r| bag([("record", json!(r))]));
    loc
}

/// Characters kept as they are in a path segment: RFC 3986 unreserved, plus `/` between
/// segments. Everything else (spaces, `%`, `:`, `#`, `?`, non-ASCII as UTF-8) is
/// percent-encoded, so a relative path can never read as a scheme, query or fragment.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The export file path as a URI reference: relative paths stay relative (with forward
/// slashes), absolute ones (`/x`, `C:\x`, `\\server\share`) become `file:` URIs.
pub fn artifact_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let bytes = p.as_bytes();
    let drive = bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || bytes[2] == b'/');
    if drive {
        let (letter, rest) = p.split_at(2);
        format!("file:///{letter}{}", utf8_percent_encode(rest, PATH))
    } else if p.starts_with("//") {
        format!("file:{}", utf8_percent_encode(&p, PATH))
    } else if p.starts_with('/') {
        format!("file://{}", utf8_percent_encode(&p, PATH))
    } else {
        utf8_percent_encode(&p, PATH).to_string()
    }
}

/// The source and target directory objects, or the bare object id when neither is named.
fn logical_locations(f: &Finding) -> Vec<sarif::LogicalLocation> {
    let id = f.object_id.as_deref();
    let mut out = Vec::new();
    if let Some(s) = &f.source_object {
        out.push(logical("source", s, id));
    }
    if let Some(t) = &f.target_object {
        out.push(logical(
            "target",
            t,
            id.filter(|_| f.source_object.is_none()),
        ));
    }
    if out.is_empty()
        && let Some(id) = id
    {
        out.push(logical("object", id, None));
    }
    out
}

fn logical(side: &str, name: &str, object_id: Option<&str>) -> sarif::LogicalLocation {
    let mut l = sarif::LogicalLocation::builder()
        .name(name)
        .fully_qualified_name(format!("{side}/{name}"))
        .kind("object")
        .build();
    l.properties = object_id.map(|id| bag([("objectId", json!(id))]));
    l
}

/// What SARIF has no field for: scope, objects, Microsoft error, evidence and fix commands.
fn result_properties(f: &Finding) -> sarif::PropertyBag {
    let mut p: Vec<(&str, Value)> = vec![("scope", json!(f.scope))];
    let mut put = |key, value: Option<&str>| {
        if let Some(v) = value {
            p.push((key, json!(v)));
        }
    };
    put("sourceObject", f.source_object.as_deref());
    put("targetObject", f.target_object.as_deref());
    put("objectId", f.object_id.as_deref());
    put("failsWith", f.fails_with);
    put("remediationNote", f.remediation_note.as_deref());
    if f.evidence.property.is_some() {
        p.push(("evidence", json!(f.evidence)));
    }
    if !f.remediation.is_empty() {
        p.push(("remediation", json!(f.remediation)));
    }
    bag(p)
}

fn bag<'a>(entries: impl IntoIterator<Item = (&'a str, Value)>) -> sarif::PropertyBag {
    let mut b = sarif::PropertyBag::default();
    for (k, v) in entries {
        b.additional_properties.insert(k.to_string(), v);
    }
    b
}
