//! Reports: the [`Report`] every format is written from, and one module per format.
//!
//! | format | module | for |
//! |---|---|---|
//! | `text` | [`text`] | the admin at a terminal |
//! | `json` | [`json`] | scripts (contract version 1) |
//! | `sarif` | [`sarif`] | code-scanning CI (SARIF 2.1.0) |
//! | `junit` | [`junit`] | CI systems that show JUnit XML |
//! | `github` | [`github`] | GitHub Actions annotations |
//! | `csv` | [`csv`] | the helpdesk, in Excel |
//! | `html` | [`html`] | the helpdesk, one self-contained page |
//! | `ps1` | [`ps1`] | the remediation script |

pub mod csv;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod ps1;
pub mod sarif;
pub mod text;

use crate::finding::{Finding, Scope, Severity};
use crate::model::{InputFile, MigrationKind, Recipient, Snapshot};
use crate::rules::{Context, NotEvaluated, RuleStatus, RunResult};
use crate::values::{Caseless, Guid, SmtpAddress};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Csv,
    Html,
    Ps1,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Csv,
        Format::Html,
        Format::Ps1,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Ps1 => "ps1",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The file a format is written to under `--output-dir`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Text => "report.txt",
            Format::Json => "report.json",
            Format::Sarif => "report.sarif",
            Format::Junit => "junit.xml",
            Format::Github => "github-annotations.txt",
            Format::Csv => "findings.csv",
            Format::Html => "report.html",
            Format::Ps1 => "fix.ps1",
        }
    }
}

/// How findings are grouped in the text report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    #[default]
    Object,
    Rule,
}

/// Settings the formats read.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Colour in the text report.
    pub color: bool,
    /// Text report: only the summary.
    pub quiet: bool,
    pub group_by: GroupBy,
    /// Base URL of the rule docs (`https://…/rules/`); SARIF `helpUri` and HTML links are
    /// `<base><CODE>.md` when it is an absolute http(s) URL, and absent otherwise.
    pub docs_base_url: Option<String>,
    /// The snapshot folder as the user named it (`sample-exports/cross-tenant`): SARIF and
    /// GitHub annotations prefix relative export paths with it, so code scanning and the
    /// Actions UI point at the real files from the repository root.
    pub path_prefix: Option<String>,
}

impl RenderOptions {
    /// The base of rule-doc links (`<base><CODE>.md`): `docs_base_url` with exactly one trailing
    /// slash, when it is an absolute http(s) URL ([`absolute_http_base`]); `None` otherwise. SARIF
    /// `helpUri` and the HTML links both come from here.
    pub fn docs_base(&self) -> Option<String> {
        absolute_http_base(self.docs_base_url.as_deref()?)
    }

    /// An export file's path as CI tools should see it: `path_prefix` + `/` + a relative
    /// path (forward slashes); absolute paths stay as they are.
    pub fn file_path(&self, file: &str) -> String {
        let file = file.replace('\\', "/");
        let absolute = file.starts_with('/')
            || file.as_bytes().get(1) == Some(&b':')
            || file.starts_with("//");
        match self.path_prefix.as_deref() {
            Some(prefix) if !absolute && !prefix.is_empty() => {
                let prefix = prefix.replace('\\', "/");
                let prefix = prefix.trim_start_matches("./").trim_end_matches('/');
                if prefix.is_empty() || prefix == "." {
                    file
                } else {
                    format!("{prefix}/{file}")
                }
            }
            _ => file,
        }
    }
}

/// Writes `report` in `format`.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(
            report,
            text::TextOptions {
                color: options.color,
                quiet: options.quiet,
                group_by: options.group_by,
            },
            out,
        ),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, options, out),
        Format::Junit => junit::write(report, options, out),
        Format::Github => github::write(report, options, out),
        Format::Csv => csv::write(report, options, out),
        Format::Html => html::write(report, options, out),
        Format::Ps1 => ps1::write(report, options, out),
    }
}

/// The tool that wrote a report.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// Where a mailbox in scope stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No error, no warning, every rule looked at it.
    Ready,
    /// At least one error.
    Blocked,
    /// Warnings only.
    Warned,
    /// No error or warning, but a rule could not look at it.
    Incomplete,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Blocked => "blocked",
            Status::Warned => "warned",
            Status::Incomplete => "incomplete",
        }
    }
}

/// One mailbox in scope (a source mailbox and the target object it moves into).
#[derive(Clone, Debug, Serialize)]
pub struct ObjectStatus {
    /// The source mailbox (as findings' `source_object`; shared with the snapshot).
    pub source: Arc<str>,
    /// The target object (as findings' `target_object`), when paired.
    pub target: Option<Arc<str>>,
    /// Stable id (ExchangeGuid / ExternalDirectoryObjectId), when known.
    pub object_id: Option<Guid>,
    pub status: Status,
    /// The address that names this mailbox in a New-MigrationBatch CSV: the target
    /// MailUser's primary SMTP address (cross-tenant, onboarding) or the source mailbox's
    /// (offboarding).
    pub batch_address: Option<Arc<str>>,
    /// The batch files naming it.
    pub batches: Box<[Arc<str>]>,
    /// Rule codes with a finding on it, sorted, each once.
    pub rules: Box<[&'static str]>,
    /// Index of the source recipient in the snapshot (for writers that go back to the typed
    /// model, e.g. delegate grouping); not part of the JSON contract.
    #[serde(skip)]
    pub source_index: u32,
}

/// Counts for one batch file, or for the whole snapshot.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BatchSummary {
    /// The batch file, or `null` for mailboxes no batch names.
    pub batch: Option<String>,
    pub objects: u64,
    pub ready: u64,
    pub blocked: u64,
    pub warned: u64,
    pub incomplete: u64,
    /// Rules that block most mailboxes here: (rule, mailboxes blocked), most first.
    pub top_blocking_rules: Vec<RuleCount>,
}

