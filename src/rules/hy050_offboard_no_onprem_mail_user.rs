//! HY050: an Exchange Online mailbox being offboarded needs an on-premises mail-enabled user
//! (RemoteMailbox or MailUser) to become the on-premises mailbox.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, offboard};
use crate::finding::{Finding, FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY050",
        name: "offboard-no-onprem-mail-user",
        summary: "Exchange Online mailbox has no on-premises mail-enabled user to move into",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[
                    Prop::UserPrincipalName,
                    Prop::PrimarySmtpAddress,
                    Prop::ExchangeGuid,
                ],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::RemoteMailbox, ExportKind::MailUser],
                props: &[
                    Prop::UserPrincipalName,
                    Prop::PrimarySmtpAddress,
                    Prop::ExchangeGuid,
                ],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    if pair.target.is_some() {
        return;
    }
    let source = ctx.source(pair);
    let account = offboard::directory_user(ctx, pair).and_then(|u| {
        u.sam_account_name
            .as_deref()
            .or(u.user_principal_name.as_deref())
    });
    let message = match account {
        Some(sam) => format!(
            "Exchange Online mailbox {} has no on-premises mail-enabled user: the on-premises \
             account {sam} is not mail-enabled (no Get-RemoteMailbox or Get-MailUser object)",
            source.display_key()
        ),
        None => format!(
            "Exchange Online mailbox {} has no on-premises mail-enabled user: no \
             Get-RemoteMailbox or Get-MailUser object has its UserPrincipalName, primary SMTP \
             address or ExchangeGuid",
            source.display_key()
        ),
    };
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        "RecipientTypeDetails",
        Some("RemoteUserMailbox or MailUser".into()),
        None,
    );
    let identity = account
        .map(str::to_string)
        .or_else(|| source.alias().map(str::to_string))
        .unwrap_or_else(|| source.command_identity());
    let finding = enable_commands(ctx, pair, &identity, finding);
    let note = match account {
        Some(_) => {
            "enable the account as a mail user with the cloud mailbox's GUIDs, sync, then \
                    move the mailbox from Exchange Online"
        }
        None => {
            "first match the cloud user with an on-premises account by SMTP matching \
                 (KB 2641663), then enable that account as a mail user with the cloud \
                 mailbox's GUIDs, sync, and move the mailbox from Exchange Online"
        }
    };
    let primary_only = offboard::archive_stays(ctx, source);
    e.emit(offboard::with_move_request(
        finding,
        ctx,
        pair,
        primary_only,
        note,
    ));
}

/// `Enable-MailUser` with the coexistence address and `Set-MailUser` with the cloud GUIDs, run
/// on-premises; the archive GUID only when the archive moves too.
fn enable_commands(ctx: &Context, pair: &Pair, identity: &str, mut finding: Finding) -> Finding {
    let source = ctx.source(pair);
    let local = offboard::local_part(source);
    if let (Some(local), Some(domain)) = (local, offboard::coexistence_domain(ctx, pair)) {
        let enable = Cmd::new("Enable-MailUser")
            .identity(identity)
            .param("ExternalEmailAddress", &format!("{local}@{domain}"));
        finding = finding.fix(FixSide::Onprem, enable.build());
    }
    if let Some(guid) = source.exchange_guid.filter(|g| !g.is_nil()) {
        let mut set = Cmd::new("Set-MailUser")
            .identity(identity)
            .param("ExchangeGuid", &guid.to_string());
        if let Some(archive) = source.archive_guid.filter(|g| !g.is_nil())
            && !offboard::archive_stays(ctx, source)
        {
            set = set.param("ArchiveGuid", &archive.to_string());
        }
        finding = finding.fix(FixSide::Onprem, set.build());
    }
    finding
}
