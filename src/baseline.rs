//! Baselines: today's findings, accepted, so that CI fails only on new ones.
//!
//! An entry is keyed by the finding's fingerprint: a hash of the rule, the object's stable
//! identity (ExchangeGuid or ExternalDirectoryObjectId, else its address), the property and the
//! expected value — never the message text, so a change of wording keeps the baseline valid.
//! The rule and object are stored beside it for people reading the file and for reporting
//! stale entries (an accepted finding that no longer occurs).

use crate::finding::Finding;
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::Path;

/// The baseline file.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Baseline {
    /// File format version (1).
    pub version: u32,
    pub entries: Vec<BaselineEntry>,
}

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub struct BaselineEntry {
    pub rule: String,
    /// The object (source mailbox, or target object / file for other scopes), for people.
    #[serde(default)]
    pub object: Option<String>,
    pub fingerprint: String,
    /// The message when the baseline was written, for people; not compared.
    #[serde(default)]
    pub message: String,
}

impl BaselineEntry {
    fn of(f: &Finding) -> Self {
        BaselineEntry {
            rule: f.rule.to_string(),
            object: f
                .source_object
                .clone()
                .or_else(|| f.target_object.clone())
                .or_else(|| f.locations.first().map(|l| l.file.clone())),
            fingerprint: f.fingerprint.clone(),
            message: f.message.clone(),
        }
    }

    /// Whether this entry accepts `f`.
    pub fn accepts(&self, f: &Finding) -> bool {
        self.fingerprint == f.fingerprint && self.rule.eq_ignore_ascii_case(f.rule)
    }
}

impl Baseline {
    /// Every finding of a report, including those the current baseline already accepted (so
    /// that re-writing a baseline keeps them), but not those a per-object ignore removed.
    pub fn from_report(report: &Report) -> Baseline {
        let mut entries: Vec<BaselineEntry> = report
            .findings
            .iter()
            .chain(
                report
                    .suppressed
                    .iter()
                    .filter(|s| matches!(s.by, crate::report::SuppressedBy::Baseline))
                    .map(|s| &s.finding),
            )
            .map(BaselineEntry::of)
            .collect();
        entries.sort();
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.rule == b.rule);
        Baseline {
            version: 1,
            entries,
        }
    }

    /// Reads a baseline file; the error names the file and says how to make a new one.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let text = crate::import::encoding::decode_to_string(&bytes);
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not an mbxlint baseline ({e}); write one with --write-baseline",
                path.display()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (1 is); write a new one with --write-baseline",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}
