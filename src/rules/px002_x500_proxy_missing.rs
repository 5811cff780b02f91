//! PX002: every x500 proxy of the source mailbox must be on the target too.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;
use crate::values::ProxyPrefix;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX002",
        name: "x500-proxy-missing",
        summary: "an x500 proxy address of the source mailbox is missing on the target",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::EmailAddresses],
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
    copy_proxies(ctx, pair, e, &RULE.meta, &ProxyPrefix::X500, |target| {
        format!(
            "target {} lacks a source x500 proxy: the move will not proceed, and replies to old \
             mail addressed to it would bounce (NDR 5.1.1)",
            target
        )
    });
}

/// Reports each `prefix` proxy of the source missing on the target (case-insensitive), one
/// finding per proxy, with a `Set-MailUser -EmailAddresses @{add=…}` fix. Shared with PX003.
pub(super) fn copy_proxies(
    ctx: &Context,
    pair: &Pair,
    e: &mut Emitter,
    meta: &'static RuleMeta,
    prefix: &ProxyPrefix,
    message: impl Fn(&str) -> String,
) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(source_proxies) = &source.email_addresses else {
        return e.not_evaluated(
            ctx,
            pair,
            "the source mailbox's EmailAddresses are not in the export",
        );
    };
    let Some(target_proxies) = &target.email_addresses else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's EmailAddresses are not in the export",
        );
    };
    // The LegacyExchangeDN as x500 is PX001's; here only the other proxies.
    let legacy_dn = source
        .legacy_exchange_dn()
        .as_ref()
        .map(|d| d.text().to_lowercase());
    let mut seen: Vec<String> = Vec::new();
    for proxy in source_proxies.iter().filter(|p| p.has_prefix(prefix)) {
        let lower = proxy.address().to_lowercase();
        if legacy_dn.as_deref() == Some(lower.as_str()) || seen.contains(&lower) {
            continue;
        }
        seen.push(lower);
        if target_proxies.iter().any(|t| t.same_address(&proxy)) {
            continue;
        }
        let text = format!("{}:{}", prefix.name().to_lowercase(), proxy.address());
        let finding = ctx
            .pair_finding(meta, pair, message(&target.display_key()))
            .evidence(Prop::EmailAddresses.name(), Some(text.clone()), None);
        let cmd = Cmd::new("Set-MailUser")
            .identity(&target.command_identity())
            .param_hash("EmailAddresses", "add", &text);
        e.emit(fix::on_target(finding, target, cmd));
    }
}
