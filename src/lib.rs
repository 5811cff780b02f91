//! mbxlint: offline pre-flight linter for Exchange / Microsoft 365 mailbox migrations.
//!
//! Data flows one way: export files → [`import`] (typed [`model::Snapshot`]) →
//! [`pairing`] → [`rules`] (findings) → [`report`] (formats). [`load`] and [`check`] are the
//! library's entry points; the binary only parses arguments.

pub mod baseline;
pub mod cli;
pub mod collect;
pub mod config;
pub mod finding;
pub mod import;
pub mod kind;
pub mod model;
pub mod pairing;
pub mod policy;
pub mod powershell;
pub mod progress;
pub mod ready_batches;
pub mod redact;
pub mod report;
pub mod rules;
pub mod trace;
pub mod values;

pub use import::{LoadError, LoadOptions, load};
pub use report::Report;

use finding::Severity;
use model::{MigrationKind, Snapshot};

/// How to check.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The migration kind; `None` to detect it from the snapshot.
    pub kind: Option<MigrationKind>,
    /// Settings the rules read.
    pub rules: rules::Options,
    /// Rule codes or prefixes to run (empty: all).
    pub select: Vec<String>,
    /// Rule codes or prefixes not to run.
    pub ignore: Vec<String>,
    /// Per-rule severity overrides (upper-case rule code).
    pub severity: std::collections::BTreeMap<String, Severity>,
    /// Per-object ignores from the configuration.
    pub object_ignores: Vec<config::ObjectIgnore>,
    /// Accepted findings.
    pub baseline: Option<baseline::Baseline>,
    /// The day expiry dates are compared with; `None`: today.
    pub today: Option<jiff::civil::Date>,
}

/// Why a check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The kind could not be decided; the message says what was seen.
    #[error("{0}")]
    Kind(String),
}

/// Whether a rule code matches one of the codes or prefixes (case-insensitive): `--select`,
/// `--ignore` and a per-object ignore's `rule` all mean the same thing.
pub(crate) fn matches_prefix(code: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        code.to_ascii_uppercase()
            .starts_with(&p.trim().to_ascii_uppercase())
    })
}

/// Checks a snapshot: decides the kind, pairs, runs the rules and builds the report.
pub fn check(snapshot: &Snapshot, options: &CheckOptions) -> Result<Report, CheckError> {
    let (kind, kind_reason) = kind::decide(snapshot, options.kind)
        .or_else(|e| manifest_kind(snapshot).ok_or(e))
        .map_err(CheckError::Kind)?;
    let pairing = pairing::pair(snapshot, kind);
    crate::trace::phase("check: paired");
    let mut rule_options = options.rules.clone();
    if rule_options.target_delivery_domain.is_none() {
        rule_options.target_delivery_domain = default_delivery_domain(snapshot, kind);
    }
    // Tenant IDs the collect manifests recorded, when no flag or configuration gave them.
    let manifests = &snapshot.manifests;
    if rule_options.source_tenant_id.is_none() {
        rule_options.source_tenant_id = manifests.source.as_ref().and_then(|m| m.tenant_id);
    }
    if rule_options.target_tenant_id.is_none() {
        rule_options.target_tenant_id = manifests.target.as_ref().and_then(|m| m.tenant_id);
    }
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    rule_options.today.get_or_insert(today);
    let ctx = rules::Context {
        snapshot,
        kind,
        pairing: &pairing,
        options: &rule_options,
        derived: Default::default(),
    };
    let selected = |rule: &rules::Rule| {
        let code = rule.meta.code;
        (options.select.is_empty() || matches_prefix(code, &options.select))
            && !matches_prefix(code, &options.ignore)
    };
    let mut result = rules::run(&ctx, &selected);
    crate::trace::phase("check: rules run");
    let applied = policy::apply(
        std::mem::take(&mut result.findings),
        &options.severity,
        &options.object_ignores,
        options.baseline.as_ref(),
        today,
    );
    result.findings = applied.findings;
    let mut report = Report::build(snapshot, &ctx, kind_reason, result);
    crate::trace::phase("check: report built");
    report.summary.suppressed = applied.suppressed.len() as u64;
    report.suppressed = applied.suppressed;
    report.policy = applied.notes;
    Ok(report)
}

/// The migration kind both `mbxlint collect` manifests name (or the one manifest present), for
/// when the exports themselves do not tell it.
fn manifest_kind(snapshot: &Snapshot) -> Option<(MigrationKind, String)> {
    let m = &snapshot.manifests;
    let kinds: Vec<MigrationKind> = [&m.source, &m.target]
        .into_iter()
        .filter_map(|m| m.as_ref().and_then(|m| m.kind))
        .collect();
    let first = *kinds.first()?;
    kinds.iter().all(|k| *k == first).then(|| {
        (
            first,
            "from the mbxlint collect manifests (the exports alone do not tell it)".to_string(),
        )
    })
}

/// The target delivery domain a batch would use when none is given.
fn default_delivery_domain(snapshot: &Snapshot, kind: MigrationKind) -> Option<String> {
    let domains = match kind {
        MigrationKind::CrossTenant | MigrationKind::Onboarding => &snapshot.target.accepted_domains,
        // Offboarding delivers to the on-premises domain, which the accepted domains cannot
        // single out: the offboarding rules take each mailbox's on-premises primary domain.
        MigrationKind::Offboarding => return None,
    };
    let want_mail = kind != MigrationKind::CrossTenant;
    let mut found: Vec<String> = domains
        .iter()
        .map(|d| d.domain_name.to_lowercase())
        .filter(|d| {
            d.ends_with(".onmicrosoft.com") && (d.ends_with(".mail.onmicrosoft.com") == want_mail)
        })
        .collect();
    found.sort();
    found.into_iter().next().or_else(|| {
        // Onboarding: the routing domain is `<tenant>.mail.onmicrosoft.com`, named after the
        // initial `<tenant>.onmicrosoft.com` domain even when it is missing (HY003 says so).
        (kind == MigrationKind::Onboarding)
            .then(|| rules::hybrid::routing_domain_from_initial(domains))
            .flatten()
    })
}

/// The exit code for a report: 0 nothing at or above `fail_on`, 1 otherwise, 3 when nothing
/// usable was read.
pub fn exit_code(report: &Report, fail_on: Severity) -> i32 {
    if report.nothing_read() {
        return 3;
    }
    if report.findings.iter().any(|f| f.severity >= fail_on) {
        1
    } else {
        0
    }
}
