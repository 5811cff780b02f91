//! HY010: the on-premises AD user must inherit permissions, or the mailbox is not converted to a
//! remote mailbox after the move (seed 000).

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY010",
        name: "ad-inheritance-disabled",
        summary: "on-premises AD user has permission inheritance disabled",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::ONBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::AdUser],
            props: &[Prop::InheritanceBlocked],
        }],
        fails_with: Some("UpdateMovedMailboxPermanentException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(user) = hybrid::directory_user(&ctx.snapshot.source, source) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no Get-ADUser record matches the on-premises mailbox (msExchMailboxGuid, UPN or \
             proxyAddresses)",
        );
    };
    let Some(blocked) = user.inheritance_blocked else {
        return e.not_evaluated(
            ctx,
            pair,
            "the Get-ADUser record has no InheritanceBlocked \
             (nTSecurityDescriptor.AreAccessRulesProtected)",
        );
    };
    if !blocked {
        return;
    }
    let who = source.display_key();
    let mut f = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "the Active Directory user of {who} has permission inheritance disabled: the \
                 move completes but the mailbox is not converted to a remote mailbox, and \
                 Outlook cannot open it"
            ),
        )
        .evidence(
            Prop::InheritanceBlocked.name(),
            Some("False".into()),
            Some("True".into()),
        );
    if let Some(dn) = source.distinguished_name().map(|d| d.text()) {
        f = f.fix(
            FixSide::Onprem,
            Cmd::new("dsacls").arg(&dn).code("/P:N").build(),
        );
    }
    let id = source.command_identity();
    let save = Cmd::new("Get-Mailbox")
        .identity(&id)
        .pipe(Cmd::new("Format-List"))
        .pipe(Cmd::new("Out-File").param(
            "FilePath",
            &format!(
                "C:\\{}-mailbox.txt",
                hybrid::local_part(source).unwrap_or_else(|| "mailbox".to_string())
            ),
        ));
    f = f.fix(FixSide::Onprem, save.build()).fix_irreversible(
        FixSide::Onprem,
        Cmd::new("Disable-Mailbox").identity(&id).build(),
    );
    if let (Some(local), Some(domain)) = (hybrid::local_part(source), hybrid::routing_domain(ctx)) {
        let enable = Cmd::new("Enable-RemoteMailbox")
            .identity(&id)
            .param("RemoteRoutingAddress", &format!("{local}@{domain}"));
        f = f.fix(FixSide::Onprem, enable.build());
    }
    if let Some(dn) = source.legacy_exchange_dn() {
        let x500 = Cmd::new("Set-RemoteMailbox").identity(&id).param_hash(
            "EmailAddresses",
            "add",
            &format!("x500:{dn}"),
        );
        f = f.fix(FixSide::Onprem, x500.build());
    }
    e.emit(f.note(
        "before the move: turn inheritance back on (first command; or Active Directory Users \
         and Computers > Security > Advanced > Enable inheritance). If a move already completed \
         with UpdateMovedMailboxPermanentException, Microsoft's recovery is the rest: save the \
         mailbox's properties, Disable-Mailbox, Enable-RemoteMailbox with the routing address, \
         then restore custom attributes the email address policy does not set (the old \
         LegacyExchangeDN as an x500 address)",
    ))
}
