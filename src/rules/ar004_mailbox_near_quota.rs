//! AR004: a source mailbox at or near its ProhibitSendReceiveQuota.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::values::{PackedQuota, Quota};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "AR004",
        name: "mailbox-near-quota",
        summary: "source mailbox size at or near its ProhibitSendReceiveQuota",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::ProhibitSendReceiveQuota],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::MailboxStatistics],
                props: &[Prop::TotalItemSize],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(size) = source.stats.as_ref().and_then(|s| s.total_item_size) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's TotalItemSize (Get-MailboxStatistics) is not in the export",
        );
    };
    let Some(quota) = source.prohibit_send_receive_quota.map(PackedQuota::get) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's ProhibitSendReceiveQuota is not in the export",
        );
    };
    let Quota::Limited(limit) = quota else {
        return;
    };
    let size_bytes = u128::from(size.bytes());
    let limit_bytes = u128::from(limit.bytes());
    // A zero quota: any content is over it.
    let percent = (size_bytes * 100)
        .checked_div(limit_bytes)
        .unwrap_or(if size_bytes == 0 { 0 } else { u128::MAX });
    let warn_at = u128::from(ctx.options.quota_warning_percent);
    if percent < warn_at && percent < 100 {
        return;
    }
    let over = percent >= 100;
    let shown = if percent == u128::MAX {
        "over".to_string()
    } else {
        format!("{percent}% of")
    };
    let mut finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} is {size}, {shown} its ProhibitSendReceiveQuota ({limit}): \
                 the move fails if it goes over quota while moving",
                source.display_key()
            ),
        )
        .evidence(
            Prop::TotalItemSize.name(),
            Some(format!("below {warn_at}% of {limit}")),
            Some(size.to_string()),
        )
        .note(
            "reduce the mailbox size, or move content to the archive (enable an archive or \
             auto-expanding archiving) before the move",
        );
    if over {
        finding = finding.severity(Severity::Error);
    }
    e.emit(finding);
}
