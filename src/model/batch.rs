//! Migration batch files and the explicit pairing map.

use super::Origin;
use crate::values::SmtpAddress;

/// One New-MigrationBatch CSV file.
#[derive(Clone, Debug)]
pub struct Batch {
    /// The file's display path.
    pub name: String,
    pub entries: Vec<BatchEntry>,
}

/// One `EmailAddress` row of a batch file.
#[derive(Clone, Debug)]
pub struct BatchEntry {
    pub origin: Origin,
    pub address: SmtpAddress,
}

/// One `SourceIdentity,TargetIdentity` row of an explicit mapping file.
#[derive(Clone, Debug)]
pub struct MappingEntry {
    pub origin: Origin,
    pub source: Box<str>,
    pub target: Box<str>,
}
