//! HD003: the source mailbox has items in Recoverable Items\SubstrateHolds.

use super::hd002_org_wide_hold::names_mailbox;
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{FolderStat, Recipient, Side};
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HD003",
        name: "substrate-holds-items",
        summary: "the source mailbox has items in the SubstrateHolds folder",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::MailboxFolderStatistics],
            props: &[
                Prop::Mailbox,
                Prop::Identity,
                Prop::FolderPath,
                Prop::ItemsInFolder,
                Prop::ContentMailboxGuid,
            ],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// True when the folder-statistics row is of this mailbox (or its archive).
fn of_mailbox(row: &FolderStat, r: &Recipient) -> bool {
    if row.mailbox.as_deref().is_some_and(|m| names_mailbox(m, r)) {
        return true;
    }
    matches!(
        (row.content_mailbox_guid, r.archive_guid),
        (Some(a), Some(b)) if !a.is_nil() && a == b
    )
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    if source.has_archive() == Some(false) {
        // SubstrateHolds is checked in the archive's Recoverable Items; no archive, nothing to hold.
        return;
    }
    let rows: Vec<&FolderStat> = ctx
        .snapshot
        .source
        .folder_stats
        .iter()
        .filter(|row| of_mailbox(row, source))
        .collect();
    if rows.is_empty() {
        return e.not_evaluated(
            ctx,
            pair,
            "no Get-MailboxFolderStatistics row of the source mailbox is in the export",
        );
    }
    let meta = &RULE.meta;
    let who = source.display_key();
    for row in rows.iter().filter(|r| r.is_substrate_holds()) {
        let Some(items) = row.items.filter(|n| *n > 0) else {
            continue;
        };
        let path = row.folder_path.as_deref().unwrap_or("SubstrateHolds");
        e.emit(
            ctx.pair_finding(
                meta,
                pair,
                format!(
                    "source mailbox {who} has {items} items in {path}: held items block the move"
                ),
            )
            .evidence(
                Prop::ItemsInFolder.name(),
                Some("0".into()),
                Some(items.to_string()),
            )
            .note(
                "remove the items from the SubstrateHolds folder (e.g. with MFCMapi) before the \
                 move; they are kept by a hold, so release the hold first",
            ),
        );
    }
}
