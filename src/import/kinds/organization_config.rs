//! Get-OrganizationConfig records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{OrgConfig, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Name,
    Prop::Identity,
    Prop::IsDehydrated,
    Prop::InPlaceHolds,
    Prop::AutoExpandingArchiveEnabled,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::OrgConfig(OrgConfig {
        origin,
        name: f.string(Prop::Name).or_else(|| f.string(Prop::Identity)),
        is_dehydrated: f.bool(Prop::IsDehydrated),
        in_place_holds: f.holds(Prop::InPlaceHolds),
        auto_expanding_archive: f.bool(Prop::AutoExpandingArchiveEnabled),
    })
}
