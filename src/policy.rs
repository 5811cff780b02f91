//! What the configuration and the baseline do to findings once the rules have run: severity
//! overrides, per-object ignores (with reason and expiry) and baseline suppression, with notes
//! for expired or unused ignores and stale baseline entries.

use crate::baseline::Baseline;
use crate::config::ObjectIgnore;
use crate::finding::{Finding, Severity};
use crate::report::{PolicyNote, Suppressed, SuppressedBy};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// What is left after the policy, what it removed, and what the user must look at.
pub struct Applied {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub notes: Vec<PolicyNote>,
}

/// Applies severity overrides, then per-object ignores, then the baseline.
pub fn apply(
    findings: Vec<Finding>,
    severity: &BTreeMap<String, Severity>,
    ignores: &[ObjectIgnore],
    baseline: Option<&Baseline>,
    today: Date,
) -> Applied {
    let mut notes = Vec::new();
    let mut active: Vec<(&ObjectIgnore, bool)> = Vec::new();
    for ig in ignores {
        if ig.expired(today) {
            notes.push(PolicyNote {
                kind: "expired-ignore",
                message: format!(
                    "the ignore of {} for {} expired on {} and no longer applies (reason given: {})",
                    ig.rule.as_deref().unwrap_or("every rule"),
                    ig.object,
                    ig.expires.map(|d| d.to_string()).unwrap_or_default(),
                    ig.reason
                ),
            });
        } else {
            active.push((ig, false));
        }
    }
    let mut baseline_used = vec![false; baseline.map_or(0, |b| b.entries.len())];
    let mut kept = Vec::with_capacity(findings.len());
    let mut suppressed = Vec::new();
    for mut f in findings {
        if let Some(s) = severity.get(f.rule) {
            f.severity = *s;
        }
        let objects = [
            f.source_object.as_deref(),
            f.target_object.as_deref(),
            f.object_id.as_deref(),
        ];
        if let Some((ig, used)) = active
            .iter_mut()
            .find(|(ig, _)| ig.covers(f.rule, &objects))
        {
            *used = true;
            suppressed.push(Suppressed {
                by: SuppressedBy::Config {
                    reason: ig.reason.clone(),
                },
                finding: f,
            });
            continue;
        }
        if let Some(b) = baseline
            && let Some(i) = b.entries.iter().position(|e| e.accepts(&f))
        {
            baseline_used[i] = true;
            suppressed.push(Suppressed {
                by: SuppressedBy::Baseline,
                finding: f,
            });
            continue;
        }
        kept.push(f);
    }
    for (ig, used) in active {
        if !used {
            notes.push(PolicyNote {
                kind: "unused-ignore",
                message: format!(
                    "the ignore of {} for {} matched no finding; remove it from the configuration",
                    ig.rule.as_deref().unwrap_or("every rule"),
                    ig.object
                ),
            });
        }
    }
    if let Some(b) = baseline {
        for (e, used) in b.entries.iter().zip(baseline_used) {
            if !used {
                notes.push(PolicyNote {
                    kind: "stale-baseline",
                    message: format!(
                        "baseline entry {} on {} no longer occurs (fixed?); re-write the baseline with --write-baseline",
                        e.rule,
                        e.object.as_deref().unwrap_or("(no object)")
                    ),
                });
            }
        }
    }
    Applied {
        findings: kept,
        suppressed,
        notes,
    }
}
