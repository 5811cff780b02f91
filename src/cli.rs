//! The subcommands, as library functions the binary calls after parsing arguments. They write
//! to stdout / stderr and return the process exit code.

use crate::LoadOptions;
use crate::baseline::Baseline;
use crate::config::{Config, Flags};
use crate::report::text;
use crate::report::{Format, GroupBy, RenderOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Where the exports are and which settings to use: shared by `check` and `config --show`.
pub struct Inputs {
    pub load: LoadOptions,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--no-config`: do not read mbxlint.toml from the snapshot folder.
    pub no_config: bool,
    pub flags: Flags,
}

/// Everything `mbxlint check` takes.
pub struct CheckArgs {
    pub inputs: Inputs,
    /// At least one; several need `output_dir`.
    pub formats: Vec<Format>,
    pub output: Option<PathBuf>,
    pub output_dir: Option<PathBuf>,
    /// `Some` when `--color always|never` was given.
    pub color: Option<bool>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub write_ready_batches: Option<PathBuf>,
    pub redact: bool,
    /// `--redact-key-file`: key the pseudonyms.
    pub redact_key_file: Option<PathBuf>,
    pub group_by: GroupBy,
    pub quiet: bool,
    pub verbose: bool,
    /// Called once the exports are read, before the check (the binary tunes its allocator
    /// for the phase that holds the whole snapshot).
    pub after_load: Option<fn()>,
}

/// Usage or configuration error: exit code 2, as clap's own.
fn usage(message: &str) -> i32 {
    eprintln!("error: {}", text::clean(message));
    2
}

fn load_config(inputs: &Inputs) -> Result<Config, String> {
    let dir = if inputs.no_config {
        None
    } else {
        inputs.load.snapshot_dir.as_deref()
    };
    Config::load(inputs.config.as_deref(), dir, &inputs.flags).map_err(|e| e.to_string())
}

/// `mbxlint config --show`: the effective configuration as TOML.
pub fn config_show(inputs: Inputs) -> i32 {
    match load_config(&inputs) {
        Ok(c) => {
            print!("{}", c.to_toml());
            0
        }
        Err(e) => usage(&e),
    }
}

/// Writes to a file through a buffer; the error names the file.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let file = std::fs::File::create(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn check(args: CheckArgs) -> i32 {
    let config = match load_config(&args.inputs) {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let mut formats = args.formats.clone();
    formats.sort();
    formats.dedup();
    if formats.len() > 1 && args.output_dir.is_none() {
        return usage("several --format values need --output-dir (each format gets its own file)");
    }
    let mut options = config.check_options();
    if let Some(path) = &args.baseline {
        match Baseline::read(path) {
            Ok(b) => options.baseline = Some(b),
            Err(e) => return usage(&e),
        }
    }
    crate::progress::enable(!args.quiet);
    let mut load = args.inputs.load.clone();
    // Ready batches are written from every mailbox: the whole tenant must be read.
    load.scope_to_batches &= args.write_ready_batches.is_none();
    let snapshot = match crate::load(&load) {
        Ok(s) => s,
        Err(e) => return usage(&e.to_string()),
    };
    if let Some(after_load) = args.after_load {
        after_load();
    }
    if args.verbose {
        if let Some(f) = &config.file {
            eprintln!("configuration: {}", text::clean(&f.display().to_string()));
        }
        for input in &snapshot.inputs {
            eprintln!(
                "read {} ({}, {}, {}): recognised as {}, {} record(s), {} skipped{}",
                text::clean(&input.path),
                input.side.map(|s| s.as_str()).unwrap_or("no side"),
                input.format,
                input.encoding,
                input.kind.map(|k| k.label()).unwrap_or("unknown"),
                input.records_read,
                input.records_skipped,
                match input.records_out_of_scope {
                    0 => String::new(),
                    n => format!(", {n} outside the batches"),
                }
            );
        }
    }
    let report = match crate::check(&snapshot, &options) {
        Ok(r) => r,
        Err(e) => return usage(&e.to_string()),
    };
    if let Some(path) = &args.write_baseline
        && let Err(e) = write_file(path, |out| Baseline::from_report(&report).write(out))
    {
        return usage(&e);
    }
    if let Some(dir) = &args.write_ready_batches {
        match crate::ready_batches::write(&report, &snapshot, dir, config.ready_batch_size) {
            Ok(files) => {
                if !args.quiet {
                    for f in files {
                        eprintln!("wrote {}", text::clean(&f.display().to_string()));
                    }
                }
            }
            Err(e) => return usage(&e),
        }
    }
    let report = match (&args.redact_key_file, args.redact) {
        (Some(path), _) => match std::fs::read(path) {
            Ok(key) if !key.is_empty() => crate::redact::redact_with_key(&report, &snapshot, &key),
            Ok(_) => {
                return usage(&format!(
                    "the redaction key file {} is empty",
                    path.display()
                ));
            }
            Err(e) => {
                return usage(&format!(
                    "cannot read the redaction key file {}: {e}",
                    path.display()
                ));
            }
        },
        (None, true) => crate::redact::redact(&report, &snapshot),
        (None, false) => report,
    };
    let color = args.color.unwrap_or_else(|| {
        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    });
    let render = RenderOptions {
        color,
        quiet: args.quiet,
        group_by: args.group_by,
        docs_base_url: config.docs_url.clone(),
        path_prefix: args
            .inputs
            .load
            .snapshot_dir
            .as_ref()
            .map(|d| d.to_string_lossy().into_owned()),
    };
    if let Some(dir) = &args.output_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return usage(&format!("cannot create {}: {e}", dir.display()));
        }
        for format in &formats {
            if *format == Format::Text {
                continue;
            }
            let path = dir.join(format.file_name());
            if let Err(e) = write_file(&path, |out| {
                crate::report::render(*format, &report, &render, out)
            }) {
                return usage(&e);
            }
        }
        // The terminal report always goes to the terminal; the files hold the rest.
        if formats.contains(&Format::Text) || !args.quiet {
            let summary_only = RenderOptions {
                quiet: args.quiet || !formats.contains(&Format::Text),
                ..render.clone()
            };
            if let Err(code) = to_stdout(Format::Text, &report, &summary_only) {
                return code;
            }
        }
    } else if let Some(path) = &args.output {
        if let Err(e) = write_file(path, |out| {
            crate::report::render(formats[0], &report, &render, out)
        }) {
            return usage(&e);
        }
    } else if let Err(code) = to_stdout(formats[0], &report, &render) {
        return code;
    }
    crate::trace::phase("reports written");
    let code = crate::exit_code(&report, config.fail_on);
    // The process exits right after this: handing a whole tenant's records back to the
    // allocator one by one would take a noticeable share of a large run for nothing.
    std::mem::forget(report);
    std::mem::forget(snapshot);
    code
}

fn to_stdout(format: Format, report: &crate::Report, render: &RenderOptions) -> Result<(), i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match crate::report::render(format, report, render, &mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: could not write the report: {e}");
            Err(2)
        }
        _ => Ok(()),
    }
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

/// `mbxlint collect`: writes the export script for one side to standard output.
pub fn collect(request: crate::collect::Request) -> i32 {
    let script = crate::collect::script(&request);
    let mut out = std::io::stdout().lock();
    match out.write_all(script.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the script: {e}");
            1
        }
    }
}
