//! ID003: the target object must be a MailUser, not already a mailbox.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{RecipientSource, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID003",
        name: "target-already-mailbox",
        summary: "the target object is already a mailbox, not a MailUser",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::MailUser, ExportKind::Mailbox],
            props: &[Prop::RecipientTypeDetails],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let details = target.recipient_type_details.as_ref();
    let is_mailbox =
        details.is_some_and(|d| d.is_mailbox()) || target.source == RecipientSource::Mailbox;
    if !is_mailbox {
        if details.is_none() && target.source != RecipientSource::MailUser {
            return e.not_evaluated(
                ctx,
                pair,
                "the target's RecipientTypeDetails is not in the export",
            );
        }
        return;
    }
    let found = details.map_or("mailbox", |d| d.name()).to_string();
    let clear = Cmd::new("Set-User")
        .identity(&target.command_identity())
        .switch("PermanentlyClearPreviousMailboxInfo");
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} is already a mailbox ({found}), not a MailUser: the move needs a \
                 MailUser to fill",
                target.display_key()
            ),
        )
        .evidence(
            Prop::RecipientTypeDetails.name(),
            Some("MailUser".into()),
            Some(found),
        )
        .fix_irreversible(FixSide::Target, clear.build())
        .note(
            "remove the Exchange Online licence so the object reverts to a MailUser, then clear \
             the previous mailbox (irreversible: the mailbox and its content are lost), then \
             stamp the source mailbox's ExchangeGuid on the MailUser (see ID001) before any \
             licence is assigned again",
        ),
    );
}
