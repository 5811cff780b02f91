//! Recognises what an export file holds from its content (file names are free).
//!
//! Each kind is recognised by properties that only its cmdlet writes; the first record of a file
//! decides (Select-Object and Export-Csv give every record the same properties). Recipient
//! exports are further split per record by RecipientTypeDetails.

use super::properties::Prop;
use super::raw::{RawRecord, RawValue};
use serde::Serialize;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ExportKind {
    #[serde(rename = "Get-Mailbox")]
    Mailbox,
    #[serde(rename = "Get-MailUser")]
    MailUser,
    #[serde(rename = "Get-RemoteMailbox")]
    RemoteMailbox,
    #[serde(rename = "Get-User")]
    User,
    #[serde(rename = "Get-MailboxStatistics")]
    MailboxStatistics,
    #[serde(rename = "Get-OrganizationRelationship")]
    OrganizationRelationship,
    #[serde(rename = "Get-AcceptedDomain")]
    AcceptedDomain,
    #[serde(rename = "Get-MigrationEndpoint")]
    MigrationEndpoint,
    #[serde(rename = "Get-OrganizationConfig")]
    OrganizationConfig,
    #[serde(rename = "licences")]
    Licence,
    #[serde(rename = "Get-DistributionGroupMember")]
    GroupMember,
    #[serde(rename = "Get-MailboxPermission")]
    MailboxPermission,
    #[serde(rename = "Get-MoveRequest")]
    MoveRequest,
    #[serde(rename = "Get-ExchangeServer")]
    ExchangeServer,
    #[serde(rename = "Get-ADUser")]
    AdUser,
    #[serde(rename = "Get-MailboxFolderStatistics")]
    MailboxFolderStatistics,
    #[serde(rename = "Export-MailboxDiagnosticLogs HoldTracking")]
    HoldTracking,
    #[serde(rename = "batch")]
    Batch,
    #[serde(rename = "mapping")]
    Mapping,
}

impl ExportKind {
    /// The name shown to users: the cmdlet (or file type) that produces it.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Mailbox => "Get-Mailbox",
            ExportKind::MailUser => "Get-MailUser",
            ExportKind::RemoteMailbox => "Get-RemoteMailbox",
            ExportKind::User => "Get-User",
            ExportKind::MailboxStatistics => "Get-MailboxStatistics",
            ExportKind::OrganizationRelationship => "Get-OrganizationRelationship",
            ExportKind::AcceptedDomain => "Get-AcceptedDomain",
            ExportKind::MigrationEndpoint => "Get-MigrationEndpoint",
            ExportKind::OrganizationConfig => "Get-OrganizationConfig",
            ExportKind::Licence => "licences",
            ExportKind::GroupMember => "Get-DistributionGroupMember",
            ExportKind::MailboxPermission => "Get-MailboxPermission",
            ExportKind::MoveRequest => "Get-MoveRequest",
            ExportKind::ExchangeServer => "Get-ExchangeServer",
            ExportKind::AdUser => "Get-ADUser",
            ExportKind::MailboxFolderStatistics => "Get-MailboxFolderStatistics",
            ExportKind::HoldTracking => "Export-MailboxDiagnosticLogs HoldTracking",
            ExportKind::Batch => "batch",
            ExportKind::Mapping => "mapping",
        }
    }
}

/// Decides the kind of a file from its first record. `columns` are all CSV column names (or
/// `None` for JSON), used to recognise batch files, whose columns mbxlint mostly ignores.
pub fn detect(first: &RawRecord, columns: Option<&[String]>) -> Option<ExportKind> {
    use Prop::*;
    let has = |p: Prop| first.has(p);
    if has(SourceIdentity) && has(TargetIdentity) {
        return Some(ExportKind::Mapping);
    }
    if has(EmailAddress) && !has(PrimarySmtpAddress) && !has(RecipientTypeDetails) {
        let few_columns = columns.is_none_or(|c| c.len() <= 6);
        if few_columns {
            return Some(ExportKind::Batch);
        }
    }
    if has(MailboxLog) {
        return Some(ExportKind::HoldTracking);
    }
    if has(FolderPath) && (has(ItemsInFolder) || has(FolderSize)) {
        return Some(ExportKind::MailboxFolderStatistics);
    }
    if has(DomainName) && (has(DomainType) || has(InitialDomain)) {
        return Some(ExportKind::AcceptedDomain);
    }
    if has(MailboxMoveCapability)
        || has(MailboxMoveEnabled)
        || (has(DomainNames) && has(FreeBusyAccessEnabled))
    {
        return Some(ExportKind::OrganizationRelationship);
    }
    if has(EndpointType)
        || (has(RemoteTenant) && has(ApplicationId))
        || has(MaxConcurrentMigrations)
    {
        return Some(ExportKind::MigrationEndpoint);
    }
    if has(AccessRights) && has(User) {
        return Some(ExportKind::MailboxPermission);
    }
    if has(RequestStyle)
        || (has(Status) && (has(BatchName) || has(TargetDatabase) || has(Direction)))
    {
        return Some(ExportKind::MoveRequest);
    }
    if has(TotalItemSize) || (has(MailboxGuid) && has(ItemCount)) {
        return Some(ExportKind::MailboxStatistics);
    }
    if has(IsDehydrated) {
        return Some(ExportKind::OrganizationConfig);
    }
    if has(AdminDisplayVersion) && (has(ServerRole) || !has(EmailAddresses)) {
        return Some(ExportKind::ExchangeServer);
    }
    if has(ObjectGuid) && (has(SamAccountName) || has(MsExchMailboxGuid) || has(ProxyAddresses)) {
        return Some(ExportKind::AdUser);
    }
    if has(SkuId) || has(SkuPartNumber) || has(AssignedLicenses) {
        return Some(ExportKind::Licence);
    }
    if (has(GroupName) || has(Group)) && (has(PrimarySmtpAddress) || has(ExternalDirectoryObjectId))
    {
        return Some(ExportKind::GroupMember);
    }
    let recipient_like = has(EmailAddresses) || has(ExchangeGuid) || has(LegacyExchangeDn);
    if has(PreviousRecipientTypeDetails) && !has(EmailAddresses) {
        return Some(ExportKind::User);
    }
    if !recipient_like
        && has(UserPrincipalName)
        && (has(RecipientTypeDetails) || has(RecipientType) || has(WindowsEmailAddress))
    {
        return Some(ExportKind::User);
    }
    if recipient_like || has(PrimarySmtpAddress) {
        return Some(recipient_kind(first).unwrap_or_else(|| {
            if has(RemoteRoutingAddress) {
                ExportKind::RemoteMailbox
            } else if has(ExternalEmailAddress)
                && !has(ProhibitSendReceiveQuota)
                && !has(MailboxLocations)
            {
                ExportKind::MailUser
            } else {
                ExportKind::Mailbox
            }
        }));
    }
    None
}

