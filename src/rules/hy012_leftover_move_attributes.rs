//! HY012: msExchMailboxMove* attributes left on the AD user by an earlier move, with no move
//! request to go with them, block a new move.

use super::bt005_existing_move_request::names;
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY012",
        name: "leftover-move-attributes",
        summary: "AD user carries msExchMailboxMove* attributes of a move that no longer exists",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::AdUser],
            props: &[
                Prop::MsExchMailboxMoveRemoteHostName,
                Prop::MsExchMailboxMoveSourceMdbLink,
                Prop::MsExchMailboxMoveTargetMdbLink,
                Prop::MsExchMailboxMoveSourceArchiveMdbLink,
                Prop::MsExchMailboxMoveTargetArchiveMdbLink,
            ],
        }],
        fails_with: Some("UserAlreadyBeingMigratedException"),
    },
    check: Check::Pair(check),
};

/// The attributes `Set-ADUser -Clear` removes (fixed text from mbxlint, not from the export).
const CLEAR: &str = "msExchMailboxMoveRemoteHostName,msExchMailboxMoveSourceMDBLink,\
msExchMailboxMoveTargetMDBLink,msExchMailboxMoveSourceArchiveMDBLink,\
msExchMailboxMoveTargetArchiveMDBLink";

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(user) = hybrid::directory_user(&ctx.snapshot.source, source) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no Get-ADUser record matches the on-premises mailbox (msExchMailboxGuid, UPN or \
             proxyAddresses)",
        );
    };
    let Some(set) = user.move_attributes.as_ref() else {
        return e.not_evaluated(
            ctx,
            pair,
            "the Get-ADUser export has none of the msExchMailboxMove* attributes",
        );
    };
    if set.is_empty() {
        return;
    }
    // A move request that goes with them is BT005's finding.
    let snap = ctx.snapshot;
    if snap
        .source
        .move_requests
        .iter()
        .chain(&snap.target.move_requests)
        .any(|mr| names(mr, source))
    {
        return;
    }
    let list = set.join(", ");
    let identity = user
        .object_guid
        .map(|g| g.to_string())
        .or_else(|| user.sam_account_name.as_deref().map(str::to_string));
    let mut f = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "the Active Directory user of {} still carries {list} from an earlier move, but \
                 no move request exists: a new move fails because the user seems to be \
                 already moving",
                source.display_key()
            ),
        )
        .evidence("msExchMailboxMove*", Some("not set".into()), Some(list))
        .at(ctx.location(user.origin));
    if let Some(id) = identity {
        let clear = Cmd::new("Set-ADUser")
            .identity(&id)
            .param_code("Clear", CLEAR);
        f = f
            .fix(FixSide::Onprem, clear.build())
            .fix(FixSide::Onprem, hybrid::delta_sync());
    }
    e.emit(f.note(
        "make sure no move of the mailbox is still running anywhere (Get-MoveRequest on-premises \
         and in Exchange Online), then clear the attributes and run a delta sync",
    ));
}
