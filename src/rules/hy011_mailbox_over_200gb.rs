//! HY011: mailboxes over 200 GB are outside what Microsoft supports for hybrid moves.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::values::ByteSize;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY011",
        name: "mailbox-over-200gb",
        summary: "on-premises mailbox (items plus recoverable items) larger than 200 GB",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::MailboxStatistics],
            props: &[Prop::TotalItemSize, Prop::TotalDeletedItemSize],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// 200 GB as Exchange counts it (GiB).
pub const LIMIT: ByteSize = ByteSize(200 * 1024 * 1024 * 1024);

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(items) = source.stats.as_ref().and_then(|s| s.total_item_size) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the mailbox has no Get-MailboxStatistics TotalItemSize in the exports",
        );
    };
    let deleted = source
        .stats
        .as_ref()
        .and_then(|s| s.total_deleted_item_size)
        .unwrap_or_default();
    let total = ByteSize(items.0.saturating_add(deleted.0));
    if total <= LIMIT {
        return;
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "on-premises mailbox {} holds {total} (items and recoverable items): Microsoft's \
                 move estimates list mailboxes over 200 GB as not supported",
                source.display_key()
            ),
        )
        .evidence(
            Prop::TotalItemSize.name(),
            Some(format!("at most {LIMIT}")),
            Some(total.to_string()),
        )
        .note(
            "make the primary mailbox smaller before the move: move old items to the archive \
             (a retention policy or an archive already in Exchange Online, see HY009), empty \
             Recoverable Items where no hold applies",
        ),
    );
}
