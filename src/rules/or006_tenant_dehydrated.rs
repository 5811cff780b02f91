//! OR006: a dehydrated tenant cannot hold organization relationships or endpoints.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR006",
        name: "tenant-dehydrated",
        summary: "a tenant is dehydrated (organization customization not enabled)",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::OrganizationConfig],
                props: &[Prop::IsDehydrated],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::OrganizationConfig],
                props: &[Prop::IsDehydrated],
            },
        ],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    for (side, data, fix_side) in [
        (Side::Source, &ctx.snapshot.source, FixSide::Source),
        (Side::Target, &ctx.snapshot.target, FixSide::Target),
    ] {
        for config in &data.org_configs {
            if config.is_dehydrated != Some(true) {
                continue;
            }
            let f = ctx
                .finding(
                    &RULE.meta,
                    Scope::Tenant,
                    format!(
                        "{} tenant {} is dehydrated (IsDehydrated True): organization relationships and migration endpoints cannot be set up",
                        side.as_str(),
                        config.name.as_deref().unwrap_or("(unnamed)")
                    ),
                )
                .at(ctx.location(config.origin))
                .fix(fix_side, Cmd::new("Enable-OrganizationCustomization").build());
            e.emit(f);
        }
    }
}
