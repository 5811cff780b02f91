//! Helpers shared by the organisation-level (OR) rules.

use super::{Context, Emitter, NotEvaluated};
use crate::finding::Scope;
use crate::model::{OrgRelationship, Side};
use crate::powershell::Cmd;
use crate::values::Guid;

/// The tenant ID of `side` given in the options, if any.
pub fn tenant_id(ctx: &Context, side: Side) -> Option<Guid> {
    match side {
        Side::Source => ctx.options.source_tenant_id,
        Side::Target => ctx.options.target_tenant_id,
    }
}

/// The relationships of `side` that point at the other tenant: those whose DomainNames hold
/// `other_id` when it is known, else every relationship with a tenant ID (a GUID) in DomainNames.
pub fn relationships_to<'a>(
    ctx: &Context<'a>,
    side: Side,
    other_id: Option<Guid>,
) -> Vec<&'a OrgRelationship> {
    ctx.snapshot
        .side(side)
        .org_relationships
        .iter()
        .filter(|r| match other_id {
            Some(id) => r.tenant_ids().any(|t| t == id),
            None => r.tenant_ids().next().is_some(),
        })
        .collect()
}

/// The source relationship that publishes mailboxes to the target tenant: the first one to the
/// target tenant with MailboxMoveEnabled, else the first one to the target tenant.
pub fn source_relationship<'a>(ctx: &Context<'a>) -> Option<&'a OrgRelationship> {
    let rels = relationships_to(ctx, Side::Source, ctx.options.target_tenant_id);
    rels.iter()
        .find(|r| r.mailbox_move_enabled == Some(true))
        .or_else(|| rels.first())
        .copied()
}

/// Records that the rule judged relationships without knowing the other tenant's ID.
pub fn tenant_id_unconfirmed(e: &mut Emitter, other: &str, option: &str) {
    e.not_evaluated.push(NotEvaluated {
        rule: e.rule.code,
        scope: Scope::Tenant,
        source_object: None,
        target_object: None,
        object_id: None,
        reason: format!(
            "the {other} tenant ID is not known ({option}): the relationships with a tenant ID in \
             DomainNames were judged, but that it is the right tenant could not be confirmed"
        )
        .into(),
    });
}

/// The relationship's name for messages and commands.
pub fn name(rel: &OrgRelationship) -> &str {
    rel.name.as_deref().unwrap_or("(unnamed)")
}

/// The values of DomainNames, comma-separated.
pub fn domain_names(rel: &OrgRelationship) -> String {
    rel.domain_names
        .iter()
        .flatten()
        .map(|d| &**d)
        .collect::<Vec<_>>()
        .join(", ")
}

/// When `side` has no relationship to the other tenant: the finding's message, and the start of
/// the `New-OrganizationRelationship` command (name, DomainNames, Enabled, MailboxMoveEnabled)
/// that each rule completes with its own capability.
pub fn missing_relationship(side: Side, other_id: Option<Guid>) -> (String, Cmd) {
    let (here, other, placeholder) = match side {
        Side::Source => ("source", "target", "<target tenant ID>"),
        Side::Target => ("target", "source", "<source tenant ID>"),
    };
    let message = match other_id {
        Some(id) => format!(
            "no organization relationship in the {here} tenant has the {other} tenant ID {id} in DomainNames"
        ),
        None => format!(
            "no organization relationship in the {here} tenant has a tenant ID in DomainNames"
        ),
    };
    let cmd = Cmd::new("New-OrganizationRelationship").param("Name", "CrossTenantMigration");
    let cmd = match other_id {
        Some(id) => cmd.param("DomainNames", &id.to_string()),
        None => cmd.param_code("DomainNames", placeholder),
    };
    let cmd = cmd
        .param_code("Enabled", "$true")
        .param_code("MailboxMoveEnabled", "$true");
    (message, cmd)
}
