//! BT002: the same mailbox is named twice in one batch file or in two batch files.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Location, Scope, Severity};
use crate::model::MigrationKind;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT002",
        name: "user-in-two-batches",
        summary: "the same mailbox is named twice in one batch or in two batches",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ALL,
        needs: &[],
        fails_with: Some("UserDuplicateInOtherBatchException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    if pair.batches.len() < 2 {
        return;
    }
    let snap = ctx.snapshot;
    let mut names: Vec<&str> = pair
        .batches
        .iter()
        .map(|&b| snap.batches[b].name.as_str())
        .collect();
    names.dedup();
    let source = ctx.source(pair);
    let target = ctx.target(pair);
    // The address the migration user is known by: the batch address.
    let (address, side) = match ctx.kind {
        MigrationKind::CrossTenant => (
            target
                .map(|t| t.command_identity())
                .unwrap_or_else(|| source.command_identity()),
            FixSide::Target,
        ),
        MigrationKind::Onboarding => (source.command_identity(), FixSide::Target),
        MigrationKind::Offboarding => (source.command_identity(), FixSide::Source),
    };
    let where_ = if names.len() == 1 {
        format!("twice in batch {}", names[0])
    } else {
        format!("in batches {}", names.join(" and "))
    };
    let cmd = Cmd::new("Get-MigrationUser")
        .identity(&address)
        .switch("IncludeAssociatedUsers")
        .pipe(Cmd::new("Remove-MigrationUser"));
    let mut f = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!("{address} is named {where_}: a mailbox can be in only one migration batch"),
        )
        .evidence(
            "EmailAddress",
            Some("1 batch entry".into()),
            Some(format!("{} batch entries", pair.batches.len())),
        )
        .fix(side, cmd.build())
        .note("keep the mailbox in one batch file; remove any existing migration user, then create the batch again");
    let mut seen = Vec::new();
    for &b in &pair.batches {
        if seen.contains(&b) {
            continue;
        }
        seen.push(b);
        f = f.at(Location {
            file: snap.batches[b].name.clone(),
            record: None,
            line: None,
        });
    }
    e.emit(f);
}
