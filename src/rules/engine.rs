//! Runs the rules: per-pair rules in parallel over the pairs, once-rules after; findings are
//! sorted so that the output does not depend on the thread count.

use super::context::{Context, Emitter, NotEvaluated};
use super::{Check, REGISTRY, Rule};
use crate::finding::{Finding, Scope};
use rayon::prelude::*;
use serde::Serialize;

/// How one rule went.
#[derive(Clone, Debug, Serialize)]
pub struct RuleStatus {
    pub rule: &'static str,
    pub name: &'static str,
    /// False when the rule could not run at all (an export it needs is missing).
    pub evaluated: bool,
    /// Why it could not run.
    pub reason: Option<String>,
    pub checked: u64,
    pub failed: u64,
    pub not_evaluated: u64,
    pub findings: u64,
}

/// The result of running the rules.
pub struct RunResult {
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub statuses: Vec<RuleStatus>,
}

/// Which exports a rule lacks, as a sentence, or `None` when it has what it needs.
fn missing_inputs(ctx: &Context, rule: &Rule) -> Option<String> {
    let missing: Vec<String> = rule
        .meta
        .needs
        .iter()
        .filter(|need| {
            !need
                .exports
                .iter()
                .any(|k| ctx.snapshot.side(need.side).has(*k))
        })
        .map(|need| {
            let names: Vec<&str> = need.exports.iter().map(|k| k.label()).collect();
            format!(
                "{} from the {} side",
                names.join(" or "),
                need.side.as_str()
            )
        })
        .collect();
    (!missing.is_empty()).then(|| format!("needs {}", missing.join(" and ")))
}

/// Rules that look at inactive and soft-deleted source mailboxes. Such a mailbox is reported
/// (ID005) rather than checked as a normal mailbox: every other per-pair finding about it would
/// be noise, since it cannot be moved as it is.
const INACTIVE_SOURCE_RULES: &[&str] = &["ID005", "PR001"];

fn checks_source(ctx: &Context, rule: &Rule, pair: &crate::pairing::Pair) -> bool {
    let source = ctx.source(pair);
    let gone = source.is_inactive == Some(true) || source.is_soft_deleted == Some(true);
    !gone || INACTIVE_SOURCE_RULES.contains(&rule.meta.code)
}

type PairCheck = fn(&Context, &crate::pairing::Pair, &mut Emitter);

/// Runs every rule `selected` accepts that applies to the context's migration kind.
pub fn run(ctx: &Context, selected: &dyn Fn(&Rule) -> bool) -> RunResult {
    let mut findings = Vec::new();
    let mut not_evaluated = Vec::new();
    let mut statuses = Vec::new();
    // The rules that apply, in registry order, each with what it lacks (an export missing).
    let applicable: Vec<(&'static Rule, Option<String>)> = REGISTRY
        .iter()
        .copied()
        .filter(|rule| rule.meta.kinds.contains(&ctx.kind) && selected(rule))
        .map(|rule| (rule, missing_inputs(ctx, rule)))
        .collect();
    // Every per-pair rule in one parallel pass over the pairs (each pair's two records are
    // read once for all rules, not once per rule); each rule keeps its own emitter, and the
    // emitters are combined in pair order, so the output does not depend on the threads.
    let pair_rules: Vec<(&'static Rule, PairCheck)> = applicable
        .iter()
        .filter(|(_, missing)| missing.is_none())
        .filter_map(|(rule, _)| match &rule.check {
            Check::Pair(check) => Some((*rule, *check)),
            Check::Once(_) => None,
        })
        .collect();
    let fresh = || -> Vec<Emitter> {
        pair_rules
            .iter()
            .map(|(rule, _)| Emitter::new(&rule.meta))
            .collect()
    };
    let mut pair_emitters = ctx
        .pairing
        .pairs
        .par_iter()
        .fold(fresh, |mut emitters, pair| {
            for ((rule, check), e) in pair_rules.iter().zip(emitters.iter_mut()) {
                e.begin_object();
                if checks_source(ctx, rule, pair) {
                    check(ctx, pair, e);
                } else {
                    e.skip();
                }
                e.end_object();
            }
            emitters
        })
        .reduce(fresh, |mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                x.absorb(y);
            }
            a
        })
        .into_iter();
    for (rule, missing) in applicable {
        if let Some(reason) = missing {
            not_evaluated.push(NotEvaluated {
                rule: rule.meta.code,
                scope: rule.meta.scope,
                source_object: None,
                target_object: None,
                object_id: None,
                reason: reason.clone().into(),
            });
            statuses.push(RuleStatus {
                rule: rule.meta.code,
                name: rule.meta.name,
                evaluated: false,
                reason: Some(reason),
                checked: 0,
                failed: 0,
                not_evaluated: ctx.pairing.pairs.len() as u64,
                findings: 0,
            });
            continue;
        }
        let emitter = match &rule.check {
            Check::Pair(_) => match pair_emitters.next() {
                Some(e) => e,
                None => continue,
            },
            Check::Once(check) => {
                let mut e = Emitter::new(&rule.meta);
                e.begin_object();
                check(ctx, &mut e);
                e.end_object();
                if rule.meta.scope != Scope::Pair {
                    // Once-rules count findings, not objects.
                    e.failed = e.findings.len() as u64;
                }
                e
            }
        };
        statuses.push(RuleStatus {
            rule: rule.meta.code,
            name: rule.meta.name,
            evaluated: true,
            reason: None,
            checked: emitter.checked,
            failed: emitter.failed,
            not_evaluated: emitter.not_evaluated.len() as u64,
            findings: emitter.findings.len() as u64,
        });
        findings.extend(emitter.findings);
        not_evaluated.extend(emitter.not_evaluated);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    not_evaluated.sort_by(|a, b| {
        (&a.source_object, &a.target_object, a.rule, &a.reason).cmp(&(
            &b.source_object,
            &b.target_object,
            b.rule,
            &b.reason,
        ))
    });
    RunResult {
        findings,
        not_evaluated,
        statuses,
    }
}
