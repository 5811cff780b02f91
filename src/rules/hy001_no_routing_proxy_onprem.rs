//! HY001: the on-premises mailbox must have a proxy in `<tenant>.mail.onmicrosoft.com`.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY001",
        name: "onprem-no-routing-proxy",
        summary: "on-premises mailbox has no SMTP proxy in <tenant>.mail.onmicrosoft.com",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::EmailAddresses, Prop::EmailAddressPolicyEnabled],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// The message the move reports when the target has no proxy in the delivery domain.
pub fn move_error(domain: &str) -> String {
    format!("\"The target mailbox doesn't have an smtp proxy matching '{domain}'\"")
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(domain) = hybrid::routing_domain(ctx) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no routing domain: export the Exchange Online accepted domains or give \
             --target-delivery-domain <tenant>.mail.onmicrosoft.com",
        );
    };
    if source.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's EmailAddresses are not in the export",
        );
    }
    if source
        .smtp_addresses()
        .any(|a| a.domain().eq_ignore_ascii_case(&domain))
    {
        return;
    }
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "on-premises mailbox {} has no proxy address in the routing domain {domain}: \
                 the move fails with {}",
                source.display_key(),
                move_error(&domain)
            ),
        )
        .evidence(
            Prop::EmailAddresses.name(),
            Some(format!("smtp:*@{domain}")),
            None,
        );
    let policy = if source.email_address_policy_enabled == Some(true) {
        format!(
            "the mailbox follows an email address policy: add the template smtp:%m@{domain} to \
             the policy that applies to it (the hybrid wizard edits only the default policy; a \
             higher-priority policy misses it) and run Update-EmailAddressPolicy, or add the \
             address by hand as shown; then run a delta sync"
        )
    } else {
        "add the address on-premises, then run a delta sync so the cloud MailUser gets it too"
            .to_string()
    };
    let Some(local) = hybrid::local_part(source) else {
        return e.emit(finding.note(policy));
    };
    let cmd = Cmd::new("Set-Mailbox")
        .identity(&source.command_identity())
        .param_hash("EmailAddresses", "add", &format!("smtp:{local}@{domain}"));
    e.emit(
        finding
            .fix(FixSide::Onprem, cmd.build())
            .fix(FixSide::Onprem, hybrid::delta_sync())
            .note(policy),
    );
}
