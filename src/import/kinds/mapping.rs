//! Explicit pairing CSV rows (`SourceIdentity,TargetIdentity`).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MappingEntry, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[Prop::SourceIdentity, Prop::TargetIdentity];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    match (
        f.string(Prop::SourceIdentity),
        f.string(Prop::TargetIdentity),
    ) {
        (Some(source), Some(target)) => Built::Mapping(MappingEntry {
            origin,
            source,
            target,
        }),
        _ => {
            f.problem(
                Prop::SourceIdentity,
                "the mapping row needs both SourceIdentity and TargetIdentity".into(),
                None,
            );
            Built::Nothing
        }
    }
}
