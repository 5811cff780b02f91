//! The importer: export files in, a typed [`Snapshot`] out.
//!
//! bytes → [`encoding`] → records ([`json`] / [`csv`]) → [`detect`] → typed objects
//! ([`kinds`], through [`fields`]) → merged into the snapshot ([`merge`]). Files are read in
//! parallel; the result does not depend on the order in which they finish.

pub mod budget;
pub mod csv;
pub mod detect;
pub mod encoding;
pub mod fields;
pub mod json;
pub mod kinds;
pub mod manifest;
mod merge;
pub mod properties;
pub mod raw;
mod scope;

pub use detect::ExportKind;
pub use properties::Prop;

use crate::model::{InputFile, InputIssue, Origin, Recipient, Side, Snapshot};
use fields::Fields;
use kinds::Built;
use raw::RawRecord;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `mbxlint check DIR`: DIR holds `source/`, `target/` and optionally batch files.
    pub snapshot_dir: Option<PathBuf>,
    /// `--source DIR`.
    pub source: Option<PathBuf>,
    /// `--target DIR`.
    pub target: Option<PathBuf>,
    /// `--batch FILE`, several allowed.
    pub batches: Vec<PathBuf>,
    /// `--mapping FILE`.
    pub mapping: Option<PathBuf>,
    /// When batch files are given or found, type only the records of the objects the batches
    /// reach (batch-scoped loading, `import/scope.rs`); off when something needs the whole
    /// tenant.
    pub scope_to_batches: bool,
}

/// Errors that stop loading altogether (usage errors, exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Usage(String),
}

/// A file to read, with the side its folder says.
#[derive(Clone, Debug)]
struct Planned {
    path: PathBuf,
    display: String,
    side: Option<Side>,
    /// Given with --batch / --mapping: must be that kind.
    forced: Option<ExportKind>,
}

/// Reads every export file the options name into a snapshot.
pub fn load(options: &LoadOptions) -> Result<Snapshot, LoadError> {
    crate::trace::phase("load: start");
    let planned = plan(options)?;
    let total: u64 = planned
        .iter()
        .filter_map(|p| std::fs::metadata(&p.path).ok())
        .map(|m| m.len())
        .sum();
    let progress = crate::progress::loading(total, planned.len());
    let scoped = if options.scope_to_batches {
        scope::load(&planned, &progress)
    } else {
        None
    };
    let results: Vec<FileResult> = scoped.unwrap_or_else(|| {
        planned
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let result = read_file(i as u32, p, &progress, None);
                crate::trace::phase(&format!("read {}", p.display));
                result
            })
            .collect()
    });
    crate::trace::phase("load: every file read");
    progress.merging();
    let mut snapshot = merge::merge(results);
    crate::trace::phase("load: merged");
    let (source, target) = side_dirs(options);
    let mut dirs = Vec::new();
    if let Some(s) = &source {
        dirs.push((Side::Source, s.as_path()));
    }
    if let Some(t) = &target {
        dirs.push((Side::Target, t.as_path()));
    }
    manifest::attach(&mut snapshot, &dirs, options.snapshot_dir.as_deref());
    crate::trace::phase("load: done");
    Ok(snapshot)
}

/// The source and target folders the options name (as [`plan`] reads them).
fn side_dirs(options: &LoadOptions) -> (Option<PathBuf>, Option<PathBuf>) {
    let from_snapshot = |sub: &str| options.snapshot_dir.as_ref().map(|d| d.join(sub));
    (
        options.source.clone().or_else(|| from_snapshot("source")),
        options.target.clone().or_else(|| from_snapshot("target")),
    )
}

