//! IN002: the exports are old, or the two sides were exported too far apart, or for another
//! migration kind, as their `mbxlint collect` manifests say.

use super::{Check, Context, Emitter, Rule, RuleMeta, kinds};
use crate::finding::{Location, Scope, Severity};
use crate::import::manifest::Manifest;
use crate::model::Side;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "IN002",
        name: "stale-export",
        summary: "an export is older than the configured age, the two sides were exported more than a day apart, or for another migration kind",
        severity: Severity::Warning,
        scope: Scope::Input,
        kinds: kinds::ALL,
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

/// Source and target exported further apart than this are not one moment's state.
const MAX_APART_SECONDS: i64 = 24 * 60 * 60;

fn check(ctx: &Context, e: &mut Emitter) {
    let manifests = &ctx.snapshot.manifests;
    for side in [Side::Source, Side::Target] {
        if let Some(m) = manifests.side(side) {
            too_old(ctx, e, side, m);
            other_kind(ctx, e, side, m);
        }
    }
    if let (Some(s), Some(t)) = (&manifests.source, &manifests.target) {
        apart(ctx, e, s, t);
    }
}

fn at(m: &Manifest) -> Location {
    Location {
        file: m.file.clone(),
        record: None,
        line: None,
    }
}

/// A time as the messages show it: UTC, to the second.
fn show(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| t.to_string())
}

fn too_old(ctx: &Context, e: &mut Emitter, side: Side, m: &Manifest) {
    let (Some(exported), Some(today)) = (m.exported_at, ctx.options.today) else {
        return;
    };
    let max = ctx.options.max_export_age_days;
    let day = exported.to_zoned(jiff::tz::TimeZone::UTC).date();
    let Ok(age) = day.until((jiff::Unit::Day, today)) else {
        return;
    };
    if age.get_days() <= max as i32 {
        return;
    }
    let message = format!(
        "the {} exports were collected at {}, more than {max} days before this check: mailboxes, addresses and GUIDs may have changed since",
        side.as_str(),
        show(exported)
    );
    let f = ctx
        .finding(&RULE.meta, Scope::Input, message)
        .at(at(m))
        .note(format!(
            "run the collect script on the {} side again",
            side.as_str()
        ));
    e.emit(f);
}

fn other_kind(ctx: &Context, e: &mut Emitter, side: Side, m: &Manifest) {
    let Some(kind) = m.kind.filter(|k| *k != ctx.kind) else {
        return;
    };
    let message = format!(
        "the {} exports were collected for a {} migration, but this check is {}: the exports may lack what its rules need",
        side.as_str(),
        kind.as_str(),
        ctx.kind.as_str()
    );
    let f = ctx
        .finding(&RULE.meta, Scope::Input, message)
        .at(at(m))
        .note(format!(
            "write the script with mbxlint collect --kind {} --side {} and run it again",
            ctx.kind.as_str(),
            side.as_str()
        ));
    e.emit(f);
}

fn apart(ctx: &Context, e: &mut Emitter, source: &Manifest, target: &Manifest) {
    let (Some(s), Some(t)) = (source.exported_at, target.exported_at) else {
        return;
    };
    let seconds = (t.as_second() - s.as_second()).abs();
    if seconds <= MAX_APART_SECONDS {
        return;
    }
    let hours = seconds / 3600;
    let gap = if hours >= 48 {
        format!("{} days", hours / 24)
    } else {
        format!("{hours} hours")
    };
    let message = format!(
        "source and target were exported {gap} apart (source {}, target {}): objects created, changed or moved in between are compared in different states",
        show(s),
        show(t)
    );
    let f = ctx
        .finding(&RULE.meta, Scope::Input, message)
        .at(at(source))
        .at(at(target))
        .note("export both sides within a day of each other");
    e.emit(f);
}
