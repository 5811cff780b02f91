//! HY056: the Exchange Online mailbox needs an SMTP proxy in the on-premises domain given as
//! -TargetDeliveryDomain: the move builds the cloud MailUser's routing address from it.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, offboard};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY056",
        name: "offboard-no-delivery-domain-proxy",
        summary: "Exchange Online mailbox has no SMTP proxy in the on-premises target delivery \
                  domain",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::EmailAddresses],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(domain) = offboard::delivery_domain(ctx, pair) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no on-premises delivery domain: give --target-delivery-domain",
        );
    };
    if source.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the Exchange Online mailbox's EmailAddresses are not in the export",
        );
    }
    if source
        .smtp_addresses()
        .any(|a| a.domain().eq_ignore_ascii_case(&domain))
    {
        return;
    }
    let message = format!(
        "Exchange Online mailbox {} has no SMTP proxy in the target delivery domain {domain}: \
         the move cannot give the cloud MailUser left behind a routing address to the \
         on-premises mailbox",
        source.display_key()
    );
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::EmailAddresses.name(),
        Some(format!("smtp:*@{domain}")),
        None,
    );
    let Some(local) = offboard::local_part(source) else {
        return e.emit(finding.note(format!(
            "add an SMTP proxy in {domain} to the mailbox (on the on-premises object when it is \
             dir-synced, then sync)"
        )));
    };
    let proxy = format!("smtp:{local}@{domain}");
    let finding = if source.dir_synced() {
        let cmd = Cmd::new(offboard::set_cmdlet(target))
            .identity(&target.command_identity())
            .param_hash("EmailAddresses", "add", &proxy);
        finding.fix(FixSide::Onprem, cmd.build()).note(
            "the mailbox is synchronised from on-premises (IsDirSynced): add the proxy on the \
             on-premises object (or let an email address policy add it), then run a delta sync \
             (Start-ADSyncSyncCycle -PolicyType Delta)",
        )
    } else {
        let cmd = Cmd::new("Set-Mailbox")
            .identity(&source.command_identity())
            .param_hash("EmailAddresses", "add", &proxy);
        finding.fix(FixSide::Source, cmd.build())
    };
    e.emit(finding);
}
