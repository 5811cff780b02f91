//! `--redact`: no name or address of the snapshot is left in a redacted report, pseudonyms are
//! stable, and nothing but the strings changes.

mod common;

use common::repo;
use mbxlint::model::{MigrationKind, Snapshot};
use mbxlint::redact::{KEEP_DOMAINS, KEEP_WORDS, redact, redact_with_key};
use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::{CheckOptions, LoadOptions, Report};
use std::collections::BTreeSet;

fn load(dir: &str) -> Snapshot {
    mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo(dir)),
        ..Default::default()
    })
    .expect("sample loads")
}

/// The cross-tenant sample, checked as `common::sample_report()` does, with its snapshot.
fn sample() -> (Snapshot, Report) {
    let snap = load("sample-exports/cross-tenant");
    let report = mbxlint::check(&snap, &CheckOptions::default()).expect("sample checks");
    (snap, report)
}

/// The broken-organisation sample, checked as `common::org_sample_report()` does.
fn org_sample() -> (Snapshot, Report) {
    let snap = load("sample-exports/cross-tenant-org");
    let mut options = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    };
    options.rules.source_tenant_id =
        mbxlint::values::Guid::parse("69494655-eae2-5646-bbce-5a1cca23c31b").ok();
    options.rules.target_tenant_id =
        mbxlint::values::Guid::parse("ac8b7685-2638-5b3e-983e-76ea58d8d386").ok();
    options.rules.batch_size_limit = 2;
    let report = mbxlint::check(&snap, &options).expect("org sample checks");
    (snap, report)
}

fn rendered(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    render(format, report, &RenderOptions::default(), &mut out).expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

/// Display names, names, aliases, UPNs, addresses and domains of both sides (lower-case), the
/// ones redaction leaves on purpose (too short, generic) left out.
fn originals(snap: &Snapshot) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut put = |s: &str| {
        let l = s.trim().to_lowercase();
        if l.chars().count() >= 3
            && !KEEP_WORDS.contains(&l.as_str())
            && !KEEP_DOMAINS.contains(&l.as_str())
        {
            out.insert(l);
        }
    };
    for side in [&snap.source, &snap.target] {
        for r in &side.recipients {
            for s in [
                &r.display_name(),
                &r.name(),
                &r.alias(),
                &r.user_principal_name(),
            ]
            .into_iter()
            .flatten()
            {
                put(s);
            }
            for a in r.smtp_addresses() {
                put(a.as_str());
                put(a.domain());
            }
        }
        for d in &side.accepted_domains {
            put(&d.domain_name);
        }
    }
    for b in &snap.batches {
        for e in &b.entries {
            put(e.address.as_str());
        }
    }
    out
}

fn assert_nothing_left(snap: &Snapshot, redacted: &Report) {
    let originals = originals(snap);
    assert!(originals.len() > 20, "the sample has names to hide");
    for format in [Format::Json, Format::Text] {
        let out = rendered(format, redacted).to_lowercase();
        let left: Vec<&String> = originals.iter().filter(|o| out.contains(*o)).collect();
        assert!(left.is_empty(), "{format:?} still shows {left:?}");
    }
}

fn assert_same_shape(original: &Report, redacted: &Report) {
    assert_eq!(original.findings.len(), redacted.findings.len());
    for (a, b) in original.findings.iter().zip(&redacted.findings) {
        assert_eq!(
            (a.rule, a.severity, a.scope, &a.fingerprint),
            (b.rule, b.severity, b.scope, &b.fingerprint)
        );
        assert_eq!(a.remediation.len(), b.remediation.len());
    }
    assert_eq!(original.objects.len(), redacted.objects.len());
    for (a, b) in original.objects.iter().zip(&redacted.objects) {
        assert_eq!((a.status, &a.rules), (b.status, &b.rules));
    }
    assert_eq!(original.not_evaluated.len(), redacted.not_evaluated.len());
    assert_eq!(original.suppressed.len(), redacted.suppressed.len());
    let counts = |r: &Report| {
        let s = &r.summary;
        (
            s.objects_checked,
            s.ready,
            s.blocked,
            s.warned,
            s.incomplete,
            s.errors,
            s.warnings,
            s.infos,
        )
    };
    assert_eq!(counts(original), counts(redacted));
}

