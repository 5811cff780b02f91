//! AR005: the source Recoverable Items must fit the target's RecoverableItemsQuota.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::values::{PackedQuota, Quota};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "AR005",
        name: "recoverable-items-over-target-quota",
        summary: "source TotalDeletedItemSize exceeds the target's RecoverableItemsQuota",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::MailboxStatistics],
                props: &[Prop::TotalDeletedItemSize],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::RecoverableItemsQuota],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(deleted) = source
        .stats
        .as_ref()
        .and_then(|s| s.total_deleted_item_size)
    else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's TotalDeletedItemSize (Get-MailboxStatistics) is not in the \
             export",
        );
    };
    let Some(quota) = target.recoverable_items_quota.map(PackedQuota::get) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's RecoverableItemsQuota is not in the export",
        );
    };
    let Quota::Limited(limit) = quota else {
        return;
    };
    if deleted.bytes() <= limit.bytes() {
        return;
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} has {deleted} of Recoverable Items, more than the \
                 RecoverableItemsQuota of target {} ({limit}): the move may fail",
                source.display_key(),
                target.display_key()
            ),
        )
        .evidence(
            Prop::TotalDeletedItemSize.name(),
            Some(format!("at most {limit}")),
            Some(deleted.to_string()),
        )
        .note(
            "reduce the source Recoverable Items folder (release holds, purge it) or raise the \
             target's RecoverableItemsQuota before the move",
        ),
    );
}