fn plan(options: &LoadOptions) -> Result<Vec<Planned>, LoadError> {
    let mut out = Vec::new();
    let (source, target, base) = match &options.snapshot_dir {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(LoadError::Usage(format!(
                    "{} is not a folder: mbxlint check takes a snapshot folder holding source/ and target/",
                    dir.display()
                )));
            }
            (
                options.source.clone().unwrap_or_else(|| dir.join("source")),
                options.target.clone().unwrap_or_else(|| dir.join("target")),
                Some(dir.clone()),
            )
        }
        None => match (&options.source, &options.target) {
            (Some(s), Some(t)) => (s.clone(), t.clone(), None),
            _ => {
                return Err(LoadError::Usage(
                    "give a snapshot folder (mbxlint check DIR) or both --source DIR and --target DIR"
                        .into(),
                ));
            }
        },
    };
    for (side, dir) in [(Side::Source, &source), (Side::Target, &target)] {
        if !dir.is_dir() {
            return Err(LoadError::Usage(format!(
                "the {} folder {} does not exist: put the {} tenant's exports there",
                side.as_str(),
                dir.display(),
                side.as_str()
            )));
        }
        for path in walk(dir) {
            out.push(Planned {
                display: display_path(&path, base.as_deref()),
                path,
                side: Some(side),
                forced: None,
            });
        }
    }
    if let Some(base) = &base {
        // Batch and mapping files anywhere else in the snapshot folder.
        for path in walk(base) {
            if path.starts_with(&source) || path.starts_with(&target) {
                continue;
            }
            out.push(Planned {
                display: display_path(&path, Some(base)),
                path,
                side: None,
                forced: None,
            });
        }
    }
    for path in &options.batches {
        if !path.is_file() {
            return Err(LoadError::Usage(format!(
                "batch file {} does not exist",
                path.display()
            )));
        }
        out.push(Planned {
            display: display_path(path, base.as_deref()),
            path: path.clone(),
            side: None,
            forced: Some(ExportKind::Batch),
        });
    }
    if let Some(path) = &options.mapping {
        if !path.is_file() {
            return Err(LoadError::Usage(format!(
                "mapping file {} does not exist",
                path.display()
            )));
        }
        out.push(Planned {
            display: display_path(path, base.as_deref()),
            path: path.clone(),
            side: None,
            forced: Some(ExportKind::Mapping),
        });
    }
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// Export files below `dir` (`.json`, `.csv`, `.txt`), sorted, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_export_file(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_export_file(path: &Path) -> bool {
    let is_manifest = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(manifest::MANIFEST_FILE));
    !is_manifest
        && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["json", "csv", "txt"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        })
}

