//! PX003: X400 proxies of the source mailbox should be on the target too (advice).

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::values::ProxyPrefix;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX003",
        name: "x400-proxy-missing",
        summary: "an X400 proxy address of the source mailbox is missing on the target",
        severity: Severity::Info,
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
    super::px002_x500_proxy_missing::copy_proxies(
        ctx,
        pair,
        e,
        &RULE.meta,
        &ProxyPrefix::X400,
        |target| {
            format!(
                "target {target} lacks a source X400 proxy: mail addressed to it after the move \
                 would not reach the mailbox"
            )
        },
    );
}
