//! One builder per export kind: a raw record in, typed model objects out.

mod accepted_domain;
mod ad_user;
mod batch;
mod exchange_server;
mod folder_statistics;
mod group_member;
mod hold_tracking;
mod licence;
mod mailbox_permission;
mod mailbox_statistics;
mod mapping;
mod migration_endpoint;
mod move_request;
mod organization_config;
mod organization_relationship;
mod recipient;
mod user;

use super::ExportKind;
use super::fields::Fields;
use crate::model::{
    AcceptedDomain, BatchEntry, DirectoryUser, ExchangeServer, FolderStat, GroupMember, HoldLog,
    LicenceAssignment, MailboxPermission, MappingEntry, MigrationEndpoint, MoveRequest, OrgConfig,
    OrgRelationship, Origin, Recipient, Side,
};

pub use mailbox_statistics::StatsRow;
pub use user::UserRow;

/// What one record became.
pub enum Built {
    Recipient(Box<Recipient>),
    User(UserRow),
    Stats(StatsRow),
    // The larger payloads are boxed so that the many small rows (Get-User, statistics) are not
    // padded to their size.
    OrgRelationship(Box<OrgRelationship>),
    AcceptedDomain(AcceptedDomain),
    MigrationEndpoint(Box<MigrationEndpoint>),
    OrgConfig(OrgConfig),
    Licences(Vec<LicenceAssignment>),
    GroupMember(Box<GroupMember>),
    Permission(MailboxPermission),
    MoveRequest(Box<MoveRequest>),
    ExchangeServer(ExchangeServer),
    AdUser(Box<DirectoryUser>),
    FolderStat(FolderStat),
    HoldLog(HoldLog),
    BatchEntry(BatchEntry),
    Mapping(MappingEntry),
    /// The record holds nothing usable; the reason was reported.
    Nothing,
}

/// Every property the importer reads from an export of `kind`: the one list the export script
/// selects and the rules' declared needs are checked against.
pub fn reads(kind: ExportKind) -> &'static [crate::import::Prop] {
    match kind {
        ExportKind::Mailbox | ExportKind::MailUser | ExportKind::RemoteMailbox => recipient::READS,
        ExportKind::User => user::READS,
        ExportKind::MailboxStatistics => mailbox_statistics::READS,
        ExportKind::OrganizationRelationship => organization_relationship::READS,
        ExportKind::AcceptedDomain => accepted_domain::READS,
        ExportKind::MigrationEndpoint => migration_endpoint::READS,
        ExportKind::OrganizationConfig => organization_config::READS,
        ExportKind::Licence => licence::READS,
        ExportKind::GroupMember => group_member::READS,
        ExportKind::MailboxPermission => mailbox_permission::READS,
        ExportKind::MoveRequest => move_request::READS,
        ExportKind::ExchangeServer => exchange_server::READS,
        ExportKind::AdUser => ad_user::READS,
        ExportKind::MailboxFolderStatistics => folder_statistics::READS,
        ExportKind::HoldTracking => hold_tracking::READS,
        ExportKind::Batch => batch::READS,
        ExportKind::Mapping => mapping::READS,
    }
}

/// Builds the typed object(s) of one record of a file of `kind`.
pub fn build(kind: ExportKind, side: Side, origin: Origin, f: &mut Fields) -> Built {
    match kind {
        ExportKind::Mailbox | ExportKind::MailUser | ExportKind::RemoteMailbox => {
            recipient::build(kind, side, origin, f)
        }
        ExportKind::User => user::build(origin, f),
        ExportKind::MailboxStatistics => mailbox_statistics::build(origin, f),
        ExportKind::OrganizationRelationship => organization_relationship::build(origin, f),
        ExportKind::AcceptedDomain => accepted_domain::build(origin, f),
        ExportKind::MigrationEndpoint => migration_endpoint::build(origin, f),
        ExportKind::OrganizationConfig => organization_config::build(origin, f),
        ExportKind::Licence => licence::build(origin, f),
        ExportKind::GroupMember => group_member::build(origin, f),
        ExportKind::MailboxPermission => mailbox_permission::build(origin, f),
        ExportKind::MoveRequest => move_request::build(origin, f),
        ExportKind::ExchangeServer => exchange_server::build(origin, f),
        ExportKind::AdUser => ad_user::build(origin, f),
        ExportKind::MailboxFolderStatistics => folder_statistics::build(origin, f),
        ExportKind::HoldTracking => hold_tracking::build(origin, f),
        ExportKind::Batch => batch::build(origin, f),
        ExportKind::Mapping => mapping::build(origin, f),
    }
}
#[cfg(test)]
mod layout {
    //! What a tenant's peak memory is made of: a million recipients and as many rows. These
    //! bounds keep the sizes the README's memory figures were measured with (64-bit targets).
    use std::mem::size_of;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn the_kept_types_stay_small() {
        assert!(
            size_of::<super::Built>() <= 80,
            "{}",
            size_of::<super::Built>()
        );
        assert!(size_of::<super::UserRow>() <= 64);
        assert!(size_of::<super::StatsRow>() <= 32);
        let recipient = size_of::<crate::model::Recipient>();
        assert!(recipient <= 400, "Recipient is {recipient} bytes");
        assert!(size_of::<crate::model::Texts>() <= 40);
        assert!(size_of::<Option<crate::values::ProxyList>>() <= 32);
        assert!(size_of::<Option<crate::values::RecipientTypeDetails>>() <= 16);
        assert!(size_of::<crate::rules::NotEvaluated>() <= 96);
        assert!(size_of::<crate::report::ObjectStatus>() <= 104);
    }
}