/// The recipient kind one record's RecipientTypeDetails (or RecipientType) names.
pub fn recipient_kind(record: &RawRecord) -> Option<ExportKind> {
    let text = |p| match record.get(p) {
        Some(RawValue::Text(t)) => Some(t.to_string()),
        Some(RawValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let rtd = text(Prop::RecipientTypeDetails).or_else(|| text(Prop::RecipientType))?;
    let parsed = crate::values::RecipientTypeDetails::parse(&rtd).ok()?;
    if parsed.is_remote_mailbox() {
        Some(ExportKind::RemoteMailbox)
    } else if parsed.is_mail_user() {
        Some(ExportKind::MailUser)
    } else if parsed.is_mailbox() {
        Some(ExportKind::Mailbox)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::raw::RecordFormat;

    fn record(props: &[(&str, &str)]) -> RawRecord {
        let mut r = RawRecord::new(0, None, RecordFormat::Json);
        for (k, v) in props {
            r.set(Prop::lookup(k).unwrap(), RawValue::Text((*v).into()));
        }
        r
    }

    #[test]
    fn kinds_from_their_own_properties() {
        let cases: &[(&[(&str, &str)], ExportKind)] = &[
            (
                &[
                    ("EmailAddresses", ""),
                    ("RecipientTypeDetails", "UserMailbox"),
                ],
                ExportKind::Mailbox,
            ),
            (
                &[("EmailAddresses", ""), ("RecipientTypeDetails", "MailUser")],
                ExportKind::MailUser,
            ),
            (
                &[("ExternalEmailAddress", "SMTP:a@b.c"), ("ExchangeGuid", "")],
                ExportKind::MailUser,
            ),
            (
                &[
                    ("UserPrincipalName", "a@b"),
                    ("PreviousRecipientTypeDetails", "None"),
                ],
                ExportKind::User,
            ),
            (
                &[("MailboxGuid", ""), ("TotalItemSize", "1 B (1 bytes)")],
                ExportKind::MailboxStatistics,
            ),
            (
                &[("DomainNames", ""), ("MailboxMoveCapability", "Inbound")],
                ExportKind::OrganizationRelationship,
            ),
            (
                &[
                    ("DomainName", "contoso.com"),
                    ("DomainType", "Authoritative"),
                ],
                ExportKind::AcceptedDomain,
            ),
            (&[("EmailAddress", "a@b.c")], ExportKind::Batch),
            (
                &[
                    ("Name", "SubstrateHolds"),
                    ("FolderPath", "/Recoverable Items/SubstrateHolds"),
                    ("ItemsInFolder", "3"),
                ],
                ExportKind::MailboxFolderStatistics,
            ),
            (
                &[("Mailbox", "a@b.c"), ("MailboxLog", "[]")],
                ExportKind::HoldTracking,
            ),
            (
                &[("SourceIdentity", "a"), ("TargetIdentity", "b")],
                ExportKind::Mapping,
            ),
            (
                &[("UserPrincipalName", "a@b"), ("SkuPartNumber", "SPE_E5")],
                ExportKind::Licence,
            ),
        ];
        for (props, kind) in cases {
            assert_eq!(detect(&record(props), None), Some(*kind), "{props:?}");
        }
    }

    #[test]
    fn unknown_content_is_none() {
        assert_eq!(detect(&record(&[("Name", "x")]), None), None);
    }
}
