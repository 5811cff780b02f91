//! The one list of export properties mbxlint reads.
//!
//! The importer keeps only these properties of each record (everything else is skipped while
//! parsing), detection looks at them, the rules declare which of them they need, and the export
//! script generator selects exactly them. Names match case-insensitively, as in PowerShell.

use std::sync::OnceLock;

macro_rules! properties {
    ($($variant:ident = $name:literal,)*) => {
        /// A property of an export record that mbxlint reads.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Prop { $($variant,)* }

        impl Prop {
            /// Every property, in declaration order.
            pub const ALL: &'static [Prop] = &[$(Prop::$variant,)*];

            /// The property's name as PowerShell writes it.
            pub fn name(self) -> &'static str {
                match self { $(Prop::$variant => $name,)* }
            }
        }
    };
}

properties! {
    // Recipient identity and addressing.
    Identity = "Identity",
    Name = "Name",
    Alias = "Alias",
    DisplayName = "DisplayName",
    DistinguishedName = "DistinguishedName",
    Guid = "Guid",
    ExchangeObjectId = "ExchangeObjectId",
    ExternalDirectoryObjectId = "ExternalDirectoryObjectId",
    UserPrincipalName = "UserPrincipalName",
    PrimarySmtpAddress = "PrimarySmtpAddress",
    WindowsEmailAddress = "WindowsEmailAddress",
    EmailAddresses = "EmailAddresses",
    LegacyExchangeDn = "LegacyExchangeDN",
    ExternalEmailAddress = "ExternalEmailAddress",
    RemoteRoutingAddress = "RemoteRoutingAddress",
    RecipientType = "RecipientType",
    RecipientTypeDetails = "RecipientTypeDetails",
    RemoteRecipientType = "RemoteRecipientType",
    PreviousRecipientTypeDetails = "PreviousRecipientTypeDetails",
    // Mailbox GUIDs and archive.
    ExchangeGuid = "ExchangeGuid",
    ArchiveGuid = "ArchiveGuid",
    DisabledArchiveGuid = "DisabledArchiveGuid",
    ArchiveStatus = "ArchiveStatus",
    ArchiveDatabase = "ArchiveDatabase",
    AutoExpandingArchiveEnabled = "AutoExpandingArchiveEnabled",
    MailboxLocations = "MailboxLocations",
    // Holds.
    LitigationHoldEnabled = "LitigationHoldEnabled",
    ComplianceTagHoldApplied = "ComplianceTagHoldApplied",
    DelayHoldApplied = "DelayHoldApplied",
    DelayReleaseHoldApplied = "DelayReleaseHoldApplied",
    InPlaceHolds = "InPlaceHolds",
    // Quotas and sizes.
    ProhibitSendReceiveQuota = "ProhibitSendReceiveQuota",
    RecoverableItemsQuota = "RecoverableItemsQuota",
    ArchiveQuota = "ArchiveQuota",
    MailboxGuid = "MailboxGuid",
    TotalItemSize = "TotalItemSize",
    TotalDeletedItemSize = "TotalDeletedItemSize",
    ItemCount = "ItemCount",
    IsArchiveMailbox = "IsArchiveMailbox",
    // Licensing and state.
    PersistedCapabilities = "PersistedCapabilities",
    SkuAssigned = "SKUAssigned",
    IsDirSynced = "IsDirSynced",
    IsInactiveMailbox = "IsInactiveMailbox",
    IsSoftDeletedByRemove = "IsSoftDeletedByRemove",
    IsSoftDeletedByDisable = "IsSoftDeletedByDisable",
    WhenSoftDeleted = "WhenSoftDeleted",
    GrantSendOnBehalfTo = "GrantSendOnBehalfTo",
    EmailAddressPolicyEnabled = "EmailAddressPolicyEnabled",
    ImListMigrationCompleted = "ImListMigrationCompleted",
    Database = "Database",
    ServerName = "ServerName",
    // Organization relationship.
    DomainNames = "DomainNames",
    Enabled = "Enabled",
    MailboxMoveEnabled = "MailboxMoveEnabled",
    MailboxMoveCapability = "MailboxMoveCapability",
    MailboxMovePublishedScopes = "MailboxMovePublishedScopes",
    OAuthApplicationId = "OAuthApplicationId",
    FreeBusyAccessEnabled = "FreeBusyAccessEnabled",
    // Accepted domain.
    DomainName = "DomainName",
    DomainType = "DomainType",
    InitialDomain = "InitialDomain",
    IsCoexistenceDomain = "IsCoexistenceDomain",
    MatchSubDomains = "MatchSubDomains",
    // Migration endpoint.
    EndpointType = "EndpointType",
    RemoteServer = "RemoteServer",
    RemoteTenant = "RemoteTenant",
    ApplicationId = "ApplicationId",
    MaxConcurrentMigrations = "MaxConcurrentMigrations",
    // Organization config.
    IsDehydrated = "IsDehydrated",
    // Licences.
    Id = "Id",
    SkuId = "SkuId",
    SkuPartNumber = "SkuPartNumber",
    AssignedLicenses = "AssignedLicenses",
    // Group members.
    GroupName = "GroupName",
    Group = "Group",
    // Permissions.
    User = "User",
    AccessRights = "AccessRights",
    IsInherited = "IsInherited",
    Deny = "Deny",
    // Move requests.
    Status = "Status",
    BatchName = "BatchName",
    RequestStyle = "RequestStyle",
    Direction = "Direction",
    TargetDatabase = "TargetDatabase",
    // Exchange server.
    AdminDisplayVersion = "AdminDisplayVersion",
    ServerRole = "ServerRole",
    // Active Directory user.
    ObjectGuid = "ObjectGUID",
    SamAccountName = "SamAccountName",
    MsExchMailboxGuid = "msExchMailboxGuid",
    ProxyAddresses = "proxyAddresses",
    InheritanceBlocked = "InheritanceBlocked",
    HomeMdb = "homeMDB",
    // Folder statistics (Get-MailboxFolderStatistics) and hold tracking logs.
    Mailbox = "Mailbox",
    FolderPath = "FolderPath",
    ItemsInFolder = "ItemsInFolder",
    FolderSize = "FolderSize",
    ContentMailboxGuid = "ContentMailboxGuid",
    MailboxLog = "MailboxLog",
    // Batch and mapping files.
    EmailAddress = "EmailAddress",
    SourceIdentity = "SourceIdentity",
    TargetIdentity = "TargetIdentity",
    // Hybrid: where an on-premises mailbox's archive lives (cloud archive when set).
    ArchiveDomain = "ArchiveDomain",
    ArchiveState = "ArchiveState",
    // Active Directory attributes a move leaves behind when it is not cleaned up.
    MsExchMailboxMoveRemoteHostName = "msExchMailboxMoveRemoteHostName",
    MsExchMailboxMoveSourceMdbLink = "msExchMailboxMoveSourceMDBLink",
    MsExchMailboxMoveTargetMdbLink = "msExchMailboxMoveTargetMDBLink",
    MsExchMailboxMoveSourceArchiveMdbLink = "msExchMailboxMoveSourceArchiveMDBLink",
    MsExchMailboxMoveTargetArchiveMdbLink = "msExchMailboxMoveTargetArchiveMDBLink",
    // Offboarding (Exchange Online → on-premises).
    HomeMta = "homeMTA",
}

