//! LI001: either side must have the Cross Tenant User Data Migration licence.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{LicenceAssignment, Recipient, Side};
use crate::pairing::Pair;

/// SkuId of the Cross Tenant User Data Migration add-on.
pub(super) const T2T_SKU_ID: &str = "946ce899-873d-44bb-9d8b-671870cbfdbf";
/// SkuPartNumber of the add-on.
pub(super) const T2T_SKU_PART: &str = "Cross_tenant_user_data_migration";
/// The PersistedCapabilities value the add-on sets.
use crate::model::T2T_MOVE_CAPABILITY as T2T_CAPABILITY;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "LI001",
        name: "no-migration-licence",
        summary: "neither side has the Cross Tenant User Data Migration licence",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox, ExportKind::Licence],
                props: &[
                    Prop::PersistedCapabilities,
                    Prop::SkuId,
                    Prop::SkuPartNumber,
                ],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Licence],
                props: &[
                    Prop::PersistedCapabilities,
                    Prop::SkuId,
                    Prop::SkuPartNumber,
                ],
            },
        ],
        fails_with: Some("CrossTenantMigrationWithoutLicensePermanentException"),
    },
    check: Check::Pair(check),
};

fn is_t2t(l: &LicenceAssignment) -> bool {
    l.sku_id
        .is_some_and(|g| g.to_string().eq_ignore_ascii_case(T2T_SKU_ID))
        || l.sku_part_number
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case(T2T_SKU_PART))
}

/// Whether `object` has the add-on: `None` when nothing says either way.
fn has_licence(ctx: &Context, which: Side, object: &Recipient) -> Option<bool> {
    let side = ctx.snapshot.side(which);
    let capability = object.t2t_capability;
    let licence = side
        .has(ExportKind::Licence)
        .then(|| ctx.licences_of(which, object).into_iter().any(is_t2t));
    match (capability, licence) {
        (None, None) => None,
        (a, b) => Some(a == Some(true) || b == Some(true)),
    }
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let on_source = has_licence(ctx, Side::Source, source);
    let on_target = has_licence(ctx, Side::Target, target);
    if on_source == Some(true) || on_target == Some(true) {
        return;
    }
    if on_source.is_none() || on_target.is_none() {
        return e.not_evaluated(
            ctx,
            pair,
            "neither PersistedCapabilities nor a licence export is present for the source or \
             the target object",
        );
    }
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "neither source {} nor target {} has the Cross Tenant User Data Migration \
                 licence",
                source.display_key(),
                target.display_key()
            ),
        )
        .evidence(
            Prop::PersistedCapabilities.name(),
            Some(T2T_CAPABILITY.into()),
            None,
        )
        .note(
            "assign the Cross Tenant User Data Migration add-on (Cross_tenant_user_data_migration) \
             to the user in either tenant; PersistedCapabilities then shows ExchangeT2TMbxMove",
        ),
    );
}
