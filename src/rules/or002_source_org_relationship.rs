//! OR002: the source tenant must publish mailboxes to the target tenant.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, org};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR002",
        name: "source-org-relationship",
        summary: "source tenant lacks an enabled RemoteOutbound organization relationship to the target tenant ID with an application and a scope",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
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
    let target_id = org::tenant_id(ctx, Side::Target);
    let rels = org::relationships_to(ctx, Side::Source, target_id);
    if target_id.is_none() {
        org::tenant_id_unconfirmed(e, "target", "pass the target tenant ID");
    }
    if rels.is_empty() {
        let (message, cmd) = org::missing_relationship(Side::Source, target_id);
        let cmd = cmd
            .param_code("MailboxMoveCapability", "RemoteOutbound")
            .param_code("OAuthApplicationId", "<application ID>")
            .param_code(
                "MailboxMovePublishedScopes",
                "<mail-enabled security group>",
            );
        let f = ctx
            .finding(&RULE.meta, Scope::Tenant, message)
            .fix(FixSide::Source, cmd.build());
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
            if r.has_capability("RemoteOutbound") != Some(true) {
                p.push("MailboxMoveCapability lacks RemoteOutbound");
            }
            if r.oauth_application_id.is_none_or(|g| g.is_nil()) {
                p.push("OAuthApplicationId is not set");
            }
            if r.mailbox_move_published_scopes
                .as_ref()
                .is_none_or(|s| s.iter().all(|g| g.trim().is_empty()))
            {
                p.push("MailboxMovePublishedScopes is empty");
            }
            (*r, p)
        })
        .collect();
    if problems.iter().any(|(_, p)| p.is_empty()) {
        return;
    }
    // The application the target's endpoint uses, when there is one.
    let endpoint_app = ctx
        .snapshot
        .target
        .migration_endpoints
        .iter()
        .find_map(|ep| ep.application_id.filter(|g| !g.is_nil()));
    for (rel, p) in problems {
        let name = org::name(rel);
        let message = format!(
            "source organization relationship {name} (DomainNames {}): {}",
            org::domain_names(rel),
            p.join(", ")
        );
        let mut cmd = Cmd::new("Set-OrganizationRelationship")
            .identity(name)
            .param_code("Enabled", "$true")
            .param_code("MailboxMoveEnabled", "$true")
            .param_code("MailboxMoveCapability", "RemoteOutbound");
        let mut f = ctx
            .finding(&RULE.meta, Scope::Tenant, message)
            .at(ctx.location(rel.origin));
        if p.contains(&"OAuthApplicationId is not set") {
            cmd = match endpoint_app {
                Some(app) => cmd.param("OAuthApplicationId", &app.to_string()),
                None => cmd.param_code("OAuthApplicationId", "<application ID>"),
            };
        }
        if p.contains(&"MailboxMovePublishedScopes is empty") {
            cmd = cmd.param_code(
                "MailboxMovePublishedScopes",
                "<mail-enabled security group>",
            );
            f = f.note("MailboxMovePublishedScopes names the mail-enabled security group whose members may move");
        }
        e.emit(f.fix(FixSide::Source, cmd.build()));
    }
}