/// A path for reports: relative to the snapshot folder, with `/` separators on every platform.
fn display_path(path: &Path, base: Option<&Path>) -> String {
    let rel = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What reading one file produced.
pub(crate) struct FileResult {
    pub input: InputFile,
    pub side: Option<Side>,
    /// The recipients, apart from the rest: the merge moves this vector into the snapshot
    /// instead of copying its records (at tenant scale the copy doubled the peak memory).
    pub recipients: Vec<Recipient>,
    pub built: Vec<Built>,
}

fn file_issue(file: u32, message: String, hint: Option<String>) -> InputIssue {
    InputIssue {
        file,
        record: None,
        line: None,
        identity: None,
        property: None,
        message,
        hint,
        skipped: false,
        warning: false,
    }
}

fn read_file(
    index: u32,
    planned: &Planned,
    progress: &crate::progress::Loading,
    filter: Option<&scope::FileFilter>,
) -> FileResult {
    let mut input = new_input(planned);
    let file = match std::fs::File::open(&planned.path) {
        Ok(f) => f,
        Err(e) => {
            input.issues.push(file_issue(
                index,
                format!("could not open the file: {e}"),
                Some("check the path and permissions".into()),
            ));
            return FileResult {
                input,
                side: planned.side,
                recipients: Vec::new(),
                built: Vec::new(),
            };
        }
    };
    match encoding::decode(progress.counter(file)) {
        Ok(d) => read_decoded(index, planned, d, filter),
        Err(e) => {
            input.issues.push(file_issue(
                index,
                format!("could not read the file: {e}"),
                None,
            ));
            FileResult {
                input,
                side: planned.side,
                recipients: Vec::new(),
                built: Vec::new(),
            }
        }
    }
}

fn new_input(planned: &Planned) -> InputFile {
    InputFile {
        path: planned.display.clone(),
        side: planned.side,
        kind: None,
        format: "unknown",
        encoding: "unknown",
        records_read: 0,
        records_skipped: 0,
        records_out_of_scope: 0,
        issues: Vec::new(),
    }
}

/// Reads a file's decoded text (the file itself, or what a scoped load kept of it).
fn read_decoded(
    index: u32,
    planned: &Planned,
    decoded: encoding::Decoded,
    filter: Option<&scope::FileFilter>,
) -> FileResult {
    let mut input = new_input(planned);
    let mut built = Vec::new();
    let mut recipients = Vec::new();
    input.encoding = decoded.encoding;
    let mut reader = BufReader::with_capacity(256 * 1024, decoded.reader);
    let first = match first_significant_byte(&mut reader) {
        Ok(b) => b,
        Err(e) => {
            input.issues.push(file_issue(
                index,
                format!("could not read the file: {e}"),
                None,
            ));
            return FileResult {
                input,
                side: planned.side,
                recipients,
                built,
            };
        }
    };
    let mut state = RecordState {
        index,
        side: planned.side,
        kind: planned.forced,
        detected: planned.forced.is_some(),
        issues: Vec::new(),
        built: &mut built,
        recipients: &mut recipients,
        read: 0,
        skipped: 0,
        damaged: 0,
        columns: None,
        filter,
    };
    match first {
        None => {
            input.format = "empty";
            let mut issue = file_issue(
                index,
                "the file is empty: no records (ConvertTo-Json of zero objects writes nothing), \
                 so its kind is unknown"
                    .into(),
                None,
            );
            issue.warning = true;
            state.issues.push(issue);
        }
        Some(b'[') => {
            input.format = "json";
            let mark = state.mark();
            if !read_json_fast(&mut reader, &mut state) {
                // Not a plain array of objects, or damaged: read it again with the reference
                // reader, which says what and where.
                state.reset(mark);
                match reopen(&planned.path) {
                    Ok(mut again) => read_json_file(&mut again, &mut state),
                    Err(e) => state.issues.push(file_issue(
                        index,
                        format!("could not read the file: {e}"),
                        None,
                    )),
                }
            }
        }
        Some(b'{') => {
            input.format = "json";
            read_json_file(&mut reader, &mut state);
        }
        Some(_) => {
            input.format = "csv";
            read_csv_file(&mut reader, &mut state);
        }
    }
    if !state.detected && state.read > 0 {
        // Row-level complaints about a file that is not an export are noise: the file-level
        // problem below says it all.
        state.issues.retain(|i| i.record.is_none());
        let seen = state
            .columns
            .as_ref()
            .map(|c| format!(" (columns: {})", c.join(", ")))
            .unwrap_or_default();
        state.issues.push(file_issue(
            index,
            format!("could not recognise what this file holds{seen}; none of its records were used"),
            Some(
                "export with the commands README.md gives (Get-Mailbox, Get-MailUser, Get-User, …); \
                 file names do not matter, the properties do"
                    .into(),
            ),
        ));
        state.skipped = state.read + state.damaged;
    }
    if !state.detected && state.read == 0 && state.issues.is_empty() && first.is_some() {
        // A header line without rows, or an empty JSON list: nothing to recognise the kind by.
        let mut issue = file_issue(
            index,
            "the file holds no records (a header line without rows, or an empty list), so its kind is unknown"
                .into(),
            None,
        );
        issue.warning = true;
        state.issues.push(issue);
    }
    if state.detected
        && state.side.is_none()
        && !matches!(
            state.kind,
            Some(ExportKind::Batch) | Some(ExportKind::Mapping) | None
        )
    {
        let kind = state.kind.map(|k| k.label()).unwrap_or("?");
        state.issues.push(file_issue(
            index,
            format!(
                "this {kind} export is outside source/ and target/, so its side is unknown; none of its records were used"
            ),
            Some("move it into the source/ or target/ folder of the snapshot".into()),
        ));
        state.skipped = state.read + state.damaged;
        state.built.clear();
        state.recipients.clear();
    }
    state.read += state.damaged;
    if let Some(f) = filter {
        input.records_out_of_scope = f.out_of_scope();
        state.read += f.unparsed();
    }
    cap_issues(index, &mut state.issues);
    input.kind = state.kind.filter(|_| state.detected);
    input.records_read = state.read;
    input.records_skipped = state.skipped;
    input.issues = state.issues;
    FileResult {
        input,
        side: planned.side,
        recipients,
        built,
    }
}

/// Most problems listed per file; the rest are counted in one closing issue.
const MAX_ISSUES_PER_FILE: usize = 100;

fn cap_issues(file: u32, issues: &mut Vec<InputIssue>) {
    if issues.len() > MAX_ISSUES_PER_FILE {
        let more = issues.len() - MAX_ISSUES_PER_FILE;
        let skipped = issues[MAX_ISSUES_PER_FILE..]
            .iter()
            .filter(|i| i.skipped)
            .count();
        issues.truncate(MAX_ISSUES_PER_FILE);
        issues.push(file_issue(
            file,
            format!(
                "{more} more problem(s) in this file are not listed ({skipped} of them skipped a record); fix the ones above and re-run"
            ),
            None,
        ));
    }
}

/// The first byte that is not white space, without consuming it; `None` for an empty file.
fn first_significant_byte<R: BufRead>(reader: &mut R) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                reader.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

struct RecordState<'a> {
    index: u32,
    side: Option<Side>,
    kind: Option<ExportKind>,
    detected: bool,
    issues: Vec<InputIssue>,
    built: &'a mut Vec<Built>,
    recipients: &'a mut Vec<Recipient>,
    read: u64,
    skipped: u64,
    /// Records cut short by a fatal syntax error (read and skipped, not handed to detection).
    damaged: u64,
    columns: Option<Vec<String>>,
    /// The batch scope of this read, when the load is scoped.
    filter: Option<&'a scope::FileFilter<'a>>,
}

