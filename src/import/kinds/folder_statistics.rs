//! Get-MailboxFolderStatistics records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{FolderStat, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Mailbox,
    Prop::Identity,
    Prop::ContentMailboxGuid,
    Prop::FolderPath,
    Prop::ItemsInFolder,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let mailbox = f.string(Prop::Mailbox).or_else(|| {
        f.string(Prop::Identity).and_then(|id| {
            id.split_once('\\')
                .map(|(head, _)| head.trim())
                .filter(|head| !head.is_empty())
                .map(Box::from)
        })
    });
    Built::FolderStat(FolderStat {
        origin,
        mailbox,
        content_mailbox_guid: f.guid(Prop::ContentMailboxGuid).filter(|g| !g.is_nil()),
        folder_path: f.string(Prop::FolderPath),
        items: f.u64(Prop::ItemsInFolder),
    })
}
