//! OR005: a domain accepted in both tenants.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR005",
        name: "domain-in-both-tenants",
        summary: "a domain is an accepted domain in both the source and the target tenant",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::AcceptedDomain],
                props: &[Prop::DomainName],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::AcceptedDomain],
                props: &[Prop::DomainName],
            },
        ],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let target = &ctx.snapshot.target.accepted_domains;
    for domain in &ctx.snapshot.source.accepted_domains {
        let name = domain.domain_name.trim();
        let Some(other) = target
            .iter()
            .find(|t| t.domain_name.trim().eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let f = ctx
            .finding(
                &RULE.meta,
                Scope::Tenant,
                format!("domain {name} is an accepted domain in both the source and the target tenant"),
            )
            .at(ctx.location(domain.origin))
            .at(ctx.location(other.origin))
            .note("a cross-tenant move needs each domain in one tenant only: remove it from one of them (Remove-AcceptedDomain) once no recipient there uses it");
        e.emit(f);
    }
}
