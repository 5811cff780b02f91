//! Mail-enabled recipients: mailboxes, mail users, remote mailboxes, with the Get-User and
//! Get-MailboxStatistics data joined onto them.

use super::texts::{TextField, Texts};
use super::{Origin, Platform, Side};
use crate::values::{
    ArchiveStatus, DistinguishedName, Guid, InPlaceHold, LegacyDn, PackedQuota, ProxyAddress,
    ProxyList, ProxyRef, RecipientTypeDetails, RemoteRecipientType, SharedPart, SmtpAddress,
    Timestamp,
};
use std::sync::Arc;

/// The PersistedCapabilities entry that stands for the cross-tenant migration add-on.
pub const T2T_MOVE_CAPABILITY: &str = "ExchangeT2TMbxMove";

/// Which cmdlet's export a recipient record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecipientSource {
    /// Get-Mailbox (including -InactiveMailboxOnly / -SoftDeletedMailbox exports).
    Mailbox,
    /// Get-MailUser.
    MailUser,
    /// Get-RemoteMailbox (on-premises).
    RemoteMailbox,
}

/// One mail-enabled directory object, as the exports describe it.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub origin: Origin,
    pub side: Side,
    /// Exchange Online or on-premises, when the record says (DistinguishedName, object ids).
    pub platform: Option<Platform>,
    pub source: RecipientSource,
    /// Identity, Name, Alias, DisplayName, UserPrincipalName, Database, ArchiveDomain and
    /// ArchiveState, read through the accessors of the same names, and the own parts of the
    /// two DNs ([`Recipient::distinguished_name`], [`Recipient::legacy_exchange_dn`]).
    pub texts: Texts,

    /// DistinguishedName's shared part ([`Recipient::distinguished_name`] reads it whole).
    pub dn_shared: Option<SharedPart>,
    pub guid: Option<Guid>,
    pub exchange_object_id: Option<Guid>,
    pub external_directory_object_id: Option<Guid>,
    pub primary_smtp: Option<SmtpAddress>,
    pub email_addresses: Option<ProxyList>,
    /// LegacyExchangeDN's shared part ([`Recipient::legacy_exchange_dn`] reads it whole).
    pub legacy_dn_shared: Option<SharedPart>,
    pub external_email_address: Option<ProxyAddress>,
    /// RemoteRoutingAddress (on-premises remote mailboxes; boxed, as most recipients have none).
    pub remote_routing_address: Option<Box<ProxyAddress>>,

    pub recipient_type_details: Option<RecipientTypeDetails>,
    pub remote_recipient_type: Option<RemoteRecipientType>,
    pub exchange_guid: Option<Guid>,
    pub archive_guid: Option<Guid>,
    pub disabled_archive_guid: Option<Guid>,
    pub archive_status: Option<ArchiveStatus>,
    pub auto_expanding_archive: Option<bool>,
    /// How many AuxArchive entries MailboxLocations lists (the only part of it rules read).
    pub aux_archives: Option<u32>,

    pub litigation_hold: Option<bool>,
    pub compliance_tag_hold: Option<bool>,
    pub delay_hold: Option<bool>,
    pub delay_release_hold: Option<bool>,
    pub in_place_holds: Option<Box<[InPlaceHold]>>,

    /// The quotas, packed ([`PackedQuota::get`] gives the [`crate::values::Quota`]).
    pub prohibit_send_receive_quota: Option<PackedQuota>,
    pub recoverable_items_quota: Option<PackedQuota>,
    pub archive_quota: Option<PackedQuota>,

    /// Whether PersistedCapabilities lists `ExchangeT2TMbxMove` (the only capability rules read).
    pub t2t_capability: Option<bool>,
    pub sku_assigned: Option<bool>,
    pub is_dir_synced: Option<bool>,
    pub is_inactive: Option<bool>,
    pub is_soft_deleted: Option<bool>,
    /// WhenSoftDeleted (boxed: set on soft-deleted mailboxes only).
    pub when_soft_deleted: Option<Box<Timestamp>>,
    pub grant_send_on_behalf_to: Option<Box<[Box<str>]>>,
    pub email_address_policy_enabled: Option<bool>,
    pub im_list_migration_completed: Option<bool>,

    /// Joined from Get-User (boxed, like `archive_stats`: absent on many objects, and the
    /// recipient is held once per object of a whole tenant).
    pub user: Option<Box<UserInfo>>,
    /// Joined from Get-MailboxStatistics (primary mailbox).
    pub stats: Option<Box<MailboxStats>>,
    /// Joined from Get-MailboxStatistics -Archive.
    pub archive_stats: Option<Box<MailboxStats>>,
}

