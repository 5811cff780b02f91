//! The typed snapshot model: what the importer produces and the rules read.
//!
//! Every value here was parsed once by the importer. `None` means "not known": the property was
//! not exported, was lost at export (depth truncation) or could not be read; the importer has
//! already reported the last two as input findings. Rules treat `None` as "cannot evaluate".

mod batch;
mod recipient;
mod snapshot;
mod tenant;
mod texts;

pub use batch::{Batch, BatchEntry, MappingEntry};
pub use recipient::{MailboxStats, Recipient, RecipientSource, T2T_MOVE_CAPABILITY, UserInfo};
pub use snapshot::{InputFile, InputIssue, Origin, SideData, Snapshot};
pub use tenant::{
    AcceptedDomain, DirectoryUser, ExchangeServer, FolderStat, GroupMember, HoldLog, HoldLogEntry,
    LicenceAssignment, MailboxPermission, MigrationEndpoint, MoveRequest, OrgConfig,
    OrgRelationship,
};
pub use texts::{MAX_TEXT, TextField, Texts};

use serde::Serialize;

/// Which side of the migration an export belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Where the mailboxes are now.
    Source,
    /// Where they go.
    Target,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }
}

/// The three migration kinds mbxlint knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MigrationKind {
    /// Exchange Online → Exchange Online.
    CrossTenant,
    /// Exchange on-premises → Exchange Online (hybrid).
    Onboarding,
    /// Exchange Online → Exchange on-premises (hybrid).
    Offboarding,
}

impl MigrationKind {
    pub const ALL: [MigrationKind; 3] = [
        MigrationKind::CrossTenant,
        MigrationKind::Onboarding,
        MigrationKind::Offboarding,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MigrationKind::CrossTenant => "cross-tenant",
            MigrationKind::Onboarding => "onboarding",
            MigrationKind::Offboarding => "offboarding",
        }
    }

    pub fn parse(text: &str) -> Option<MigrationKind> {
        MigrationKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// Where an export came from: Exchange Online or an on-premises organisation / Active Directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    ExchangeOnline,
    OnPremises,
}
