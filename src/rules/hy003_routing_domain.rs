//! HY003: the tenant must accept `<tenant>.mail.onmicrosoft.com`, and moves must deliver to it.

use super::{
    Check, Context, Emitter, Need, Rule, RuleMeta, hy001_no_routing_proxy_onprem, hybrid, kinds,
};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY003",
        name: "routing-domain",
        summary: "<tenant>.mail.onmicrosoft.com not accepted in Exchange Online, or not the target delivery domain",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::AcceptedDomain],
            props: &[Prop::DomainName],
        }],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let meta = &RULE.meta;
    let Some(domain) = hybrid::routing_domain(ctx) else {
        e.emit(
            ctx.finding(
                meta,
                Scope::Tenant,
                "the Exchange Online accepted domains include no <tenant>.onmicrosoft.com or \
                 <tenant>.mail.onmicrosoft.com domain: the routing domain of hybrid moves is \
                 unknown"
                    .to_string(),
            )
            .evidence(
                Prop::DomainName.name(),
                Some("<tenant>.mail.onmicrosoft.com".into()),
                None,
            )
            .note("check that the accepted-domain export is the Exchange Online tenant's"),
        );
        return;
    };
    if ctx.snapshot.target.accepted_domain(&domain).is_none() {
        e.emit(
            ctx.finding(
                meta,
                Scope::Tenant,
                format!(
                    "the routing domain {domain} is not an accepted domain of the Exchange \
                     Online tenant: every move fails with {}",
                    hy001_no_routing_proxy_onprem::move_error(&domain)
                ),
            )
            .evidence(Prop::DomainName.name(), Some(domain.clone()), None)
            .note(
                "run the Hybrid Configuration Wizard again: it adds the coexistence domain \
                 <tenant>.mail.onmicrosoft.com to the tenant and to the default email address \
                 policy on-premises",
            ),
        );
    }
    let Some(given) = ctx.options.target_delivery_domain.as_deref() else {
        return;
    };
    if given.eq_ignore_ascii_case(&domain) {
        return;
    }
    e.emit(
        ctx.finding(
            meta,
            Scope::Tenant,
            format!(
                "the target delivery domain {given} is not the routing domain {domain}: moves \
                 fail with {}",
                hy001_no_routing_proxy_onprem::move_error(given)
            ),
        )
        .evidence(
            "TargetDeliveryDomain",
            Some(domain.clone()),
            Some(given.to_string()),
        )
        .note(format!(
            "create batches and move requests with -TargetDeliveryDomain {domain}"
        )),
    );
}