#[test]
fn redacted_sample_shows_no_name_or_address() {
    let (snap, report) = sample();
    assert_nothing_left(&snap, &redact(&report, &snap));
}

#[test]
fn redacted_org_sample_shows_no_name_or_address() {
    let (snap, report) = org_sample();
    assert_nothing_left(&snap, &redact(&report, &snap));
}

#[test]
fn redaction_is_byte_identical_run_to_run() {
    for (snap, report) in [sample(), org_sample()] {
        let a = rendered(Format::Json, &redact(&report, &snap));
        let b = rendered(Format::Json, &redact(&report, &snap));
        assert_eq!(a, b);
        // A fresh load and check gives the same redacted report too.
        assert_ne!(a, rendered(Format::Json, &report));
    }
    let (snap, report) = sample();
    let (snap2, report2) = sample();
    assert_eq!(
        rendered(Format::Text, &redact(&report, &snap)),
        rendered(Format::Text, &redact(&report2, &snap2))
    );
}

#[test]
fn counts_rules_severities_and_fingerprints_unchanged() {
    for (snap, report) in [sample(), org_sample()] {
        assert_same_shape(&report, &redact(&report, &snap));
    }
}

#[test]
fn one_address_has_one_pseudonym_across_findings() {
    let (snap, report) = sample();
    let redacted = redact(&report, &snap);
    let address = "Isaiah.Langer@fabrikam.com";
    let pseudonyms: BTreeSet<&str> = report
        .findings
        .iter()
        .zip(&redacted.findings)
        .filter(|(f, _)| f.target_object.as_deref() == Some(address))
        .filter_map(|(_, r)| r.target_object.as_deref())
        .collect();
    assert_eq!(pseudonyms.len(), 1, "{pseudonyms:?}");
    let pseudonym = pseudonyms.into_iter().next().unwrap_or_default();
    let matching: Vec<_> = report
        .findings
        .iter()
        .zip(&redacted.findings)
        .filter(|(f, _)| f.message.contains(address))
        .collect();
    assert!(matching.len() >= 2, "the address is in several findings");
    for (_, r) in matching {
        assert!(r.message.contains(pseudonym), "{}", r.message);
    }
    // One domain, one domain pseudonym, and two domains never share one.
    let domain = |a: &str| a.split_once('@').map(|(_, d)| d.to_lowercase());
    let mut pairs = BTreeSet::new();
    for (a, b) in report.objects.iter().zip(&redacted.objects) {
        for (x, y) in [
            (Some(&*a.source), Some(&*b.source)),
            (a.target.as_deref(), b.target.as_deref()),
        ] {
            if let (Some(x), Some(y)) = (x.and_then(domain), y.and_then(domain)) {
                pairs.insert((x, y));
            }
        }
    }
    let originals: BTreeSet<_> = pairs.iter().map(|(x, _)| x).collect();
    let pseudonyms: BTreeSet<_> = pairs.iter().map(|(_, y)| y).collect();
    assert_eq!(originals.len(), 3, "{pairs:?}");
    assert_eq!(pairs.len(), originals.len(), "{pairs:?}");
    assert_eq!(pseudonyms.len(), originals.len(), "{pairs:?}");
}

#[test]
fn guids_stay_and_the_report_still_correlates() {
    let (snap, report) = sample();
    let redacted = redact(&report, &snap);
    for (a, b) in report.objects.iter().zip(&redacted.objects) {
        assert_eq!(a.object_id, b.object_id);
    }
    let json = rendered(Format::Json, &redacted);
    assert!(json.contains("fed6c4eb-22ff-55db-959c-675a3a1fca00"));
}

/// The single-quoted argument after `-Identity` in a command, un-escaped, or `None` when the
/// argument is not one well-formed PowerShell single-quoted literal.
fn identity_argument(command: &str) -> Option<String> {
    let rest = command.split_once("-Identity '")?.1;
    let mut value = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
                value.push('\'');
            } else {
                let next = chars.next();
                return matches!(next, None | Some(' ')).then_some(value);
            }
        } else {
            value.push(c);
        }
    }
    None
}

