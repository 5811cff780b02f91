//! Get-Mailbox, Get-MailUser and Get-RemoteMailbox records (and Get-Recipient-like mixes).

use super::Built;
use crate::import::ExportKind;
use crate::import::detect::recipient_kind;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::import::raw::RawValue;
use crate::model::{
    MAX_TEXT, Origin, Platform, Recipient, RecipientSource, Side, T2T_MOVE_CAPABILITY, Texts,
};
use crate::values::{
    ArchiveStatus, LocationType, PackedQuota, ProxyList, RemoteRecipientType, split_dn,
    split_legacy_dn,
};
use std::borrow::Cow;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::Identity,
    Prop::Name,
    Prop::Alias,
    Prop::DisplayName,
    Prop::DistinguishedName,
    Prop::Guid,
    Prop::ExchangeObjectId,
    Prop::ExternalDirectoryObjectId,
    Prop::UserPrincipalName,
    Prop::PrimarySmtpAddress,
    Prop::WindowsEmailAddress,
    Prop::EmailAddresses,
    Prop::LegacyExchangeDn,
    Prop::ExternalEmailAddress,
    Prop::RemoteRoutingAddress,
    Prop::RecipientTypeDetails,
    Prop::RecipientType,
    Prop::RemoteRecipientType,
    Prop::ExchangeGuid,
    Prop::ArchiveGuid,
    Prop::DisabledArchiveGuid,
    Prop::ArchiveStatus,
    Prop::AutoExpandingArchiveEnabled,
    Prop::MailboxLocations,
    Prop::LitigationHoldEnabled,
    Prop::ComplianceTagHoldApplied,
    Prop::DelayHoldApplied,
    Prop::DelayReleaseHoldApplied,
    Prop::InPlaceHolds,
    Prop::ProhibitSendReceiveQuota,
    Prop::RecoverableItemsQuota,
    Prop::ArchiveQuota,
    Prop::PersistedCapabilities,
    Prop::SkuAssigned,
    Prop::IsDirSynced,
    Prop::IsInactiveMailbox,
    Prop::IsSoftDeletedByRemove,
    Prop::IsSoftDeletedByDisable,
    Prop::WhenSoftDeleted,
    Prop::GrantSendOnBehalfTo,
    Prop::EmailAddressPolicyEnabled,
    Prop::ImListMigrationCompleted,
    Prop::Database,
    Prop::ArchiveDomain,
    Prop::ArchiveState,
];