/// A rule and how many mailboxes it blocks.
#[derive(Clone, Debug, Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub objects: u64,
}

/// Counts over the objects and findings of a report.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// How the kind was decided.
    pub kind_reason: String,
    /// Source mailboxes in scope (batch members, or every source mailbox).
    pub objects_checked: u64,
    /// In scope with no error and no warning.
    pub ready: u64,
    /// In scope with at least one error.
    pub blocked: u64,
    /// In scope with warnings only.
    pub warned: u64,
    /// In scope with no error or warning, but at least one rule could not look at it (an
    /// export or property was missing): not verified, so not counted as ready.
    pub incomplete: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Findings about inputs (files, records, values).
    pub input_problems: u64,
    pub batch_scoped: bool,
    /// Records a batch-scoped load left untyped: they name no object the batches reach, and
    /// none of their objects was checked (0, and left out of JSON, for a whole-tenant load).
    #[serde(skip_serializing_if = "is_zero")]
    pub records_out_of_scope: u64,
    pub rules: Vec<RuleStatus>,
    /// Per batch file (one entry for the whole snapshot when no batch was given).
    pub batches: Vec<BatchSummary>,
    /// Findings left out by a per-object ignore or the baseline.
    pub suppressed: u64,
}

/// Why a finding was left out of the report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "lowercase", tag = "by")]
pub enum SuppressedBy {
    /// A per-object ignore in the configuration file.
    Config { reason: String },
    /// An entry of the baseline file.
    Baseline,
}

/// A finding that was left out, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub by: SuppressedBy,
    pub finding: Finding,
}

/// Something about the configuration or the baseline the user must look at.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyNote {
    /// `expired-ignore`, `stale-baseline`, `unused-ignore`, `unknown-rule`.
    pub kind: &'static str,
    pub message: String,
}

/// A whole report. The JSON format is this, serialised (contract version 1).
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub tool: Tool,
    pub kind: MigrationKind,
    pub summary: Summary,
    pub inputs: Vec<InputFile>,
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    /// Every mailbox in scope and where it stands.
    pub objects: Vec<ObjectStatus>,
    /// Findings left out by the configuration or the baseline.
    pub suppressed: Vec<Suppressed>,
    /// Expired ignores, stale baseline entries and the like.
    pub policy: Vec<PolicyNote>,
}

fn batch_address(r: &Recipient) -> Option<Arc<str>> {
    r.primary_smtp.as_ref().map(SmtpAddress::shared)
}