#[test]
fn remediation_commands_stay_single_quoted_arguments() {
    let (snap, report) = sample();
    let redacted = redact(&report, &snap);
    let mut checked = 0;
    for (f, r) in report.findings.iter().zip(&redacted.findings) {
        for (a, b) in f.remediation.iter().zip(&r.remediation) {
            let Some(before) = identity_argument(&a.command) else {
                continue;
            };
            let after = identity_argument(&b.command)
                .unwrap_or_else(|| panic!("not one quoted argument: {}", b.command));
            assert!(!after.contains('\''), "{after}");
            assert_eq!(
                a.command.matches('\'').count() - before.matches('\'').count() * 2,
                b.command.matches('\'').count(),
                "{}",
                b.command
            );
            checked += 1;
        }
    }
    assert!(checked > 5);
}

#[test]
fn apostrophe_names_are_replaced_inside_commands() {
    // Sean O'Brien's display name and any address holding the apostrophe.
    let (snap, report) = sample();
    let redacted = redact(&report, &snap);
    let out = rendered(Format::Json, &redacted);
    assert!(!out.contains("O'Brien") && !out.contains("O''Brien"));
    let redactor = mbxlint::redact::Redactor::new(&snap, None);
    let command = "Set-User -Identity 'Sean O''Brien' -Confirm:$false";
    let replaced = redactor.replace(command).expect("the name is known");
    assert!(
        replaced.starts_with("Set-User -Identity 'user-"),
        "{replaced}"
    );
    assert_eq!(
        identity_argument(&replaced).map(|a| a.contains('\'')),
        Some(false)
    );
}

#[test]
fn keyed_pseudonyms_differ_from_unkeyed_and_are_stable() {
    let (snap, report) = sample();
    let plain = rendered(Format::Json, &redact(&report, &snap));
    let keyed = rendered(Format::Json, &redact_with_key(&report, &snap, b"k3y"));
    assert_ne!(plain, keyed);
    assert_eq!(
        keyed,
        rendered(Format::Json, &redact_with_key(&report, &snap, b"k3y"))
    );
    assert_nothing_left(&snap, &redact_with_key(&report, &snap, b"k3y"));
}

#[test]
fn redacted_sample_text_report() {
    let (snap, report) = sample();
    let text = rendered(Format::Text, &redact(&report, &snap));
    in_snapshots!({
        insta::assert_snapshot!("redact_cross_tenant_text", text);
    });
}

#[test]
fn redacted_org_sample_json_report() {
    let (snap, report) = org_sample();
    let json = rendered(Format::Json, &redact(&report, &snap));
    in_snapshots!({
        insta::assert_snapshot!("redact_cross_tenant_org_json", json);
    });
}

/// A snapshot of `n` source mailboxes and a report with one object per mailbox.
fn large(n: usize) -> (Snapshot, Report) {
    use mbxlint::model::{Origin, Recipient, RecipientSource, Side, TextField};
    use mbxlint::values::SmtpAddress;
    let (_, mut report) = sample();
    let mut snap = Snapshot::default();
    let template = report.objects[0].clone();
    report.objects.clear();
    for i in 0..n {
        let origin = Origin {
            file: 0,
            record: i as u32,
        };
        let mut r = Recipient::new(origin, Side::Source, None, RecipientSource::Mailbox);
        let address = format!("first{i}.last{i}@dept{}.contoso.com", i % 50);
        r.primary_smtp = SmtpAddress::parse(&address).ok();
        r.set_text(TextField::DisplayName, Some(&format!("First{i} Last{i}")));
        r.set_text(TextField::Alias, Some(&format!("flast{i}")));
        snap.source.recipients.push(r);
        let mut o = template.clone();
        o.source = address.into();
        o.target = Some(format!("First{i} Last{i}").into());
        report.objects.push(o);
    }
    (snap, report)
}

#[test]
fn large_report_is_redacted() {
    let n = std::env::var("REDACT_LARGE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let (snap, report) = large(n);
    let started = std::time::Instant::now();
    let redactor = mbxlint::redact::Redactor::new(&snap, None);
    let built = started.elapsed();
    let redacted = redactor.report(&report);
    eprintln!(
        "redacted {n} objects in {:?} (matcher built in {built:?})",
        started.elapsed()
    );
    assert_eq!(redacted.objects.len(), n);
    let last = &redacted.objects[n - 1];
    assert!(last.source.starts_with("user-"), "{}", last.source);
    assert!(last.source.ends_with(".example"), "{}", last.source);
    assert!(
        last.target
            .as_deref()
            .is_some_and(|t| t.starts_with("user-"))
    );
}
