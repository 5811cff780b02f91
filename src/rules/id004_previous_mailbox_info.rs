//! ID004: a target MailUser that was once a mailbox keeps its previous mailbox information.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Recipient;
use crate::model::{MigrationKind, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID004",
        name: "previous-mailbox-info",
        summary: "target user's PreviousRecipientTypeDetails is a mailbox type",
        severity: Severity::Error,
        scope: Scope::Pair,
        // Onboarding too: a cloud MailUser that was once licensed keeps its previous mailbox
        // (catalogue-detail ON-PREV-MAILBOX); same check, same fix.
        kinds: &[MigrationKind::CrossTenant, MigrationKind::Onboarding],
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::User],
            props: &[Prop::PreviousRecipientTypeDetails],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    // In onboarding, inactive and soft-deleted cloud mailboxes are HY008's (a warning with the
    // reconnect path), not a previous mailbox to clear.
    if ctx.kind == MigrationKind::CrossTenant {
        soft_deleted_mailbox(ctx, pair, target, e);
    }
    let Some(user) = &target.user else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target has no Get-User record in the exports",
        );
    };
    let Some(previous) = user
        .previous_recipient_type_details
        .as_ref()
        .filter(|p| p.is_mailbox())
    else {
        return;
    };
    let clear = Cmd::new("Set-User")
        .identity(&target.command_identity())
        .switch("PermanentlyClearPreviousMailboxInfo");
    e.emit(
        ctx.pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} was previously a mailbox (PreviousRecipientTypeDetails {}): its \
                 previous mailbox information must be cleared before the move",
                target.display_key(),
                previous.name()
            ),
        )
        .evidence(
            Prop::PreviousRecipientTypeDetails.name(),
            Some("None".into()),
            Some(previous.name().to_string()),
        )
        .fix_irreversible(FixSide::Target, clear.build())
        .note(
            "clearing the previous mailbox information is irreversible: the soft-deleted \
             mailbox of the target object is lost",
        ),
    );
}

/// A soft-deleted or inactive mailbox of the same user in the target tenant (an export of
/// `Get-Mailbox -SoftDeletedMailbox` / `-InactiveMailboxOnly`) whose ExchangeGuid is not the
/// source mailbox's: the user's previous mailbox, which must be cleared first.
fn soft_deleted_mailbox(ctx: &Context, pair: &Pair, target: &Recipient, e: &mut Emitter) {
    let Some(want) = ctx.source(pair).exchange_guid.filter(|g| !g.is_nil()) else {
        return;
    };
    let same_user = |r: &Recipient| {
        let same = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        same(r.user_principal_name(), target.user_principal_name())
            || matches!((r.external_directory_object_id, target.external_directory_object_id),
                (Some(a), Some(b)) if !a.is_nil() && a == b)
            || matches!((&r.primary_smtp, &target.primary_smtp), (Some(a), Some(b)) if a == b)
    };
    let recipients = &ctx.snapshot.target.recipients;
    for old in ctx
        .soft_deleted_targets()
        .iter()
        .map(|&i| &recipients[i])
        .filter(|r| !std::ptr::eq(*r, target) && same_user(r))
    {
        let Some(found) = old.exchange_guid.filter(|g| !g.is_nil() && *g != want) else {
            continue;
        };
        let clear = Cmd::new("Set-User")
            .identity(&target.command_identity())
            .switch("PermanentlyClearPreviousMailboxInfo");
        e.emit(
            ctx.pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "target {} has a soft-deleted or inactive mailbox with ExchangeGuid {found}, \
                     not the source mailbox's {want}: its previous mailbox information must be \
                     cleared before the move",
                    target.display_key()
                ),
            )
            .evidence(
                Prop::ExchangeGuid.name(),
                Some(want.to_string()),
                Some(found.to_string()),
            )
            .fix_irreversible(FixSide::Target, clear.build())
            .note(
                "clearing the previous mailbox information is irreversible: the soft-deleted \
                 mailbox is lost; restore its content first (New-MailboxRestoreRequest) if it is needed",
            ),
        );
    }
}
