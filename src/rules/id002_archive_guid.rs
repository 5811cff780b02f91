//! ID002: the target MailUser must carry the source mailbox's ArchiveGuid, and no other.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID002",
        name: "archive-guid-mismatch",
        summary: "target ArchiveGuid missing or different from the source archive's, or set when \
                  the source has no archive",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
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
    let source = ctx.source(pair);
    let Some(want) = source.archive_guid else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's ArchiveGuid is not in the export",
        );
    };
    let Some(found) = target.archive_guid else {
        return e.not_evaluated(ctx, pair, "the target's ArchiveGuid is not in the export");
    };
    if found == want || (found.is_nil() && want.is_nil()) {
        return;
    }
    let meta = &RULE.meta;
    if want.is_nil() {
        let finding = ctx
            .pair_finding(
                meta,
                pair,
                format!(
                    "target {} has ArchiveGuid {found}, but the source mailbox has no archive",
                    target.display_key()
                ),
            )
            .evidence(
                Prop::ArchiveGuid.name(),
                Some(want.to_string()),
                Some(found.to_string()),
            )
            .note(
                "the target expects an archive the source does not have: check that the pair is \
                 right, and that the source archive was not disabled (see AR003); otherwise \
                 remove the archive GUID from the target object",
            );
        return e.emit(finding);
    }
    let message = if found.is_nil() {
        format!(
            "target {} has no ArchiveGuid; the source mailbox has an archive ({want}), and the \
             move will not proceed without it",
            target.display_key()
        )
    } else {
        format!(
            "target {} has ArchiveGuid {found}, but the source archive's is {want}",
            target.display_key()
        )
    };
    let finding = ctx.pair_finding(meta, pair, message).evidence(
        Prop::ArchiveGuid.name(),
        Some(want.to_string()),
        Some(found.to_string()),
    );
    let cmd = Cmd::new("Set-MailUser")
        .identity(&target.command_identity())
        .param("ArchiveGuid", &want.to_string());
    e.emit(fix::on_target(finding, target, cmd));
}