/// What a [`RecordState`] held at some point, to go back to it.
struct Mark {
    kind: Option<ExportKind>,
    detected: bool,
    issues: usize,
    built: usize,
    recipients: usize,
    read: u64,
    skipped: u64,
}

impl RecordState<'_> {
    fn mark(&self) -> Mark {
        Mark {
            kind: self.kind,
            detected: self.detected,
            issues: self.issues.len(),
            built: self.built.len(),
            recipients: self.recipients.len(),
            read: self.read,
            skipped: self.skipped,
        }
    }

    fn reset(&mut self, mark: Mark) {
        self.kind = mark.kind;
        self.detected = mark.detected;
        self.issues.truncate(mark.issues);
        self.built.truncate(mark.built);
        self.recipients.truncate(mark.recipients);
        self.read = mark.read;
        self.skipped = mark.skipped;
        if let Some(f) = self.filter {
            f.reset();
        }
    }

    /// Records in file order: the first ones one by one until the file's kind is known, the rest
    /// typed in parallel (each with its own problem list, appended in order), so the result is
    /// the one [`RecordState::record`] gives record by record.
    fn records(&mut self, batch: Vec<RawRecord>) {
        let mut rest = batch.into_iter();
        while !self.detected {
            match rest.next() {
                Some(record) => self.record(record),
                None => return,
            }
        }
        let Some(kind) = self.kind else {
            self.read += rest.len() as u64;
            return;
        };
        let side = self.side.unwrap_or(Side::Source);
        let file = self.index;
        let mut records: Vec<RawRecord> = rest.collect();
        if let Some(f) = self.filter {
            // The batch scope decides in file order (it is not shared between threads); what
            // it leaves out counts as read.
            let before = records.len();
            records.retain(|r| f.admit(r));
            self.read += (before - records.len()) as u64;
        }
        let typed: Vec<(Built, Vec<InputIssue>)> = records
            .into_par_iter()
            .map(|record| {
                let mut issues = Vec::new();
                let built = build(kind, side, file, &record, &mut issues);
                (built, issues)
            })
            .collect();
        for (built, issues) in typed {
            self.read += 1;
            self.issues.extend(issues);
            self.keep(built);
        }
    }

    fn record(&mut self, record: RawRecord) {
        self.read += 1;
        if !self.detected {
            self.kind = detect::detect(&record, self.columns.as_deref());
            self.detected = true;
            if self.kind.is_none() {
                self.detected = false;
                return;
            }
            if let Some(f) = self.filter {
                f.detected(self.kind, record.index);
            }
        }
        let Some(kind) = self.kind else {
            return;
        };
        if let Some(f) = self.filter
            && !f.admit(&record)
        {
            return;
        }
        let side = self.side.unwrap_or(Side::Source);
        let built = build(kind, side, self.index, &record, &mut self.issues);
        self.keep(built);
    }

    /// Keeps what a record built; a record that built nothing counts as skipped.
    fn keep(&mut self, built: Built) {
        match built {
            Built::Recipient(r) => self.recipients.push(*r),
            Built::Nothing => {
                self.skipped += 1;
                if let Some(last) = self.issues.last_mut() {
                    last.skipped = true;
                }
            }
            built => self.built.push(built),
        }
    }

    fn skip(
        &mut self,
        record: Option<u32>,
        line: Option<u64>,
        message: String,
        hint: Option<String>,
    ) {
        self.read += 1;
        self.skipped += 1;
        self.issues.push(InputIssue {
            file: self.index,
            record,
            line,
            identity: None,
            property: None,
            message,
            hint,
            skipped: true,
            warning: false,
        });
    }
}

/// The file again from its start, decoded, after the leading white space.
fn reopen(path: &Path) -> std::io::Result<BufReader<Box<dyn Read + Send>>> {
    let decoded = encoding::decode(std::fs::File::open(path)?)?;
    let mut reader = BufReader::with_capacity(256 * 1024, decoded.reader);
    first_significant_byte(&mut reader)?;
    Ok(reader)
}

