//! New-MigrationBatch CSV rows (`EmailAddress`).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{BatchEntry, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[Prop::EmailAddress];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    match f.smtp(Prop::EmailAddress) {
        Some(address) => Built::BatchEntry(BatchEntry { origin, address }),
        None => {
            if !f.record.has(Prop::EmailAddress) || f.string(Prop::EmailAddress).is_none() {
                f.problem(
                    Prop::EmailAddress,
                    "the batch row has no EmailAddress".into(),
                    None,
                );
            }
            Built::Nothing
        }
    }
}
