//! HY053: offboarding to Exchange Server 2010 works only with the modern Hybrid Configuration
//! wizard, and loses features newer servers keep (warning).

use super::offboard::{self, TargetVersion};
use super::{Check, Context, Emitter, NotEvaluated, Rule, RuleMeta, kinds};
use crate::finding::{Scope, Severity};
use crate::import::Prop;
use crate::model::ExchangeServer;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY053",
        name: "offboard-exchange-2010-target",
        summary: "the on-premises organisation offboards to Exchange Server 2010",
        severity: Severity::Warning,
        scope: Scope::Tenant,
        kinds: kinds::OFFBOARDING,
        // Either --target-version or Get-ExchangeServer: checked in the rule.
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

fn check(ctx: &Context, e: &mut Emitter) {
    let old = |v: (u32, u32)| v.0 <= offboard::EXCHANGE_2010_MAJOR;
    let (what, servers, newer): (String, Vec<&ExchangeServer>, Vec<&ExchangeServer>) =
        match offboard::target_version(ctx) {
            TargetVersion::Given(v) if old(v) => (
                format!("--target-version {}.{} is Exchange Server 2010", v.0, v.1),
                Vec::new(),
                Vec::new(),
            ),
            TargetVersion::AllServers(v, servers) if old(v) => (
                format!(
                    "every on-premises Exchange server is Exchange Server 2010: {}",
                    offboard::describe_servers(&servers)
                ),
                servers,
                Vec::new(),
            ),
            TargetVersion::Mixed { old, newer } => (
                format!(
                    "the on-premises organisation has Exchange Server 2010: {}",
                    offboard::describe_servers(&old)
                ),
                old,
                newer,
            ),
            TargetVersion::Unknown => {
                e.not_evaluated.push(NotEvaluated {
                    rule: e.rule.code,
                    scope: Scope::Tenant,
                    source_object: None,
                    target_object: None,
                    object_id: None,
                    reason: "the on-premises Exchange version is not known: export \
                             Get-ExchangeServer or give --target-version"
                        .into(),
                });
                return;
            }
            _ => return,
        };
    let message = format!(
        "{what}: offboarding to it needs the Microsoft 365 Hybrid Configuration wizard (the \
         Exchange 2010 wizard is no longer supported), and permissions delegated between \
         Exchange 2010 and Exchange Online mailboxes are not supported"
    );
    let mut finding = ctx.finding(&RULE.meta, Scope::Tenant, message).evidence(
        Prop::AdminDisplayVersion.name(),
        Some("Version 15.x".into()),
        servers
            .iter()
            .find_map(|s| s.version)
            .map(|(a, b)| format!("Version {a}.{b}")),
    );
    for s in &servers {
        finding = finding.at(ctx.location(s.origin));
    }
    let note = if newer.is_empty() {
        "run the Microsoft 365 Hybrid Configuration wizard (https://aka.ms/hybridwizard); plan \
         to offboard to a supported Exchange Server version"
            .to_string()
    } else {
        format!(
            "run the Microsoft 365 Hybrid Configuration wizard (https://aka.ms/hybridwizard); \
             offboard to databases on {} rather than Exchange 2010",
            offboard::describe_servers(&newer)
        )
    };
    e.emit(finding.note(note));
}
