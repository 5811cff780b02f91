//! Tenant- and organisation-level objects, and the smaller per-user exports.

use super::Origin;
use crate::values::{Guid, InPlaceHold, ProxyAddress, SmtpAddress};

/// Get-OrganizationRelationship.
#[derive(Clone, Debug)]
pub struct OrgRelationship {
    pub origin: Origin,
    pub name: Option<Box<str>>,
    /// Tenant IDs and/or domain names, as written.
    pub domain_names: Option<Vec<Box<str>>>,
    pub enabled: Option<bool>,
    pub mailbox_move_enabled: Option<bool>,
    /// Flags such as `Inbound`, `RemoteOutbound` (split on commas).
    pub mailbox_move_capability: Option<Vec<Box<str>>>,
    pub mailbox_move_published_scopes: Option<Vec<Box<str>>>,
    pub oauth_application_id: Option<Guid>,
}

impl OrgRelationship {
    /// Tenant IDs (GUIDs) in DomainNames.
    pub fn tenant_ids(&self) -> impl Iterator<Item = Guid> + '_ {
        self.domain_names
            .iter()
            .flatten()
            .filter_map(|d| Guid::parse(d).ok())
    }

    pub fn has_capability(&self, cap: &str) -> Option<bool> {
        self.mailbox_move_capability
            .as_ref()
            .map(|caps| caps.iter().any(|c| c.eq_ignore_ascii_case(cap)))
    }
}

/// Get-AcceptedDomain.
#[derive(Clone, Debug)]
pub struct AcceptedDomain {
    pub origin: Origin,
    pub domain_name: Box<str>,
    pub domain_type: Option<Box<str>>,
    pub initial_domain: Option<bool>,
    pub coexistence_domain: Option<bool>,
    pub match_subdomains: Option<bool>,
}

impl AcceptedDomain {
    /// Whether `domain` is this accepted domain (or a subdomain when MatchSubDomains is on).
    pub fn accepts(&self, domain: &str) -> bool {
        let d = domain.to_lowercase();
        let own = self.domain_name.to_lowercase();
        if let Some(rest) = own.strip_prefix("*.") {
            return d.ends_with(&format!(".{rest}"));
        }
        d == own || (self.match_subdomains == Some(true) && d.ends_with(&format!(".{own}")))
    }
}

/// Get-MigrationEndpoint.
#[derive(Clone, Debug)]
pub struct MigrationEndpoint {
    pub origin: Origin,
    pub identity: Option<Box<str>>,
    pub endpoint_type: Option<Box<str>>,
    pub remote_server: Option<Box<str>>,
    pub remote_tenant: Option<Box<str>>,
    pub application_id: Option<Guid>,
}

/// Get-OrganizationConfig.
#[derive(Clone, Debug)]
pub struct OrgConfig {
    pub origin: Origin,
    pub name: Option<Box<str>>,
    pub is_dehydrated: Option<bool>,
    pub in_place_holds: Option<Vec<InPlaceHold>>,
    /// Organisation-wide auto-expanding archiving (Exchange Online).
    pub auto_expanding_archive: Option<bool>,
}

/// One licence (SKU) assigned to one user, from any licence export.
#[derive(Clone, Debug)]
pub struct LicenceAssignment {
    pub origin: Origin,
    /// UPN, object id or address naming the user.
    pub user: Box<str>,
    pub user_id: Option<Guid>,
    pub sku_id: Option<Guid>,
    pub sku_part_number: Option<Box<str>>,
}

/// Get-DistributionGroupMember of a scope group.
#[derive(Clone, Debug)]
pub struct GroupMember {
    pub origin: Origin,
    pub group: Option<Box<str>>,
    pub primary_smtp: Option<SmtpAddress>,
    pub external_directory_object_id: Option<Guid>,
    pub guid: Option<Guid>,
    pub name: Option<Box<str>>,
}

/// Get-MailboxPermission rows (FullAccess etc.) and GrantSendOnBehalfTo entries.
#[derive(Clone, Debug)]
pub struct MailboxPermission {
    pub origin: Origin,
    /// The mailbox the permission is on.
    pub mailbox: Box<str>,
    /// Who holds it.
    pub user: Box<str>,
    pub access_rights: Vec<Box<str>>,
    pub inherited: bool,
    pub deny: bool,
}

