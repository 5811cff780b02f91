//! Get-MailboxPermission records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MailboxPermission, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Identity,
    Prop::User,
    Prop::AccessRights,
    Prop::IsInherited,
    Prop::Deny,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let (Some(mailbox), Some(user)) = (f.string(Prop::Identity), f.string(Prop::User)) else {
        f.problem(
            Prop::Identity,
            "the permission record needs both Identity and User".into(),
            None,
        );
        return Built::Nothing;
    };
    let access_rights = f
        .strings(Prop::AccessRights)
        .unwrap_or_default()
        .iter()
        .flat_map(|r| r.split(',').map(str::trim).filter(|s| !s.is_empty()))
        .map(Box::from)
        .collect();
    Built::Permission(MailboxPermission {
        origin,
        mailbox,
        user,
        access_rights,
        inherited: f.bool(Prop::IsInherited).unwrap_or(false),
        deny: f.bool(Prop::Deny).unwrap_or(false),
    })
}
