//! Get-MoveRequest records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MoveRequest, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Identity,
    Prop::Alias,
    Prop::ExchangeGuid,
    Prop::Status,
    Prop::BatchName,
    Prop::DisplayName,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::MoveRequest(Box::new(MoveRequest {
        origin,
        identity: f.string(Prop::Identity).or_else(|| f.string(Prop::Alias)),
        exchange_guid: f.guid(Prop::ExchangeGuid).filter(|g| !g.is_nil()),
        status: f.string(Prop::Status),
        batch_name: f.string(Prop::BatchName),
        display_name: f.string(Prop::DisplayName),
    }))
}
