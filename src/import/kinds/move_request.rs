//! Get-MoveRequest records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MoveRequest, Origin};

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    Built::MoveRequest(MoveRequest {
        origin,
        identity: f.string(Prop::Identity).or_else(|| f.string(Prop::Alias)),
        exchange_guid: f.guid(Prop::ExchangeGuid).filter(|g| !g.is_nil()),
        status: f.string(Prop::Status),
        batch_name: f.string(Prop::BatchName),
        display_name: f.string(Prop::DisplayName),
    })
}