/// Types one record of file `file` as an export of `kind`; its problems go to `issues`.
fn build(
    kind: ExportKind,
    side: Side,
    file: u32,
    record: &RawRecord,
    issues: &mut Vec<InputIssue>,
) -> Built {
    let origin = Origin {
        file,
        record: record.index,
    };
    kinds::build(kind, side, origin, &mut Fields::new(record, file, issues))
}

/// The fast path for a top-level array of objects; false when the file must be read again with
/// [`read_json_file`] (everything delivered is then discarded by the caller).
fn read_json_fast<R: Read>(reader: R, state: &mut RecordState) -> bool {
    let filter = state.filter;
    let keep = |i: u32, at: u64, bytes: &[u8]| filter.is_none_or(|f| f.keep_raw(i, at, bytes));
    let take = |i: u32, at: u64, text: &[u8]| filter.and_then(|f| f.quick(i, at, text));
    json::read_json_fast_filtered(reader, &mut |batch| state.records(batch), &keep, &take).is_some()
}

fn read_json_file<R: Read>(reader: R, state: &mut RecordState) {
    let result = json::read_json(reader, &mut |item| match item {
        json::JsonItem::Record(r) => state.record(r),
        json::JsonItem::NotAnObject(i, shape) => state.skip(
            Some(i),
            None,
            format!("record {} is {shape}, not an object", i + 1),
            Some("export objects with ConvertTo-Json (not their ToString())".into()),
        ),
    });
    match result {
        Ok(documents) if documents > 1 => {
            let mut issue = file_issue(
                state.index,
                format!(
                    "the file holds {documents} JSON documents one after another (appended with >>?); all were read"
                ),
                None,
            );
            issue.warning = true;
            state.issues.push(issue);
        }
        Ok(_) => {}
        Err(e) => {
            let (message, hint) = if budget::is_too_large(&e.message) {
                (
                    format!(
                        "{} (line {}, column {}); the {} records before it were read",
                        budget::TOO_LARGE,
                        e.line,
                        e.column,
                        e.records_before
                    ),
                    "check that this is a ConvertTo-Json export; re-export it".to_string(),
                )
            } else if e.truncated {
                (
                    format!(
                        "the file ends in the middle of a JSON value (line {}, column {}): it was cut short; the {} complete records before the cut were read",
                        e.line, e.column, e.records_before
                    ),
                    "re-export the file; check the disk had space and the copy finished"
                        .to_string(),
                )
            } else {
                (
                    format!(
                        "invalid JSON at line {}, column {}: {}; the {} records before it were read, the rest of the file was not",
                        e.line, e.column, e.message, e.records_before
                    ),
                    "re-export with ConvertTo-Json (not hand-edited), saved as UTF-8: `| ConvertTo-Json -Depth 5 | Out-File -Encoding UTF8 file.json`"
                        .to_string(),
                )
            };
            let mut issue = file_issue(state.index, message, Some(hint));
            issue.line = Some(e.line as u64);
            issue.record = Some(e.records_before);
            issue.skipped = true;
            // The damaged record counts as read and skipped (below, after detection), so that
            // `records_skipped` never exceeds `records_read`.
            state.damaged += 1;
            state.skipped += 1;
            state.issues.push(issue);
        }
    }
}

fn read_csv_file<R: BufRead>(reader: R, state: &mut RecordState) {
    let filter = state.filter;
    let keep = |i: u32, row: &::csv::ByteRecord| filter.is_none_or(|f| f.keep_row(i, row));
    let result = csv::read_csv_filtered(
        reader,
        &mut |item| match item {
            csv::CsvItem::Header(h) => {
                if let Some(f) = filter {
                    f.header(&h.columns);
                }
                state.columns = Some(h.columns)
            }
            csv::CsvItem::Record(r) => state.record(r),
            csv::CsvItem::Problem(i, line, message) => state.skip(
                Some(i),
                line,
                message,
                Some(
                    "re-export with Export-Csv; do not edit the file by hand in a text editor"
                        .into(),
                ),
            ),
        },
        budget::MAX_RECORD_BYTES,
        &keep,
    );
    if let Err(e) = result {
        let mut issue = file_issue(
            state.index,
            format!("could not read the file as CSV: {}", e.message),
            Some(
                "export with Export-Csv -NoTypeInformation -Encoding UTF8, or with ConvertTo-Json"
                    .into(),
            ),
        );
        issue.line = e.line;
        state.issues.push(issue);
    }
}
