//! PR002: the pairing keys disagree, or two source mailboxes claim the same target.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PR002",
        name: "pairing-conflict",
        summary: "pairing evidence points at different target objects",
        severity: Severity::Warning,
        scope: Scope::Pair,
        kinds: kinds::ALL,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[],
            },
            Need {
                side: Side::Target,
                exports: &[
                    ExportKind::MailUser,
                    ExportKind::Mailbox,
                    ExportKind::RemoteMailbox,
                ],
                props: &[
                    Prop::ExternalEmailAddress,
                    Prop::EmailAddresses,
                    Prop::ExchangeGuid,
                    Prop::UserPrincipalName,
                ],
            },
        ],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let snap = ctx.snapshot;
    let in_scope = |s: usize| ctx.pairing.pairs.iter().find(|p| p.source == s);
    for c in &ctx.pairing.conflicts {
        let Some(pair) = in_scope(c.source) else {
            continue;
        };
        let other = &snap.target.recipients[c.other];
        let chosen = &snap.target.recipients[c.chosen];
        let by = pair.matched_by.map(|k| k.describe()).unwrap_or("?");
        let f = ctx
            .pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "paired with {} by {by}, but {} points at {}: one of the two objects carries \
                     another mailbox's value",
                    chosen.display_key(),
                    c.key.describe(),
                    other.display_key()
                ),
            )
            .evidence(
                c.key.describe(),
                Some(chosen.display_key()),
                Some(other.display_key()),
            )
            .note("check both target objects; use a mapping file to state the pair explicitly");
        e.emit(f);
    }
    for (t, sources) in &ctx.pairing.shared_targets {
        let target = &snap.target.recipients[*t];
        let names: Vec<String> = sources
            .iter()
            .map(|s| snap.source.recipients[*s].display_key())
            .collect();
        for s in sources {
            let Some(pair) = in_scope(*s) else {
                continue;
            };
            let f = ctx.pair_finding(
                &RULE.meta,
                pair,
                format!(
                    "target {} is claimed by {} source mailboxes ({}); only one can move into it",
                    target.display_key(),
                    sources.len(),
                    names.join(", ")
                ),
            );
            e.emit(f.severity(Severity::Error));
        }
    }
}
