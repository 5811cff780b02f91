//! ID007: offboarding needs the on-premises RemoteMailbox / MailUser to carry the Exchange
//! Online mailbox's ExchangeGuid (and ArchiveGuid when the archive moves too).

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, offboard};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{RecipientSource, Side};
use crate::pairing::Pair;
use crate::powershell::Cmd;
use crate::values::Guid;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ID007",
        name: "offboard-exchange-guid-mismatch",
        summary: "on-premises RemoteMailbox / MailUser ExchangeGuid (or ArchiveGuid) all-zero or \
                  different from the Exchange Online mailbox's",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::OFFBOARDING,
        needs: &[
            Need {
                side: Side::Source,
                exports: &[ExportKind::Mailbox],
                props: &[Prop::ExchangeGuid, Prop::ArchiveGuid],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::RemoteMailbox, ExportKind::MailUser],
                props: &[Prop::ExchangeGuid, Prop::ArchiveGuid],
            },
        ],
        fails_with: Some("MigrationPermanentException"),
    },
    check: Check::Pair(check),
};

/// What the on-premises object says for one GUID, against the cloud value.
fn wrong(name: &str, want: Guid, found: Guid, whose: &str) -> Option<String> {
    if found == want {
        return None;
    }
    Some(if found.is_nil() {
        format!("no {name} (the Exchange Online {whose}'s is {want})")
    } else {
        format!("{name} {found}, but the Exchange Online {whose}'s is {want}")
    })
}

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let source = ctx.source(pair);
    let Some(want) = source.exchange_guid.filter(|g| !g.is_nil()) else {
        return e.not_evaluated(
            ctx,
            pair,
            "the Exchange Online mailbox's ExchangeGuid is not in the export",
        );
    };
    let Some(found) = target.exchange_guid else {
        return e.not_evaluated(
            ctx,
            pair,
            "the on-premises object's ExchangeGuid is not in the export",
        );
    };
    let mut problems: Vec<String> = wrong("ExchangeGuid", want, found, "mailbox")
        .into_iter()
        .collect();
    // The archive GUID matters only when the archive moves too.
    let archive = source
        .archive_guid
        .filter(|g| !g.is_nil() && !offboard::archive_stays(ctx, source));
    let mut archive_fix = None;
    if let Some(want_archive) = archive {
        match target.archive_guid {
            None => e.not_evaluated(
                ctx,
                pair,
                "the on-premises object's ArchiveGuid is not in the export",
            ),
            Some(found_archive) => {
                if let Some(p) = wrong("ArchiveGuid", want_archive, found_archive, "archive") {
                    problems.push(p);
                    archive_fix = Some(want_archive);
                }
            }
        }
    }
    if problems.is_empty() {
        return;
    }
    let message = format!(
        "on-premises {} {} has {}",
        match target.source {
            RecipientSource::RemoteMailbox => "RemoteMailbox",
            RecipientSource::MailUser => "MailUser",
            RecipientSource::Mailbox => "mailbox",
        },
        target.display_key(),
        problems.join("; and ")
    );
    let mut finding = ctx.pair_finding(&RULE.meta, pair, message).evidence(
        Prop::ExchangeGuid.name(),
        Some(want.to_string()),
        Some(found.to_string()),
    );
    if found == want {
        finding = finding.evidence(
            Prop::ArchiveGuid.name(),
            archive_fix.map(|g| g.to_string()),
            target.archive_guid.map(|g| g.to_string()),
        );
    }
    let mut cmd = Cmd::new(offboard::set_cmdlet(target)).identity(&target.command_identity());
    if found != want {
        cmd = cmd.param("ExchangeGuid", &want.to_string());
    }
    if let Some(a) = archive_fix {
        cmd = cmd.param("ArchiveGuid", &a.to_string());
    }
    let finding = finding.fix(FixSide::Onprem, cmd.build());
    e.emit(offboard::with_move_request(
        finding,
        ctx,
        pair,
        offboard::archive_stays(ctx, source),
        "stamp the cloud GUIDs on the on-premises object (mailboxes created in Exchange Online \
         never had theirs written back), run a delta sync (Start-ADSyncSyncCycle -PolicyType \
         Delta), then move the mailbox from Exchange Online",
    ));
}
