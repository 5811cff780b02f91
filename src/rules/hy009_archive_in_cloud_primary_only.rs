//! HY009: a mailbox whose archive is already in Exchange Online moves with -PrimaryOnly.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY009",
        name: "archive-in-cloud-primary-only",
        summary: "archive already in Exchange Online: the move needs -PrimaryOnly",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::ArchiveDomain, Prop::ArchiveState],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    match source.archive_in_cloud() {
        None => {
            return e.not_evaluated(
                ctx,
                pair,
                "neither ArchiveDomain nor ArchiveState of the on-premises mailbox is in the export",
            );
        }
        Some(false) => return,
        Some(true) => {}
    }
    let identity = ctx
        .target(pair)
        .map_or_else(|| source.command_identity(), |t| t.command_identity());
    let mut cmd = Cmd::new("New-MoveRequest")
        .identity(&identity)
        .switch("Remote")
        .param_code("RemoteHostName", "'<hybrid MRS proxy FQDN>'")
        .param_code("RemoteCredential", "(Get-Credential)")
        .switch("PrimaryOnly");
    if let Some(domain) = hybrid::routing_domain(ctx) {
        cmd = cmd.param("TargetDeliveryDomain", &domain);
    }
    let (prop, found) = match (&source.archive_domain(), &source.archive_state()) {
        (Some(d), _) if !d.trim().is_empty() => (Prop::ArchiveDomain, d.to_string()),
        (_, Some(s)) => (Prop::ArchiveState, s.to_string()),
        _ => (Prop::ArchiveDomain, String::new()),
    };
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "on-premises mailbox {} already has its archive in Exchange Online ({} {found}): \
                 only the primary mailbox can move, and a move of both fails with \"You must \
                 specify the PrimaryOnly parameter\"",
                source.display_key(),
                prop.name()
            ),
        )
        .evidence(prop.name(), None, Some(found))
        .fix(FixSide::Target, cmd.build())
        .note(
            "move the primary mailbox only: New-MoveRequest -PrimaryOnly as shown (fill in the \
             hybrid endpoint), or New-MigrationBatch … -PrimaryOnly; a batch created in the \
             admin center moves both and fails",
        ),
    );
}