pub fn build(file_kind: ExportKind, side: Side, origin: Origin, f: &mut Fields) -> Built {
    let kind = recipient_kind(f.record).unwrap_or(file_kind);
    let source = match kind {
        ExportKind::MailUser => RecipientSource::MailUser,
        ExportKind::RemoteMailbox => RecipientSource::RemoteMailbox,
        _ => RecipientSource::Mailbox,
    };
    let mut r = Recipient::new(origin, side, None, source);
    r.guid = f.guid(Prop::Guid);
    r.exchange_object_id = f.guid(Prop::ExchangeObjectId);
    r.external_directory_object_id = f.guid(Prop::ExternalDirectoryObjectId);
    r.primary_smtp = f.smtp(Prop::PrimarySmtpAddress);
    if r.primary_smtp.is_none() && !f.record.has(Prop::PrimarySmtpAddress) {
        r.primary_smtp = f.smtp(Prop::WindowsEmailAddress);
    }
    r.email_addresses = f.proxies(Prop::EmailAddresses).map(ProxyList::from_iter);
    if r.primary_smtp.is_none() {
        r.primary_smtp = r
            .email_addresses
            .iter()
            .flatten()
            .find(|p| p.primary && p.smtp().is_some())
            .and_then(|p| p.smtp());
    }
    r.external_email_address = f.proxy(Prop::ExternalEmailAddress);
    r.remote_routing_address = f.proxy(Prop::RemoteRoutingAddress).map(Box::new);
    r.recipient_type_details = f.recipient_type(Prop::RecipientTypeDetails);
    if let Some(t) = f.string(Prop::RemoteRecipientType) {
        r.remote_recipient_type = RemoteRecipientType::parse(&t).ok();
    }
    r.exchange_guid = f.guid(Prop::ExchangeGuid);
    r.archive_guid = f.guid(Prop::ArchiveGuid);
    r.disabled_archive_guid = f.guid(Prop::DisabledArchiveGuid);
    r.archive_status = f
        .string(Prop::ArchiveStatus)
        .and_then(|s| ArchiveStatus::parse(&s).ok());
    r.auto_expanding_archive = f.bool(Prop::AutoExpandingArchiveEnabled);
    r.aux_archives = f.locations(Prop::MailboxLocations).map(|locations| {
        let aux = locations
            .iter()
            .filter(|l| l.kind == LocationType::AuxArchive);
        u32::try_from(aux.count()).unwrap_or(u32::MAX)
    });
    r.litigation_hold = f.bool(Prop::LitigationHoldEnabled);
    r.compliance_tag_hold = f.bool(Prop::ComplianceTagHoldApplied);
    r.delay_hold = f.bool(Prop::DelayHoldApplied);
    r.delay_release_hold = f.bool(Prop::DelayReleaseHoldApplied);
    r.in_place_holds = f.holds(Prop::InPlaceHolds).map(Vec::into_boxed_slice);
    r.prohibit_send_receive_quota = f
        .quota(Prop::ProhibitSendReceiveQuota)
        .map(PackedQuota::new);
    r.recoverable_items_quota = f.quota(Prop::RecoverableItemsQuota).map(PackedQuota::new);
    r.archive_quota = f.quota(Prop::ArchiveQuota).map(PackedQuota::new);
    // Export-Csv writes a multi-valued property space-joined, so split on whitespace too.
    r.t2t_capability = f.strings(Prop::PersistedCapabilities).map(|caps| {
        caps.iter()
            .flat_map(|c| c.split_whitespace())
            .any(|c| c.eq_ignore_ascii_case(T2T_MOVE_CAPABILITY))
    });
    r.sku_assigned = f.bool(Prop::SkuAssigned);
    r.is_dir_synced = f.bool(Prop::IsDirSynced);
    r.is_inactive = f.bool(Prop::IsInactiveMailbox);
    let removed = f.bool(Prop::IsSoftDeletedByRemove);
    let disabled = f.bool(Prop::IsSoftDeletedByDisable);
    r.is_soft_deleted = match (removed, disabled) {
        (None, None) => None,
        (a, b) => Some(a == Some(true) || b == Some(true)),
    };
    r.when_soft_deleted = f.timestamp(Prop::WhenSoftDeleted).map(Box::new);
    r.grant_send_on_behalf_to = f
        .strings(Prop::GrantSendOnBehalfTo)
        .map(Vec::into_boxed_slice);
    r.email_address_policy_enabled = f.bool(Prop::EmailAddressPolicyEnabled);
    r.im_list_migration_completed = f.bool(Prop::ImListMigrationCompleted);
    // An exported but empty ArchiveDomain (null) means "no cloud archive", not "unknown"; a
    // value that could not be read stays unknown.
    let exported_empty = match f.record.get(Prop::ArchiveDomain) {
        Some(RawValue::Null) => true,
        Some(RawValue::Text(t)) => t.trim().is_empty(),
        Some(RawValue::List(l)) => l.is_empty(),
        _ => false,
    };
    let archive_domain =
        short_text(f, Prop::ArchiveDomain).or_else(|| exported_empty.then(|| "".into()));
    // The names' own parts go with the texts; the parts their OU / organisation shares, once.
    let dn = f.text(Prop::DistinguishedName);
    let dn = dn.as_deref().map(split_dn);
    let legacy_dn = f.text(Prop::LegacyExchangeDn);
    let legacy_dn = legacy_dn.as_deref().map(split_legacy_dn);
    let dn_own = dn
        .as_ref()
        .map(|d| d.0)
        .filter(|own| within_limit(f, Prop::DistinguishedName, "its first part", own));
    let legacy_own = legacy_dn
        .as_ref()
        .map(|d| d.0)
        .filter(|own| within_limit(f, Prop::LegacyExchangeDn, "its last part", own));
    r.dn_shared = dn_own.and(dn.map(|d| d.1));
    r.legacy_dn_shared = legacy_own.and(legacy_dn.map(|d| d.1));
    r.texts = Texts::new([
        short_text(f, Prop::Identity),
        short_text(f, Prop::Name),
        short_text(f, Prop::Alias),
        short_text(f, Prop::DisplayName),
        short_text(f, Prop::UserPrincipalName),
        short_text(f, Prop::Database),
        archive_domain,
        short_text(f, Prop::ArchiveState),
        dn_own.map(Cow::Borrowed),
        legacy_own.map(Cow::Borrowed),
    ]);
    r.platform = platform(&r);
    Built::Recipient(Box::new(r))
}

/// A name-like text, refused (and reported) past [`MAX_TEXT`] bytes.
fn short_text<'a>(f: &mut Fields<'a>, prop: Prop) -> Option<Cow<'a, str>> {
    f.text(prop)
        .filter(|text| within_limit(f, prop, "the value", text))
}

/// False, with the problem reported, when `text` (`what` of `prop`) is longer than
/// [`MAX_TEXT`]: no Exchange property of these allows that much, so such a value is damage,
/// not a name, and is read as unknown.
fn within_limit(f: &mut Fields, prop: Prop, what: &str, text: &str) -> bool {
    if text.len() <= MAX_TEXT {
        return true;
    }
    f.problem(
        prop,
        format!(
            "{what} is {} bytes long, more than Exchange allows for {}: it is read as unknown",
            text.len(),
            prop.name()
        ),
        Some("check that the export was not damaged, and export the object again".into()),
    );
    false
}

/// Exchange Online objects live under `…,DC=PROD,DC=OUTLOOK,DC=COM` (or another cloud's
/// equivalent); on-premises objects under the organisation's own AD domain.
fn platform(r: &Recipient) -> Option<Platform> {
    if r.source == RecipientSource::RemoteMailbox {
        return Some(Platform::OnPremises);
    }
    if let Some(dn) = r.distinguished_name() {
        let dn = dn.to_string().to_ascii_uppercase();
        if dn.contains(",DC=PROD,DC=OUTLOOK,DC=")
            || dn.contains("OU=MICROSOFT EXCHANGE HOSTED ORGANIZATIONS")
        {
            return Some(Platform::ExchangeOnline);
        }
        if dn.contains("DC=") {
            return Some(Platform::OnPremises);
        }
    }
    if r.external_directory_object_id.is_some_and(|g| !g.is_nil()) {
        return Some(Platform::ExchangeOnline);
    }
    None
}
