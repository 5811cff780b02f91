//! PX007: the target's primary address must not be its ExternalEmailAddress.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX007",
        name: "primary-equals-external",
        summary: "target PrimarySmtpAddress is its ExternalEmailAddress (set without a primary)",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::MailUser],
            props: &[Prop::PrimarySmtpAddress, Prop::ExternalEmailAddress],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let Some(primary) = &target.primary_smtp else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's PrimarySmtpAddress is not in the export",
        );
    };
    let Some(external) = &target.external_email_address else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's ExternalEmailAddress is not in the export",
        );
    };
    if external.smtp().as_ref() != Some(primary) {
        return;
    }
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} has its ExternalEmailAddress as primary address: ExternalEmailAddress \
                 was set without PrimarySmtpAddress, which makes the move fail",
                target.display_key()
            ),
        )
        .evidence(
            Prop::PrimarySmtpAddress.name(),
            None,
            Some(primary.as_str().to_string()),
        );
    // Prefer an address in an accepted domain of the target; else any other address.
    let others: Vec<_> = target.smtp_addresses().filter(|a| a != primary).collect();
    let owned = others
        .iter()
        .find(|a| ctx.snapshot.target.accepted_domain(a.domain()).is_some())
        .or_else(|| others.first());
    match owned {
        Some(address) => {
            let cmd = Cmd::new("Set-MailUser")
                .identity(&target.command_identity())
                .param("PrimarySmtpAddress", address.as_str());
            e.emit(fix::on_target(finding, target, cmd));
        }
        None => e.emit(finding.note(
            "the target has no other address: add one in a domain the target tenant owns and \
             make it the PrimarySmtpAddress (Set-MailUser -PrimarySmtpAddress)",
        )),
    }
}
