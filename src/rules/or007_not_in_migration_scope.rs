//! OR007: the source mailbox must be in the source relationship's migration scope group.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, org};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{GroupMember, Recipient, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR007",
        name: "not-in-migration-scope",
        summary: "source mailbox is not a member of the MailboxMovePublishedScopes group",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::GroupMember],
                props: &[Prop::GroupName],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::OrganizationRelationship],
                props: &[Prop::DomainNames, Prop::MailboxMovePublishedScopes],
            },
        ],
        fails_with: Some("MailboxNotInCrossTenantMigrationScopeException"),
    },
    check: Check::Pair(check),
};

fn is_member(m: &GroupMember, source: &Recipient) -> bool {
    let same = |a: Option<crate::values::Guid>, b: Option<crate::values::Guid>| matches!((a, b), (Some(a), Some(b)) if a == b && !a.is_nil());
    same(
        m.external_directory_object_id,
        source.external_directory_object_id,
    ) || same(m.guid, source.guid)
        || matches!((&m.primary_smtp, &source.primary_smtp), (Some(a), Some(b)) if a == b)
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(rel) = org::source_relationship(ctx) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no source organization relationship to the target tenant (OR002 reports it)",
        );
    };
    let scopes: Vec<&str> = rel
        .mailbox_move_published_scopes
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if scopes.is_empty() {
        return e.not_evaluated(
            ctx,
            pair,
            "the source relationship has no MailboxMovePublishedScopes (OR002 reports it)",
        );
    }
    let in_scope = |m: &&GroupMember| {
        m.group
            .as_deref()
            .is_some_and(|g| scopes.iter().any(|s| s.eq_ignore_ascii_case(g.trim())))
    };
    let members: Vec<&GroupMember> = ctx
        .snapshot
        .source
        .group_members
        .iter()
        .filter(in_scope)
        .collect();
    if members.is_empty() {
        return e.not_evaluated(
            ctx,
            pair,
            format!(
                "the Get-DistributionGroupMember export lists no member of the scope group {}",
                scopes.join(", ")
            ),
        );
    }
    if members.iter().any(|m| is_member(m, source)) {
        return;
    }
    let scope = scopes[0];
    let message = format!(
        "source mailbox {} is not a member of the migration scope group {}",
        source.display_key(),
        scopes.join(", ")
    );
    let cmd = Cmd::new("Add-DistributionGroupMember")
        .identity(scope)
        .param("Member", &source.command_identity());
    let f = ctx
        .pair_finding(&RULE.meta, pair, message)
        .note("after adding the member, resume the batch")
        .fix(FixSide::Source, cmd.build());
    e.emit(f);
}
