//! BT004: a batch entry names nothing that can be moved.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{Location, Scope, Severity};
use crate::pairing::BatchProblem;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT004",
        name: "batch-entry-unmatched",
        summary: "batch entry matches no mailbox that can be moved",
        severity: Severity::Error,
        scope: Scope::Batch,
        kinds: kinds::ALL,
        needs: &[],
        fails_with: Some("MigrationRecipientNotFoundException"),
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let snap = ctx.snapshot;
    for problem in &ctx.pairing.batch_problems {
        let (batch, entry, message) = match problem {
            BatchProblem::NoMatch { batch, entry } => (
                *batch,
                *entry,
                "matches no object in the exports".to_string(),
            ),
            BatchProblem::UnpairedTarget {
                batch,
                entry,
                target,
            } => (
                *batch,
                *entry,
                format!(
                    "names target {}, which is paired with no source mailbox",
                    snap.target.recipients[*target].display_key()
                ),
            ),
            BatchProblem::SourceAddress { .. } => continue,
        };
        let b = &snap.batches[batch];
        let en = &b.entries[entry];
        let f = ctx
            .finding(
                &RULE.meta,
                Scope::Batch,
                format!(
                    "{} (line {}) {message}",
                    en.address.as_str(),
                    en.origin.record + 2
                ),
            )
            .evidence("EmailAddress", None, Some(en.address.as_str().to_string()))
            .at(Location {
                file: b.name.clone(),
                record: Some(en.origin.record),
                line: None,
            })
            .note("check the address for typos, and that the exports include this mailbox and its target object");
        e.emit(f);
    }
}
