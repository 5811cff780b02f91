//! Get-OrganizationRelationship records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{OrgRelationship, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::MailboxMoveCapability,
    Prop::Name,
    Prop::Identity,
    Prop::DomainNames,
    Prop::Enabled,
    Prop::MailboxMoveEnabled,
    Prop::MailboxMovePublishedScopes,
    Prop::OAuthApplicationId,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    // MailboxMoveCapability is a flags enum: "Inbound, RemoteOutbound".
    let capability = f.strings(Prop::MailboxMoveCapability).map(|caps| {
        caps.iter()
            .flat_map(|c| c.split(',').map(str::trim).filter(|s| !s.is_empty()))
            .map(Box::from)
            .collect()
    });
    Built::OrgRelationship(Box::new(OrgRelationship {
        origin,
        name: f.string(Prop::Name).or_else(|| f.string(Prop::Identity)),
        domain_names: f.strings(Prop::DomainNames),
        enabled: f.bool(Prop::Enabled),
        mailbox_move_enabled: f.bool(Prop::MailboxMoveEnabled),
        mailbox_move_capability: capability,
        mailbox_move_published_scopes: f.strings(Prop::MailboxMovePublishedScopes),
        oauth_application_id: f.guid(Prop::OAuthApplicationId).filter(|g| !g.is_nil()),
    }))
}
