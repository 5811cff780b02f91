//! LI002: a target MailUser licensed for Exchange before its ExchangeGuid is stamped.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{RecipientSource, Side};
use crate::pairing::Pair;

/// SkuPartNumbers known to include an Exchange Online plan.
const EXCHANGE_SKUS: &[&str] = &[
    "ENTERPRISEPACK",
    "SPE_E3",
    "SPE_E5",
    "ENTERPRISEPREMIUM",
    "EXCHANGESTANDARD",
    "EXCHANGEENTERPRISE",
    "O365_BUSINESS_PREMIUM",
    "SPB",
];

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "LI002",
        name: "target-licensed-before-guid",
        summary: "target has an Exchange Online licence while its ExchangeGuid is not the source's",
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
                exports: &[ExportKind::MailUser, ExportKind::Licence],
                props: &[Prop::SkuAssigned, Prop::SkuPartNumber, Prop::ExchangeGuid],
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
    // A target that is already a mailbox is ID003's.
    if target.source == RecipientSource::Mailbox
        || target
            .recipient_type_details
            .as_ref()
            .is_some_and(|d| d.is_mailbox())
    {
        return e.skip();
    }
    let source = ctx.source(pair);
    let side = &ctx.snapshot.target;
    let sku = ctx
        .licences_of(Side::Target, target)
        .into_iter()
        .filter_map(|l| l.sku_part_number.as_deref())
        .find(|p| EXCHANGE_SKUS.iter().any(|s| s.eq_ignore_ascii_case(p)));
    let licensed = match (target.sku_assigned, sku) {
        (_, Some(p)) => Some(p.to_string()),
        (Some(true), None) => Some("SKUAssigned True".to_string()),
        (None, None) if !side.has(ExportKind::Licence) => {
            return e.not_evaluated(
                ctx,
                pair,
                "neither the target's SKUAssigned nor a target licence export is present",
            );
        }
        _ => None,
    };
    let Some(licence) = licensed else {
        return;
    };
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
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} has an Exchange Online licence ({licence}) but not the source \
                 mailbox's ExchangeGuid {want}: a new, empty mailbox would be provisioned",
                target.display_key()
            ),
        )
        .evidence(
            Prop::ExchangeGuid.name(),
            Some(want.to_string()),
            Some(found.to_string()),
        )
        .note(
            "remove the Exchange Online licence now; stamp the source mailbox's ExchangeGuid on \
             the MailUser (see ID001) and licence the user only after that (Exchange Online \
             allows a 30-day grace period after the move)",
        ),
    );
}
