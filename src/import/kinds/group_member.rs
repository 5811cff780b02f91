//! Get-DistributionGroupMember records of a scope group, with the group's name added.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{GroupMember, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::GroupName,
    Prop::Group,
    Prop::PrimarySmtpAddress,
    Prop::ExternalDirectoryObjectId,
    Prop::Guid,
    Prop::Name,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::GroupMember(Box::new(GroupMember {
        origin,
        group: f.string(Prop::GroupName).or_else(|| f.string(Prop::Group)),
        primary_smtp: f.smtp(Prop::PrimarySmtpAddress),
        external_directory_object_id: f
            .guid(Prop::ExternalDirectoryObjectId)
            .filter(|g| !g.is_nil()),
        guid: f.guid(Prop::Guid).filter(|g| !g.is_nil()),
        name: f.string(Prop::Name),
    }))
}
