//! ID001: the target MailUser must carry the source mailbox's ExchangeGuid.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID001",
        name: "exchange-guid-mismatch",
        summary: "target MailUser ExchangeGuid missing or different from the source mailbox's",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::ExchangeGuid],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::ExchangeGuid],
            },
        ],
        fails_with: Some("MissingExchangeGuidException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(want) = source.exchange_guid.filter(|g| !g.is_nil()) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's ExchangeGuid is not in the export",
        );
    };
    let Some(found) = target.exchange_guid else {
        return e.not_evaluated(ctx, pair, "the target's ExchangeGuid is not in the export");
    };
    if found == want {
        return;
    }
    let meta = &RULE.meta;
    let message = if found.is_nil() {
        format!(
            "target {} has no ExchangeGuid; the move needs the source mailbox's {want}",
            target.display_key()
        )
    } else {
        format!(
            "target {} has ExchangeGuid {found}, but the source mailbox's is {want}",
            target.display_key()
        )
    };
    let mut finding = ctx.pair_finding(meta, pair, message).evidence(
        Prop::ExchangeGuid.name(),
        Some(want.to_string()),
        Some(found.to_string()),
    );
    if !found.is_nil() {
        // A stamped but wrong GUID does not raise MissingExchangeGuidException: the move
        // cannot find the mailbox it should fill.
        finding.fails_with = None;
    }
    let cmd = Cmd::new("Set-MailUser")
        .identity(&target.command_identity())
        .param("ExchangeGuid", &want.to_string());
    e.emit(fix::on_target(finding, target, cmd));
}
