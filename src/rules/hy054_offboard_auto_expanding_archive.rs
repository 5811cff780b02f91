//! HY054: an auto-expanding (auxiliary) archive cannot be moved to Exchange Server: the archive
//! has to stay in Exchange Online and the move is primary-only.

use super::offboard::{self, ArchiveKind, CloudOnlyArchive};
use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{Recipient, Side};
use crate::pairing::Pair;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY054",
        name: "offboard-auto-expanding-archive",
        summary: "Exchange Online archive is auto-expanding: it cannot move on-premises",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[Need {
            side: Side::Source,
            exports: &[ExportKind::Mailbox],
            props: &[
                Prop::AutoExpandingArchiveEnabled,
                Prop::MailboxLocations,
                Prop::ArchiveGuid,
            ],
        }],
        fails_with: None,
    },
    check: Check::Pair(check),
};

/// `, the archive holds 61.5 GB (…)` when Get-MailboxStatistics -Archive was exported.
fn archive_size(source: &Recipient) -> String {
    source
        .archive_stats
        .as_ref()
        .and_then(|s| s.total_item_size)
        .map(|size| format!("; the archive holds {size}"))
        .unwrap_or_default()
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let source = ctx.source(pair);
    if source.has_archive() == Some(false) {
        return; // no archive to leave behind
    }
    let reason = match offboard::archive_kind(ctx, source) {
        ArchiveKind::CloudOnly(reason) => reason,
        ArchiveKind::Movable => return,
        ArchiveKind::Unknown => {
            return e.not_evaluated(
                ctx,
                pair,
                "neither AutoExpandingArchiveEnabled nor MailboxLocations of the Exchange Online \
                 mailbox is in the export",
            );
        }
    };
    let why = match reason {
        CloudOnlyArchive::AutoExpanding { aux } => {
            format!("auto-expanding archiving is on for the mailbox ({aux} auxiliary archive(s))")
        }
        CloudOnlyArchive::OrgAutoExpanding { aux } => format!(
            "auto-expanding archiving is on for the organisation and the mailbox has {aux} \
             auxiliary archive(s)"
        ),
    };
    let message = format!(
        "the archive of {} cannot be moved on-premises: {why}{}, and Exchange Server has no \
         auto-expanding archives",
        source.display_key(),
        archive_size(source)
    );
    let finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::AutoExpandingArchiveEnabled.name(),
        Some("False".into()),
        source
            .auto_expanding_archive
            .map(|b| if b { "True" } else { "False" }.to_string()),
    );
    e.emit(offboard::with_move_request(
        finding,
        ctx,
        pair,
        true,
        "keep the archive in Exchange Online and move the primary mailbox only: -PrimaryOnly \
         with -ArchiveDomain <tenant>.mail.onmicrosoft.com (a primary-only move without \
         -ArchiveDomain fails with ParameterValueRequiredPermanentException)",
    ));
}
