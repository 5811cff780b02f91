//! PX008: the target must have an SMTP proxy in the target delivery domain.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX008",
        name: "no-delivery-domain-proxy",
        summary: "target has no SMTP proxy in the target delivery domain",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::MailUser, ExportKind::Mailbox],
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
    let Some(domain) = ctx.options.target_delivery_domain.as_deref() else {
        return e.not_evaluated(
            ctx,
            pair,
            "no target delivery domain: give --target-delivery-domain or export the target's \
             accepted domains",
        );
    };
    if target.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's EmailAddresses are not in the export",
        );
    }
    if target
        .smtp_addresses()
        .any(|a| a.domain().eq_ignore_ascii_case(domain))
    {
        return;
    }
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} has no SMTP proxy in the target delivery domain {domain}: the \
                 converted source MailUser would get no (or a wrong) routing address",
                target.display_key()
            ),
        )
        .evidence(
            Prop::EmailAddresses.name(),
            Some(format!("smtp:*@{domain}")),
            None,
        );
    let local = target
        .alias()
        .map(str::to_string)
        .or_else(|| target.primary_smtp.as_ref().map(|p| p.local().to_string()));
    match local {
        Some(local) => {
            let proxy = format!("smtp:{local}@{domain}");
            let cmd = Cmd::new("Set-MailUser")
                .identity(&target.command_identity())
                .param_hash("EmailAddresses", "add", &proxy);
            e.emit(fix::on_target(finding, target, cmd));
        }
        None => e.emit(finding.note(format!(
            "add an SMTP proxy in {domain} to the target (Set-MailUser -EmailAddresses @{{add=…}})"
        ))),
    }
}
