//! Get-User records, joined onto recipients by ExternalDirectoryObjectId, UPN or Identity.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{Origin, UserInfo};
use crate::values::Guid;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::ExternalDirectoryObjectId,
    Prop::UserPrincipalName,
    Prop::Identity,
    Prop::PreviousRecipientTypeDetails,
    Prop::RecipientTypeDetails,
    Prop::IsDirSynced,
];

/// A Get-User record with the keys it joins by.
pub struct UserRow {
    pub external_directory_object_id: Option<Guid>,
    pub user_principal_name: Option<Box<str>>,
    pub identity: Option<Box<str>>,
    pub info: Box<UserInfo>,
}

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::User(UserRow {
        external_directory_object_id: f
            .guid(Prop::ExternalDirectoryObjectId)
            .filter(|g| !g.is_nil()),
        user_principal_name: f.string(Prop::UserPrincipalName),
        identity: f.string(Prop::Identity),
        info: Box::new(UserInfo {
            origin: Some(origin),
            previous_recipient_type_details: f.recipient_type(Prop::PreviousRecipientTypeDetails),
            recipient_type_details: f.recipient_type(Prop::RecipientTypeDetails),
            is_dir_synced: f.bool(Prop::IsDirSynced),
            previous_exchange_guid: None,
        }),
    })
}
