//! AR003: a source mailbox with a disabled (demoted) archive cannot be moved.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "AR003",
        name: "demoted-archive",
        summary: "source mailbox has a disabled archive (DisabledArchiveGuid set)",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::DisabledArchiveGuid],
        }],
        fails_with: Some("UserAlreadyHasDemotedArchiveException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(disabled) = source.disabled_archive_guid else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's DisabledArchiveGuid is not in the export",
        );
    };
    if disabled.is_nil() {
        return;
    }
    let id = source.command_identity();
    let remove = Cmd::new("Set-Mailbox")
        .identity(&id)
        .switch("RemoveDisabledArchive");
    let enable = Cmd::new("Enable-Mailbox").identity(&id).switch("Archive");
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} has a disabled archive ({disabled}): the move fails until it \
                 is removed or re-enabled",
                source.display_key()
            ),
        )
        .evidence(
            Prop::DisabledArchiveGuid.name(),
            Some("00000000-0000-0000-0000-000000000000".into()),
            Some(disabled.to_string()),
        )
        .fix_irreversible(FixSide::Source, remove.build())
        .fix(FixSide::Source, enable.build())
        .alternatives()
        .note(
            "choose one: remove the disabled archive permanently (irreversible), or re-enable it \
             and then set the re-enabled ArchiveGuid on the target MailUser (see ID002)",
        ),
    );
}
