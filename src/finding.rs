//! Findings: what a rule reports about an object, a tenant, a batch or an input file.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// A source mailbox and its target object.
    Pair,
    /// One directory object.
    Object,
    /// A tenant or organisation setting.
    Tenant,
    /// A batch file or entry.
    Batch,
    /// An export file, record or value.
    Input,
}

/// Where a remediation command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSide {
    Source,
    Target,
    Onprem,
}

/// One PowerShell command that fixes (part of) a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Remediation {
    pub command: String,
    pub side: FixSide,
    pub irreversible: bool,
}

/// What was expected and what the export showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub property: Option<String>,
    pub expected: Option<String>,
    pub found: Option<String>,
}

/// A place in an export file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    /// 0-based record index.
    pub record: Option<u32>,
    /// 1-based line, when known.
    pub line: Option<u64>,
}

/// One finding. The JSON report serialises this as-is (contract version 1).
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub scope: Scope,
    pub source_object: Option<String>,
    pub target_object: Option<String>,
    pub object_id: Option<String>,
    pub fails_with: Option<&'static str>,
    pub remediation: Vec<Remediation>,
    pub remediation_note: Option<String>,
    /// The commands are alternatives: the admin picks one (the remediation script writes them
    /// all commented out under a "choose one" line).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remediation_alternatives: bool,
    pub evidence: Evidence,
    pub fingerprint: String,
    pub locations: Vec<Location>,
}

impl Finding {
    /// A finding with the fields every rule fills; the fingerprint is computed by
    /// [`Finding::seal`] once the identity fields are final.
    pub fn new(rule: &'static str, severity: Severity, scope: Scope, message: String) -> Self {
        Finding {
            rule,
            severity,
            message,
            scope,
            source_object: None,
            target_object: None,
            object_id: None,
            fails_with: None,
            remediation: Vec::new(),
            remediation_note: None,
            remediation_alternatives: false,
            evidence: Evidence::default(),
            fingerprint: String::new(),
            locations: Vec::new(),
        }
    }

    pub fn evidence(
        mut self,
        property: &str,
        expected: Option<String>,
        found: Option<String>,
    ) -> Self {
        self.evidence = Evidence {
            property: Some(property.to_string()),
            expected,
            found,
        };
        self
    }

    pub fn fix(mut self, side: FixSide, command: String) -> Self {
        self.remediation.push(Remediation {
            command,
            side,
            irreversible: false,
        });
        self
    }

    pub fn fix_irreversible(mut self, side: FixSide, command: String) -> Self {
        self.remediation.push(Remediation {
            command,
            side,
            irreversible: true,
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.remediation_note = Some(note.into());
        self
    }

    /// Marks the commands as alternatives: exactly one of them is to be run.
    pub fn alternatives(mut self) -> Self {
        self.remediation_alternatives = true;
        self
    }

    pub fn fails_with(mut self, error: &'static str) -> Self {
        self.fails_with = Some(error);
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.locations.push(location);
        self
    }

    /// Computes the fingerprint: a stable hash of rule + object identity (+ property), so that
    /// a baseline survives a change of wording.
    pub fn seal(mut self) -> Self {
        let mut h = Sha256::new();
        h.update(self.rule.as_bytes());
        h.update([0]);
        let identity = self
            .object_id
            .as_deref()
            .or(self.source_object.as_deref())
            .or(self.target_object.as_deref())
            .unwrap_or("");
        h.update(identity.to_lowercase().as_bytes());
        h.update([0]);
        if self.object_id.is_none()
            && self.source_object.is_some()
            && let Some(t) = &self.target_object
        {
            h.update(t.to_lowercase().as_bytes());
        }
        h.update([0]);
        if let Some(p) = &self.evidence.property {
            h.update(p.as_bytes());
        }
        h.update([0]);
        // Two findings of one rule on one object and property differ by what was expected
        // (e.g. two missing x500 proxies); that value does not change when the fix is applied.
        if let Some(e) = &self.evidence.expected {
            h.update(e.to_lowercase().as_bytes());
        }
        if self.scope == Scope::Input || self.scope == Scope::Batch {
            // Input and batch findings have no object id; the place tells them apart.
            for l in &self.locations {
                h.update(l.file.as_bytes());
                h.update(l.record.unwrap_or(u32::MAX).to_le_bytes());
            }
            h.update(self.message.as_bytes());
        }
        let digest = h.finalize();
        self.fingerprint = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        self
    }

    /// The deterministic report order: (source_object, target_object, rule, property), then
    /// the rest, so equal keys still sort the same way every run.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.source_object.as_deref().map(str::to_lowercase),
            self.target_object.as_deref().map(str::to_lowercase),
            self.rule,
            self.evidence.property.as_deref(),
            &self.locations,
            &self.message,
            &self.fingerprint,
        )
    }
}
