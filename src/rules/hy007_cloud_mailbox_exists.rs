//! HY007: the cloud object of an on-premises mailbox must not already be a mailbox.

use super::hy005_exchange_guid_not_synced::is_cloud_mailbox;
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY007",
        name: "cloud-mailbox-exists",
        summary: "the user already has an Exchange Online mailbox while the on-premises mailbox is still in use",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
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
    if target.recipient_type_details.is_none()
        && target.source != crate::model::RecipientSource::MailUser
    {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's RecipientTypeDetails is not in the export",
        );
    }
    if !is_cloud_mailbox(target) {
        return;
    }
    let source = ctx.source(pair);
    let found = target
        .recipient_type_details
        .as_ref()
        .map_or("mailbox", |d| d.name())
        .to_string();
    let clear = Cmd::new("Set-User")
        .identity(&target.command_identity())
        .switch("PermanentlyClearPreviousMailboxInfo");
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "{} already has an Exchange Online mailbox ({found}) while its on-premises \
                 mailbox {} is still in use: the move fails (the target already has a primary \
                 mailbox) and mail is split between two mailboxes",
                target.display_key(),
                source.display_key()
            ),
        )
        .evidence(
            Prop::RecipientTypeDetails.name(),
            Some("MailUser".into()),
            Some(found),
        )
        .fix_irreversible(FixSide::Target, clear.build())
        .fix(FixSide::Onprem, hybrid::delta_sync())
        .note(
            "usually a licence was assigned before the on-premises ExchangeGuid synchronised. \
             Copy anything needed out of the cloud mailbox first; remove the Exchange Online \
             licence so the object reverts to a MailUser; clear the previous mailbox \
             (irreversible: the cloud mailbox and its content are lost); make sure the \
             ExchangeGuid has synchronised (HY005) with a delta sync; licence the user again \
             only after the move",
        ),
    );
}
