//! The subcommands, as library functions the binary calls after parsing arguments. They write
//! to stdout / stderr and return the process exit code.

use crate::finding::Severity;
use crate::model::MigrationKind;
use crate::report::text::{self, TextOptions};
use crate::{CheckOptions, LoadOptions};
use std::io::{IsTerminal, Write};

/// Everything `mbxlint check` takes.
pub struct CheckArgs {
    pub load: LoadOptions,
    pub kind: Option<String>,
    pub json: bool,
    /// `Some` when `--color always|never` was given.
    pub color: Option<bool>,
    pub fail_on: Severity,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub target_delivery_domain: Option<String>,
    pub batch_size_limit: usize,
    pub source_tenant_id: Option<String>,
    pub target_tenant_id: Option<String>,
    pub quiet: bool,
    pub verbose: bool,
}

/// Usage or configuration error: exit code 2, as clap's own.
fn usage(message: &str) -> i32 {
    eprintln!("error: {}", text::clean(message));
    2
}

pub fn check(args: CheckArgs) -> i32 {
    let kind = match args.kind.as_deref().map(MigrationKind::parse) {
        None => None,
        Some(Some(k)) => Some(k),
        Some(None) => return usage("--kind takes cross-tenant, onboarding or offboarding"),
    };
    let snapshot = match crate::load(&args.load) {
        Ok(s) => s,
        Err(e) => return usage(&e.to_string()),
    };
    if args.verbose {
        for input in &snapshot.inputs {
            eprintln!(
                "read {} ({}, {}, {}): recognised as {}, {} record(s), {} skipped",
                text::clean(&input.path),
                input.side.map(|s| s.as_str()).unwrap_or("no side"),
                input.format,
                input.encoding,
                input.kind.map(|k| k.label()).unwrap_or("unknown"),
                input.records_read,
                input.records_skipped
            );
        }
    }
    let mut options = CheckOptions {
        kind,
        select: args.select,
        ignore: args.ignore,
        ..CheckOptions::default()
    };
    options.rules.target_delivery_domain = args.target_delivery_domain;
    options.rules.batch_size_limit = args.batch_size_limit;
    for (flag, value, slot) in [
        (
            "--source-tenant-id",
            &args.source_tenant_id,
            &mut options.rules.source_tenant_id,
        ),
        (
            "--target-tenant-id",
            &args.target_tenant_id,
            &mut options.rules.target_tenant_id,
        ),
    ] {
        if let Some(text) = value {
            match crate::values::Guid::parse(text) {
                Ok(g) => *slot = Some(g),
                Err(_) => {
                    return usage(&format!(
                        "{flag} takes the tenant ID, a GUID (Get-ConnectionInformation | Select TenantID), not a domain name"
                    ));
                }
            }
        }
    }
    let report = match crate::check(&snapshot, &options) {
        Ok(r) => r,
        Err(e) => return usage(&e.to_string()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        crate::report::json::write(&report, &mut out)
    } else {
        let color = args.color.unwrap_or_else(|| {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        });
        text::write(
            &report,
            TextOptions {
                color,
                quiet: args.quiet,
            },
            &mut out,
        )
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: could not write the report: {e}");
        return 2;
    }
    crate::exit_code(&report, args.fail_on)
}

pub fn rules() -> i32 {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<7} {:<8} {:<34} {:<40} needs",
        "code", "severity", "name", "kinds"
    );
    for rule in crate::rules::REGISTRY {
        let m = &rule.meta;
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.as_str()).collect();
        let needs: Vec<String> = m
            .needs
            .iter()
            .map(|n| {
                let e: Vec<&str> = n.exports.iter().map(|k| k.label()).collect();
                format!("{} ({})", e.join("|"), n.side.as_str())
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<7} {:<8} {:<34} {:<40} {}",
            m.code,
            m.severity.as_str(),
            m.name,
            kinds.join(","),
            needs.join(", ")
        );
    }
    0
}

pub fn explain(name: &str) -> i32 {
    match crate::rules::find(name) {
        Some(rule) => {
            match crate::rules::doc(rule.meta.code) {
                Some(doc) => print!("{doc}"),
                None => println!("{}: {}", rule.meta.code, rule.meta.summary),
            }
            0
        }
        None => usage(&format!(
            "no rule or Microsoft error named {name:?}; `mbxlint rules` lists them"
        )),
    }
}
