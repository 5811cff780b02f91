//! HY005: the cloud MailUser must carry the on-premises mailbox's ExchangeGuid.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{Finding, FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{Recipient, RecipientSource, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;
use crate::values::Guid;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY005",
        name: "exchange-guid-not-synced",
        summary: "cloud MailUser ExchangeGuid missing or different from the on-premises mailbox's",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::ExchangeGuid],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::ExchangeGuid],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// Whether the cloud object is already a mailbox (HY007 reports it; GUID rules skip it).
pub fn is_cloud_mailbox(target: &Recipient) -> bool {
    target
        .recipient_type_details
        .as_ref()
        .is_some_and(|d| d.is_mailbox())
        || (target.recipient_type_details.is_none() && target.source == RecipientSource::Mailbox)
}

/// Adds the fix for a GUID that did not synchronise: change it in the cloud when the MailUser
/// is not dir-synced, else check the on-premises attribute and run a delta sync.
pub fn sync_fix(
    finding: Finding,
    target: &Recipient,
    param: &'static str,
    attribute: &str,
    want: Guid,
) -> Finding {
    let note = format!(
        "do not assign an Exchange Online licence until the MailUser carries {want}: a licensed \
         MailUser without it gets a new, empty mailbox"
    );
    if target.is_dir_synced == Some(false) {
        let cmd = Cmd::new("Set-MailUser")
            .identity(&target.command_identity())
            .param(param, &want.to_string());
        return finding.fix(FixSide::Target, cmd.build()).note(note);
    }
    finding
        .fix(FixSide::Onprem, hybrid::delta_sync())
        .note(format!(
            "the MailUser is synchronised from Active Directory: check that the user's \
             {attribute} is {want} and that Entra Connect synchronises it (sync errors, \
             attribute filtering), then run a delta sync; {note}"
        ))
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    if is_cloud_mailbox(target) {
        return e.skip();
    }
    let source = ctx.source(pair);
    let Some(want) = source.exchange_guid.filter(|g| !g.is_nil()) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the on-premises mailbox's ExchangeGuid is not in the export",
        );
    };
    let Some(found) = target.exchange_guid else {
        return e.not_evaluated(ctx, pair, "the target's ExchangeGuid is not in the export");
    };
    if found == want {
        return;
    }
    let message = if found.is_nil() {
        format!(
            "Exchange Online MailUser {} has no ExchangeGuid; the on-premises mailbox's {want} \
             (msExchMailboxGuid) has not synchronised, so the move cannot pair them",
            target.display_key()
        )
    } else {
        format!(
            "Exchange Online MailUser {} has ExchangeGuid {found}, but the on-premises mailbox's \
             is {want}: the move cannot pair them",
            target.display_key()
        )
    };
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::ExchangeGuid.name(),
        Some(want.to_string()),
        Some(found.to_string()),
    );
    e.emit(sync_fix(
        finding,
        target,
        "ExchangeGuid",
        "msExchMailboxGuid",
        want,
    ));
}
