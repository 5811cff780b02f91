//! Get-ADUser records (on-premises Active Directory).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{DirectoryUser, Origin};
use crate::values::Guid;

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    // msExchMailboxGuid is a byte array in AD; exports carry it as a GUID string, or as base64.
    let mailbox_guid = match f.string(Prop::MsExchMailboxGuid) {
        None => None,
        Some(t) => Guid::parse(&t)
            .ok()
            .or_else(|| Guid::from_immutable_id(&t).ok()),
    };
    Built::AdUser(DirectoryUser {
        origin,
        object_guid: f.guid(Prop::ObjectGuid).filter(|g| !g.is_nil()),
        user_principal_name: f.string(Prop::UserPrincipalName),
        sam_account_name: f.string(Prop::SamAccountName),
        mailbox_guid,
        proxy_addresses: f.proxies(Prop::ProxyAddresses),
        inheritance_blocked: f.bool(Prop::InheritanceBlocked),
        home_mdb: f.string(Prop::HomeMdb),
        home_mta: f.string(Prop::HomeMta),
        home_exported: f.record.has(Prop::HomeMdb) || f.record.has(Prop::HomeMta),
    })
}
