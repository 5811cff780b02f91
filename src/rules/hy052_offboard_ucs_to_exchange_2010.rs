//! HY052: a mailbox whose Lync / Skype for Business contact list is in the unified contact store
//! cannot move to Exchange Server 2010, which has no unified contact store.

use super::offboard::{self, TargetVersion};
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY052",
        name: "offboard-ucs-to-exchange-2010",
        summary: "mailbox with its IM contact list in Exchange (ImListMigrationCompleted) moves to \
                  Exchange Server 2010",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::ImListMigrationCompleted],
        }],
        fails_with: Some("MigrationPermanentException"),
    },
    check: Check::Pair(check),
};

/// Whether the move goes to Exchange 2010 or earlier: `Some(true)` for sure, with how we know;
/// `Some(false)` when it may (mixed organisation); `None` when it does not.
fn to_2010(ctx: &Context) -> Result<Option<(bool, String)>, &'static str> {
    let old = |v: (u32, u32)| v.0 <= offboard::EXCHANGE_2010_MAJOR;
    Ok(match offboard::target_version(ctx) {
        TargetVersion::Given(v) => {
            old(v).then(|| (true, format!("--target-version {}.{}", v.0, v.1)))
        }
        TargetVersion::AllServers(v, servers) => old(v).then(|| {
            (
                true,
                format!(
                    "every on-premises Exchange server is Exchange 2010: {}",
                    offboard::describe_servers(&servers)
                ),
            )
        }),
        TargetVersion::Mixed { old, .. } => Some((
            false,
            format!(
                "if its target database is on {}; give --target-version to say",
                offboard::describe_servers(&old)
            ),
        )),
        TargetVersion::Unknown => {
            return Err("the on-premises Exchange version is not known: export \
                        Get-ExchangeServer or give --target-version");
        }
    })
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(ucs) = source.im_list_migration_completed else {
        return e.not_evaluated(
            ctx,
            pair,
            "the Exchange Online mailbox's ImListMigrationCompleted is not in the export",
        );
    };
    if !ucs {
        return;
    }
    let (sure, how) = match to_2010(ctx) {
        Err(reason) => return e.not_evaluated(ctx, pair, reason),
        Ok(None) => return,
        Ok(Some(v)) => v,
    };
    let message = format!(
        "mailbox {} keeps its IM contact list in Exchange (ImListMigrationCompleted True) and \
         {} Exchange Server 2010 ({how}): the move fails, and forcing it can lose the contact \
         list",
        source.display_key(),
        if sure { "moves to" } else { "may move to" }
    );
    let mut finding = ctx
        .pair_finding(&RULE.meta, pair, message)
        .evidence(
            Prop::ImListMigrationCompleted.name(),
            Some("False".into()),
            Some("True".into()),
        )
        .fix_irreversible(
            FixSide::Onprem,
            Cmd::new("Set-Mailbox")
                .identity(&source.command_identity())
                .param_code("ImListMigrationCompleted", "$false")
                .build(),
        )
        .note(
            "preferred: have the IM administrator move the user's contact list back to the \
             Lync / Skype for Business server first, then move the mailbox. Only if it must move \
             regardless (the IM contact list may be lost for good): Set-Mailbox \
             -ImListMigrationCompleted $false in the Exchange Management Shell (the parameter \
             exists only in Exchange Server; Set-UMMailbox, which the error suggests, fails for \
             a mailbox not enabled for unified messaging), then move",
        );
    if !sure {
        finding = finding.severity(Severity::Warning);
    }
    e.emit(finding);
}
