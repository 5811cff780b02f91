//! The mbxlint command line: argument parsing only; the library does the work.

use clap::{Parser, Subcommand, ValueEnum};
use mbxlint::cli;
use mbxlint::report::{Format, GroupBy};
use std::path::PathBuf;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in mimalloc 3's mimalloc.h; the enum keeps retired
/// options as placeholders, so the numbers do not move).
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
const MI_OPTION_ALLOW_THP: std::ffi::c_int = 43;

/// Arenas are committed as they are used, no transparent huge pages (a 2 MiB page stays
/// resident for one live object), and memory a phase frees goes back to the system after
/// 20 ms while the exports are read (the parser's short-lived records reuse it; returning it at
/// once cost a tenth of the run in page faults) and at once afterwards
/// ([`after_load`]): keeping freed pages made the peak about 15 % higher (README "Performance").
fn tune_allocator() {
    // mimalloc reads allow_thp once, before main, to opt the process out of huge pages; on a
    // host whose THP setting is `always`, only the process flag does that from here.
    // SAFETY: PR_SET_THP_DISABLE sets a flag on this process and touches no memory.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // SAFETY: mi_option_set stores an option value; it is called before any other thread runs.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 20);
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
    }
}

/// After the load: what was freed goes back at once from now on, and what is free now goes
/// back now (the snapshot is complete; the check allocates little and frees less).
fn after_load() {
    // SAFETY: as in tune_allocator; mi_collect only returns free memory.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        libmimalloc_sys::mi_collect(true);
    }
}

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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Csv,
    Html,
    Ps1,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
            FormatArg::Ps1 => Format::Ps1,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl SeverityArg {
    fn severity(self) -> mbxlint::finding::Severity {
        match self {
            SeverityArg::Error => mbxlint::finding::Severity::Error,
            SeverityArg::Warning => mbxlint::finding::Severity::Warning,
            SeverityArg::Info => mbxlint::finding::Severity::Info,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    CrossTenant,
    Onboarding,
    Offboarding,
}

#[derive(Clone, Copy, ValueEnum)]
enum SideArg {
    Source,
    Target,
}

#[derive(Clone, Copy, ValueEnum)]
enum GroupByArg {
    Object,
    Rule,
}

/// Where the exports are and which settings to check with: shared by `check` and `config`.
#[derive(clap::Args)]
struct Inputs {
    /// Snapshot folder holding source/ and target/ (and optionally batch files and mbxlint.toml).
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
    /// Type every record of every export even when batch files scope the check (by default
    /// only the records of the objects the batches reach are typed).
    #[arg(long)]
    load_all: bool,
    /// Configuration file (default: mbxlint.toml in the snapshot folder, if there is one).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read mbxlint.toml from the snapshot folder.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// The migration kind: cross-tenant, onboarding or offboarding (detected when not given).
    #[arg(long)]
    kind: Option<String>,
    /// Exit 1 when a finding at or above this severity exists (default error).
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
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
    #[arg(long)]
    batch_size_limit: Option<usize>,
    /// Share of the quota, in percent, at which a mailbox is reported (default 90).
    #[arg(long)]
    quota_warning_percent: Option<u32>,
    /// The source tenant's ID (a GUID), for the organization relationship checks.
    #[arg(long)]
    source_tenant_id: Option<String>,
    /// The target tenant's ID (a GUID), for the organization relationship checks.
    #[arg(long)]
    target_tenant_id: Option<String>,
    /// Base URL of the rule documentation, for links in SARIF and HTML reports.
    #[arg(long)]
    docs_url: Option<String>,
    /// Mailboxes per file written by --write-ready-batches (default 2000).
    #[arg(long)]
    ready_batch_size: Option<usize>,
    /// Offboarding: the on-premises Exchange version moved to (e.g. 14.3, 15.2), when no
    /// Get-ExchangeServer export says it.
    #[arg(long)]
    target_version: Option<String>,
    /// Days after which an export (its mbxlint collect manifest time) is reported as stale
    /// (IN002; default 7).
    #[arg(long)]
    max_export_age_days: Option<u32>,
}

impl Inputs {
    fn into_args(self) -> cli::Inputs {
        cli::Inputs {
            load: mbxlint::LoadOptions {
                snapshot_dir: self.snapshot,
                source: self.source,
                target: self.target,
                batches: self.batches,
                mapping: self.mapping,
                scope_to_batches: !self.load_all,
            },
            config: self.config,
            no_config: self.no_config,
            flags: mbxlint::config::Flags {
                kind: self.kind,
                fail_on: self.fail_on.map(SeverityArg::severity),
                select: self.select,
                ignore: self.ignore,
                target_delivery_domain: self.target_delivery_domain,
                batch_size_limit: self.batch_size_limit,
                quota_warning_percent: self.quota_warning_percent,
                source_tenant_id: self.source_tenant_id,
                target_tenant_id: self.target_tenant_id,
                docs_url: self.docs_url,
                ready_batch_size: self.ready_batch_size,
                target_version: self.target_version,
                max_export_age_days: self.max_export_age_days,
            },
        }
    }
}

// Parsed once at start-up: the size of the Check variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Check a snapshot of exports and report every mailbox that would fail to move.
    Check {
        #[command(flatten)]
        inputs: Inputs,
        /// Output format; give it several times (or comma-separated) with --output-dir.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "text")]
        format: Vec<FormatArg>,
        /// Write the report to this file instead of standard output (one format).
        #[arg(long, short, conflicts_with = "output_dir")]
        output: Option<PathBuf>,
        /// Write each format to its own file in this folder (report.json, report.sarif,
        /// junit.xml, findings.csv, report.html, fix.ps1…); text still goes to the terminal.
        #[arg(long)]
        output_dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Accept the findings in this baseline file: report and fail only on new ones.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Write today's findings to this baseline file.
        #[arg(long)]
        write_baseline: Option<PathBuf>,
        /// Write the ready mailboxes as New-MigrationBatch CSV files into this folder.
        #[arg(long)]
        write_ready_batches: Option<PathBuf>,
        /// Replace names and addresses with stable pseudonyms in every report.
        #[arg(long)]
        redact: bool,
        /// Key the pseudonyms with this file's bytes (HMAC), so nobody without the file can
        /// confirm a guessed address; implies --redact.
        #[arg(long)]
        redact_key_file: Option<PathBuf>,
        /// Group the text report by object (default) or by rule.
        #[arg(long, value_enum, default_value = "object")]
        group_by: GroupByArg,
        /// Print only the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Say what each file was recognised as.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Show the effective configuration (file and flags merged).
    Config {
        /// Print the effective configuration as TOML.
        #[arg(long)]
        show: bool,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// List every rule.
    Rules,
    /// Write the PowerShell script that exports one side's data as check reads it
    /// (mbxlint collect --kind cross-tenant --side source > collect-source.ps1).
    Collect {
        /// The migration kind: it says whether the side is Exchange Online or on-premises.
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The side the script runs on.
        #[arg(long, value_enum)]
        side: SideArg,
        /// Export only these recipients: a New-MigrationBatch CSV or one identity a line, as a
        /// path on the machine that runs the script (the script's -IdentitiesFile default).
        #[arg(long)]
        identities: Option<String>,
    },
    /// Print a rule's documentation, by code or by the Microsoft error name.
    Explain {
        /// A rule code (ID001) or an error name (MissingExchangeGuidException).
        name: String,
    },
}

fn main() {
    tune_allocator();
    let args = Args::parse();
    let code = match args.command {
        Command::Check {
            inputs,
            format,
            output,
            output_dir,
            color,
            baseline,
            write_baseline,
            write_ready_batches,
            redact,
            redact_key_file,
            group_by,
            quiet,
            verbose,
        } => cli::check(cli::CheckArgs {
            inputs: inputs.into_args(),
            formats: format.into_iter().map(FormatArg::format).collect(),
            output,
            output_dir,
            color: match color {
                Color::Auto => None,
                Color::Always => Some(true),
                Color::Never => Some(false),
            },
            baseline,
            write_baseline,
            write_ready_batches,
            redact: redact || redact_key_file.is_some(),
            redact_key_file,
            group_by: match group_by {
                GroupByArg::Object => GroupBy::Object,
                GroupByArg::Rule => GroupBy::Rule,
            },
            quiet,
            verbose,
            after_load: Some(after_load),
        }),
        Command::Config { show: _, inputs } => cli::config_show(inputs.into_args()),
        Command::Rules => cli::rules(),
        Command::Explain { name } => cli::explain(&name),
        Command::Collect {
            kind,
            side,
            identities,
        } => cli::collect(mbxlint::collect::Request {
            kind: match kind {
                KindArg::CrossTenant => mbxlint::model::MigrationKind::CrossTenant,
                KindArg::Onboarding => mbxlint::model::MigrationKind::Onboarding,
                KindArg::Offboarding => mbxlint::model::MigrationKind::Offboarding,
            },
            side: match side {
                SideArg::Source => mbxlint::model::Side::Source,
                SideArg::Target => mbxlint::model::Side::Target,
            },
            identities,
        }),
    };
    std::process::exit(code);
}