impl Report {
    pub fn build(snapshot: &Snapshot, ctx: &Context, kind_reason: String, run: RunResult) -> Self {
        // Keyed by the object's name, compared case-insensitively without lower-cased copies.
        let mut worst: FxHashMap<Caseless, Severity> = FxHashMap::default();
        let mut rules_of: FxHashMap<Caseless, Vec<&'static str>> = FxHashMap::default();
        for f in &run.findings {
            if matches!(f.scope, Scope::Pair | Scope::Object | Scope::Batch)
                && let Some(s) = &f.source_object
            {
                let key = Caseless(s);
                let e = worst.entry(key).or_insert(f.severity);
                *e = (*e).max(f.severity);
                rules_of.entry(key).or_default().push(f.rule);
            }
        }
        let some_rule_skipped = run.statuses.iter().any(|s| !s.evaluated);
        // Sorted rather than hashed: one slot per entry, no empty ones (a rule that cannot
        // evaluate any pair of a large tenant names every mailbox here).
        let mut partially: Vec<Caseless> = run
            .not_evaluated
            .iter()
            .filter_map(|n| n.source_object.as_deref().map(Caseless))
            .collect();
        partially.sort_unstable();
        partially.dedup();
        let batch_names: Vec<Arc<str>> = snapshot
            .batches
            .iter()
            .map(|b| Arc::from(b.name.as_str()))
            .collect();
        let mut objects = Vec::with_capacity(ctx.pairing.pairs.len());
        for pair in &ctx.pairing.pairs {
            let source = ctx.source(pair);
            let target = ctx.target(pair);
            let display = source.report_name();
            let key = Caseless(&display);
            let status = match worst.get(&key) {
                Some(Severity::Error) => Status::Blocked,
                Some(Severity::Warning) => Status::Warned,
                _ if some_rule_skipped || partially.binary_search(&key).is_ok() => {
                    Status::Incomplete
                }
                _ => Status::Ready,
            };
            let mut rules = rules_of.get(&key).cloned().unwrap_or_default();
            rules.sort_unstable();
            rules.dedup();
            let address = match ctx.kind {
                MigrationKind::Offboarding => batch_address(source),
                _ => target.and_then(batch_address),
            };
            objects.push(ObjectStatus {
                source: display,
                target: target.map(Recipient::report_name),
                object_id: source
                    .stable_guid()
                    .or_else(|| target.and_then(Recipient::stable_guid)),
                status,
                batch_address: address,
                batches: pair
                    .batches
                    .iter()
                    .filter_map(|b| batch_names.get(*b).cloned())
                    .collect(),
                rules: rules.into(),
                // Recipient indexes fit u32 (Origin numbers records with u32).
                source_index: pair.source as u32,
            });
        }
        let count = |s: Severity| run.findings.iter().filter(|f| f.severity == s).count() as u64;
        let tally = |st: Status| objects.iter().filter(|o| o.status == st).count() as u64;
        let batches = batch_summaries(&objects, &run.findings, ctx.pairing.batch_scoped);
        Report {
            version: 1,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            kind: ctx.kind,
            summary: Summary {
                kind_reason,
                objects_checked: objects.len() as u64,
                ready: tally(Status::Ready),
                blocked: tally(Status::Blocked),
                warned: tally(Status::Warned),
                incomplete: tally(Status::Incomplete),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                infos: count(Severity::Info),
                input_problems: run
                    .findings
                    .iter()
                    .filter(|f| f.scope == Scope::Input)
                    .count() as u64,
                batch_scoped: ctx.pairing.batch_scoped,
                records_out_of_scope: snapshot.inputs.iter().map(|i| i.records_out_of_scope).sum(),
                rules: run.statuses,
                batches,
                suppressed: 0,
            },
            inputs: snapshot.inputs.clone(),
            findings: run.findings,
            not_evaluated: run.not_evaluated,
            objects,
            suppressed: Vec::new(),
            policy: Vec::new(),
        }
    }

    /// True when no export yielded a single record (exit code 3).
    pub fn nothing_read(&self) -> bool {
        self.inputs
            .iter()
            .all(|i| i.records_read == i.records_skipped)
    }
}

/// Per-batch counts, and the rules that block most mailboxes in each.
fn batch_summaries(
    objects: &[ObjectStatus],
    findings: &[Finding],
    batch_scoped: bool,
) -> Vec<BatchSummary> {
    // Error rules per object, to count "blocks most".
    let mut error_rules: FxHashMap<Caseless, Vec<&'static str>> = FxHashMap::default();
    for f in findings {
        if f.severity == Severity::Error
            && let Some(s) = &f.source_object
        {
            error_rules.entry(Caseless(s)).or_default().push(f.rule);
        }
    }
    let mut groups: BTreeMap<Option<&str>, Vec<&ObjectStatus>> = BTreeMap::new();
    for o in objects {
        if batch_scoped && !o.batches.is_empty() {
            for b in &o.batches {
                groups.entry(Some(&**b)).or_default().push(o);
            }
        } else {
            groups.entry(None).or_default().push(o);
        }
    }
    groups
        .into_iter()
        .map(|(batch, members)| {
            let mut s = BatchSummary {
                batch: batch.map(str::to_string),
                objects: members.len() as u64,
                ..BatchSummary::default()
            };
            let mut blocking: BTreeMap<&'static str, u64> = BTreeMap::new();
            for o in &members {
                match o.status {
                    Status::Ready => s.ready += 1,
                    Status::Blocked => s.blocked += 1,
                    Status::Warned => s.warned += 1,
                    Status::Incomplete => s.incomplete += 1,
                }
                if let Some(rules) = error_rules.get(&Caseless(&o.source)) {
                    let mut rules = rules.clone();
                    rules.sort_unstable();
                    rules.dedup();
                    for r in rules {
                        *blocking.entry(r).or_default() += 1;
                    }
                }
            }
            let mut top: Vec<RuleCount> = blocking
                .into_iter()
                .map(|(rule, objects)| RuleCount { rule, objects })
                .collect();
            top.sort_by(|a, b| b.objects.cmp(&a.objects).then(a.rule.cmp(b.rule)));
            top.truncate(5);
            s.top_blocking_rules = top;
            s
        })
        .collect()
}

/// `base` with exactly one trailing slash, when it is an absolute http(s) URL that can be
/// written into a URI as is: only RFC 3986 characters (no whitespace, quotes, control or
/// non-ASCII characters), well-formed percent escapes, and no query or fragment.
pub fn absolute_http_base(base: &str) -> Option<String> {
    let base = base.trim();
    let lower = base.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_ok = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|h| !h.is_empty());
    let chars_ok = base
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/[]@!$&'()*+,;=%".contains(c))
        && base
            .split('%')
            .skip(1)
            .all(|s| s.len() >= 2 && s.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
    if !host_ok || !chars_ok || base.contains(['?', '#']) {
        return None;
    }
    Some(format!("{}/", base.trim_end_matches('/')))
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