/// Get-MoveRequest.
#[derive(Clone, Debug)]
pub struct MoveRequest {
    pub origin: Origin,
    pub identity: Option<Box<str>>,
    pub exchange_guid: Option<Guid>,
    pub status: Option<Box<str>>,
    pub batch_name: Option<Box<str>>,
    pub display_name: Option<Box<str>>,
}

/// Get-ExchangeServer (on-premises).
#[derive(Clone, Debug)]
pub struct ExchangeServer {
    pub origin: Origin,
    pub name: Option<Box<str>>,
    /// (major, minor) from AdminDisplayVersion `Version 15.2 (Build 1544.4)`.
    pub version: Option<(u32, u32)>,
    /// ServerRole as written, e.g. `Mailbox, ClientAccess` or `Edge` (or the number).
    pub server_role: Option<Box<str>>,
}

impl ExchangeServer {
    /// Whether the server can hold mailbox databases: an Edge Transport server (ServerRole
    /// `Edge`) cannot. `true` when the role was not exported or is a number (the server is
    /// counted rather than ignored).
    pub fn may_host_mailboxes(&self) -> bool {
        self.server_role
            .as_deref()
            .is_none_or(|r| !r.trim().eq_ignore_ascii_case("edge"))
    }
}

/// Get-ADUser (on-premises Active Directory).
#[derive(Clone, Debug)]
pub struct DirectoryUser {
    pub origin: Origin,
    pub object_guid: Option<Guid>,
    pub user_principal_name: Option<Box<str>>,
    pub sam_account_name: Option<Box<str>>,
    pub mailbox_guid: Option<Guid>,
    pub proxy_addresses: Option<Vec<ProxyAddress>>,
    pub inheritance_blocked: Option<bool>,
    pub home_mdb: Option<Box<str>>,
    /// The msExchMailboxMove* attributes that are set (names as AD writes them); `None` when
    /// the export has none of their columns.
    pub move_attributes: Option<Vec<Box<str>>>,
    pub home_mta: Option<Box<str>>,
    /// Whether the export has a homeMDB or homeMTA column at all: a cleared attribute is
    /// written as null / an empty cell, so `None` above means "empty" only when this is true.
    pub home_exported: bool,
}

impl DirectoryUser {
    /// The mailbox attributes still set (`homeMDB`, `homeMTA`), as `(name, value)`; `None`
    /// when the export has neither column.
    pub fn home_attributes(&self) -> Option<Vec<(&'static str, &str)>> {
        if !self.home_exported {
            return None;
        }
        let set = [("homeMDB", &self.home_mdb), ("homeMTA", &self.home_mta)]
            .into_iter()
            .filter_map(|(n, v)| v.as_deref().map(|v| (n, v)))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        Some(set)
    }
}

/// One Get-MailboxFolderStatistics row (e.g. `-FolderScope RecoverableItems -Archive`).
#[derive(Clone, Debug)]
pub struct FolderStat {
    pub origin: Origin,
    /// The mailbox, from a `Mailbox` column or the part of Identity before the first `\`.
    pub mailbox: Option<Box<str>>,
    pub content_mailbox_guid: Option<Guid>,
    pub folder_path: Option<Box<str>>,
    pub items: Option<u64>,
}

impl FolderStat {
    /// True when the folder is the Recoverable Items SubstrateHolds folder.
    pub fn is_substrate_holds(&self) -> bool {
        self.folder_path.as_deref().is_some_and(|p| {
            p.trim()
                .trim_end_matches(['/', '\\'])
                .to_ascii_lowercase()
                .ends_with("substrateholds")
        })
    }
}

/// One entry of a HoldTracking diagnostic log.
#[derive(Clone, Debug)]
pub struct HoldLogEntry {
    /// `hid`: the hold id, e.g. `mbx<guid>`.
    pub hold_id: Option<Box<str>>,
    /// `ht`: the hold type (4: organisation-wide retention policy).
    pub hold_type: Option<i64>,
    /// Whether `ed` (end date) is set, i.e. not `0001-01-01`.
    pub ended: bool,
}

/// Export-MailboxDiagnosticLogs -ComponentName HoldTracking of one mailbox.
#[derive(Clone, Debug)]
pub struct HoldLog {
    pub origin: Origin,
    pub mailbox: Option<Box<str>>,
    pub entries: Vec<HoldLogEntry>,
}
