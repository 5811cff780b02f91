//! Get-MigrationEndpoint records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MigrationEndpoint, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Identity,
    Prop::Name,
    Prop::EndpointType,
    Prop::RemoteServer,
    Prop::RemoteTenant,
    Prop::ApplicationId,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::MigrationEndpoint(Box::new(MigrationEndpoint {
        origin,
        identity: f.string(Prop::Identity).or_else(|| f.string(Prop::Name)),
        endpoint_type: f.string(Prop::EndpointType),
        remote_server: f.string(Prop::RemoteServer),
        remote_tenant: f.string(Prop::RemoteTenant),
        application_id: f.guid(Prop::ApplicationId).filter(|g| !g.is_nil()),
    }))
}
