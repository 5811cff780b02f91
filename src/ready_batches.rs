//! `--write-ready-batches DIR`: the ready mailboxes as New-MigrationBatch CSV files. Not written yet.

use crate::model::Snapshot;
use crate::report::Report;
use std::path::{Path, PathBuf};

/// Writes the files and returns their paths; the error names the file.
pub fn write(
    _report: &Report,
    _snapshot: &Snapshot,
    _dir: &Path,
    _per_file: usize,
) -> Result<Vec<PathBuf>, String> {
    Err("--write-ready-batches is not implemented yet".into())
}
