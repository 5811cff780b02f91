//! Get-MailboxStatistics records (primary and `-Archive`), joined by MailboxGuid.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{MailboxStats, Origin};
use crate::values::Guid;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::MailboxGuid,
    Prop::IsArchiveMailbox,
    Prop::TotalItemSize,
    Prop::TotalDeletedItemSize,
    Prop::ItemCount,
];

/// A statistics record with the key it joins by.
pub struct StatsRow {
    pub mailbox_guid: Option<Guid>,
    pub is_archive: bool,
    pub stats: Box<MailboxStats>,
}

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let mailbox_guid = f.guid(Prop::MailboxGuid).filter(|g| !g.is_nil());
    if mailbox_guid.is_none() {
        f.problem(
            Prop::MailboxGuid,
            "the statistics record has no MailboxGuid, so it cannot be joined to a mailbox".into(),
            Some("include MailboxGuid in the Select-Object list".into()),
        );
    }
    Built::Stats(StatsRow {
        mailbox_guid,
        is_archive: f.bool(Prop::IsArchiveMailbox).unwrap_or(false),
        stats: Box::new(MailboxStats {
            origin: Some(origin),
            total_item_size: f.size(Prop::TotalItemSize),
            total_deleted_item_size: f.size(Prop::TotalDeletedItemSize),
            item_count: f.u64(Prop::ItemCount),
        }),
    })
}
