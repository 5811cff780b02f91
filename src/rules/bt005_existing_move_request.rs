//! BT005: a move request already exists for the source mailbox.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{MigrationKind, MoveRequest, Recipient, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT005",
        name: "existing-move-request",
        summary: "a move request already exists for the source mailbox",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ALL,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::MoveRequest],
            props: &[
                Prop::Identity,
                Prop::ExchangeGuid,
                Prop::DisplayName,
                Prop::Status,
            ],
        }],
        fails_with: Some("SourceMailboxAlreadyBeingMovedPermanentException"),
    },
    check: Check::Pair(check),
};

/// True when the move request names this mailbox.
pub(super) fn names(mr: &MoveRequest, source: &Recipient) -> bool {
    if let (Some(a), Some(b)) = (mr.exchange_guid, source.exchange_guid)
        && !a.is_nil()
        && a == b
    {
        return true;
    }
    let own: Vec<&str> = [
        source.identity(),
        source.alias(),
        source.display_name(),
        source.primary_smtp.as_ref().map(|a| a.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect();
    [mr.identity.as_deref(), mr.display_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .any(|m| own.iter().any(|o| o.eq_ignore_ascii_case(m.trim())))
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let snap = ctx.snapshot;
    // Hybrid move requests live in Exchange Online: the target side when onboarding.
    let sides = match ctx.kind {
        MigrationKind::CrossTenant => vec![
            (&snap.source.move_requests, FixSide::Source, "source tenant"),
            (&snap.target.move_requests, FixSide::Target, "target tenant"),
        ],
        MigrationKind::Onboarding => vec![
            (
                &snap.source.move_requests,
                FixSide::Onprem,
                "on-premises organisation",
            ),
            (
                &snap.target.move_requests,
                FixSide::Target,
                "Exchange Online tenant",
            ),
        ],
        MigrationKind::Offboarding => {
            vec![(&snap.source.move_requests, FixSide::Source, "source tenant")]
        }
    };
    let who = source.display_key();
    for (requests, side, side_name) in sides {
        for mr in requests.iter().filter(|mr| names(mr, source)) {
            let id = mr
                .identity
                .as_deref()
                .or(mr.display_name.as_deref())
                .map(str::to_string)
                .unwrap_or_else(|| source.command_identity());
            let status = mr.status.as_deref().unwrap_or("unknown");
            let cmd = Cmd::new("Remove-MoveRequest").identity(&id);
            let f = ctx
                .pair_finding(
                    &RULE.meta,
                    pair,
                    format!(
                        "source mailbox {who} already has a move request in the {side_name} \
                         ({id}, status {status}): it cannot be moved again until that \
                         request is removed or completes"
                    ),
                )
                .evidence(
                    "Status",
                    Some("no move request".into()),
                    Some(status.to_string()),
                )
                .at(ctx.location(mr.origin))
                .fix(side, cmd.build())
                .note("or let the existing move complete before the migration batch starts");
            e.emit(f);
        }
    }
}
