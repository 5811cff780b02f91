//! HY002: the routing proxy of the on-premises mailbox must have reached the cloud MailUser.

use super::{
    Check, Context, Emitter, Need, Rule, RuleMeta, hy001_no_routing_proxy_onprem, hybrid, kinds,
};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY002",
        name: "routing-proxy-not-synced",
        summary: "on-premises routing proxy (<tenant>.mail.onmicrosoft.com) missing on the cloud MailUser",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::EmailAddresses],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::EmailAddresses],
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
    let Some(domain) = hybrid::routing_domain(ctx) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no routing domain: export the Exchange Online accepted domains or give \
             --target-delivery-domain <tenant>.mail.onmicrosoft.com",
        );
    };
    let source = ctx.source(pair);
    let in_domain = |a: &crate::values::SmtpAddress| a.domain().eq_ignore_ascii_case(&domain);
    // Without the proxy on-premises there is nothing to synchronise: HY001 reports that.
    let Some(proxy) = source.smtp_addresses().find(in_domain) else {
        return e.skip();
    };
    if target.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's EmailAddresses are not in the export",
        );
    }
    if target.smtp_addresses().any(|a| in_domain(&a)) {
        return;
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "on-premises mailbox {} has {}, but the Exchange Online MailUser {} does not: \
                 the address has not synchronised and the move fails with {}",
                source.display_key(),
                proxy.as_str(),
                target.display_key(),
                hy001_no_routing_proxy_onprem::move_error(&domain)
            ),
        )
        .evidence(
            Prop::EmailAddresses.name(),
            Some(format!("smtp:{}", proxy.as_str())),
            None,
        )
        .fix(FixSide::Onprem, hybrid::delta_sync())
        .note(
            "find why the object does not synchronise (Entra Connect Health sync errors, the \
             user's serviceProvisioningErrors in Microsoft Graph), fix it, then run a delta sync",
        ),
    );
}
