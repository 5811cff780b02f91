//! HY055: an Exchange Online archive larger than the on-premises archive quota.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, offboard};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::values::{ByteSize, PackedQuota};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY055",
        name: "offboard-archive-over-onprem-quota",
        summary: "Exchange Online archive is larger than the on-premises ArchiveQuota",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::MailboxStatistics],
                props: &[Prop::TotalItemSize, Prop::TotalDeletedItemSize],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::RemoteMailbox, ExportKind::MailUser],
                props: &[Prop::ArchiveQuota],
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
    // No archive, or one that stays in the cloud (HY054): nothing moves on-premises.
    if source.has_archive() != Some(true) || offboard::archive_stays(ctx, source) {
        return;
    }
    let Some(items) = source
        .archive_stats
        .as_ref()
        .and_then(|s| s.total_item_size)
    else {
        return e.not_evaluated(
            ctx,
            pair,
            "no Get-MailboxStatistics -Archive record (TotalItemSize) for the archive",
        );
    };
    let deleted = source
        .archive_stats
        .as_ref()
        .and_then(|s| s.total_deleted_item_size)
        .unwrap_or_default();
    let Some(quota) = target.archive_quota.map(PackedQuota::get) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the on-premises object's ArchiveQuota is not in the export",
        );
    };
    let Some(limit) = quota.limit() else {
        return;
    };
    let total = ByteSize(items.0.saturating_add(deleted.0));
    if total <= limit {
        return;
    }
    let message = format!(
        "the Exchange Online archive of {} holds {total} (items {items}, deleted items \
         {deleted}), more than the on-premises ArchiveQuota {limit} of {}",
        source.display_key(),
        target.display_key()
    );
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::ArchiveQuota.name(),
        Some(format!("at least {total}")),
        Some(limit.to_string()),
    );
    e.emit(offboard::with_move_request(
        finding,
        ctx,
        pair,
        true,
        "raise the on-premises archive quota (Set-Mailbox -ArchiveQuota, on the database or \
         after the move), clean up the archive first, or keep the archive in Exchange Online \
         and move the primary mailbox only, as below",
    ));
}
