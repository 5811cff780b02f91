//! BT006: a mailbox and its delegates (FullAccess, send on behalf) are in different batches.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{Recipient, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "BT006",
        name: "delegates-split-across-batches",
        summary: "a mailbox and its delegates (FullAccess, send on behalf) are in different batches",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::MailboxPermission],
                props: &[Prop::User, Prop::AccessRights],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::GrantSendOnBehalfTo],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// True when `name` names this object: primary SMTP, UPN, alias, identity, name or display name.
fn is_named(r: &Recipient, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    [
        r.primary_smtp.as_ref().map(|a| a.as_str()),
        r.user_principal_name(),
        r.alias(),
        r.identity(),
        r.name(),
        r.display_name(),
    ]
    .into_iter()
    .flatten()
    .any(|k| k.trim().eq_ignore_ascii_case(name))
}

/// The source mailbox `name` names, when exactly one does.
fn source_named(ctx: &Context, name: &str) -> Option<usize> {
    let mut found = ctx
        .snapshot
        .source
        .recipients
        .iter()
        .enumerate()
        .filter(|(_, r)| is_named(r, name))
        .map(|(i, _)| i);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn batch_names(ctx: &Context, batches: &[usize]) -> String {
    let mut names: Vec<&str> = batches
        .iter()
        .map(|&b| ctx.snapshot.batches[b].name.as_str())
        .collect();
    names.sort();
    names.dedup();
    names.join(", ")
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    if !ctx.pairing.batch_scoped {
        return e.skip();
    }
    let source = ctx.source(pair);
    // (delegate source index, the right it holds), in export order, each once.
    let mut delegates: Vec<(usize, &'static str)> = Vec::new();
    for p in &ctx.snapshot.source.permissions {
        if p.deny
            || p.inherited
            || !p
                .access_rights
                .iter()
                .any(|r| r.trim().eq_ignore_ascii_case("FullAccess"))
            || !is_named(source, &p.mailbox)
        {
            continue;
        }
        if let Some(d) = source_named(ctx, &p.user)
            && d != pair.source
            && !delegates.contains(&(d, "FullAccess"))
        {
            delegates.push((d, "FullAccess"));
        }
    }
    for g in source.grant_send_on_behalf_to.iter().flatten() {
        if let Some(d) = source_named(ctx, g)
            && d != pair.source
            && !delegates.contains(&(d, "GrantSendOnBehalfTo"))
        {
            delegates.push((d, "GrantSendOnBehalfTo"));
        }
    }
    let who = source.display_key();
    let own_batches = batch_names(ctx, &pair.batches);
    for (d, right) in delegates {
        let delegate = &ctx.snapshot.source.recipients[d];
        let delegate_pair = ctx.pairing.pairs.iter().find(|p| p.source == d);
        let where_ = match delegate_pair {
            Some(dp) if dp.batches.iter().any(|b| pair.batches.contains(b)) => continue,
            Some(dp) => format!("in batch {}", batch_names(ctx, &dp.batches)),
            None => "in no batch".to_string(),
        };
        let dkey = delegate.display_key();
        let mut f = ctx
            .pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "{dkey} holds {right} on {who} (batch {own_batches}) but is {where_}: \
                     cross-tenant moves do not migrate permissions; move them in one batch and \
                     grant the permission again after the move"
                ),
            )
            .evidence(
                right,
                Some(format!("{dkey} in batch {own_batches}")),
                Some(format!("{dkey} {where_}")),
            )
            .at(ctx.location(delegate.origin))
            .note(
                "put the mailbox and its delegates in the same batch; permissions are not \
                 migrated cross-tenant, so grant them again in the target tenant after the move",
            );
        let target = ctx.target(pair);
        let delegate_target = delegate_pair.and_then(|dp| ctx.target(dp));
        if let (Some(t), Some(dt)) = (target, delegate_target) {
            let cmd = if right == "FullAccess" {
                Cmd::new("Add-MailboxPermission")
                    .identity(&t.command_identity())
                    .param("User", &dt.command_identity())
                    .param("AccessRights", "FullAccess")
            } else {
                Cmd::new("Set-Mailbox")
                    .identity(&t.command_identity())
                    .param_hash("GrantSendOnBehalfTo", "add", &dt.command_identity())
            };
            f = f.fix(FixSide::Target, cmd.build());
        }
        e.emit(f);
    }
}
