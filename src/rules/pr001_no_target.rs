//! PR001: a source mailbox in scope has no target object to move into.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{MigrationKind, Side};
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PR001",
        name: "no-target-object",
        summary: "source mailbox has no matching target object",
        severity: Severity::Error,
        scope: Scope::Pair,
        // Offboarding: HY050 reports a cloud mailbox without an on-premises mail user, with the
        // recovery steps.
        kinds: &[MigrationKind::CrossTenant, MigrationKind::Onboarding],
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::PrimarySmtpAddress],
            },
            Need {
                side: Side::Target,
                exports: &[
                    ExportKind::MailUser,
                    ExportKind::Mailbox,
                    ExportKind::RemoteMailbox,
                ],
                props: &[Prop::ExternalEmailAddress, Prop::EmailAddresses],
            },
        ],
        fails_with: Some("MigrationRecipientNotFoundException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    if pair.target.is_some() {
        return;
    }
    let source = ctx.source(pair);
    let how = match ctx.kind {
        MigrationKind::CrossTenant => {
            "no target MailUser has an ExternalEmailAddress of this mailbox, its LegacyExchangeDN \
             as x500, or its ExchangeGuid"
        }
        _ => {
            "no object on the other side has its UserPrincipalName, primary SMTP address or ExchangeGuid"
        }
    };
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "source mailbox {} has no target object: {how}",
                source.display_key()
            ),
        )
        .note(match ctx.kind {
            MigrationKind::CrossTenant => {
                "create the target MailUser (New-MailUser) with ExternalEmailAddress set to the \
                 source address, then stamp ExchangeGuid, ArchiveGuid and the x500 proxies; or \
                 name the pair in a mapping file (SourceIdentity,TargetIdentity) if it exists \
                 under other addresses"
            }
            MigrationKind::Onboarding => {
                "the on-premises mailbox has no MailUser in Exchange Online: check that directory \
                 synchronisation covers the account"
            }
            MigrationKind::Offboarding => {
                "the cloud mailbox has no on-premises mail-enabled user: HY050 gives the \
                 recovery steps"
            }
        });
    e.emit(finding);
}
