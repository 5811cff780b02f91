//! HD001: a source mailbox on any kind of hold is not moved.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HD001",
        name: "mailbox-on-hold",
        summary: "source mailbox is on a hold (litigation, retention, eDiscovery, delay)",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[
                Prop::LitigationHoldEnabled,
                Prop::ComplianceTagHoldApplied,
                Prop::DelayHoldApplied,
                Prop::DelayReleaseHoldApplied,
                Prop::InPlaceHolds,
            ],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    if source.litigation_hold.is_none()
        && source.compliance_tag_hold.is_none()
        && source.delay_hold.is_none()
        && source.delay_release_hold.is_none()
        && source.in_place_holds.is_none()
    {
        return e.not_evaluated(
            ctx,
            pair,
            "none of the source mailbox's hold properties (LitigationHoldEnabled, \
             ComplianceTagHoldApplied, DelayHoldApplied, DelayReleaseHoldApplied, InPlaceHolds) \
             is in the export",
        );
    }
    let meta = &RULE.meta;
    let who = source.display_key();
    let id = source.command_identity();
    let flag = |prop: Prop, what: &str| {
        ctx.pair_finding(
            meta,
            pair,
            format!("source mailbox {who} is on {what}: mailboxes on hold are not moved"),
        )
        .evidence(prop.name(), Some("False".into()), Some("True".into()))
    };
    if source.litigation_hold == Some(true) {
        let cmd = Cmd::new("Set-Mailbox")
            .identity(&id)
            .param_code("LitigationHoldEnabled", "$false");
        e.emit(
            flag(Prop::LitigationHoldEnabled, "litigation hold")
                .fix(FixSide::Source, cmd.build())
                .note("releasing the hold lets retained content be purged: confirm with legal"),
        );
    }
    if source.compliance_tag_hold == Some(true) {
        e.emit(
            flag(
                Prop::ComplianceTagHoldApplied,
                "a retention-label (compliance tag) hold",
            )
            .note(
                "items carry a retention label that marks them as records or holds them: \
                 remove the label from the items or change the label policy",
            ),
        );
    }
    if source.delay_hold == Some(true) {
        let cmd = Cmd::new("Set-Mailbox")
            .identity(&id)
            .switch("RemoveDelayHoldApplied");
        e.emit(
            flag(Prop::DelayHoldApplied, "a delay hold")
                .fix_irreversible(FixSide::Source, cmd.build())
                .note(
                    "a delay hold is placed for 30 days after a hold is removed; wait it out, \
                     or remove it deliberately (content it keeps can then be purged)",
                ),
        );
    }
    if source.delay_release_hold == Some(true) {
        let cmd = Cmd::new("Set-Mailbox")
            .identity(&id)
            .switch("RemoveDelayReleaseHoldApplied");
        e.emit(
            flag(Prop::DelayReleaseHoldApplied, "a delay-release hold")
                .fix_irreversible(FixSide::Source, cmd.build())
                .note(
                    "a delay-release hold follows the removal of a cloud-based hold; wait it \
                     out, or remove it deliberately (content it keeps can then be purged)",
                ),
        );
    }
    let blocking: Vec<String> = source
        .in_place_holds
        .iter()
        .flatten()
        .filter(|h| h.blocks_mailbox_move())
        .map(|h| h.raw.to_string())
        .collect();
    if !blocking.is_empty() {
        let list = blocking.join(", ");
        e.emit(
            ctx.pair_finding(
                meta,
                pair,
                format!(
                    "source mailbox {who} is on retention or eDiscovery hold ({list}): mailboxes \
                     on hold are not moved"
                ),
            )
            .evidence(Prop::InPlaceHolds.name(), None, Some(list))
            .note(
                "exclude the mailbox from the retention policy or remove it from the eDiscovery \
                 case (Get-RetentionCompliancePolicy / Get-CaseHoldPolicy name the policy by its \
                 GUID)",
            ),
        );
    }
}
