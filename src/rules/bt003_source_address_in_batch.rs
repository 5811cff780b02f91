//! BT003: a cross-tenant batch entry is the source mailbox's address instead of the target's.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{Location, Scope, Severity};
use crate::pairing::BatchProblem;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT003",
        name: "batch-source-address",
        summary: "batch entry is the source address; cross-tenant batches take the target address",
        severity: Severity::Error,
        scope: Scope::Batch,
        kinds: kinds::CROSS_TENANT,
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let snap = ctx.snapshot;
    for problem in &ctx.pairing.batch_problems {
        let BatchProblem::SourceAddress {
            batch,
            entry,
            source,
            target,
        } = problem
        else {
            continue;
        };
        let b = &snap.batches[*batch];
        let en = &b.entries[*entry];
        let src = &snap.source.recipients[*source];
        let target = target.map(|t| &snap.target.recipients[t]);
        let expected = target
            .and_then(|t| t.primary_smtp.as_ref())
            .map(|a| a.as_str().to_string());
        let mut f = ctx
            .finding(
                &RULE.meta,
                Scope::Batch,
                format!(
                    "{} (line {}) is the source mailbox's address; a cross-tenant batch must list \
                     the target tenant's address{}",
                    en.address.as_str(),
                    en.origin.record + 2,
                    expected
                        .as_ref()
                        .map(|a| format!(" ({a})"))
                        .unwrap_or_default()
                ),
            )
            .evidence("EmailAddress", expected, Some(en.address.as_str().to_string()))
            .at(Location {
                file: b.name.clone(),
                record: Some(en.origin.record),
                line: None,
            })
            .note("replace the address in the batch file with the target MailUser's primary SMTP address");
        f.source_object = Some(src.display_key());
        f.object_id = src.stable_id();
        e.emit(f);
    }
}
