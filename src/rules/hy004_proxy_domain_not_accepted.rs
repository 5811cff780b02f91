//! HY004: a synced proxy address in a domain Exchange Online does not accept.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY004",
        name: "proxy-domain-not-accepted",
        summary: "cloud MailUser has an SMTP proxy in a domain Exchange Online does not accept",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
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
        // Named on the findings only: `explain NotAcceptedDomainException` keeps finding PX004.
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// The error Microsoft reports.
const ERROR: &str = "NotAcceptedDomainException";

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
    // A missing routing domain is HY003's finding, not one per mailbox.
    let routing = hybrid::routing_domain(ctx);
    let source = ctx.source(pair);
    for proxy in proxies {
        let Some(address) = proxy.smtp() else {
            continue;
        };
        let domain = address.domain();
        if ctx.snapshot.target.accepted_domain(domain).is_some()
            || routing
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(domain))
        {
            continue;
        }
        let text = format!(
            "{}:{}",
            if proxy.primary { "SMTP" } else { "smtp" },
            address.as_str()
        );
        let mut finding = ctx
            .pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "Exchange Online MailUser {} has {text}, but {domain} is not an accepted \
                     domain of the tenant: the move can fail with {ERROR}, and licensing the \
                     user removes the address",
                    target.display_key()
                ),
            )
            .fails_with(ERROR)
            .evidence(Prop::EmailAddresses.name(), None, Some(text.clone()));
        let note = format!(
            "add and verify {domain} in the tenant, or remove the address on-premises and run a \
             delta sync; when an Exchange Online licence is assigned, addresses in domains the \
             tenant has not verified are scrubbed"
        );
        if !proxy.primary {
            let cmd = Cmd::new("Set-Mailbox")
                .identity(&source.command_identity())
                .param_hash("EmailAddresses", "remove", &text);
            finding = finding
                .fix(FixSide::Onprem, cmd.build())
                .fix(FixSide::Onprem, hybrid::delta_sync());
        }
        e.emit(finding.note(note));
    }
}
