//! PX006: the target's ExternalEmailAddress must be one of the source mailbox's addresses.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX006",
        name: "external-address-not-source",
        summary: "target ExternalEmailAddress is not an SMTP address of the source mailbox",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::PrimarySmtpAddress, Prop::EmailAddresses],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser],
                props: &[Prop::ExternalEmailAddress],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    if source.primary_smtp.is_none() && source.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's PrimarySmtpAddress and EmailAddresses are not in the export",
        );
    }
    let Some(external) = &target.external_email_address else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's ExternalEmailAddress is not in the export",
        );
    };
    if external.smtp().is_some_and(|a| source.has_smtp(&a)) {
        return;
    }
    let found = format!("{}:{}", external.prefix().name(), external.address());
    let expected = source.primary_smtp.as_ref().map(|p| p.as_str().to_string());
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} has ExternalEmailAddress {found}, which is not an address of the \
                 source mailbox: mail would not reach the mailbox before and during the move",
                target.display_key()
            ),
        )
        .evidence(
            Prop::ExternalEmailAddress.name(),
            expected.clone(),
            Some(found),
        );
    match expected {
        Some(address) => {
            let cmd = Cmd::new("Set-MailUser")
                .identity(&target.command_identity())
                .param("ExternalEmailAddress", &address);
            e.emit(fix::on_target(finding, target, cmd));
        }
        None => e.emit(finding.note(
            "set the target's ExternalEmailAddress to an SMTP address of the source mailbox",
        )),
    }
}
