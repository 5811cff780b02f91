//! What a rule sees (the snapshot, the pairs, the options) and how it reports.

use super::RuleMeta;
use crate::finding::{Finding, Location, Scope};
use crate::model::{LicenceAssignment, MigrationKind, Origin, Recipient, Side, Snapshot};
use crate::pairing::{Pair, Pairing};
use crate::values::Guid;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Settings rules read. Every field has a documented default.
#[derive(Clone, Debug, Serialize)]
pub struct Options {
    /// `--target-delivery-domain`; default: the target's `*.onmicrosoft.com` accepted domain
    /// that is not `*.mail.onmicrosoft.com`; offboarding: none (the offboarding rules take each
    /// mailbox's on-premises primary domain).
    pub target_delivery_domain: Option<String>,
    /// Share of ProhibitSendReceiveQuota at which a mailbox is reported (warning), in percent.
    pub quota_warning_percent: u32,
    /// Mailboxes per batch above which a batch is reported.
    pub batch_size_limit: usize,
    pub source_tenant_id: Option<Guid>,
    pub target_tenant_id: Option<Guid>,
    /// `--target-version`: the on-premises Exchange version moved to (offboarding), major.minor.
    pub target_version: Option<(u32, u32)>,
    /// Days after which a side's export (its `mbxlint collect` manifest time) is reported as
    /// stale (IN002).
    pub max_export_age_days: u32,
    /// The day export ages are measured at; `None`: not known (the age is not checked).
    /// [`crate::check`] sets it to `CheckOptions::today` or the current UTC date.
    #[serde(skip)]
    pub today: Option<jiff::civil::Date>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target_delivery_domain: None,
            quota_warning_percent: 90,
            batch_size_limit: 2000,
            source_tenant_id: None,
            target_tenant_id: None,
            target_version: None,
            max_export_age_days: 7,
            today: None,
        }
    }
}

/// Everything a rule reads.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub kind: MigrationKind,
    pub pairing: &'a Pairing,
    pub options: &'a Options,
    /// Indexes over the snapshot, built on first use.
    pub derived: Derived,
}

/// Indexes over the snapshot that per-pair rules look things up in, built once per check on
/// first use: scanning a whole side for every pair is quadratic at tenant scale.
#[derive(Default)]
pub struct Derived {
    soft_deleted_targets: OnceLock<Vec<usize>>,
    licences: [OnceLock<LicenceIndex>; 2],
}

/// Licence assignments by the name (ASCII-lower-cased) and the object id they name.
#[derive(Default)]
struct LicenceIndex {
    by_name: HashMap<Box<str>, Vec<usize>>,
    by_id: HashMap<Guid, Vec<usize>>,
}

impl LicenceIndex {
    fn build(licences: &[LicenceAssignment]) -> Self {
        let mut index = LicenceIndex::default();
        for (i, l) in licences.iter().enumerate() {
            index
                .by_name
                .entry(l.user.to_ascii_lowercase().into())
                .or_default()
                .push(i);
            let parsed = Guid::parse(&l.user).ok();
            if let Some(g) = l.user_id {
                index.by_id.entry(g).or_default().push(i);
            }
            if let Some(g) = parsed.filter(|g| Some(*g) != l.user_id) {
                index.by_id.entry(g).or_default().push(i);
            }
        }
        index
    }
}

