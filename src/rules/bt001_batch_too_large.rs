//! BT001: a batch file lists more mailboxes than are recommended in one batch.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{Location, Scope, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT001",
        name: "batch-too-large",
        summary: "batch file lists more mailboxes than the recommended batch size",
        severity: Severity::Warning,
        scope: Scope::Batch,
        kinds: kinds::ALL,
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let limit = ctx.options.batch_size_limit;
    for b in &ctx.snapshot.batches {
        let n = b.entries.len();
        if n <= limit {
            continue;
        }
        let f = ctx
            .finding(
                &RULE.meta,
                Scope::Batch,
                format!(
                    "batch {} lists {n} mailboxes; batches of more than {limit} are not recommended",
                    b.name
                ),
            )
            .evidence("EmailAddress", Some(format!("<= {limit} entries")), Some(format!("{n} entries")))
            .at(Location {
                file: b.name.clone(),
                record: None,
                line: None,
            })
            .note(format!("split the batch file into batches of at most {limit} mailboxes"));
        e.emit(f);
    }
}
