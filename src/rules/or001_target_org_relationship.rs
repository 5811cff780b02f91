//! OR001: the target tenant must have an inbound organization relationship to the source tenant.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, org};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR001",
        name: "target-org-relationship",
        summary: "target tenant lacks an enabled organization relationship to the source tenant ID with MailboxMoveCapability Inbound",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::OrganizationRelationship],
            props: &[
                Prop::DomainNames,
                Prop::MailboxMoveEnabled,
                Prop::MailboxMoveCapability,
            ],
        }],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let source_id = org::tenant_id(ctx, Side::Source);
    let rels = org::relationships_to(ctx, Side::Target, source_id);
    if source_id.is_none() {
        org::tenant_id_unconfirmed(e, "source", "pass the source tenant ID");
    }
    if rels.is_empty() {
        let (message, cmd) = org::missing_relationship(Side::Target, source_id);
        let cmd = cmd.param_code("MailboxMoveCapability", "Inbound");
        let f = ctx
            .finding(&RULE.meta, Scope::Tenant, message)
            .fix(FixSide::Target, cmd.build());
        e.emit(f);
        return;
    }
    let problems: Vec<_> = rels
        .iter()
        .map(|r| {
            let mut p = Vec::new();
            if r.enabled != Some(true) {
                p.push("Enabled is not True");
            }
            if r.mailbox_move_enabled != Some(true) {
                p.push("MailboxMoveEnabled is not True");
            }
            if r.has_capability("Inbound") != Some(true) {
                p.push("MailboxMoveCapability lacks Inbound");
            }
            (*r, p)
        })
        .collect();
    if problems.iter().any(|(_, p)| p.is_empty()) {
        return;
    }
    for (rel, p) in problems {
        let name = org::name(rel);
        let message = format!(
            "target organization relationship {name} (DomainNames {}): {}",
            org::domain_names(rel),
            p.join(", ")
        );
        let cmd = Cmd::new("Set-OrganizationRelationship")
            .identity(name)
            .param_code("Enabled", "$true")
            .param_code("MailboxMoveEnabled", "$true")
            .param_code("MailboxMoveCapability", "Inbound");
        let f = ctx
            .finding(&RULE.meta, Scope::Tenant, message)
            .at(ctx.location(rel.origin))
            .fix(FixSide::Target, cmd.build());
        e.emit(f);
    }
}
