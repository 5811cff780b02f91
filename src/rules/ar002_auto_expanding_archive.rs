//! AR002: an auto-expanding archive can grow a new auxiliary archive during the move.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "AR002",
        name: "auto-expanding-archive",
        summary: "source mailbox has auto-expanding archiving enabled",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[Prop::AutoExpandingArchiveEnabled],
        }],
        fails_with: Some("SourceAuxArchiveIsProvisionedDuringCrossTenantMovePermanentException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(enabled) = source.auto_expanding_archive else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's AutoExpandingArchiveEnabled is not in the export",
        );
    };
    if !enabled {
        return;
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} has auto-expanding archiving: if a new auxiliary archive is \
                 provisioned while it moves, the move fails",
                source.display_key()
            ),
        )
        .evidence(
            Prop::AutoExpandingArchiveEnabled.name(),
            None,
            Some("True".into()),
        )
        .note(
            "if the move fails, remove the user from the batch \
             (Get-MigrationUser -Identity <user> -IncludeAssociatedUsers | Remove-MigrationUser) \
             and add it to a new batch",
        ),
    );
}
