//! IN001: a file, record or value of the exports could not be read.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{Location, Scope, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "IN001",
        name: "unreadable-input",
        summary: "an export file, record or value could not be read",
        severity: Severity::Error,
        scope: Scope::Input,
        kinds: kinds::ALL,
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    for input in &ctx.snapshot.inputs {
        for issue in &input.issues {
            let mut message = String::new();
            if let Some(r) = issue.record {
                message.push_str(&format!("record {}", r + 1));
                if let Some(id) = &issue.identity {
                    message.push_str(&format!(" ({id})"));
                }
                message.push_str(": ");
            }
            message.push_str(&issue.message);
            let mut f = ctx.finding(&RULE.meta, Scope::Input, message).at(Location {
                file: input.path.clone(),
                record: issue.record,
                line: issue.line,
            });
            if let Some(p) = &issue.property {
                f = f.evidence(p, None, None);
            }
            if let Some(h) = &issue.hint {
                f = f.note(h.clone());
            }
            if issue.warning {
                f = f.severity(Severity::Warning);
            }
            e.emit(f);
        }
    }
}
