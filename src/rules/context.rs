//! What a rule sees (the snapshot, the pairs, the options) and how it reports.

use super::RuleMeta;
use crate::finding::{Finding, Location, Scope};
use crate::model::{MigrationKind, Origin, Recipient, Snapshot};
use crate::pairing::{Pair, Pairing};
use crate::values::Guid;
use serde::Serialize;

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
}

impl<'a> Context<'a> {
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
    pub source_object: Option<String>,
    pub target_object: Option<String>,
    pub object_id: Option<String>,
    pub reason: String,
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
    pub fn not_evaluated(&mut self, ctx: &Context, pair: &Pair, reason: impl Into<String>) {
        self.current_skipped = true;
        let source = ctx.source(pair);
        let target = ctx.target(pair);
        self.not_evaluated.push(NotEvaluated {
            rule: self.rule.code,
            scope: Scope::Pair,
            source_object: Some(source.display_key()),
            target_object: target.map(Recipient::display_key),
            object_id: source.stable_id(),
            reason: reason.into(),
        });
    }

    /// The rule could not evaluate something that is not a pair (a once-rule's input, or one
    /// object): say why.
    pub fn not_evaluated_object(
        &mut self,
        scope: Scope,
        object: Option<&Recipient>,
        reason: impl Into<String>,
    ) {
        self.current_skipped = true;
        let side = object.map(|o| o.side);
        self.not_evaluated.push(NotEvaluated {
            rule: self.rule.code,
            scope,
            source_object: object
                .filter(|_| side == Some(crate::model::Side::Source))
                .map(Recipient::display_key),
            target_object: object
                .filter(|_| side == Some(crate::model::Side::Target))
                .map(Recipient::display_key),
            object_id: object.and_then(Recipient::stable_id),
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
