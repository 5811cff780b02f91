//! Reports: the [`Report`] every format is written from, and one module per format.

pub mod json;
pub mod text;

use crate::finding::{Finding, Scope, Severity};
use crate::model::{InputFile, MigrationKind, Snapshot};
use crate::rules::{Context, NotEvaluated, RuleStatus, RunResult};
use serde::Serialize;
use std::collections::HashMap;

/// The tool that wrote a report.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
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
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Findings about inputs (files, records, values).
    pub input_problems: u64,
    pub batch_scoped: bool,
    pub rules: Vec<RuleStatus>,
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
}

impl Report {
    pub fn build(snapshot: &Snapshot, ctx: &Context, kind_reason: String, run: RunResult) -> Self {
        let mut worst: HashMap<String, Severity> = HashMap::new();
        for f in &run.findings {
            if matches!(f.scope, Scope::Pair | Scope::Object | Scope::Batch)
                && let Some(s) = &f.source_object
            {
                let e = worst.entry(s.to_lowercase()).or_insert(f.severity);
                *e = (*e).max(f.severity);
            }
        }
        let (mut ready, mut blocked, mut warned) = (0, 0, 0);
        for pair in &ctx.pairing.pairs {
            let key = ctx.source(pair).display_key().to_lowercase();
            match worst.get(&key) {
                Some(Severity::Error) => blocked += 1,
                Some(Severity::Warning) => warned += 1,
                _ => ready += 1,
            }
        }
        let count = |s: Severity| run.findings.iter().filter(|f| f.severity == s).count() as u64;
        Report {
            version: 1,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            kind: ctx.kind,
            summary: Summary {
                kind_reason,
                objects_checked: ctx.pairing.pairs.len() as u64,
                ready,
                blocked,
                warned,
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                infos: count(Severity::Info),
                input_problems: run
                    .findings
                    .iter()
                    .filter(|f| f.scope == Scope::Input)
                    .count() as u64,
                batch_scoped: ctx.pairing.batch_scoped,
                rules: run.statuses,
            },
            inputs: snapshot.inputs.clone(),
            findings: run.findings,
            not_evaluated: run.not_evaluated,
        }
    }

    /// True when no export yielded a single record (exit code 3).
    pub fn nothing_read(&self) -> bool {
        self.inputs
            .iter()
            .all(|i| i.records_read == i.records_skipped)
    }
}