impl Recipient {
    pub fn identity(&self) -> Option<&str> {
        self.texts.get(TextField::Identity)
    }

    pub fn name(&self) -> Option<&str> {
        self.texts.get(TextField::Name)
    }

    pub fn alias(&self) -> Option<&str> {
        self.texts.get(TextField::Alias)
    }

    pub fn display_name(&self) -> Option<&str> {
        self.texts.get(TextField::DisplayName)
    }

    pub fn user_principal_name(&self) -> Option<&str> {
        self.texts.get(TextField::UserPrincipalName)
    }

    /// Database (the mailbox database; on-premises its name tells the Exchange version).
    pub fn database(&self) -> Option<&str> {
        self.texts.get(TextField::Database)
    }

    /// ArchiveDomain (on-premises: set when the archive is in Exchange Online; empty when
    /// exported as null).
    pub fn archive_domain(&self) -> Option<&str> {
        self.texts.get(TextField::ArchiveDomain)
    }

    /// ArchiveState (`Local`, `HostedProvisioned`, `HostedPending`, `OnPremise`, `None`).
    pub fn archive_state(&self) -> Option<&str> {
        self.texts.get(TextField::ArchiveState)
    }

    /// DistinguishedName: its own part is with the texts, the part its OU shares is shared
    /// (`None` unless both are there).
    pub fn distinguished_name(&self) -> Option<DistinguishedName<'_>> {
        let shared: &str = self.dn_shared.as_ref()?;
        let own = self.texts.get(TextField::DistinguishedNameOwn)?;
        Some(DistinguishedName::new(own, shared))
    }

    /// LegacyExchangeDN: its last `/cn=` is with the texts, the path is shared.
    pub fn legacy_exchange_dn(&self) -> Option<LegacyDn<'_>> {
        let shared: &str = self.legacy_dn_shared.as_ref()?;
        let own = self.texts.get(TextField::LegacyExchangeDnOwn)?;
        Some(LegacyDn::new(own, shared))
    }

    /// Sets one text (rebuilds the recipient's texts; for fixtures and the merge).
    pub fn set_text(&mut self, field: TextField, value: Option<&str>) {
        self.texts = self.texts.with(field, value);
    }

    /// An empty record of the given origin; the importer fills in what the export carries.
    pub fn new(
        origin: Origin,
        side: Side,
        platform: Option<Platform>,
        source: RecipientSource,
    ) -> Self {
        Recipient {
            origin,
            side,
            platform,
            source,
            texts: Texts::default(),
            dn_shared: None,
            guid: None,
            exchange_object_id: None,
            external_directory_object_id: None,
            primary_smtp: None,
            email_addresses: None,
            legacy_dn_shared: None,
            external_email_address: None,
            remote_routing_address: None,
            recipient_type_details: None,
            remote_recipient_type: None,
            exchange_guid: None,
            archive_guid: None,
            disabled_archive_guid: None,
            archive_status: None,
            auto_expanding_archive: None,
            aux_archives: None,
            litigation_hold: None,
            compliance_tag_hold: None,
            delay_hold: None,
            delay_release_hold: None,
            in_place_holds: None,
            prohibit_send_receive_quota: None,
            recoverable_items_quota: None,
            archive_quota: None,
            t2t_capability: None,
            sku_assigned: None,
            is_dir_synced: None,
            is_inactive: None,
            is_soft_deleted: None,
            when_soft_deleted: None,
            grant_send_on_behalf_to: None,
            email_address_policy_enabled: None,
            im_list_migration_completed: None,
            user: None,
            stats: None,
            archive_stats: None,
        }
    }

    /// The name reports use for this object: primary SMTP address, else UPN, else identity.
    pub fn display_key(&self) -> String {
        if let Some(p) = &self.primary_smtp {
            return p.as_str().to_string();
        }
        if let Some(u) = self.user_principal_name() {
            return u.to_string();
        }
        if let Some(i) = self.identity() {
            return i.to_string();
        }
        format!("record {}", self.origin.record + 1)
    }

    /// [`Recipient::display_key`] as shared text: the primary SMTP address's own text when
    /// there is one, so the many report entries about an object do not each copy its name.
    pub fn report_name(&self) -> Arc<str> {
        match &self.primary_smtp {
            Some(p) => p.shared(),
            None => Arc::from(self.display_key()),
        }
    }

    /// An id that does not change when a fix is applied: ExternalDirectoryObjectId, else
    /// ExchangeObjectId / Guid.
    pub fn stable_guid(&self) -> Option<Guid> {
        self.external_directory_object_id
            .filter(|g| !g.is_nil())
            .or(self.exchange_object_id.filter(|g| !g.is_nil()))
            .or(self.guid.filter(|g| !g.is_nil()))
    }

    /// [`Recipient::stable_guid`] as text.
    pub fn stable_id(&self) -> Option<String> {
        self.stable_guid().map(|g| g.to_string())
    }

    /// The identity to put in a PowerShell command: primary SMTP, else UPN, else Identity.
    pub fn command_identity(&self) -> String {
        self.display_key()
    }

    /// Every SMTP address the object answers to (primary and proxies).
    pub fn smtp_addresses(&self) -> impl Iterator<Item = SmtpAddress> + '_ {
        self.primary_smtp.iter().cloned().chain(
            self.email_addresses
                .iter()
                .flat_map(ProxyList::iter)
                .filter_map(|p| p.smtp()),
        )
    }

    /// Every SMTP address the object answers to, as text (primary and proxies; the same
    /// addresses as [`Recipient::smtp_addresses`], without allocating).
    pub fn smtp_strs(&self) -> impl Iterator<Item = &str> + '_ {
        self.primary_smtp.iter().map(SmtpAddress::as_str).chain(
            self.email_addresses
                .iter()
                .flat_map(ProxyList::iter)
                .filter_map(ProxyRef::into_smtp_str),
        )
    }

    /// True when the object has this SMTP address (case-insensitive), primary or proxy.
    pub fn has_smtp(&self, address: &SmtpAddress) -> bool {
        let want = crate::values::Caseless(address.as_str());
        self.smtp_strs().any(|a| crate::values::Caseless(a) == want)
    }

    /// The x500 proxies on this object.
    pub fn x500_proxies(&self) -> impl Iterator<Item = ProxyRef<'_>> {
        self.email_addresses
            .iter()
            .flat_map(ProxyList::iter)
            .filter(|p| p.has_prefix(&crate::values::ProxyPrefix::X500))
    }

    /// True when this object carries `x500:<dn>` (case-insensitive).
    pub fn has_x500(&self, dn: &str) -> bool {
        let want = dn.to_lowercase();
        self.x500_proxies()
            .any(|p| p.address().to_lowercase() == want)
    }

    /// Whether an archive exists: ArchiveGuid set (ArchiveStatus alone is unreliable).
    pub fn has_archive(&self) -> Option<bool> {
        self.archive_guid.map(|g| !g.is_nil())
    }

    /// True for an inactive or soft-deleted mailbox (not a live object).
    pub fn is_gone(&self) -> bool {
        self.is_inactive == Some(true) || self.is_soft_deleted == Some(true)
    }

    /// Whether the archive of this (on-premises) mailbox is in Exchange Online: ArchiveDomain
    /// set, or ArchiveState `HostedProvisioned` / `HostedPending`. `None` when neither
    /// property was exported.
    pub fn archive_in_cloud(&self) -> Option<bool> {
        let domain = self.archive_domain().map(|d| !d.trim().is_empty());
        let state = self.archive_state().map(|s| {
            let s = s.trim();
            s.eq_ignore_ascii_case("HostedProvisioned") || s.eq_ignore_ascii_case("HostedPending")
        });
        match (domain, state) {
            (None, None) => None,
            (a, b) => Some(a == Some(true) || b == Some(true)),
        }
    }

    /// Dir-synced objects must be changed on-premises and synced.
    pub fn dir_synced(&self) -> bool {
        self.is_dir_synced == Some(true)
    }
}

/// What Get-User adds to a recipient.
#[derive(Clone, Debug, Default)]
pub struct UserInfo {
    pub origin: Option<Origin>,
    pub previous_recipient_type_details: Option<RecipientTypeDetails>,
    pub recipient_type_details: Option<RecipientTypeDetails>,
    pub is_dir_synced: Option<bool>,
    pub previous_exchange_guid: Option<Guid>,
}

/// What Get-MailboxStatistics adds to a recipient.
#[derive(Clone, Debug, Default)]
pub struct MailboxStats {
    pub origin: Option<Origin>,
    pub total_item_size: Option<crate::values::ByteSize>,
    pub total_deleted_item_size: Option<crate::values::ByteSize>,
    pub item_count: Option<u64>,
}
