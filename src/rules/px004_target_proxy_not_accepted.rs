//! PX004: every SMTP proxy of the target object must be in an accepted domain of the target.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX004",
        name: "target-proxy-not-accepted",
        summary: "target SMTP proxy address in a domain the target tenant does not accept",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::EmailAddresses],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::AcceptedDomain],
                props: &[Prop::DomainName],
            },
        ],
        fails_with: Some("NotAcceptedDomainException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let Some(proxies) = &target.email_addresses else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's EmailAddresses are not in the export",
        );
    };
    for proxy in proxies {
        let Some(address) = proxy.smtp() else {
            continue;
        };
        if ctx
            .snapshot
            .target
            .accepted_domain(address.domain())
            .is_some()
        {
            continue;
        }
        let text = format!(
            "{}:{}",
            if proxy.primary { "SMTP" } else { "smtp" },
            address.as_str()
        );
        let finding = ctx
            .pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "target {} has proxy {text}, but {} is not an accepted domain of the target \
                     tenant: converting the MailUser to a mailbox fails",
                    target.display_key(),
                    address.domain()
                ),
            )
            .evidence(Prop::EmailAddresses.name(), None, Some(text.clone()));
        if proxy.primary {
            // The primary address cannot be removed; PX005 suggests a new primary.
            e.emit(finding.note(
                "this is the primary address: set PrimarySmtpAddress to an address in an \
                 accepted domain first (see PX005), then remove this one",
            ));
            continue;
        }
        let cmd = Cmd::new("Set-MailUser")
            .identity(&target.command_identity())
            .param_hash("EmailAddresses", "remove", &text);
        e.emit(fix::on_target(finding, target, cmd));
    }
}
