//! ID005: the source must be an active user, shared, room or equipment mailbox.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID005",
        name: "source-not-movable",
        summary: "source is inactive, soft-deleted, or not a user/shared/room/equipment mailbox",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[
                Prop::RecipientTypeDetails,
                Prop::IsInactiveMailbox,
                Prop::IsSoftDeletedByRemove,
                Prop::IsSoftDeletedByDisable,
            ],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let meta = &RULE.meta;
    let who = source.display_key();
    let inactive = source.is_inactive == Some(true);
    let soft_deleted = source.is_soft_deleted == Some(true);
    if inactive || soft_deleted {
        let (what, prop) = if inactive {
            ("an inactive mailbox", Prop::IsInactiveMailbox)
        } else {
            ("a soft-deleted mailbox", Prop::IsSoftDeletedByRemove)
        };
        e.emit(
            ctx.pair_finding(
                meta,
                pair,
                format!(
                    "source {who} is {what}: it is reported rather than checked as a normal \
                     mailbox"
                ),
            )
            .severity(Severity::Warning)
            .evidence(prop.name(), Some("False".into()), Some("True".into()))
            .note(
                "an inactive or soft-deleted mailbox cannot be moved as it is: recover or \
                 restore it to an active mailbox first, or leave it out of the batch",
            ),
        );
    }
    let Some(details) = &source.recipient_type_details else {
        if !inactive && !soft_deleted {
            e.not_evaluated(
                ctx,
                pair,
                "the source's RecipientTypeDetails is not in the export",
            );
        }
        return;
    };
    if details.is_movable_user_mailbox() {
        return;
    }
    e.emit(
        ctx.pair_finding(
            meta,
            pair,
            format!(
                "source {who} is a {}: only user, shared, room and equipment mailboxes are moved",
                details.name()
            ),
        )
        .evidence(
            Prop::RecipientTypeDetails.name(),
            Some("UserMailbox".into()),
            Some(details.name().to_string()),
        )
        .note("remove the object from the batch; it needs another migration path"),
    );
}
