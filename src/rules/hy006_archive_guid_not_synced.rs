//! HY006: with an archive, the cloud MailUser must carry the on-premises ArchiveGuid.

use super::hy005_exchange_guid_not_synced::{is_cloud_mailbox, sync_fix};
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY006",
        name: "archive-guid-not-synced",
        summary: "on-premises mailbox has an archive; cloud MailUser ArchiveGuid missing or different",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::ArchiveGuid],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::ArchiveGuid],
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
    if is_cloud_mailbox(target) {
        return e.skip();
    }
    let source = ctx.source(pair);
    let Some(want) = source.archive_guid else {
        return e.not_evaluated(
            ctx,
            pair,
            "the on-premises mailbox's ArchiveGuid is not in the export",
        );
    };
    if want.is_nil() {
        return; // no archive
    }
    let Some(found) = target.archive_guid else {
        return e.not_evaluated(ctx, pair, "the target's ArchiveGuid is not in the export");
    };
    if found == want {
        return;
    }
    let message = if found.is_nil() {
        format!(
            "on-premises mailbox {} has an archive ({want}), but Exchange Online MailUser {} has \
             no ArchiveGuid: the archive cannot move",
            source.display_key(),
            target.display_key()
        )
    } else {
        format!(
            "Exchange Online MailUser {} has ArchiveGuid {found}, but the on-premises archive's \
             is {want}",
            target.display_key()
        )
    };
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::ArchiveGuid.name(),
        Some(want.to_string()),
        Some(found.to_string()),
    );
    e.emit(sync_fix(
        finding,
        target,
        "ArchiveGuid",
        "msExchArchiveGUID",
        want,
    ));
}
