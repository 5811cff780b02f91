//! ID004: a target MailUser that was once a mailbox keeps its previous mailbox information.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID004",
        name: "previous-mailbox-info",
        summary: "target user's PreviousRecipientTypeDetails is a mailbox type",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::User],
            props: &[Prop::PreviousRecipientTypeDetails],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let Some(user) = &target.user else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target has no Get-User record in the exports",
        );
    };
    let Some(previous) = user
        .previous_recipient_type_details
        .as_ref()
        .filter(|p| p.is_mailbox())
    else {
        return;
    };
    let clear = Cmd::new("Set-User")
        .identity(&target.command_identity())
        .switch("PermanentlyClearPreviousMailboxInfo");
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} was previously a mailbox (PreviousRecipientTypeDetails {}): its \
                 previous mailbox information must be cleared before the move",
                target.display_key(),
                previous.name()
            ),
        )
        .evidence(
            Prop::PreviousRecipientTypeDetails.name(),
            Some("None".into()),
            Some(previous.name().to_string()),
        )
        .fix_irreversible(FixSide::Target, clear.build())
        .note(
            "clearing the previous mailbox information is irreversible: the soft-deleted \
             mailbox of the target object is lost",
        ),
    );
}
