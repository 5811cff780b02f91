//! AR001: a source mailbox with more than 12 auxiliary archives cannot be moved.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;

/// The most auxiliary archives a cross-tenant move supports.
const MAX_AUX_ARCHIVES: u32 = 12;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "AR001",
        name: "too-many-aux-archives",
        summary: "source mailbox has more than 12 auxiliary archives",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::MailboxLocations],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(aux) = source.aux_archives else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's MailboxLocations are not in the export",
        );
    };
    if aux <= MAX_AUX_ARCHIVES {
        return;
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} has {aux} auxiliary archives; a cross-tenant move supports at \
                 most {MAX_AUX_ARCHIVES}",
                source.display_key()
            ),
        )
        .evidence(
            Prop::MailboxLocations.name(),
            Some(format!("at most {MAX_AUX_ARCHIVES} AuxArchive")),
            Some(format!("{aux} AuxArchive")),
        )
        .note(
            "there is no supported way to merge auxiliary archives: the mailbox cannot be moved \
             with a cross-tenant move; plan another way to move its archive content",
        ),
    );
}