impl<'a> Context<'a> {
    /// Indexes into `snapshot.target.recipients` of soft-deleted or inactive objects.
    pub fn soft_deleted_targets(&self) -> &[usize] {
        self.derived.soft_deleted_targets.get_or_init(|| {
            self.snapshot
                .target
                .recipients
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_soft_deleted == Some(true) || r.is_inactive == Some(true))
                .map(|(i, _)| i)
                .collect()
        })
    }

    /// The licence assignments of `side` that name `object` (its UPN, primary SMTP address or
    /// object id), in export order.
    pub fn licences_of(&self, side: Side, object: &Recipient) -> Vec<&'a LicenceAssignment> {
        let licences = &self.snapshot.side(side).licences;
        if licences.is_empty() {
            return Vec::new();
        }
        let slot = match side {
            Side::Source => 0,
            Side::Target => 1,
        };
        let index = self.derived.licences[slot].get_or_init(|| LicenceIndex::build(licences));
        let mut hits: Vec<usize> = Vec::new();
        let names = [
            object.user_principal_name(),
            object.primary_smtp.as_ref().map(|s| s.as_str()),
        ];
        for name in names.into_iter().flatten() {
            if let Some(v) = index.by_name.get(name.to_ascii_lowercase().as_str()) {
                hits.extend_from_slice(v);
            }
        }
        if let Some(g) = object.external_directory_object_id.filter(|g| !g.is_nil())
            && let Some(v) = index.by_id.get(&g)
        {
            hits.extend_from_slice(v);
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|i| &licences[i]).collect()
    }

    pub fn source(&self, pair: &Pair) -> &'a Recipient {
        &self.snapshot.source.recipients[pair.source]
    }

    pub fn target(&self, pair: &Pair) -> Option<&'a Recipient> {
        pair.target.map(|t| &self.snapshot.target.recipients[t])
    }

    pub fn location(&self, origin: Origin) -> Location {
        Location {
            file: self.snapshot.file_path(&origin).to_string(),
            record: Some(origin.record),
            line: None,
        }
    }

    /// A finding about a pair, with both objects, the stable id and both records' locations.
    pub fn pair_finding(&self, meta: &RuleMeta, pair: &Pair, message: String) -> Finding {
        let source = self.source(pair);
        let target = self.target(pair);
        let mut f = Finding::new(meta.code, meta.severity, Scope::Pair, message);
        f.fails_with = meta.fails_with;
        f.source_object = Some(source.display_key());
        f.target_object = target.map(Recipient::display_key);
        f.object_id = source
            .stable_id()
            .or_else(|| target.and_then(Recipient::stable_id));
        f.locations.push(self.location(source.origin));
        if let Some(t) = target {
            f.locations.push(self.location(t.origin));
        }
        f
    }

    /// A finding about one object of either side.
    pub fn object_finding(&self, meta: &RuleMeta, object: &Recipient, message: String) -> Finding {
        let mut f = Finding::new(meta.code, meta.severity, Scope::Object, message);
        f.fails_with = meta.fails_with;
        match object.side {
            crate::model::Side::Source => f.source_object = Some(object.display_key()),
            crate::model::Side::Target => f.target_object = Some(object.display_key()),
        }
        f.object_id = object.stable_id();
        f.locations.push(self.location(object.origin));
        f
    }

    /// A finding about the tenant, a batch or an input, with no object.
    pub fn finding(&self, meta: &RuleMeta, scope: Scope, message: String) -> Finding {
        let mut f = Finding::new(meta.code, meta.severity, scope, message);
        f.fails_with = meta.fails_with;
        f
    }
}

/// A rule that could not look at an object (or at anything).
#[derive(Clone, Debug, Serialize)]
pub struct NotEvaluated {
    pub rule: &'static str,
    pub scope: Scope,
    /// The names are shared with the snapshot and the report's object list: a rule that cannot
    /// evaluate any pair of a large tenant adds one small entry per pair, not four strings.
    pub source_object: Option<Arc<str>>,
    pub target_object: Option<Arc<str>>,
    pub object_id: Option<Guid>,
    pub reason: Cow<'static, str>,
}

/// Collects what one rule reports.
pub struct Emitter {
    pub rule: &'static RuleMeta,
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    /// Objects the rule looked at.
    pub checked: u64,
    /// Objects with at least one finding.
    pub failed: u64,
    current_failed: bool,
    current_skipped: bool,
}

impl Emitter {
    pub fn new(rule: &'static RuleMeta) -> Self {
        Emitter {
            rule,
            findings: Vec::new(),
            not_evaluated: Vec::new(),
            checked: 0,
            failed: 0,
            current_failed: false,
            current_skipped: false,
        }
    }

    pub fn emit(&mut self, finding: Finding) {
        self.current_failed = true;
        self.findings.push(finding.seal());
    }

    /// The rule could not evaluate this pair: say why.
    pub fn not_evaluated(
        &mut self,
        ctx: &Context,
        pair: &Pair,
        reason: impl Into<Cow<'static, str>>,
    ) {
        self.current_skipped = true;
        let source = ctx.source(pair);
        let target = ctx.target(pair);
        self.not_evaluated.push(NotEvaluated {
            rule: self.rule.code,
            scope: Scope::Pair,
            source_object: Some(source.report_name()),
            target_object: target.map(Recipient::report_name),
            object_id: source.stable_guid(),
            reason: reason.into(),
        });
    }

    /// The rule could not evaluate something that is not a pair (a once-rule's input, or one
    /// object): say why.
    pub fn not_evaluated_object(
        &mut self,
        scope: Scope,
        object: Option<&Recipient>,
        reason: impl Into<Cow<'static, str>>,
    ) {
        self.current_skipped = true;
        let side = object.map(|o| o.side);
        self.not_evaluated.push(NotEvaluated {
            rule: self.rule.code,
            scope,
            source_object: object
                .filter(|_| side == Some(crate::model::Side::Source))
                .map(Recipient::report_name),
            target_object: object
                .filter(|_| side == Some(crate::model::Side::Target))
                .map(Recipient::report_name),
            object_id: object.and_then(Recipient::stable_guid),
            reason: reason.into(),
        });
    }

    /// The rule does not apply to this pair (e.g. no target: the pairing rule reports that).
    pub fn skip(&mut self) {
        self.current_skipped = true;
    }

    pub(super) fn begin_object(&mut self) {
        self.current_failed = false;
        self.current_skipped = false;
    }

    pub(super) fn end_object(&mut self) {
        if !self.current_skipped || self.current_failed {
            self.checked += 1;
        }
        if self.current_failed {
            self.failed += 1;
        }
    }

    pub(super) fn absorb(&mut self, other: Emitter) {
        self.findings.extend(other.findings);
        self.not_evaluated.extend(other.not_evaluated);
        self.checked += other.checked;
        self.failed += other.failed;
    }
}
