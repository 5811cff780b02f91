//! PX005: the target's primary SMTP address must be in an accepted domain of the target.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, fix, kinds};
use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::Side;
use crate::pairing::Pair;
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PX005",
        name: "target-primary-not-accepted",
        summary: "target PrimarySmtpAddress in a domain the target tenant does not accept",
        severity: Severity::Error,
        scope: Scope::Pair,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Target,
                exports: &[ExportKind::MailUser, ExportKind::Mailbox],
                props: &[Prop::PrimarySmtpAddress],
            },
            Need {
                side: Side::Target,
                exports: &[ExportKind::AcceptedDomain],
                props: &[Prop::DomainName],
            },
        ],
        fails_with: None,
    },
    check: Check::Pair(check),
};

fn check(ctx: &Context, pair: &Pair, e: &mut Emitter) {
    let Some(target) = ctx.target(pair) else {
        return e.skip();
    };
    let Some(primary) = &target.primary_smtp else {
        return e.not_evaluated(
            ctx,
            pair,
            "the target's PrimarySmtpAddress is not in the export",
        );
    };
    let accepted = |d: &str| ctx.snapshot.target.accepted_domain(d).is_some();
    if accepted(primary.domain()) {
        return;
    }
    let finding = ctx
        .pair_finding(
            &RULE.meta,
            pair,
            format!(
                "target {} has primary address {}, but {} is not an accepted domain of the \
                 target tenant",
                target.display_key(),
                primary.as_str(),
                primary.domain()
            ),
        )
        .evidence(
            Prop::PrimarySmtpAddress.name(),
            None,
            Some(primary.as_str().to_string()),
        );
    // An address the target already has in an owned domain, if any.
    let owned = target
        .smtp_addresses()
        .find(|a| a != primary && accepted(a.domain()));
    match owned {
        Some(owned) => {
            let cmd = Cmd::new("Set-MailUser")
                .identity(&target.command_identity())
                .param("PrimarySmtpAddress", owned.as_str());
            e.emit(fix::on_target(finding, target, cmd));
        }
        None => e.emit(finding.note(
            "the target has no address in an accepted domain: set PrimarySmtpAddress to an \
             address in a domain the target tenant owns (Set-MailUser -PrimarySmtpAddress)",
        )),
    }
}