impl Prop {
    /// Looks a property up by name, case-insensitively.
    ///
    /// Called for every key of every record (a full Get-Mailbox record has ~190 keys), so it
    /// lower-cases into a stack buffer and hashes with Fx (rustc-hash) rather than allocating a `String`
    /// and running SipHash per key.
    pub fn lookup(name: &str) -> Option<Prop> {
        Prop::lookup_bytes(name.as_bytes())
    }

    /// [`Prop::lookup`] of a name's UTF-8 bytes (property names are ASCII; a key that is not
    /// valid UTF-8 names no property).
    pub fn lookup_bytes(bytes: &[u8]) -> Option<Prop> {
        static TABLE: OnceLock<rustc_hash::FxHashMap<Box<[u8]>, Prop>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            Prop::ALL
                .iter()
                .map(|p| (p.name().to_ascii_lowercase().into_bytes().into(), *p))
                .collect()
        });
        let mut buf = [0u8; 64];
        if bytes.len() > buf.len() {
            // No property name is that long.
            return None;
        }
        let lower = &mut buf[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        table.get(&*lower).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(Prop::lookup("exchangeguid"), Some(Prop::ExchangeGuid));
        assert_eq!(Prop::lookup("EXCHANGEGUID"), Some(Prop::ExchangeGuid));
        assert_eq!(
            Prop::lookup("LegacyExchangeDN"),
            Some(Prop::LegacyExchangeDn)
        );
        assert_eq!(Prop::lookup("ExchangeGuid@odata.type"), None);
    }

    #[test]
    fn names_are_unique() {
        assert!(
            Prop::ALL.iter().all(|p| p.name().len() <= 64),
            "lookup's buffer"
        );
        let mut names: Vec<String> = Prop::ALL.iter().map(|p| p.name().to_lowercase()).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
