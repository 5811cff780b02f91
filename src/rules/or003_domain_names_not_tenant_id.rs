//! OR003: an organization relationship used for mailbox moves names domains, not a tenant ID.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, org};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR003",
        name: "domain-names-not-tenant-id",
        summary: "organization relationship with MailboxMoveEnabled has domain names, not the other tenant's ID, in DomainNames",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::OrganizationRelationship],
                props: &[Prop::DomainNames, Prop::MailboxMoveEnabled],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::OrganizationRelationship],
                props: &[Prop::DomainNames, Prop::MailboxMoveEnabled],
            },
        ],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    for (side, data, fix_side) in [
        (Side::Source, &ctx.snapshot.source, FixSide::Source),
        (Side::Target, &ctx.snapshot.target, FixSide::Target),
    ] {
        let (other, other_id) = match side {
            Side::Source => ("target", ctx.options.target_tenant_id),
            Side::Target => ("source", ctx.options.source_tenant_id),
        };
        for rel in &data.org_relationships {
            if rel.mailbox_move_enabled != Some(true) {
                continue;
            }
            let Some(names) = &rel.domain_names else {
                continue;
            };
            if names.is_empty() || rel.tenant_ids().next().is_some() {
                continue;
            }
            let name = org::name(rel);
            let message = format!(
                "{} organization relationship {name} has MailboxMoveEnabled but DomainNames holds only domain names ({}), not the {other} tenant ID",
                side.as_str(),
                org::domain_names(rel)
            );
            let cmd = Cmd::new("Set-OrganizationRelationship").identity(name);
            let cmd = match other_id {
                Some(id) => cmd.param("DomainNames", &id.to_string()),
                None => match side {
                    Side::Source => cmd.param_code("DomainNames", "<target tenant ID>"),
                    Side::Target => cmd.param_code("DomainNames", "<source tenant ID>"),
                },
            };
            let f = ctx
                .finding(&RULE.meta, Scope::Tenant, message)
                .at(ctx.location(rel.origin))
                .note("the tenant ID is the GUID of the other tenant (its ExternalDirectoryOrganizationId), not its domain name")
                .fix(fix_side, cmd.build());
            e.emit(f);
        }
    }
}
