//! PX001: the source LegacyExchangeDN must be an `x500:` proxy on the target.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX001",
        name: "legacy-dn-x500-missing",
        summary: "source LegacyExchangeDN missing as x500 proxy on the target",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::LegacyExchangeDn],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::EmailAddresses],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(dn) = source.legacy_exchange_dn() else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's LegacyExchangeDN is not in the export",
        );
    };
    if target.email_addresses.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's EmailAddresses are not in the export",
        );
    }
    if target.has_x500(&dn.text()) {
        return;
    }
    let proxy = format!("x500:{dn}");
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} lacks the source LegacyExchangeDN as an x500 proxy: the move will not \
                 proceed, and replies to old mail would bounce (NDR 5.1.1)",
                target.display_key()
            ),
        )
        .evidence(Prop::EmailAddresses.name(), Some(proxy.clone()), None);
    let cmd = Cmd::new("Set-MailUser")
        .identity(&target.command_identity())
        .param_hash("EmailAddresses", "add", &proxy);
    e.emit(fix::on_target(finding, target, cmd));
}
