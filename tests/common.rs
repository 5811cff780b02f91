//! Helpers shared by the integration tests.
#![allow(dead_code)]

use mbxlint::model::MigrationKind;
use mbxlint::{CheckOptions, LoadOptions, Report};
use std::path::PathBuf;

pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Checks the bundled cross-tenant sample as `mbxlint check sample-exports/cross-tenant` does.
pub fn sample_report() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo("sample-exports/cross-tenant")),
        ..Default::default()
    })
    .expect("sample loads");
    mbxlint::check(&snap, &CheckOptions::default()).expect("sample checks")
}

/// Checks every source mailbox of the sample (no batch files: --source / --target).
pub fn sample_report_unbatched() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        source: Some(repo("sample-exports/cross-tenant/source")),
        target: Some(repo("sample-exports/cross-tenant/target")),
        ..Default::default()
    })
    .expect("sample loads");
    mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            ..Default::default()
        },
    )
    .expect("sample checks")
}

/// Checks the broken-organisation sample with both tenant IDs given.
pub fn org_sample_report() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo("sample-exports/cross-tenant-org")),
        ..Default::default()
    })
    .expect("org sample loads");
    let mut options = CheckOptions {
        kind: Some(MigrationKind::CrossTenant),
        ..Default::default()
    };
    options.rules.source_tenant_id =
        mbxlint::values::Guid::parse("69494655-eae2-5646-bbce-5a1cca23c31b").ok();
    options.rules.target_tenant_id =
        mbxlint::values::Guid::parse("ac8b7685-2638-5b3e-983e-76ea58d8d386").ok();
    // The sample's batch has 3 entries; a limit of 2 shows BT001 (as `--batch-size-limit 2`).
    options.rules.batch_size_limit = 2;
    mbxlint::check(&snap, &options).expect("org sample checks")
}

/// Runs insta with the snapshots in the top-level `snapshots/` folder.
#[macro_export]
macro_rules! in_snapshots {
    ($body:block) => {
        insta::with_settings!({snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"), prepend_module_to_snapshot => false}, $body)
    };
}

/// Checks the bundled hybrid onboarding sample as `mbxlint check sample-exports/onboarding` does.
pub fn onboarding_sample_report() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo("sample-exports/onboarding")),
        ..Default::default()
    })
    .expect("onboarding sample loads");
    mbxlint::check(&snap, &CheckOptions::default()).expect("onboarding sample checks")
}

/// The onboarding sample with a wrong delivery domain, as
/// `mbxlint check sample-exports/onboarding --target-delivery-domain contoso.onmicrosoft.com`.
pub fn onboarding_sample_report_wrong_delivery_domain() -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo("sample-exports/onboarding")),
        ..Default::default()
    })
    .expect("onboarding sample loads");
    let mut options = CheckOptions::default();
    options.rules.target_delivery_domain = Some("contoso.onmicrosoft.com".to_string());
    mbxlint::check(&snap, &options).expect("onboarding sample checks")
}

/// Checks the bundled offboarding sample as `mbxlint check sample-exports/offboarding` does.
pub fn offboarding_sample_report() -> Report {
    offboarding_sample_with(mbxlint::rules::Options::default())
}

/// The offboarding sample with `--target-version 14.3` (moves go to Exchange Server 2010).
pub fn offboarding_sample_report_2010() -> Report {
    offboarding_sample_with(mbxlint::rules::Options {
        target_version: Some((14, 3)),
        ..Default::default()
    })
}

fn offboarding_sample_with(rules: mbxlint::rules::Options) -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(repo("sample-exports/offboarding")),
        ..Default::default()
    })
    .expect("offboarding sample loads");
    let options = CheckOptions {
        rules,
        ..Default::default()
    };
    mbxlint::check(&snap, &options).expect("offboarding sample checks")
}

/// A report rendered in one format, as a string.
pub fn rendered(report: &Report, format: mbxlint::report::Format) -> String {
    let mut out = Vec::new();
    mbxlint::report::render(
        format,
        report,
        &mbxlint::report::RenderOptions::default(),
        &mut out,
    )
    .expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

/// The JSON report (contract version 1), as a string.
pub fn json_of(report: &Report) -> String {
    rendered(report, mbxlint::report::Format::Json)
}

/// The text report without colour, as a string.
pub fn text_of(report: &Report) -> String {
    rendered(report, mbxlint::report::Format::Text)
}
