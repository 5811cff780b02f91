//! Explicit pairing CSV rows (`SourceIdentity,TargetIdentity`).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MappingEntry, Origin};

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
