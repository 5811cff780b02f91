//! HY051: the on-premises AD account of an offboarded mailbox must not still carry mailbox
//! attributes (homeMDB / homeMTA), or the move finds a mailbox already there.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, offboard};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY051",
        name: "offboard-target-has-homemdb",
        summary: "on-premises AD account still has homeMDB / homeMTA set (a primary mailbox)",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[Need {
            side: Side::Target,
            exports: &[ExportKind::AdUser],
            props: &[
                Prop::UserPrincipalName,
                Prop::SamAccountName,
                Prop::HomeMdb,
                Prop::HomeMta,
            ],
        }],
        fails_with: Some("MigrationPermanentException"),
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let Some(user) = offboard::directory_user(ctx, pair) else {
        return e.not_evaluated(
            ctx,
            pair,
            "no Get-ADUser record has the mailbox's UserPrincipalName or alias",
        );
    };
    let Some(set) = user.home_attributes() else {
        return e.not_evaluated(
            ctx,
            pair,
            "the Get-ADUser export has no homeMDB / homeMTA column (export with -Properties \
             homeMDB,homeMTA)",
        );
    };
    if set.is_empty() {
        return;
    }
    let account = user
        .sam_account_name
        .as_deref()
        .or(user.user_principal_name.as_deref())
        .unwrap_or("(unnamed)");
    let names: Vec<&str> = set.iter().map(|(n, _)| *n).collect();
    let message = format!(
        "on-premises account {account} of {} still has {} set: the move fails with \"Target \
         user already has a primary mailbox\"",
        source.display_key(),
        names.join(" and ")
    );
    let mut finding = ctx
        .pair_finding(&RULE.meta, pair, message)
        .at(ctx.location(user.origin))
        .evidence(
            &names.join(","),
            Some("empty".into()),
            Some(set.iter().map(|(_, v)| *v).collect::<Vec<_>>().join("; ")),
        );
    let cmd = Cmd::new("Get-ADUser")
        .identity(account)
        .param_code("Properties", "homeMDB,homeMTA")
        .pipe(Cmd::new("Set-ADObject").param_code("Clear", "homeMDB,homeMTA"));
    finding = finding.fix(FixSide::Onprem, cmd.build()).note(
        "clear the attributes only when the account has no on-premises mailbox you keep (check \
         with Get-Mailbox); then sync and restart the migration user (Start-MigrationUser)",
    );
    e.emit(finding);
}
