//! The mbxlint command line: argument parsing only; the library does the work.

use clap::{Parser, Subcommand, ValueEnum};
use mbxlint::cli;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "mbxlint",
    version,
    about = "Pre-flight linter for Exchange / Microsoft 365 mailbox migrations"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

// Parsed once at start-up: the size of the Check variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Check a snapshot of exports and report every mailbox that would fail to move.
    Check {
        /// Snapshot folder holding source/ and target/ (and optionally batch files).
        snapshot: Option<PathBuf>,
        /// Folder of the source side's exports (instead of SNAPSHOT/source).
        #[arg(long)]
        source: Option<PathBuf>,
        /// Folder of the target side's exports (instead of SNAPSHOT/target).
        #[arg(long)]
        target: Option<PathBuf>,
        /// A New-MigrationBatch CSV (EmailAddress column); may be given several times.
        #[arg(long = "batch")]
        batches: Vec<PathBuf>,
        /// An explicit pairing CSV (SourceIdentity,TargetIdentity).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// The migration kind; detected from the exports when not given.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Exit 1 when a finding at or above this severity exists.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// Rule codes or prefixes to run (comma-separated).
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// Rule codes or prefixes not to run (comma-separated).
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// The target delivery domain of the batch (default: the target's <tenant>.onmicrosoft.com).
        #[arg(long)]
        target_delivery_domain: Option<String>,
        /// Mailboxes per batch above which a batch is reported (default 2000).
        #[arg(long, default_value_t = 2000)]
        batch_size_limit: usize,
        /// The source tenant's ID (a GUID), for the organization relationship checks.
        #[arg(long)]
        source_tenant_id: Option<String>,
        /// The target tenant's ID (a GUID), for the organization relationship checks.
        #[arg(long)]
        target_tenant_id: Option<String>,
        /// Print only the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Say what each file was recognised as.
        #[arg(long, short)]
        verbose: bool,
    },
    /// List every rule.
    Rules,
    /// Print a rule's documentation, by code or by the Microsoft error name.
    Explain {
        /// A rule code (ID001) or an error name (MissingExchangeGuidException).
        name: String,
    },
}

fn main() {
    let args = Args::parse();
    let code = match args.command {
        Command::Check {
            snapshot,
            source,
            target,
            batches,
            mapping,
            kind,
            format,
            color,
            fail_on,
            select,
            ignore,
            target_delivery_domain,
            batch_size_limit,
            source_tenant_id,
            target_tenant_id,
            quiet,
            verbose,
        } => cli::check(cli::CheckArgs {
            load: mbxlint::LoadOptions {
                snapshot_dir: snapshot,
                source,
                target,
                batches,
                mapping,
            },
            kind,
            json: matches!(format, Format::Json),
            color: match color {
                Color::Auto => None,
                Color::Always => Some(true),
                Color::Never => Some(false),
            },
            fail_on: match fail_on {
                FailOn::Error => mbxlint::finding::Severity::Error,
                FailOn::Warning => mbxlint::finding::Severity::Warning,
                FailOn::Info => mbxlint::finding::Severity::Info,
            },
            select,
            ignore,
            target_delivery_domain,
            batch_size_limit,
            source_tenant_id,
            target_tenant_id,
            quiet,
            verbose,
        }),
        Command::Rules => cli::rules(),
        Command::Explain { name } => cli::explain(&name),
    };
    std::process::exit(code);
}
