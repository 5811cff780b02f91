//! Get-ADUser records (on-premises Active Directory).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{DirectoryUser, Origin};
use crate::values::Guid;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::MsExchMailboxGuid,
    Prop::ObjectGuid,
    Prop::UserPrincipalName,
    Prop::SamAccountName,
    Prop::ProxyAddresses,
    Prop::InheritanceBlocked,
    Prop::HomeMdb,
    Prop::HomeMta,
    Prop::MsExchMailboxMoveRemoteHostName,
    Prop::MsExchMailboxMoveSourceMdbLink,
    Prop::MsExchMailboxMoveTargetMdbLink,
    Prop::MsExchMailboxMoveSourceArchiveMdbLink,
    Prop::MsExchMailboxMoveTargetArchiveMdbLink,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    // msExchMailboxGuid is a byte array in AD; exports carry it as a GUID string, or as base64.
    let mailbox_guid = match f.string(Prop::MsExchMailboxGuid) {
        None => None,
        Some(t) => Guid::parse(&t)
            .ok()
            .or_else(|| Guid::from_immutable_id(&t).ok()),
    };
    Built::AdUser(Box::new(DirectoryUser {
        origin,
        object_guid: f.guid(Prop::ObjectGuid).filter(|g| !g.is_nil()),
        user_principal_name: f.string(Prop::UserPrincipalName),
        sam_account_name: f.string(Prop::SamAccountName),
        mailbox_guid,
        proxy_addresses: f.proxies(Prop::ProxyAddresses),
        inheritance_blocked: f.bool(Prop::InheritanceBlocked),
        home_mdb: f.string(Prop::HomeMdb),
        move_attributes: move_attributes(f),
        home_mta: f.string(Prop::HomeMta),
        home_exported: f.record.has(Prop::HomeMdb) || f.record.has(Prop::HomeMta),
    }))
}

/// The msExchMailboxMove* attributes a move sets while it runs.
pub const MOVE_ATTRIBUTES: [Prop; 5] = [
    Prop::MsExchMailboxMoveRemoteHostName,
    Prop::MsExchMailboxMoveSourceMdbLink,
    Prop::MsExchMailboxMoveTargetMdbLink,
    Prop::MsExchMailboxMoveSourceArchiveMdbLink,
    Prop::MsExchMailboxMoveTargetArchiveMdbLink,
];

/// Which move attributes are set; `None` when none of them was exported.
fn move_attributes(f: &mut Fields) -> Option<Vec<Box<str>>> {
    let mut exported = false;
    let mut set = Vec::new();
    for prop in MOVE_ATTRIBUTES {
        if !f.record.has(prop) {
            continue;
        }
        exported = true;
        if f.string(prop).is_some_and(|v| !v.trim().is_empty()) {
            set.push(prop.name().into());
        }
    }
    exported.then_some(set)
}
