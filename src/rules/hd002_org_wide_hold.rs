//! HD002: an organisation-wide retention hold covers the source mailbox.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{Recipient, Side};
use crate::pairing::Pair;
use crate::values::{HoldKind, InPlaceHold};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HD002",
        name: "org-wide-hold",
        summary: "an organisation-wide retention policy holds the source mailbox",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::InPlaceHolds],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::HoldTracking, ExportKind::OrganizationConfig],
                props: &[Prop::Mailbox, Prop::MailboxLog, Prop::InPlaceHolds],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// Hold type of an organisation-wide retention policy in a HoldTracking log.
const ORG_WIDE_HOLD_TYPE: i64 = 4;

/// True when `name` (a Mailbox column) names the recipient.
pub(crate) fn names_mailbox(name: &str, r: &Recipient) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    if let (Ok(g), Some(own)) = (crate::values::Guid::parse(name), r.exchange_guid) {
        return !own.is_nil() && g == own;
    }
    [
        r.primary_smtp.as_ref().map(|a| a.as_str()),
        r.user_principal_name(),
        r.identity(),
        r.alias(),
        r.name(),
    ]
    .into_iter()
    .flatten()
    .any(|own| own.trim().eq_ignore_ascii_case(name))
}

/// A hold id without its `:n` action suffix, lowercased, for comparing.
fn hold_key(id: &str) -> String {
    let id = id.trim().trim_start_matches('-');
    let body = match id.rsplit_once(':') {
        Some((body, suffix)) if suffix.bytes().all(|b| b.is_ascii_digit()) => body,
        _ => id,
    };
    body.to_ascii_lowercase()
}

/// True when the mailbox's own InPlaceHolds exclude it from the org hold.
fn excluded(own: &[InPlaceHold], hold: &InPlaceHold) -> bool {
    own.iter()
        .filter(|h| h.kind == HoldKind::Exclusion)
        .any(|x| {
            (x.policy.is_some() && x.policy == hold.policy)
                || hold_key(&x.raw) == hold_key(&hold.raw)
        })
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    let data = &ctx.snapshot.source;
    let logs: Vec<_> = data
        .hold_logs
        .iter()
        .filter(|l| {
            l.mailbox
                .as_deref()
                .is_some_and(|m| names_mailbox(m, source))
        })
        .collect();
    let org_holds: Vec<&InPlaceHold> = data
        .org_configs
        .iter()
        .flat_map(|c| c.in_place_holds.iter().flatten())
        .filter(|h| h.blocks_mailbox_move())
        .collect();
    let org_known = data.org_configs.iter().any(|c| c.in_place_holds.is_some());
    if logs.is_empty() && !org_known {
        return e.not_evaluated(
            ctx,
            pair,
            "no HoldTracking log of the source mailbox and no InPlaceHolds of the source \
             organisation are in the exports",
        );
    }
    // Active org-wide holds, keyed so that one hold seen twice is reported once.
    let mut found: Vec<(String, String, &'static str)> = Vec::new();
    for entry in logs.iter().flat_map(|l| &l.entries) {
        if entry.hold_type == Some(ORG_WIDE_HOLD_TYPE) && !entry.ended {
            let id = entry
                .hold_id
                .as_deref()
                .unwrap_or("(no hold id)")
                .to_string();
            let key = hold_key(&id);
            if !found.iter().any(|(k, _, _)| *k == key) {
                found.push((key, id, Prop::MailboxLog.name()));
            }
        }
    }
    if !org_holds.is_empty() {
        match &source.in_place_holds {
            None if found.is_empty() => {
                return e.not_evaluated(
                    ctx,
                    pair,
                    "the source organisation has org-wide holds, but the source mailbox's \
                     InPlaceHolds (which lists its exclusions) is not in the export",
                );
            }
            None => {}
            Some(own) => {
                for hold in org_holds.iter().filter(|h| !excluded(own, h)) {
                    let key = hold_key(&hold.raw);
                    if !found.iter().any(|(k, _, _)| *k == key) {
                        found.push((key, hold.raw.to_string(), Prop::InPlaceHolds.name()));
                    }
                }
            }
        }
    }
    let meta = &RULE.meta;
    let who = source.display_key();
    for (_, id, prop) in found {
        e.emit(
            ctx.pair_finding(
                meta,
                pair,
                format!(
                    "source mailbox {who} is held by org-wide retention policy {id}: mailboxes \
                     on hold are not moved"
                ),
            )
            .evidence(prop, None, Some(id.clone()))
            .note(
                "exclude the mailbox from the org-wide retention policy (the exclusion shows as \
                 `-mbx<guid>` in the mailbox's InPlaceHolds), then re-check",
            ),
        );
    }
}
